/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * printf-style logging through the LOG syscall (1). Levels as in OP-TEE: 1 error, 2 info,
 * 3 debug, 4 flow. A message is built only if its level is <= CFG_TEE_TA_LOG_LEVEL (fixed
 * at compile time) and <= `trace_level` (exported, so the runtime may lower it).
 *
 * Line format: "<L>/<prefix>: [func:line ]message\n", with L one of E I D F and prefix
 * `trace_ext_prefix` ("TA"). IMSG omits the location; the *_RAW forms print only the
 * message. Lines longer than SWEMU_TRACE_BUF_SIZE - 1 bytes are truncated.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdarg.h>
#include <stdbool.h>

#define TRACE_MIN 1
#define TRACE_ERROR 1
#define TRACE_INFO 2
#define TRACE_DEBUG 3
#define TRACE_FLOW 4
#define TRACE_MAX TRACE_FLOW

#ifndef CFG_TEE_TA_LOG_LEVEL
#define CFG_TEE_TA_LOG_LEVEL TRACE_INFO
#endif

#define SWEMU_TRACE_BUF_SIZE 256

/* Flags for swemu_trace_printf. */
#define SWEMU_TRACE_LOCATION 0x1U /* add "func:line " */
#define SWEMU_TRACE_RAW 0x2U      /* message only: no "L/TA: " and no location */

extern int trace_level;
extern const char trace_ext_prefix[];

void trace_set_level(int level);
int trace_get_level(void);

void swemu_trace_printf(int level, const char* func, int line, unsigned int flags, const char* fmt,
                        ...) __attribute__((format(printf, 5, 6)));
void swemu_trace_vprintf(int level, const char* func, int line, unsigned int flags, const char* fmt,
                         va_list ap) __attribute__((format(printf, 5, 0)));

#define SWEMU_TRACE(level, flags, ...)                                                             \
  do {                                                                                             \
    if ((level) <= CFG_TEE_TA_LOG_LEVEL)                                                           \
      swemu_trace_printf((level), __func__, __LINE__, (flags), __VA_ARGS__);                       \
  } while (0)

#define EMSG(...) SWEMU_TRACE(TRACE_ERROR, SWEMU_TRACE_LOCATION, __VA_ARGS__)
#define IMSG(...) SWEMU_TRACE(TRACE_INFO, 0U, __VA_ARGS__)
#define DMSG(...) SWEMU_TRACE(TRACE_DEBUG, SWEMU_TRACE_LOCATION, __VA_ARGS__)
#define FMSG(...) SWEMU_TRACE(TRACE_FLOW, SWEMU_TRACE_LOCATION, __VA_ARGS__)

#define EMSG_RAW(...) SWEMU_TRACE(TRACE_ERROR, SWEMU_TRACE_RAW, __VA_ARGS__)
#define IMSG_RAW(...) SWEMU_TRACE(TRACE_INFO, SWEMU_TRACE_RAW, __VA_ARGS__)
#define DMSG_RAW(...) SWEMU_TRACE(TRACE_DEBUG, SWEMU_TRACE_RAW, __VA_ARGS__)
#define FMSG_RAW(...) SWEMU_TRACE(TRACE_FLOW, SWEMU_TRACE_RAW, __VA_ARGS__)

#endif /* TRACE_H */
