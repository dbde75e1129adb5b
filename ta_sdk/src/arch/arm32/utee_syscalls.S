/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * AArch32 syscall wrappers (reference/optee-abi.md §5.1), Thumb-2 code.
 *
 * The OS reads the syscall number from r7 and the first four arguments from r0..r3.
 * Arguments 5..8 are already on the caller's stack (AAPCS); the wrapper tells the OS
 * where: r6 = how many (N - 4, or 0 when N <= 4), r5 = their address. r5..r7 are
 * callee-saved under AAPCS, so every wrapper saves them (with lr, 16 bytes: SP stays
 * 8-byte aligned) and the caller's stacked arguments then start at SP + 16. The OS
 * returns the result in r0; it may clobber r1-r3 and r12 (caller-saved under AAPCS) but
 * must give back every other register, SP and the VFP registers d8-d15 unchanged.
 */
#include <tee_syscall_numbers.h>

	.syntax unified
	.arch armv7-a
	.thumb
	/* Unwind rows for debuggers in .debug_frame, as clang does for C; no .eh_frame. */
	.cfi_sections .debug_frame

	/* Most arguments a syscall takes (TEE_SVC_MAX_ARGS). */
	.set UTEE_MAX_ARGS, 8

	.macro UTEE_SYSCALL_BEGIN name
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
	.endm

	.macro UTEE_SYSCALL_END name
	.cfi_endproc
	.fnend
	.size \name, . - \name
	.endm

	/*
	 * Saves r5-r7 and lr, loads the number and the stacked-argument count and pointer.
	 * The CFI rows let a debugger walk out of the trap; for EHABI the wrappers are
	 * .cantunwind like the SDK's C code (no personality routine is linked in).
	 */
	.macro UTEE_SYSCALL_ENTER scn, nargs
	.if (\nargs) > UTEE_MAX_ARGS
	.error "syscall wrapper with more than 8 arguments"
	.endif
	push	{r5, r6, r7, lr}
	.cfi_adjust_cfa_offset 16
	.cfi_rel_offset r5, 0
	.cfi_rel_offset r6, 4
	.cfi_rel_offset r7, 8
	.cfi_rel_offset lr, 12
	.if (\nargs) > 4
	add	r5, sp, #16		/* argument 5 as the caller stored it */
	movs	r6, #((\nargs) - 4)
	.else
	movs	r6, #0
	.endif
	movs	r7, #(\scn)
	.endm

	.macro UTEE_SYSCALL name, scn, nargs
	UTEE_SYSCALL_BEGIN \name
	UTEE_SYSCALL_ENTER \scn, \nargs
	svc	#0
	pop	{r5, r6, r7, pc}	/* result already in r0 */
	UTEE_SYSCALL_END \name
	.endm

	/*
	 * RETURN and PANIC never come back (§5.1). Should an OS resume the TA anyway, the
	 * undefined instruction turns that bug into an immediate, visible fault.
	 */
	.macro UTEE_SYSCALL_NORETURN name, scn, nargs
	UTEE_SYSCALL_BEGIN \name
	UTEE_SYSCALL_ENTER \scn, \nargs
	svc	#0
	udf	#0
	UTEE_SYSCALL_END \name
	.endm

#include "../utee_syscall_table.inc"

	/*
	 * _utee_panic(code): r0 = code, r1 = the caller's SP (before the push) for an
	 * unwinder (§5.1).
	 */
	UTEE_SYSCALL_BEGIN _utee_panic
	mov	r1, sp
	UTEE_SYSCALL_ENTER TEE_SCN_PANIC, 2
	svc	#0
	udf	#0
	UTEE_SYSCALL_END _utee_panic

	.section .note.GNU-stack, "", %progbits
