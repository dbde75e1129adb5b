// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The TA heap behind TEE_Malloc/TEE_Realloc/TEE_Free (GP TEE Internal Core API v1.3.1
 * §4.11): a first-fit allocator over one region, with an address-ordered free list so
 * that freeing merges a block with both neighbours.
 *
 * Every block starts with a 16-byte header and has a size that is a multiple of 16, so
 * payloads are 16-byte aligned. The header's tag is the block address XOR a used/free
 * constant: TEE_Free and TEE_Realloc panic the TA on a pointer that is not a live block
 * (foreign pointer, double free, overwritten header) instead of corrupting the heap.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <tee_api.h>
#include <trace.h>
#include <user_ta_header.h>

#include "sdk_internal.h"

#define HEAP_ALIGN 16u

struct block {
  size_t size;   /* whole block, header included; multiple of HEAP_ALIGN */
  uintptr_t tag; /* address ^ TAG_USED or address ^ TAG_FREE */
} __attribute__((aligned(HEAP_ALIGN)));

_Static_assert(sizeof(struct block) == HEAP_ALIGN, "block header must be one alignment unit");

#define TAG_USED ((uintptr_t)0x5a17c0de)
#define TAG_FREE ((uintptr_t)0xf7eeb10c)

/* A free block stores the link to the next free block in its first payload word. */
#define MIN_BLOCK (2 * sizeof(struct block))

static uintptr_t heap_start;
static uintptr_t heap_end;
static struct block* free_list; /* sorted by address */
static bool heap_ready;

static struct block** next_link(struct block* b) {
  return (struct block**)(void*)(b + 1);
}

static void mark(struct block* b, size_t size, uintptr_t tag) {
  b->size = size;
  b->tag = (uintptr_t)b ^ tag;
}

void swemu_heap_init(void) {
  uintptr_t start = (uintptr_t)ta_heap;
  uintptr_t end = start + ta_heap_size;

  if (heap_ready)
    return;
  heap_ready = true;

  /* swemu extension: the runtime may give a bigger (or separately mapped) region. */
  if (swemu_heap_override.va != 0 && swemu_heap_override.va <= UINTPTR_MAX &&
      swemu_heap_override.size <= UINTPTR_MAX - swemu_heap_override.va) {
    start = (uintptr_t)swemu_heap_override.va;
    end = start + (uintptr_t)swemu_heap_override.size;
  }

  start = (start + HEAP_ALIGN - 1) & ~(uintptr_t)(HEAP_ALIGN - 1);
  end &= ~(uintptr_t)(HEAP_ALIGN - 1);
  if (end <= start || end - start < MIN_BLOCK)
    return; /* no usable heap: every allocation fails */

  heap_start = start;
  heap_end = end;
  free_list = (struct block*)start;
  mark(free_list, end - start, TAG_FREE);
  *next_link(free_list) = NULL;
}

/* Payload size -> block size, or 0 if it cannot be represented. */
static size_t block_size_for(size_t size) {
  size_t need;

  if (size > SIZE_MAX - sizeof(struct block) - (HEAP_ALIGN - 1))
    return 0;
  need = (size + sizeof(struct block) + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
  return need < MIN_BLOCK ? MIN_BLOCK : need;
}

/* The header of a pointer TEE_Malloc returned, or a panic. */
static struct block* checked_block(void* ptr) {
  uintptr_t p = (uintptr_t)ptr;
  struct block* b = (struct block*)ptr - 1;

  if ((p & (HEAP_ALIGN - 1)) || p < heap_start + sizeof(struct block) || p >= heap_end ||
      b->tag != ((uintptr_t)b ^ TAG_USED) || b->size < MIN_BLOCK || (b->size & (HEAP_ALIGN - 1)) ||
      b->size > heap_end - (uintptr_t)b) {
    EMSG("invalid heap pointer %p (double free or corrupted heap?)", ptr);
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  }
  return b;
}

/* Puts `b` on the free list, merged with whichever neighbours are free. */
static void insert_free(struct block* b) {
  struct block* prev = NULL;
  struct block* cur = free_list;

  while (cur && cur < b) {
    prev = cur;
    cur = *next_link(cur);
  }

  /* Merge with the following free block if they touch. */
  if (cur && (uintptr_t)b + b->size == (uintptr_t)cur) {
    mark(b, b->size + cur->size, TAG_FREE);
    cur->tag = 0;
    cur = *next_link(cur);
  } else {
    mark(b, b->size, TAG_FREE);
  }
  *next_link(b) = cur;

  /* Merge with the preceding free block if they touch. */
  if (prev && (uintptr_t)prev + prev->size == (uintptr_t)b) {
    mark(prev, prev->size + b->size, TAG_FREE);
    *next_link(prev) = *next_link(b);
    b->tag = 0;
  } else if (prev) {
    *next_link(prev) = b;
  } else {
    free_list = b;
  }
}

/* Cuts `b` (not on the free list) to `size` bytes and frees the rest if worth it. */
static void trim(struct block* b, size_t size) {
  if (b->size - size >= MIN_BLOCK) {
    struct block* rest = (struct block*)((uintptr_t)b + size);

    rest->size = b->size - size;
    b->size = size;
    insert_free(rest);
  }
}

static void* heap_alloc(size_t size) {
  size_t need = block_size_for(size);
  struct block** link = &free_list;

  swemu_heap_init();
  if (!need)
    return NULL;

  for (struct block* b = free_list; b; link = next_link(b), b = *link) {
    if (b->size < need)
      continue;
    *link = *next_link(b);
    mark(b, b->size, TAG_USED);
    trim(b, need);
    return b + 1;
  }
  return NULL;
}

void* TEE_Malloc(size_t size, uint32_t hint) {
  void* p;

  /* GP 1.3.1: hints outside the defined ones give NULL. */
  if (hint & ~(TEE_MALLOC_NO_FILL | TEE_MALLOC_NO_SHARE))
    return NULL;
  /* Size 0 still gets its own minimal block, so the pointer is unique and non-NULL. */
  p = heap_alloc(size);
  if (p && !(hint & TEE_MALLOC_NO_FILL))
    memset(p, 0, size);
  return p;
}

void TEE_Free(void* buffer) {
  if (!buffer)
    return;
  insert_free(checked_block(buffer));
}

void* TEE_Realloc(void* buffer, size_t newSize) {
  struct block* b;
  size_t need;
  size_t old_payload;
  void* p;

  if (!buffer)
    return TEE_Malloc(newSize, TEE_MALLOC_FILL_ZERO);

  b = checked_block(buffer);
  need = block_size_for(newSize);
  if (!need)
    return NULL;
  old_payload = b->size - sizeof(struct block);

  if (need <= b->size) {
    trim(b, need);
    return buffer;
  }

  /* Grow in place when the block right after this one is free and big enough. */
  {
    uintptr_t after = (uintptr_t)b + b->size;
    struct block** link = &free_list;

    while (*link && (uintptr_t)*link < after)
      link = next_link(*link);
    if (*link && (uintptr_t)*link == after && b->size + (*link)->size >= need) {
      struct block* next = *link;

      *link = *next_link(next);
      b->size += next->size;
      next->tag = 0;
      trim(b, need);
      return buffer;
    }
  }

  p = heap_alloc(newSize);
  if (!p)
    return NULL; /* the original block is untouched */
  memcpy(p, buffer, old_payload);
  insert_free(b);
  return p;
}
