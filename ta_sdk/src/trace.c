// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Trace output: format one line, hand it to the OS with the LOG syscall (1).
 */
#include <stdarg.h>
#include <stdio.h>

#include <compiler.h>
#include <trace.h>
#include <utee_syscalls.h>

/* Both exported: the runtime may read the prefix and lower (or raise) the level. */
__swemu_export int trace_level = CFG_TEE_TA_LOG_LEVEL;
__swemu_export const char trace_ext_prefix[] = "TA";

/* A TA runs one entry at a time on one thread: a static buffer saves TA stack. */
static char line_buf[SWEMU_TRACE_BUF_SIZE];

void trace_set_level(int level) {
  if (level < 0)
    level = 0;
  if (level > TRACE_MAX)
    level = TRACE_MAX;
  trace_level = level;
}

int trace_get_level(void) {
  return trace_level;
}

static char level_letter(int level) {
  switch (level) {
  case TRACE_ERROR:
    return 'E';
  case TRACE_INFO:
    return 'I';
  case TRACE_DEBUG:
    return 'D';
  default:
    return 'F';
  }
}

/* Adds the result of one snprintf-like call to `len`, saturating at the buffer end. */
static size_t advance(size_t len, int produced) {
  if (produced < 0)
    return len;
  len += (size_t)produced;
  return len < sizeof(line_buf) - 1 ? len : sizeof(line_buf) - 1;
}

void swemu_trace_vprintf(int level, const char* func, int line, unsigned int flags, const char* fmt,
                         va_list ap) {
  size_t len = 0;

  if (level < TRACE_MIN || level > trace_level)
    return;

  if (!(flags & SWEMU_TRACE_RAW)) {
    len = advance(len, snprintf(line_buf, sizeof(line_buf), "%c/%s: ", level_letter(level),
                                trace_ext_prefix));
    if ((flags & SWEMU_TRACE_LOCATION) && func)
      len = advance(len, snprintf(line_buf + len, sizeof(line_buf) - len, "%s:%d ", func, line));
  }
  len = advance(len, vsnprintf(line_buf + len, sizeof(line_buf) - len, fmt, ap));

  /* One record per line, like OP-TEE's trace output. There is always room for it. */
  if (len == 0 || line_buf[len - 1] != '\n')
    line_buf[len++] = '\n';
  _utee_log(line_buf, len);
}

void swemu_trace_printf(int level, const char* func, int line, unsigned int flags, const char* fmt,
                        ...) {
  va_list ap;

  va_start(ap, fmt);
  swemu_trace_vprintf(level, func, line, flags, fmt, ap);
  va_end(ap);
}
