/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * __aeabi_uldivmod and __aeabi_ldivmod (ARM RTABI §4.2): dividend in r0:r1, divisor in
 * r2:r3; quotient back in r0:r1 and remainder in r2:r3. AAPCS has no way for a C function
 * to return four registers, so these call the C routines in aeabi_div.c,
 *
 *   uint64_t swemu_aeabi_udivmod64(uint64_t n, uint64_t d, uint64_t *rem);
 *   int64_t  swemu_aeabi_sdivmod64(int64_t n, int64_t d, int64_t *rem);
 *
 * with the remainder in a stack slot, and load it into r2:r3 afterwards. n and d are
 * already where the C routine expects them; its third argument goes on the stack.
 *
 * Frame (SP stays 8-byte aligned): [sp, #0] third argument, [sp, #4] unused,
 * [sp, #8] remainder, [sp, #16] saved r4, [sp, #20] saved lr.
 */
	.syntax unified
	.arch armv7-a
	.thumb
	.cfi_sections .debug_frame

	.macro AEABI_LDIVMOD name, worker
	.section .text.\name, "ax", %progbits
	.globl \name
	.hidden \name
	.type \name, %function
	.balign 4
	.thumb_func
\name:
	.fnstart
	.cantunwind
	.cfi_startproc
	push	{r4, lr}
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset r4, 0
	.cfi_rel_offset lr, 4
	sub	sp, sp, #16
	.cfi_adjust_cfa_offset 16
	add	r4, sp, #8
	str	r4, [sp]
	bl	\worker
	ldrd	r2, r3, [sp, #8]
	add	sp, sp, #16
	.cfi_adjust_cfa_offset -16
	pop	{r4, pc}
	.cfi_endproc
	.fnend
	.size \name, . - \name
	.endm

	AEABI_LDIVMOD __aeabi_uldivmod, swemu_aeabi_udivmod64
	AEABI_LDIVMOD __aeabi_ldivmod, swemu_aeabi_sdivmod64

	.section .note.GNU-stack, "", %progbits
