/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * AArch64 syscall wrappers (reference/optee-abi.md §5.1): the C arguments are already in
 * x0..x7, so a wrapper only loads the number into x8, traps with `svc #0` and returns
 * the OS's result from x0.
 */
#include <tee_syscall_numbers.h>

	.macro UTEE_SYSCALL_BEGIN name
	.section .text.\name, "ax", %progbits
	.globl \name
	.hidden \name
	.type \name, %function
	.balign 4
\name:
	.cfi_startproc
	.endm

	.macro UTEE_SYSCALL_END name
	.cfi_endproc
	.size \name, . - \name
	.endm

	.macro UTEE_SYSCALL name, scn, nargs
	UTEE_SYSCALL_BEGIN \name
	mov	x8, #(\scn)
	svc	#0
	ret
	UTEE_SYSCALL_END \name
	.endm

	/*
	 * RETURN and PANIC never come back (§5.1). Should an OS resume the TA anyway, the
	 * undefined instruction turns that bug into an immediate, visible fault.
	 */
	.macro UTEE_SYSCALL_NORETURN name, scn, nargs
	UTEE_SYSCALL_BEGIN \name
	mov	x8, #(\scn)
	svc	#0
	udf	#0
	UTEE_SYSCALL_END \name
	.endm

#include "../utee_syscall_table.inc"

	/* _utee_panic(code): x0 = code, x1 = caller's SP for an unwinder (§5.1). */
	UTEE_SYSCALL_BEGIN _utee_panic
	mov	x1, sp
	mov	x8, #(TEE_SCN_PANIC)
	svc	#0
	udf	#0
	UTEE_SYSCALL_END _utee_panic

	.section .note.GNU-stack, "", %progbits
