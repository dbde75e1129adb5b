/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2025, the swemu authors
 *
 * Redistribution and use in source and binary forms, with or without modification, are
 * permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this list of
 *    conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice, this list of
 *    conditions and the following disclaimer in the documentation and/or other materials
 *    provided with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
 * EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
 * COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 * EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 * HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
 * TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 * SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

/*
 * libteec.so.2: the GlobalPlatform TEE Client API (GPD_SPE_007) over the Linux TEE
 * subsystem's character device (linux/tee.h), ABI-compatible with OP-TEE's libteec.so.2.
 * It speaks to /dev/teeN exactly as OP-TEE's libteec does (libteec-contract.md §1-2,
 * optee-abi.md §8.5), so it runs on a Linux OP-TEE system as on swemu's /dev/tee0
 * (`swemu run`, docs/normal-world.md).
 *
 * Every call is one ioctl on the context's descriptor, so one TEEC_Context serves many
 * threads at once; the only shared state is TEEC_Operation.imp.session, guarded by one
 * mutex for TEEC_RequestCancellation. Shared memory follows the device's gen_caps:
 * with TEE_GEN_CAP_REG_MEM client memory is registered in place (TEE_IOC_SHM_REGISTER,
 * a page-aligned shadow where that fails); without it, TEE_IOC_SHM_ALLOC + mmap gives
 * the memory, and registered client buffers are mirrored by such a shadow with copies
 * around each call. Errors carry GP's origins: API for arguments refused here, COMMS
 * when the ioctl itself fails, else what the TEE answered.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/tee.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

#include "tee_client_api.h"
#include "tee_client_api_extensions.h"

#include "swemu/bridge/teec_layout.h"

/*
 * optee_client's dma-buf extension (libteec-contract.md §1): not in the mainline uapi,
 * so not in <linux/tee.h>.
 */
struct teec_shm_register_fd_data {
  int64_t fd;
  uint64_t size;
  uint32_t flags;
  int32_t id;
};
#define TEEC_IOC_SHM_REGISTER_FD                                                                   \
  _IOWR(TEE_IOC_MAGIC, TEE_IOC_BASE + 8, struct teec_shm_register_fd_data)
static_assert(sizeof(struct teec_shm_register_fd_data) == 24, "tee_ioctl_shm_register_fd_data");
static_assert(TEEC_IOC_SHM_REGISTER_FD == 0xc018a408u, "TEE_IOC_SHM_REGISTER_FD");

#define NUM_PARAMS TEEC_CONFIG_PAYLOAD_REF_COUNT
#define MAX_DEVICES 10

/* TEEC_SharedMemory.imp.flags (optee-abi.md §8.4). */
#define SHM_BUFFER_ALLOCED 0x1u        /* the library owns buffer */
#define SHM_SHADOW_BUFFER_ALLOCED 0x2u /* the library malloc'ed shadow_buffer */

/* Guards TEEC_Operation.imp.session, which TEEC_RequestCancellation reads. */
static pthread_mutex_t g_operation_mutex = PTHREAD_MUTEX_INITIALIZER;

static TEEC_Result finish(uint32_t* origin_out, TEEC_Result result, uint32_t origin) {
  if (origin_out != NULL)
    *origin_out = origin;
  return result;
}

/* A failed ioctl, as OP-TEE's libteec reports it (libteec-contract.md §1). */
static TEEC_Result errno_result(int err) {
  switch (err) {
  case ENOMEM:
    return TEEC_ERROR_OUT_OF_MEMORY;
  case EINVAL:
    return TEEC_ERROR_BAD_PARAMETERS;
  default:
    return TEEC_ERROR_GENERIC;
  }
}

static size_t page_size(void) {
  const long size = sysconf(_SC_PAGESIZE);
  return size > 0 ? (size_t)size : 4096;
}

static bool valid_shm_flags(uint32_t flags) {
  return flags != 0 && (flags & ~(uint32_t)(TEEC_MEM_INPUT | TEEC_MEM_OUTPUT)) == 0;
}

/* Puts a struct into the state TEEC_ReleaseSharedMemory treats as "nothing to release". */
static void shm_clear_imp(TEEC_SharedMemory* shm) {
  shm->imp.id = -1;
  shm->imp.alloced_size = 0;
  shm->imp.shadow_buffer = NULL;
  shm->imp.registered_fd = -1;
  shm->imp.flags = 0;
}

/* TEE_IOC_SHM_REGISTER of [addr, addr + size): the new descriptor, or -1 with errno. */
static int shm_register(int dev, void* addr, size_t size, int* id) {
  struct tee_ioctl_shm_register_data data;
  memset(&data, 0, sizeof data);
  data.addr = (uintptr_t)addr;
  data.length = size;
  const int fd = ioctl(dev, TEE_IOC_SHM_REGISTER, &data);
  if (fd >= 0)
    *id = data.id;
  return fd;
}

/*
 * TEE_IOC_SHM_ALLOC + mmap of `size` bytes; the descriptor is closed at once, the mapping
 * keeps the memory (and its id) alive. NULL with errno set on failure.
 */
static void* shm_alloc_mapped(int dev, size_t size, int* id) {
  struct tee_ioctl_shm_alloc_data data;
  memset(&data, 0, sizeof data);
  data.size = size;
  const int fd = ioctl(dev, TEE_IOC_SHM_ALLOC, &data);
  if (fd < 0)
    return NULL;
  void* p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  const int err = errno;
  close(fd);
  if (p == MAP_FAILED) {
    errno = err;
    return NULL;
  }
  *id = data.id;
  return p;
}

/* A page-aligned heap block of at least `size` bytes; NULL if none. */
static void* page_aligned_alloc(size_t size) {
  const size_t page = page_size();
  void* p = NULL;
  if (size > SIZE_MAX - page)
    return NULL;
  if (posix_memalign(&p, page, (size + page - 1) / page * page) != 0)
    return NULL;
  return p;
}

TEEC_Result TEEC_InitializeContext(const char* name, TEEC_Context* context) {
  if (context == NULL)
    return TEEC_ERROR_BAD_PARAMETERS;
  for (int n = 0; n < MAX_DEVICES; ++n) {
    char path[16];
    snprintf(path, sizeof path, "/dev/tee%d", n);
    /* O_RDWR and nothing else, as OP-TEE's libteec opens it. */
    const int fd = open(path, O_RDWR);
    if (fd < 0)
      continue;
    struct tee_ioctl_version_data v;
    memset(&v, 0, sizeof v);
    bool usable = ioctl(fd, TEE_IOC_VERSION, &v) == 0 && (v.gen_caps & TEE_GEN_CAP_GP) != 0;
    /* A name asks for a particular TEE; OP-TEE's is the only one this library knows. */
    if (usable && name != NULL)
      usable = strcmp(name, "optee-tz") == 0 && v.impl_id == TEE_IMPL_ID_OPTEE &&
               (v.impl_caps & TEE_OPTEE_CAP_TZ) != 0;
    if (!usable) {
      close(fd);
      continue;
    }
    context->imp.fd = fd;
    context->imp.reg_mem = (v.gen_caps & TEE_GEN_CAP_REG_MEM) != 0;
    context->imp.memref_null = (v.gen_caps & TEE_GEN_CAP_MEMREF_NULL) != 0;
    return TEEC_SUCCESS;
  }
  context->imp.fd = -1; /* TEEC_FinalizeContext then closes nothing */
  return TEEC_ERROR_ITEM_NOT_FOUND;
}

void TEEC_FinalizeContext(TEEC_Context* context) {
  if (context == NULL || context->imp.fd < 0)
    return;
  /* Closing the device closes the sessions still open on it (the kernel's release). */
  close(context->imp.fd);
  context->imp.fd = -1;
}

/* Memory the caller passes in: registered in place, else mirrored by a shadow. */
static TEEC_Result register_client_memory(TEEC_Context* ctx, TEEC_SharedMemory* shm) {
  const size_t size = shm->size == 0 ? 8 : shm->size;
  int id = -1;
  shm_clear_imp(shm);
  if (ctx->imp.reg_mem) {
    int fd = shm_register(ctx->imp.fd, shm->buffer, size, &id);
    if (fd >= 0) {
      shm->imp.registered_fd = fd;
    } else {
      /* E.g. read-only memory: register a shadow of our own instead. */
      void* shadow = page_aligned_alloc(size);
      if (shadow == NULL)
        return TEEC_ERROR_OUT_OF_MEMORY;
      fd = shm_register(ctx->imp.fd, shadow, size, &id);
      if (fd < 0) {
        const int err = errno;
        free(shadow);
        return err == ENOMEM ? TEEC_ERROR_OUT_OF_MEMORY : TEEC_ERROR_GENERIC;
      }
      shm->imp.shadow_buffer = shadow;
      shm->imp.registered_fd = fd;
      shm->imp.flags = SHM_SHADOW_BUFFER_ALLOCED;
    }
  } else {
    void* shadow = shm_alloc_mapped(ctx->imp.fd, size, &id);
    if (shadow == NULL)
      return errno == ENOMEM ? TEEC_ERROR_OUT_OF_MEMORY : TEEC_ERROR_GENERIC;
    shm->imp.shadow_buffer = shadow;
  }
  shm->imp.id = id;
  shm->imp.alloced_size = size;
  return TEEC_SUCCESS;
}

TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context* context, TEEC_SharedMemory* sharedMem) {
  if (context == NULL || sharedMem == NULL)
    return TEEC_ERROR_BAD_PARAMETERS;
  if (sharedMem->buffer == NULL || !valid_shm_flags(sharedMem->flags)) {
    shm_clear_imp(sharedMem);
    return TEEC_ERROR_BAD_PARAMETERS;
  }
  return register_client_memory(context, sharedMem);
}

TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context* context, TEEC_SharedMemory* sharedMem) {
  if (context == NULL || sharedMem == NULL)
    return TEEC_ERROR_BAD_PARAMETERS;
  shm_clear_imp(sharedMem);
  if (!valid_shm_flags(sharedMem->flags))
    return TEEC_ERROR_BAD_PARAMETERS;
  const size_t size = sharedMem->size == 0 ? 8 : sharedMem->size;
  int id = -1;
  void* buffer = NULL;
  if (context->imp.reg_mem) {
    buffer = page_aligned_alloc(size);
    if (buffer == NULL)
      return TEEC_ERROR_OUT_OF_MEMORY;
    const int fd = shm_register(context->imp.fd, buffer, size, &id);
    if (fd < 0) {
      const int err = errno;
      free(buffer);
      return err == ENOMEM ? TEEC_ERROR_OUT_OF_MEMORY : TEEC_ERROR_GENERIC;
    }
    sharedMem->imp.registered_fd = fd;
  } else {
    buffer = shm_alloc_mapped(context->imp.fd, size, &id);
    if (buffer == NULL)
      return errno == ENOMEM ? TEEC_ERROR_OUT_OF_MEMORY : TEEC_ERROR_GENERIC;
  }
  sharedMem->buffer = buffer;
  sharedMem->imp.id = id;
  sharedMem->imp.alloced_size = size;
  sharedMem->imp.flags = SHM_BUFFER_ALLOCED;
  return TEEC_SUCCESS;
}

TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context* context,
                                                    TEEC_SharedMemory* sharedMem, int fd) {
  if (context == NULL || sharedMem == NULL)
    return TEEC_ERROR_BAD_PARAMETERS;
  shm_clear_imp(sharedMem);
  if (fd < 0)
    return TEEC_ERROR_BAD_PARAMETERS;
  struct teec_shm_register_fd_data data;
  memset(&data, 0, sizeof data);
  data.fd = fd;
  const int shm_fd = ioctl(context->imp.fd, TEEC_IOC_SHM_REGISTER_FD, &data);
  if (shm_fd < 0)
    return errno_result(errno);
  sharedMem->buffer = NULL;
  sharedMem->size = (size_t)data.size;
  sharedMem->imp.id = data.id;
  sharedMem->imp.registered_fd = shm_fd;
  return TEEC_SUCCESS;
}

void TEEC_ReleaseSharedMemory(TEEC_SharedMemory* sharedMemory) {
  if (sharedMemory == NULL || sharedMemory->imp.id == -1)
    return;
  TEEC_SharedMemory* shm = sharedMemory;
  /* The memory goes first, then the descriptor that keeps it registered. */
  if (shm->imp.shadow_buffer != NULL) {
    if (shm->imp.registered_fd >= 0) {
      if ((shm->imp.flags & SHM_SHADOW_BUFFER_ALLOCED) != 0)
        free(shm->imp.shadow_buffer);
    } else {
      munmap(shm->imp.shadow_buffer, shm->imp.alloced_size);
    }
  } else if (shm->buffer != NULL && (shm->imp.flags & SHM_BUFFER_ALLOCED) != 0) {
    if (shm->imp.registered_fd >= 0)
      free(shm->buffer);
    else
      munmap(shm->buffer, shm->imp.alloced_size);
  }
  if (shm->imp.registered_fd >= 0)
    close(shm->imp.registered_fd);
  if ((shm->imp.flags & SHM_BUFFER_ALLOCED) != 0)
    shm->buffer = NULL;
  shm_clear_imp(shm);
}

/* --- Operations ----------------------------------------------------------------------- */

/*
 * One call's parameters: the four tee_ioctl_params, and for each TEMP memref the
 * throw-away shared memory made for it (libteec-contract.md §2.4). `size` keeps the size
 * passed in, for the copies back.
 */
struct marshal {
  TEEC_Context* ctx;
  struct tee_ioctl_param* params;
  TEEC_SharedMemory temp[NUM_PARAMS];
  size_t size[NUM_PARAMS];
};

static void marshal_release(struct marshal* m) {
  for (size_t i = 0; i < NUM_PARAMS; ++i)
    TEEC_ReleaseSharedMemory(&m->temp[i]);
}

/* TEEC_MEMREF_TEMP_* and TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_* share the numbers 5..7. */
static TEEC_Result prepare_temp(struct marshal* m, size_t i, uint32_t type,
                                const TEEC_TempMemoryReference* ref) {
  struct tee_ioctl_param* p = &m->params[i];
  TEEC_SharedMemory* shm = &m->temp[i];
  TEEC_Result res;
  p->attr = type;
  m->size[i] = ref->size;
  if (ref->buffer == NULL) {
    if (ref->size != 0)
      return TEEC_ERROR_BAD_PARAMETERS;
    if (m->ctx->imp.memref_null) {
      p->c = TEE_MEMREF_NULL;
      return TEEC_SUCCESS;
    }
    /* No NULL memrefs on this device: an empty 8-byte buffer stands in. */
    shm->size = 8;
    shm->flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
    res = TEEC_AllocateSharedMemory(m->ctx, shm);
    if (res != TEEC_SUCCESS)
      return res;
    p->c = (uint64_t)shm->imp.id;
    return TEEC_SUCCESS;
  }
  shm->buffer = ref->buffer;
  shm->size = ref->size;
  shm->flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
  res = register_client_memory(m->ctx, shm);
  if (res != TEEC_SUCCESS)
    return res;
  /* With a shadow the bytes go in for every direction, as OP-TEE's libteec does. */
  if (shm->imp.shadow_buffer != NULL)
    memcpy(shm->imp.shadow_buffer, ref->buffer, ref->size);
  p->b = ref->size;
  p->c = (uint64_t)shm->imp.id;
  return TEEC_SUCCESS;
}

/* The parent of a WHOLE or PARTIAL memref, if it names live shared memory. */
static bool valid_parent(const TEEC_SharedMemory* parent) {
  if (parent == NULL || parent->imp.id < 0)
    return false;
  /* A shadow holds alloced_size bytes; a grown size would copy past it. */
  return parent->imp.shadow_buffer == NULL ||
         (parent->buffer != NULL && parent->size <= parent->imp.alloced_size);
}

static TEEC_Result prepare_whole(struct marshal* m, size_t i,
                                 const TEEC_RegisteredMemoryReference* ref) {
  struct tee_ioctl_param* p = &m->params[i];
  const TEEC_SharedMemory* shm = ref->parent;
  if (!valid_parent(shm))
    return TEEC_ERROR_BAD_PARAMETERS;
  switch (shm->flags & (TEEC_MEM_INPUT | TEEC_MEM_OUTPUT)) {
  case TEEC_MEM_INPUT:
    p->attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT;
    break;
  case TEEC_MEM_OUTPUT:
    p->attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT;
    break;
  case TEEC_MEM_INPUT | TEEC_MEM_OUTPUT:
    p->attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
    break;
  default:
    return TEEC_ERROR_BAD_PARAMETERS;
  }
  if (shm->imp.shadow_buffer != NULL && (shm->flags & TEEC_MEM_INPUT) != 0)
    memcpy(shm->imp.shadow_buffer, shm->buffer, shm->size);
  m->size[i] = shm->size;
  p->a = 0;
  p->b = shm->size;
  p->c = (uint64_t)shm->imp.id;
  return TEEC_SUCCESS;
}

static TEEC_Result prepare_partial(struct marshal* m, size_t i, uint32_t type,
                                   const TEEC_RegisteredMemoryReference* ref) {
  struct tee_ioctl_param* p = &m->params[i];
  const TEEC_SharedMemory* shm = ref->parent;
  if (!valid_parent(shm))
    return TEEC_ERROR_BAD_PARAMETERS;
  /* The parent's flags must allow the direction (GP TEE Client API §4.3.6). */
  uint32_t need = 0;
  if (type != TEEC_MEMREF_PARTIAL_OUTPUT)
    need |= TEEC_MEM_INPUT;
  if (type != TEEC_MEMREF_PARTIAL_INPUT)
    need |= TEEC_MEM_OUTPUT;
  if ((shm->flags & need) != need)
    return TEEC_ERROR_BAD_PARAMETERS;
  if (ref->offset > shm->size || ref->size > shm->size - ref->offset)
    return TEEC_ERROR_BAD_PARAMETERS;
  if (shm->imp.shadow_buffer != NULL && type != TEEC_MEMREF_PARTIAL_OUTPUT)
    memcpy((uint8_t*)shm->imp.shadow_buffer + ref->offset,
           (const uint8_t*)shm->buffer + ref->offset, ref->size);
  m->size[i] = ref->size;
  /* PARTIAL_INPUT/OUTPUT/INOUT (0xD..0xF) become MEMREF_INPUT/OUTPUT/INOUT (5..7). */
  p->attr = type - (TEEC_MEMREF_PARTIAL_INPUT - TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT);
  p->a = ref->offset;
  p->b = ref->size;
  p->c = (uint64_t)shm->imp.id;
  return TEEC_SUCCESS;
}

static TEEC_Result prepare_one(struct marshal* m, size_t i, TEEC_Operation* op) {
  const uint32_t type = TEEC_PARAM_TYPE_GET(op->paramTypes, i);
  TEEC_Parameter* in = &op->params[i];
  struct tee_ioctl_param* p = &m->params[i];
  switch (type) {
  case TEEC_NONE:
    return TEEC_SUCCESS;
  case TEEC_VALUE_INPUT:
  case TEEC_VALUE_OUTPUT:
  case TEEC_VALUE_INOUT:
    p->attr = type;
    p->a = in->value.a;
    p->b = in->value.b;
    return TEEC_SUCCESS;
  case TEEC_MEMREF_TEMP_INPUT:
  case TEEC_MEMREF_TEMP_OUTPUT:
  case TEEC_MEMREF_TEMP_INOUT:
    return prepare_temp(m, i, type, &in->tmpref);
  case TEEC_MEMREF_WHOLE:
    return prepare_whole(m, i, &in->memref);
  case TEEC_MEMREF_PARTIAL_INPUT:
  case TEEC_MEMREF_PARTIAL_OUTPUT:
  case TEEC_MEMREF_PARTIAL_INOUT:
    return prepare_partial(m, i, type, &in->memref);
  default:
    return TEEC_ERROR_BAD_PARAMETERS;
  }
}

/* Fills m->params from op (all NONE without one); on failure nothing is left allocated. */
static TEEC_Result marshal_prepare(struct marshal* m, TEEC_Operation* op) {
  for (size_t i = 0; i < NUM_PARAMS; ++i)
    shm_clear_imp(&m->temp[i]);
  if (op == NULL)
    return TEEC_SUCCESS;
  for (size_t i = 0; i < NUM_PARAMS; ++i) {
    const TEEC_Result res = prepare_one(m, i, op);
    if (res != TEEC_SUCCESS) {
      marshal_release(m);
      return res;
    }
  }
  return TEEC_SUCCESS;
}

/*
 * The TEE's answer back into op: values, returned sizes (also the size needed after
 * TEEC_ERROR_SHORT_BUFFER) and, from shadows, the bytes that fit what was passed.
 */
static void marshal_complete(struct marshal* m, TEEC_Operation* op) {
  if (op == NULL)
    return;
  for (size_t i = 0; i < NUM_PARAMS; ++i) {
    const uint32_t type = TEEC_PARAM_TYPE_GET(op->paramTypes, i);
    TEEC_Parameter* out = &op->params[i];
    const struct tee_ioctl_param* p = &m->params[i];
    const size_t returned = (size_t)p->b;
    TEEC_SharedMemory* parent = out->memref.parent;
    switch (type) {
    case TEEC_VALUE_OUTPUT:
    case TEEC_VALUE_INOUT:
      out->value.a = (uint32_t)p->a;
      out->value.b = (uint32_t)p->b;
      break;
    case TEEC_MEMREF_TEMP_OUTPUT:
    case TEEC_MEMREF_TEMP_INOUT:
      if (out->tmpref.buffer != NULL && m->temp[i].imp.shadow_buffer != NULL)
        memcpy(out->tmpref.buffer, m->temp[i].imp.shadow_buffer,
               returned < m->size[i] ? returned : m->size[i]);
      out->tmpref.size = returned;
      break;
    case TEEC_MEMREF_WHOLE:
      if ((parent->flags & TEEC_MEM_OUTPUT) != 0) {
        if (parent->imp.shadow_buffer != NULL && returned <= m->size[i])
          memcpy(parent->buffer, parent->imp.shadow_buffer, returned);
        out->memref.size = returned;
      }
      break;
    case TEEC_MEMREF_PARTIAL_OUTPUT:
    case TEEC_MEMREF_PARTIAL_INOUT:
      if (parent->imp.shadow_buffer != NULL && returned <= m->size[i])
        memcpy((uint8_t*)parent->buffer + out->memref.offset,
               (const uint8_t*)parent->imp.shadow_buffer + out->memref.offset, returned);
      out->memref.size = returned;
      break;
    default:
      break;
    }
  }
}

/* GP TEEC_UUID fields to RFC 4122 octets: the three integers big-endian, then the bytes. */
static void uuid_to_octets(uint8_t out[TEE_IOCTL_UUID_LEN], const TEEC_UUID* uuid) {
  out[0] = (uint8_t)(uuid->timeLow >> 24);
  out[1] = (uint8_t)(uuid->timeLow >> 16);
  out[2] = (uint8_t)(uuid->timeLow >> 8);
  out[3] = (uint8_t)uuid->timeLow;
  out[4] = (uint8_t)(uuid->timeMid >> 8);
  out[5] = (uint8_t)uuid->timeMid;
  out[6] = (uint8_t)(uuid->timeHiAndVersion >> 8);
  out[7] = (uint8_t)uuid->timeHiAndVersion;
  memcpy(out + 8, uuid->clockSeqAndNode, sizeof uuid->clockSeqAndNode);
}

/* The ioctl buffers: the arg struct, then always four params (libteec-contract.md §2). */
union open_session_buf {
  struct tee_ioctl_open_session_arg arg;
  uint8_t bytes[sizeof(struct tee_ioctl_open_session_arg) +
                NUM_PARAMS * sizeof(struct tee_ioctl_param)];
  uint64_t align;
};
union invoke_buf {
  struct tee_ioctl_invoke_arg arg;
  uint8_t bytes[sizeof(struct tee_ioctl_invoke_arg) + NUM_PARAMS * sizeof(struct tee_ioctl_param)];
  uint64_t align;
};
static_assert(sizeof(union open_session_buf) == 184, "OPEN_SESSION buffer");
static_assert(sizeof(union invoke_buf) == 152, "INVOKE buffer");

TEEC_Result TEEC_OpenSession(TEEC_Context* context, TEEC_Session* session,
                             const TEEC_UUID* destination, uint32_t connectionMethod,
                             const void* connectionData, TEEC_Operation* operation,
                             uint32_t* returnOrigin) {
  if (context == NULL || session == NULL || destination == NULL)
    return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);

  union open_session_buf buf;
  memset(&buf, 0, sizeof buf);
  struct tee_ioctl_open_session_arg* arg = &buf.arg;
  uuid_to_octets(arg->uuid, destination);
  arg->clnt_login = connectionMethod;
  if (connectionMethod == TEEC_LOGIN_GROUP || connectionMethod == TEEC_LOGIN_GROUP_APPLICATION) {
    /* The group to log in as, a gid_t at connectionData; the kernel checks membership. */
    if (connectionData == NULL)
      return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
    memcpy(arg->clnt_uuid, connectionData, sizeof(gid_t));
  }
  arg->num_params = NUM_PARAMS;

  if (operation != NULL) {
    /* No session to cancel yet: a cancellation request meanwhile does nothing. */
    pthread_mutex_lock(&g_operation_mutex);
    operation->imp.session = NULL;
    pthread_mutex_unlock(&g_operation_mutex);
  }
  struct marshal m = {.ctx = context, .params = (struct tee_ioctl_param*)(arg + 1)};
  TEEC_Result res = marshal_prepare(&m, operation);
  if (res != TEEC_SUCCESS)
    return finish(returnOrigin, res, TEEC_ORIGIN_API);

  struct tee_ioctl_buf_data data = {.buf_ptr = (uintptr_t)&buf, .buf_len = sizeof buf};
  uint32_t origin = TEEC_ORIGIN_COMMS;
  if (ioctl(context->imp.fd, TEE_IOC_OPEN_SESSION, &data) != 0) {
    res = errno_result(errno);
  } else {
    res = arg->ret;
    origin = arg->ret_origin;
    if (res == TEEC_SUCCESS) {
      session->imp.ctx = context;
      session->imp.session_id = arg->session;
    }
    marshal_complete(&m, operation);
  }
  marshal_release(&m);
  return finish(returnOrigin, res, origin);
}

void TEEC_CloseSession(TEEC_Session* session) {
  if (session == NULL || session->imp.ctx == NULL)
    return;
  struct tee_ioctl_close_session_arg arg = {.session = session->imp.session_id};
  /* Nothing to report: GP's CloseSession returns nothing. */
  (void)ioctl(session->imp.ctx->imp.fd, TEE_IOC_CLOSE_SESSION, &arg);
  session->imp.ctx = NULL; /* a second close is a no-op */
}

TEEC_Result TEEC_InvokeCommand(TEEC_Session* session, uint32_t commandID, TEEC_Operation* operation,
                               uint32_t* returnOrigin) {
  if (session == NULL || session->imp.ctx == NULL)
    return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  TEEC_Context* context = session->imp.ctx;

  union invoke_buf buf;
  memset(&buf, 0, sizeof buf);
  struct tee_ioctl_invoke_arg* arg = &buf.arg;
  arg->func = commandID;
  arg->session = session->imp.session_id;
  arg->num_params = NUM_PARAMS;

  if (operation != NULL) {
    /* Lets TEEC_RequestCancellation find the session while the command runs. */
    pthread_mutex_lock(&g_operation_mutex);
    operation->imp.session = session;
    pthread_mutex_unlock(&g_operation_mutex);
  }
  struct marshal m = {.ctx = context, .params = (struct tee_ioctl_param*)(arg + 1)};
  TEEC_Result res = marshal_prepare(&m, operation);
  uint32_t origin = TEEC_ORIGIN_API;
  if (res == TEEC_SUCCESS) {
    struct tee_ioctl_buf_data data = {.buf_ptr = (uintptr_t)&buf, .buf_len = sizeof buf};
    if (ioctl(context->imp.fd, TEE_IOC_INVOKE, &data) != 0) {
      res = errno_result(errno);
      origin = TEEC_ORIGIN_COMMS;
    } else {
      res = arg->ret;
      origin = arg->ret_origin;
      marshal_complete(&m, operation);
    }
    marshal_release(&m);
  }
  if (operation != NULL) {
    /* Done: a late cancellation request must not reach a later command or a freed session. */
    pthread_mutex_lock(&g_operation_mutex);
    operation->imp.session = NULL;
    pthread_mutex_unlock(&g_operation_mutex);
  }
  return finish(returnOrigin, res, origin);
}

void TEEC_RequestCancellation(TEEC_Operation* operation) {
  if (operation == NULL)
    return;
  struct tee_ioctl_cancel_arg arg = {.cancel_id = 0};
  int fd = -1;
  pthread_mutex_lock(&g_operation_mutex);
  const TEEC_Session* session = operation->imp.session;
  if (session != NULL && session->imp.ctx != NULL) {
    fd = session->imp.ctx->imp.fd;
    arg.session = session->imp.session_id;
  }
  pthread_mutex_unlock(&g_operation_mutex);
  /* OP-TEE cancels by session; cancel_id stays 0 (libteec-contract.md §2). */
  if (fd >= 0)
    (void)ioctl(fd, TEE_IOC_CANCEL, &arg);
}
