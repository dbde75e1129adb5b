// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * A small vsnprintf for traces: integers, characters, strings and pointers, with the
 * usual flags, width, precision and length modifiers. No floating point, no %n.
 * C11 semantics for the return value: the length the full output would have had.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct out {
  char* buf;
  size_t size; /* room in buf, including the terminating NUL */
  size_t len;  /* characters produced so far, stored or not */
};

static void put(struct out* o, char c) {
  if (o->len + 1 < o->size)
    o->buf[o->len] = c;
  o->len++;
}

static void put_repeat(struct out* o, char c, int count) {
  for (; count > 0; count--)
    put(o, c);
}

enum {
  FLAG_LEFT = 1 << 0,  /* '-' */
  FLAG_ZERO = 1 << 1,  /* '0' */
  FLAG_PLUS = 1 << 2,  /* '+' */
  FLAG_SPACE = 1 << 3, /* ' ' */
  FLAG_ALT = 1 << 4,   /* '#' */
};

struct spec {
  unsigned flags;
  int width;     /* 0 when absent */
  int precision; /* -1 when absent */
};

/*
 * Divides *n by base and returns the remainder. 64-bit division is a library call on
 * 32-bit ARM and there is no libgcc here, so use shift-and-subtract on such targets.
 */
static unsigned divmod(uint64_t* n, unsigned base) {
#if UINTPTR_MAX > 0xFFFFFFFFu
  unsigned rem = (unsigned)(*n % base);
  *n /= base;
  return rem;
#else
  uint64_t quot = 0;
  uint64_t rem = 0;
  for (int bit = 63; bit >= 0; bit--) {
    rem = (rem << 1) | ((*n >> bit) & 1);
    if (rem >= base) {
      rem -= base;
      quot |= (uint64_t)1 << bit;
    }
  }
  *n = quot;
  return (unsigned)rem;
#endif
}

static void format_integer(struct out* o, const struct spec* sp, uint64_t value, bool negative,
                           unsigned base, bool upper, const char* prefix) {
  static const char lower_digits[] = "0123456789abcdef";
  static const char upper_digits[] = "0123456789ABCDEF";
  const char* digits = upper ? upper_digits : lower_digits;
  char tmp[24]; /* 22 octal digits are enough for 64 bits */
  int ndigits = 0;
  char sign = 0;
  int prefix_len = 0;
  int zeros;
  int total;

  while (value) {
    tmp[ndigits++] = digits[divmod(&value, base)];
  }
  /* An explicit zero precision with value 0 prints no digits (C11 7.21.6.1). */
  if (ndigits == 0 && sp->precision != 0)
    tmp[ndigits++] = '0';

  if (negative)
    sign = '-';
  else if (sp->flags & FLAG_PLUS)
    sign = '+';
  else if (sp->flags & FLAG_SPACE)
    sign = ' ';

  if (prefix) {
    while (prefix[prefix_len])
      prefix_len++;
  }

  zeros = sp->precision > ndigits ? sp->precision - ndigits : 0;
  total = (sign ? 1 : 0) + prefix_len + zeros + ndigits;
  /* '0' pads with zeros up to the width, unless '-' or a precision is given. */
  if ((sp->flags & FLAG_ZERO) && !(sp->flags & FLAG_LEFT) && sp->precision < 0 &&
      sp->width > total) {
    zeros += sp->width - total;
    total = sp->width;
  }

  if (!(sp->flags & FLAG_LEFT))
    put_repeat(o, ' ', sp->width - total);
  if (sign)
    put(o, sign);
  for (int i = 0; i < prefix_len; i++)
    put(o, prefix[i]);
  put_repeat(o, '0', zeros);
  while (ndigits)
    put(o, tmp[--ndigits]);
  if (sp->flags & FLAG_LEFT)
    put_repeat(o, ' ', sp->width - total);
}

static void format_string(struct out* o, const struct spec* sp, const char* s) {
  int len = 0;

  if (!s)
    s = "(null)";
  while (s[len] && (sp->precision < 0 || len < sp->precision))
    len++;
  if (!(sp->flags & FLAG_LEFT))
    put_repeat(o, ' ', sp->width - len);
  for (int i = 0; i < len; i++)
    put(o, s[i]);
  if (sp->flags & FLAG_LEFT)
    put_repeat(o, ' ', sp->width - len);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_MAX, LEN_PTRDIFF };

static uint64_t fetch_unsigned(va_list* ap, enum length len) {
  switch (len) {
  case LEN_CHAR:
    return (unsigned char)va_arg(*ap, unsigned int);
  case LEN_SHORT:
    return (unsigned short)va_arg(*ap, unsigned int);
  case LEN_LONG:
    return va_arg(*ap, unsigned long);
  case LEN_LLONG:
    return va_arg(*ap, unsigned long long);
  case LEN_SIZE:
    return va_arg(*ap, size_t);
  case LEN_MAX:
    return va_arg(*ap, uintmax_t);
  case LEN_PTRDIFF:
    return (uint64_t)va_arg(*ap, ptrdiff_t);
  case LEN_INT:
  default:
    return va_arg(*ap, unsigned int);
  }
}

static int64_t fetch_signed(va_list* ap, enum length len) {
  switch (len) {
  case LEN_CHAR:
    return (signed char)va_arg(*ap, int);
  case LEN_SHORT:
    return (short)va_arg(*ap, int);
  case LEN_LONG:
    return va_arg(*ap, long);
  case LEN_LLONG:
    return va_arg(*ap, long long);
  case LEN_SIZE:
    return (int64_t)va_arg(*ap, size_t);
  case LEN_MAX:
    return va_arg(*ap, intmax_t);
  case LEN_PTRDIFF:
    return va_arg(*ap, ptrdiff_t);
  case LEN_INT:
  default:
    return va_arg(*ap, int);
  }
}

int vsnprintf(char* restrict buf, size_t size, const char* restrict fmt, va_list ap_in) {
  struct out o = {buf, size, 0};
  va_list ap;

  va_copy(ap, ap_in);
  while (*fmt) {
    struct spec sp = {0, 0, -1};
    enum length len = LEN_INT;
    const char* start = fmt;

    if (*fmt != '%') {
      put(&o, *fmt++);
      continue;
    }
    fmt++;

    for (;; fmt++) {
      if (*fmt == '-')
        sp.flags |= FLAG_LEFT;
      else if (*fmt == '0')
        sp.flags |= FLAG_ZERO;
      else if (*fmt == '+')
        sp.flags |= FLAG_PLUS;
      else if (*fmt == ' ')
        sp.flags |= FLAG_SPACE;
      else if (*fmt == '#')
        sp.flags |= FLAG_ALT;
      else
        break;
    }

    if (*fmt == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) { /* a negative '*' width means '-' (C11 7.21.6.1) */
        sp.flags |= FLAG_LEFT;
        sp.width = sp.width == INT_MIN ? 0 : -sp.width;
      }
      fmt++;
    } else {
      while (*fmt >= '0' && *fmt <= '9' && sp.width < 100000)
        sp.width = sp.width * 10 + (*fmt++ - '0');
    }

    if (*fmt == '.') {
      fmt++;
      sp.precision = 0;
      if (*fmt == '*') {
        sp.precision = va_arg(ap, int);
        if (sp.precision < 0)
          sp.precision = -1;
        fmt++;
      } else {
        while (*fmt >= '0' && *fmt <= '9' && sp.precision < 100000)
          sp.precision = sp.precision * 10 + (*fmt++ - '0');
      }
    }

    switch (*fmt) {
    case 'h':
      fmt++;
      len = LEN_SHORT;
      if (*fmt == 'h') {
        fmt++;
        len = LEN_CHAR;
      }
      break;
    case 'l':
      fmt++;
      len = LEN_LONG;
      if (*fmt == 'l') {
        fmt++;
        len = LEN_LLONG;
      }
      break;
    case 'z':
      fmt++;
      len = LEN_SIZE;
      break;
    case 'j':
      fmt++;
      len = LEN_MAX;
      break;
    case 't':
      fmt++;
      len = LEN_PTRDIFF;
      break;
    default:
      break;
    }

    switch (*fmt) {
    case 'd':
    case 'i': {
      int64_t v = fetch_signed(&ap, len);
      uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
      format_integer(&o, &sp, mag, v < 0, 10, false, NULL);
      break;
    }
    case 'u':
      sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE); /* signs are for %d and %i only */
      format_integer(&o, &sp, fetch_unsigned(&ap, len), false, 10, false, NULL);
      break;
    case 'x':
    case 'X': {
      uint64_t v = fetch_unsigned(&ap, len);
      bool upper = *fmt == 'X';
      const char* prefix = (sp.flags & FLAG_ALT) && v ? (upper ? "0X" : "0x") : NULL;
      sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE);
      format_integer(&o, &sp, v, false, 16, upper, prefix);
      break;
    }
    case 'o': {
      uint64_t v = fetch_unsigned(&ap, len);
      const char* prefix = NULL;
      sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE);
      /* '#' makes the first digit a 0: a "0" prefix, or a precision one digit longer. */
      if ((sp.flags & FLAG_ALT) && sp.precision < 0) {
        prefix = v ? "0" : NULL;
      } else if (sp.flags & FLAG_ALT) {
        int ndigits = 0;
        for (uint64_t rest = v; rest; rest >>= 3)
          ndigits++;
        if (sp.precision <= ndigits)
          sp.precision = ndigits + 1;
      }
      format_integer(&o, &sp, v, false, 8, false, prefix);
      break;
    }
    case 'p': {
      uintptr_t v = (uintptr_t)va_arg(ap, void*);
      sp.flags &= ~(unsigned)(FLAG_PLUS | FLAG_SPACE);
      format_integer(&o, &sp, v, false, 16, false, "0x");
      break;
    }
    case 'c': {
      char c = (char)va_arg(ap, int);
      if (!(sp.flags & FLAG_LEFT))
        put_repeat(&o, ' ', sp.width - 1);
      put(&o, c);
      if (sp.flags & FLAG_LEFT)
        put_repeat(&o, ' ', sp.width - 1);
      break;
    }
    case 's':
      format_string(&o, &sp, va_arg(ap, const char*));
      break;
    case '%':
      put(&o, '%');
      break;
    default:
      /* Unknown or truncated conversion: print it as written, consume nothing. */
      while (start < fmt)
        put(&o, *start++);
      if (*fmt)
        put(&o, *fmt);
      else
        continue;
      break;
    }
    fmt++;
  }
  va_end(ap);

  if (size)
    buf[o.len < size ? o.len : size - 1] = '\0';
  return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int snprintf(char* restrict buf, size_t size, const char* restrict fmt, ...) {
  va_list ap;
  int ret;

  va_start(ap, fmt);
  ret = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return ret;
}
