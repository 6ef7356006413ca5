/* SPDX-License-Identifier: MIT */
/*
 * A freestanding check harness for test programs run on qemu-system-riscv32
 * (virt machine): checks count failures instead of stopping, so one run
 * reports every broken case; output goes to the machine's 16550 UART and the
 * verdict to its sifive_test finisher, which sets QEMU's exit status.
 */
#ifndef TESTS_RV32_HARNESS_H
#define TESTS_RV32_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void rv32_puts(const char *s);
void rv32_put_hex(uint64_t v);
void rv32_put_dec(uint64_t v);

/* Record one check; prints the failing expression with its place. */
bool rv32_check(bool ok, const char *expr, const char *file, int line);
/* Same, for two integers, printing both values on failure. */
bool rv32_check_eq(uint64_t got, uint64_t want, const char *expr, const char *file, int line);
bool rv32_check_mem(const void *got, const void *want, size_t n, const char *expr,
		    const char *file, int line);

#define CHECK(cond) rv32_check((cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(got, want) \
	rv32_check_eq((uint64_t)(got), (uint64_t)(want), #got " == " #want, __FILE__, __LINE__)
#define CHECK_MEM(got, want, n) \
	rv32_check_mem((got), (want), (n), #got " == " #want, __FILE__, __LINE__)

/* Announce a group of checks, so a failure names the case it belongs to. */
void rv32_case(const char *name);

/*
 * Print the summary and the stack high-water mark; returns the exit status
 * main should return (0 only if checks ran and none failed).
 */
int rv32_finish(const char *program);

/* Ends the run: 0 passes, anything else fails with that status. */
_Noreturn void rv32_exit(int status);

/* Own helpers: no libc on this target. */
void rv32_fill(void *dst, uint8_t v, size_t n);
void rv32_copy(void *dst, const void *src, size_t n);

#endif
