/* SPDX-License-Identifier: MIT */
/* The signed images of images.h, as read-only data. The files are found on
 * the assembler's include path (-Wa,-I, the build directory). */
	.macro blob name, file
	.section .rodata.\name, "a"
	.global \name, \name\()_end
	.balign 8
\name:
	.incbin "\file"
\name\()_end:
	.endm

	blob img_rv32_v010, "rv32-v0.1.0.img"
	blob img_rv32_v020, "rv32-v0.2.0.img"
	blob img_rv32_v009, "rv32-v0.0.9.img"
	blob img_host_v020, "host-v0.2.0.img"
	blob img_firmware, "svnic-fw-rv32.img"
	blob img_pubkey, "signing-key.pub"
