/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * __aeabi_read_tp (ARM run-time ABI): the thread pointer, which ta_modules.c keeps in
 * TPIDRURW. Changes no register but r0.
 */
	.syntax unified
	.thumb
	.text
	.global __aeabi_read_tp
	.type __aeabi_read_tp, %function
	.thumb_func
__aeabi_read_tp:
	mrc p15, 0, r0, c13, c0, 2
	bx lr
	.size __aeabi_read_tp, . - __aeabi_read_tp
	.section .note.GNU-stack, "", %progbits
