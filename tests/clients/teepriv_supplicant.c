/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A stand-in for tee-supplicant, on raw ioctls only, behaving as libteec-contract.md §3
 * and optee-abi.md §7 describe it: open /dev/teepriv0, TEE_IOC_VERSION (impl_id must be
 * OP-TEE), then loop on TEE_IOC_SUPPL_RECV with five params and a META one, serving
 *   LOAD_TA   <dir>/<uuid>.ta; for an shm id it does not know only the size (size query)
 *   SHM_ALLOC TEE_IOC_SHM_ALLOC + mmap keeping the fd, or with --reg-mem posix_memalign +
 *             TEE_IOC_SHM_REGISTER keeping the fd; the id back in p0.c
 *   SHM_FREE  close and munmap (or free)
 * and NOT_SUPPORTED for anything else, answering with TEE_IOC_SUPPL_SEND (num_params as
 * received, the meta param included). A RECV or SEND failure ends the loop.
 *
 * Each exchange is appended to the --log file (default stderr), one line each.
 * With --open UUID the loop runs on a thread and the main thread opens (and closes) a
 * session of that TA through /dev/tee0, then closes /dev/teepriv0 and exits 0 if the open
 * succeeded: a client and its supplicant in one process.
 *
 * Usage: teepriv_supplicant [--reg-mem] [--log FILE] [--open UUID] TA_DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/tee.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tee0_buffers.h"

#define RPC_NUM_PARAMS 5
#define MAX_SHMS 64
#define RPC_LOAD_TA 0
#define RPC_SHM_ALLOC 6
#define RPC_SHM_FREE 7
#define TEEC_SUCCESS 0x00000000u
#define TEEC_ERROR_BAD_PARAMETERS 0xFFFF0006u
#define TEEC_ERROR_ITEM_NOT_FOUND 0xFFFF0008u
#define TEEC_ERROR_NOT_SUPPORTED 0xFFFF000Au
#define TEEC_ERROR_OUT_OF_MEMORY 0xFFFF000Cu
#define TEEC_ERROR_SHORT_BUFFER 0xFFFF0010u

struct shm {
  int used;
  int32_t id;
  int fd;
  uint8_t* p;
  size_t size;
  int registered;
};

union supp_buf {
  struct {
    uint32_t func_or_ret; /* tee_iocl_supp_recv_arg.func, tee_iocl_supp_send_arg.ret */
    uint32_t num_params;
    struct tee_ioctl_param params[RPC_NUM_PARAMS];
  } s;
  uint64_t align;
};

static int g_priv = -1;
static int g_reg_mem;
static const char* g_dir;
static FILE* g_log;
static struct shm g_shms[MAX_SHMS];

static void log_line(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(g_log, fmt, ap);
  va_end(ap);
  fputc('\n', g_log);
  fflush(g_log);
}

static struct shm* find_shm(uint64_t id) {
  for (int i = 0; i < MAX_SHMS; ++i)
    if (g_shms[i].used && (uint64_t)g_shms[i].id == id)
      return &g_shms[i];
  return NULL;
}

static void uuid_text(const struct tee_ioctl_param* p, char out[37]) {
  uint8_t o[16];
  memcpy(o, &p->a, 8);
  memcpy(o + 8, &p->b, 8);
  snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", o[0],
           o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10], o[11], o[12], o[13], o[14],
           o[15]);
}

static uint32_t load_ta(struct tee_ioctl_param* p, uint32_t n) {
  if (n != 2)
    return TEEC_ERROR_BAD_PARAMETERS;
  char uuid[37];
  uuid_text(&p[0], uuid);
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.ta", g_dir, uuid);
  const uint64_t room = p[1].b;
  const int64_t id = (int64_t)p[1].c;
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    log_line("LOAD_TA %s b=%" PRIu64 " c=%" PRId64 " -> not found", uuid, room, id);
    return TEEC_ERROR_ITEM_NOT_FOUND;
  }
  fseek(f, 0, SEEK_END);
  const long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint32_t ret = TEEC_SUCCESS;
  struct shm* shm = find_shm(p[1].c);
  if (shm != NULL) {
    /* Not a size query: the file goes into the shm. */
    if (p[1].a > shm->size || room > shm->size - p[1].a) {
      fclose(f);
      return TEEC_ERROR_BAD_PARAMETERS;
    }
    if (room < (uint64_t)size)
      ret = TEEC_ERROR_SHORT_BUFFER;
    else if (fread(shm->p + p[1].a, 1, (size_t)size, f) != (size_t)size)
      ret = TEEC_ERROR_BAD_PARAMETERS;
  }
  fclose(f);
  p[1].b = (uint64_t)size;
  log_line("LOAD_TA %s b=%" PRIu64 " c=%" PRId64 " -> 0x%x b=%ld", uuid, room, id, ret, size);
  return ret;
}

static uint32_t shm_alloc(struct tee_ioctl_param* p, uint32_t n) {
  if (n != 1)
    return TEEC_ERROR_BAD_PARAMETERS;
  struct shm* slot = NULL;
  for (int i = 0; i < MAX_SHMS && slot == NULL; ++i)
    if (!g_shms[i].used)
      slot = &g_shms[i];
  if (slot == NULL)
    return TEEC_ERROR_OUT_OF_MEMORY;
  const size_t size = (size_t)p[0].b;
  if (g_reg_mem) {
    void* mem = NULL;
    if (posix_memalign(&mem, (size_t)sysconf(_SC_PAGESIZE), size) != 0)
      return TEEC_ERROR_OUT_OF_MEMORY;
    struct tee_ioctl_shm_register_data d = {.addr = (uint64_t)(uintptr_t)mem, .length = size};
    const int fd = ioctl(g_priv, TEE_IOC_SHM_REGISTER, &d);
    if (fd < 0) {
      free(mem);
      return TEEC_ERROR_OUT_OF_MEMORY;
    }
    *slot = (struct shm){1, d.id, fd, mem, size, 1};
  } else {
    struct tee_ioctl_shm_alloc_data d = {.size = size};
    const int fd = ioctl(g_priv, TEE_IOC_SHM_ALLOC, &d);
    if (fd < 0)
      return TEEC_ERROR_OUT_OF_MEMORY;
    void* mem = mmap(NULL, (size_t)d.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (mem == MAP_FAILED) {
      close(fd);
      return TEEC_ERROR_OUT_OF_MEMORY;
    }
    *slot = (struct shm){1, d.id, fd, mem, (size_t)d.size, 0};
  }
  p[0].c = (uint64_t)slot->id;
  log_line("SHM_ALLOC attr=%#" PRIx64 " a=%" PRIu64 " b=%" PRIu64 " -> c=%d", (uint64_t)p[0].attr,
           (uint64_t)p[0].a, (uint64_t)p[0].b, slot->id);
  return TEEC_SUCCESS;
}

static uint32_t shm_free(struct tee_ioctl_param* p, uint32_t n) {
  if (n != 1)
    return TEEC_ERROR_BAD_PARAMETERS;
  log_line("SHM_FREE attr=%#" PRIx64 " b=%" PRIu64, (uint64_t)p[0].attr, (uint64_t)p[0].b);
  struct shm* shm = find_shm(p[0].b);
  if (shm == NULL)
    return TEEC_ERROR_BAD_PARAMETERS;
  close(shm->fd);
  if (shm->registered)
    free(shm->p);
  else
    munmap(shm->p, shm->size);
  shm->used = 0;
  return TEEC_SUCCESS;
}

static void* serve(void* unused) {
  (void)unused;
  for (;;) {
    union supp_buf b;
    memset(&b, 0, sizeof b);
    b.s.num_params = RPC_NUM_PARAMS;
    b.s.params[0].attr = TEE_IOCTL_PARAM_ATTR_META;
    struct tee_ioctl_buf_data buf = {.buf_ptr = (uint64_t)(uintptr_t)&b, .buf_len = sizeof b.s};
    if (ioctl(g_priv, TEE_IOC_SUPPL_RECV, &buf) != 0) {
      log_line("SUPPL_RECV: %s", strerror(errno));
      return NULL;
    }
    uint32_t nm = 0;
    while (nm < b.s.num_params && (b.s.params[nm].attr & TEE_IOCTL_PARAM_ATTR_META) != 0)
      ++nm;
    struct tee_ioctl_param* p = b.s.params + nm;
    const uint32_t n = b.s.num_params - nm;
    uint32_t ret = TEEC_ERROR_NOT_SUPPORTED;
    switch (b.s.func_or_ret) {
    case RPC_LOAD_TA:
      ret = load_ta(p, n);
      break;
    case RPC_SHM_ALLOC:
      ret = shm_alloc(p, n);
      break;
    case RPC_SHM_FREE:
      ret = shm_free(p, n);
      break;
    default:
      log_line("func %u not supported", b.s.func_or_ret);
      break;
    }
    b.s.func_or_ret = ret;
    buf.buf_len = 8 + b.s.num_params * sizeof(struct tee_ioctl_param);
    if (ioctl(g_priv, TEE_IOC_SUPPL_SEND, &buf) != 0) {
      log_line("SUPPL_SEND: %s", strerror(errno));
      return NULL;
    }
  }
}

static int parse_uuid(const char* text, uint8_t out[16]) {
  int k = 0;
  for (const char* c = text; *c != '\0'; ++c) {
    if (*c == '-')
      continue;
    unsigned v;
    if (k == 32 || sscanf(c, "%1x", &v) != 1)
      return -1;
    if (k % 2 == 0)
      out[k / 2] = (uint8_t)(v << 4);
    else
      out[k / 2] |= (uint8_t)v;
    ++k;
  }
  return k == 32 ? 0 : -1;
}

/* OPEN_SESSION (public login, four NONE params) then CLOSE_SESSION; the TEE result. */
static uint32_t open_and_close(const uint8_t uuid[16]) {
  const int fd = open("/dev/tee0", O_RDWR);
  if (fd < 0) {
    perror("open /dev/tee0");
    return TEEC_ERROR_ITEM_NOT_FOUND;
  }
  union open_buf b;
  memset(&b, 0, sizeof b);
  memcpy(b.arg.uuid, uuid, 16);
  b.arg.num_params = NUM_PARAMS;
  struct tee_ioctl_buf_data buf = {.buf_ptr = (uint64_t)(uintptr_t)&b, .buf_len = sizeof b};
  uint32_t ret = TEEC_ERROR_BAD_PARAMETERS;
  if (ioctl(fd, TEE_IOC_OPEN_SESSION, &buf) == 0) {
    ret = b.arg.ret;
    if (ret == TEEC_SUCCESS) {
      struct tee_ioctl_close_session_arg c = {.session = b.arg.session};
      ioctl(fd, TEE_IOC_CLOSE_SESSION, &c);
    }
  } else {
    perror("TEE_IOC_OPEN_SESSION");
  }
  close(fd);
  return ret;
}

int main(int argc, char** argv) {
  const char* log_path = NULL;
  const char* open_uuid = NULL;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; ++i) {
    if (strcmp(argv[i], "--reg-mem") == 0)
      g_reg_mem = 1;
    else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
      log_path = argv[++i];
    else if (strcmp(argv[i], "--open") == 0 && i + 1 < argc)
      open_uuid = argv[++i];
    else
      break;
  }
  if (i + 1 != argc) {
    fprintf(stderr, "usage: %s [--reg-mem] [--log FILE] [--open UUID] TA_DIR\n", argv[0]);
    return 2;
  }
  g_dir = argv[i];
  g_log = log_path != NULL ? fopen(log_path, "a") : stderr;
  if (g_log == NULL) {
    perror(log_path);
    return 2;
  }
  uint8_t uuid[16];
  if (open_uuid != NULL && parse_uuid(open_uuid, uuid) != 0) {
    fprintf(stderr, "bad UUID %s\n", open_uuid);
    return 2;
  }

  g_priv = open("/dev/teepriv0", O_RDWR);
  if (g_priv < 0) {
    fprintf(stderr, "failed to find an OP-TEE supplicant device: %s\n", strerror(errno));
    return 1;
  }
  struct tee_ioctl_version_data v;
  if (ioctl(g_priv, TEE_IOC_VERSION, &v) != 0 || v.impl_id != TEE_IMPL_ID_OPTEE) {
    fprintf(stderr, "/dev/teepriv0 is not OP-TEE's\n");
    return 1;
  }
  if (open_uuid == NULL) {
    serve(NULL);
    close(g_priv);
    return 1; /* like tee-supplicant: the loop only ends on an error */
  }

  pthread_t thread;
  if (pthread_create(&thread, NULL, serve, NULL) != 0)
    return 1;
  const uint32_t ret = open_and_close(uuid);
  printf("open %s: %#x\n", open_uuid, ret);
  /* Closing the supplicant device ends the thread's SUPPL_RECV. */
  close(g_priv);
  pthread_join(thread, NULL);
  return ret == TEEC_SUCCESS ? 0 : 1;
}
