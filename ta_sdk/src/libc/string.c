// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Freestanding string functions. The SDK is built with -ffreestanding (so -fno-builtin):
 * the compiler does not turn these loops back into calls to themselves, but it may call
 * memcpy/memset for struct copies and large initialisers, so these must exist.
 * TAs are built with -mstrict-align, hence word accesses only on aligned addresses.
 */
#include <stdint.h>
#include <string.h>

/* may_alias: these words overlay whatever type the caller's buffer really holds. */
typedef uintptr_t __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)
#define WORD_MASK (WORD_SIZE - 1)

/* No `restrict` here: memmove relies on this for overlapping copies with dest < src. */
static void copy_forward(unsigned char* d, const unsigned char* s, size_t n) {
  if ((((uintptr_t)d | (uintptr_t)s) & WORD_MASK) == 0) {
    for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
      *(word_t*)(void*)d = *(const word_t*)(const void*)s;
  }
  while (n--)
    *d++ = *s++;
}

static void copy_backward(unsigned char* d, const unsigned char* s, size_t n) {
  d += n;
  s += n;
  if ((((uintptr_t)d | (uintptr_t)s) & WORD_MASK) == 0) {
    for (; n >= WORD_SIZE; n -= WORD_SIZE) {
      d -= WORD_SIZE;
      s -= WORD_SIZE;
      *(word_t*)(void*)d = *(const word_t*)(const void*)s;
    }
  }
  while (n--)
    *--d = *--s;
}

void* memcpy(void* restrict dest, const void* restrict src, size_t n) {
  copy_forward(dest, src, n);
  return dest;
}

void* memmove(void* dest, const void* src, size_t n) {
  if (dest == src || n == 0)
    return dest;
  /* Forwards is safe unless dest starts inside [src, src + n). */
  if ((uintptr_t)dest - (uintptr_t)src >= n)
    copy_forward(dest, src, n);
  else
    copy_backward(dest, src, n);
  return dest;
}

void* memset(void* dest, int c, size_t n) {
  unsigned char* d = dest;
  unsigned char byte = (unsigned char)c;

  while (n && ((uintptr_t)d & WORD_MASK)) {
    *d++ = byte;
    n--;
  }
  if (n >= WORD_SIZE) {
    word_t pattern = (word_t)-1 / 0xFF * byte; /* the byte repeated in every lane */
    for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE)
      *(word_t*)(void*)d = pattern;
  }
  while (n--)
    *d++ = byte;
  return dest;
}

int memcmp(const void* a, const void* b, size_t n) {
  const unsigned char* p = a;
  const unsigned char* q = b;

  for (; n; n--, p++, q++) {
    if (*p != *q)
      return (int)*p - (int)*q;
  }
  return 0;
}

void* memchr(const void* s, int c, size_t n) {
  const unsigned char* p = s;

  for (; n; n--, p++) {
    if (*p == (unsigned char)c)
      return (void*)(uintptr_t)p;
  }
  return NULL;
}

size_t strlen(const char* s) {
  const char* p = s;

  while (*p)
    p++;
  return (size_t)(p - s);
}

size_t strnlen(const char* s, size_t maxlen) {
  size_t n = 0;

  while (n < maxlen && s[n])
    n++;
  return n;
}

int strcmp(const char* a, const char* b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

int strncmp(const char* a, const char* b, size_t n) {
  for (; n; n--, a++, b++) {
    if (*a != *b || !*a)
      return (int)(unsigned char)*a - (int)(unsigned char)*b;
  }
  return 0;
}

char* strchr(const char* s, int c) {
  for (;; s++) {
    if (*s == (char)c)
      return (char*)(uintptr_t)s;
    if (!*s)
      return NULL;
  }
}

char* strrchr(const char* s, int c) {
  const char* last = NULL;

  for (;; s++) {
    if (*s == (char)c)
      last = s;
    if (!*s)
      return (char*)(uintptr_t)last;
  }
}

size_t strlcpy(char* restrict dest, const char* restrict src, size_t size) {
  size_t len = strlen(src);

  if (size) {
    size_t n = len < size - 1 ? len : size - 1;
    memcpy(dest, src, n);
    dest[n] = '\0';
  }
  return len;
}
