/* SPDX-License-Identifier: MIT */
/*
 * Reset entry of a test program on QEMU's virt machine: trap vector, stack,
 * zeroed .bss, a painted stack (so rv32_finish can report the deepest use),
 * then main; its return value becomes the run's verdict.
 */
	.section .text.init, "ax"
	.global _start
_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	/* Any exception (misaligned access, illegal instruction, a bad
	 * pointer) must end the run as a failure, not spin or reboot. */
	la	t0, rv32_trap_entry
	csrw	mtvec, t0
	la	sp, __stack_top
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b
2:	la	t0, __stack_bottom
	li	t2, 0x5a5aa5a5
3:	bgeu	t0, sp, 4f
	sw	t2, 0(t0)
	addi	t0, t0, 4
	j	3b
4:	call	main
	call	rv32_exit
5:	wfi
	j	5b

	/* Traps arrive here; mtvec needs 4-byte alignment (direct mode). */
	.balign 4
	.global rv32_trap_entry
rv32_trap_entry:
	la	sp, __stack_top
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	rv32_trap
6:	j	6b
