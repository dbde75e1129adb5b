/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * An unmodified /dev/tee0 client: only open, ioctl, mmap, munmap and close on the Linux
 * TEE uapi (linux/tee.h), no TEE library. It drives the hello TA the way libteec would:
 * VERSION, OPEN_SESSION, INVOKE with values, memrefs in SHM_ALLOC'd memory (mmapped, the
 * fd closed at once; unmapped a page at a time) and in SHM_REGISTER'd stack memory,
 * SHORT_BUFFER, errno values, CLOSE_SESSION; then four threads, each with its own
 * session, invoke through the same fd at once.
 *
 *   tee0_raw_client              exit 0 if every check holds, 1 otherwise (2: no device)
 *   tee0_raw_client --no-device  exit 0 if open("/dev/tee0") fails with ENOENT
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/tee.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hello_ta.h"

#define NUM_PARAMS 4
#define THREADS 4
#define CALLS_PER_THREAD 50

static const uint8_t kHelloUuid[16] = {0x82, 0x96, 0xe5, 0x9f, 0x0c, 0x73, 0x41, 0x8b,
                                       0x8e, 0x62, 0x20, 0x01, 0x1a, 0xde, 0xc8, 0xd6};

static int failures;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

static void check(int ok, const char* what) {
  pthread_mutex_lock(&print_lock);
  printf("[%s] %s\n", ok ? " ok " : "FAIL", what);
  if (!ok)
    failures++;
  pthread_mutex_unlock(&print_lock);
}

#include "tee0_buffers.h"

/* One INVOKE; params in/out through p. Returns ret, or 0xFFFFFFFF if the ioctl failed. */
static uint32_t invoke(int fd, uint32_t session, uint32_t func, struct tee_ioctl_param* p) {
  union invoke_buf b;
  struct tee_ioctl_buf_data data = {(uintptr_t)&b, sizeof b};
  memset(&b, 0, sizeof b);
  b.arg.func = func;
  b.arg.session = session;
  b.arg.num_params = NUM_PARAMS;
  memcpy(b.arg.params, p, NUM_PARAMS * sizeof *p);
  if (ioctl(fd, TEE_IOC_INVOKE, &data) != 0)
    return 0xFFFFFFFFu;
  memcpy(p, b.arg.params, NUM_PARAMS * sizeof *p);
  return b.arg.ret;
}

static void set_param(struct tee_ioctl_param* p, uint64_t attr, uint64_t a, uint64_t b,
                      uint64_t c) {
  p->attr = attr;
  p->a = a;
  p->b = b;
  p->c = c;
}

struct worker {
  int fd;
  int index;
  int failures;
};

static void* work(void* arg) {
  struct worker* w = arg;
  uint32_t session = 0;
  struct tee_ioctl_shm_alloc_data alloc = {64, 0, -1};
  int shm_fd;
  char* mem;
  int i;

  if (tee0_open_public(w->fd, kHelloUuid, &session) != 0) {
    w->failures++;
    return NULL;
  }
  shm_fd = ioctl(w->fd, TEE_IOC_SHM_ALLOC, &alloc);
  mem = shm_fd < 0 ? MAP_FAILED : mmap(NULL, 64, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
  if (shm_fd >= 0)
    close(shm_fd);
  if (mem == MAP_FAILED) {
    w->failures++;
    return NULL;
  }
  for (i = 0; i < CALLS_PER_THREAD; i++) {
    struct tee_ioctl_param p[NUM_PARAMS];
    uint64_t v = (uint64_t)w->index * 100000 + (uint64_t)i;

    memset(p, 0, sizeof p);
    set_param(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, v, 0, 0);
    if (invoke(w->fd, session, HELLO_CMD_INC_VALUE, p) != 0 || p[0].a != v + 1)
      w->failures++;

    snprintf(mem, 64, "%c%07d", 'a' + w->index, i);
    memset(p, 0, sizeof p);
    set_param(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 8, (uint64_t)alloc.id);
    if (invoke(w->fd, session, HELLO_CMD_REVERSE, p) != 0 || mem[7] != 'a' + w->index)
      w->failures++;
  }
  munmap(mem, 64);
  {
    struct tee_ioctl_close_session_arg c = {session};
    if (ioctl(w->fd, TEE_IOC_CLOSE_SESSION, &c) != 0)
      w->failures++;
  }
  return NULL;
}

int main(int argc, char** argv) {
  struct tee_ioctl_version_data version;
  struct tee_ioctl_param p[NUM_PARAMS];
  uint32_t session = 0;
  int fd;

  setvbuf(stdout, NULL, _IOLBF, 0);
  fd = open("/dev/tee0", O_RDWR);
  if (argc > 1 && strcmp(argv[1], "--no-device") == 0) {
    int err = errno;
    printf("open(\"/dev/tee0\") = %d (%s)\n", fd, fd < 0 ? strerror(err) : "opened");
    return fd < 0 && err == ENOENT ? 0 : 1;
  }
  if (fd < 0) {
    printf("open(\"/dev/tee0\"): %s\n", strerror(errno));
    return 2;
  }

  check(ioctl(fd, TEE_IOC_VERSION, &version) == 0, "VERSION");
  check(version.impl_id == TEE_IMPL_ID_OPTEE && (version.impl_caps & TEE_OPTEE_CAP_TZ) != 0,
        "VERSION: OP-TEE with TrustZone");
  check((version.gen_caps & TEE_GEN_CAP_GP) != 0, "VERSION: GP");
  printf("       gen_caps 0x%x\n", version.gen_caps);

  check(tee0_open_public(fd, kHelloUuid, &session) == 0, "OPEN_SESSION hello");

  memset(p, 0, sizeof p);
  set_param(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, 41, 0, 0);
  check(invoke(fd, session, HELLO_CMD_INC_VALUE, p) == 0 && p[0].a == 42, "INC_VALUE 41 -> 42");

  /* SHM_ALLOC + mmap + close(fd) at once, as libteec does without REG_MEM. */
  {
    struct tee_ioctl_shm_alloc_data alloc = {17, 0, -1};
    int shm_fd = ioctl(fd, TEE_IOC_SHM_ALLOC, &alloc);
    char* mem = MAP_FAILED;
    check(shm_fd >= 0 && alloc.id >= 0 && alloc.size >= 17, "SHM_ALLOC 17 bytes");
    if (shm_fd >= 0) {
      mem = mmap(NULL, 17, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
      check(mem != MAP_FAILED, "mmap of the shm fd");
      check(close(shm_fd) == 0, "close of the shm fd (the mapping keeps it)");
    }
    if (mem != MAP_FAILED) {
      memcpy(mem, "the secure world", 17);
      memset(p, 0, sizeof p);
      set_param(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 16, (uint64_t)alloc.id);
      check(invoke(fd, session, HELLO_CMD_REVERSE, p) == 0 &&
                memcmp(mem, "dlrow eruces eht", 16) == 0,
            "REVERSE in mmapped SHM_ALLOC memory");
      check(munmap(mem, 17) == 0, "munmap");
      /* The last holder is gone: the id names nothing now. */
      check(invoke(fd, session, HELLO_CMD_REVERSE, p) == 0xFFFFFFFFu && errno == EINVAL,
            "the id of an unmapped, closed shm is EINVAL");
    }
  }

  /* A two-page object mapped whole, then unmapped one page at a time: the page left mapped
   * keeps it alive. */
  {
    long page = sysconf(_SC_PAGESIZE);
    struct tee_ioctl_shm_alloc_data alloc = {(uint64_t)(2 * page), 0, -1};
    int shm_fd = ioctl(fd, TEE_IOC_SHM_ALLOC, &alloc);
    char* mem = shm_fd < 0
                    ? MAP_FAILED
                    : mmap(NULL, (size_t)(2 * page), PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
    check(shm_fd >= 0 && mem != MAP_FAILED, "SHM_ALLOC and mmap of two pages");
    if (shm_fd >= 0)
      close(shm_fd);
    if (mem != MAP_FAILED) {
      check(munmap(mem, (size_t)page) == 0, "munmap of the first page");
      memcpy(mem + page, "abc", 3);
      memset(p, 0, sizeof p);
      set_param(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, (uint64_t)page, 3,
                (uint64_t)alloc.id);
      check(invoke(fd, session, HELLO_CMD_REVERSE, p) == 0 && memcmp(mem + page, "cba", 3) == 0,
            "REVERSE in the page still mapped");
      check(munmap(mem + page, (size_t)page) == 0, "munmap of the second page");
      check(invoke(fd, session, HELLO_CMD_REVERSE, p) == 0xFFFFFFFFu && errno == EINVAL,
            "the id is EINVAL once no page is mapped");
    }
  }

  /* mmap of the device itself, or past an object's end, is refused. */
  {
    struct tee_ioctl_shm_alloc_data alloc = {100, 0, -1};
    int shm_fd = ioctl(fd, TEE_IOC_SHM_ALLOC, &alloc);
    long page = sysconf(_SC_PAGESIZE);
    check(mmap(NULL, 16, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED && errno == ENODEV,
          "mmap of the device: ENODEV");
    check(shm_fd >= 0 &&
              mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, shm_fd, page) == MAP_FAILED &&
              errno == EINVAL,
          "mmap past the object: EINVAL");
    if (shm_fd >= 0)
      close(shm_fd);
  }

  /* SHM_REGISTER of stack memory, as libteec does with REG_MEM. */
  if ((version.gen_caps & TEE_GEN_CAP_REG_MEM) != 0) {
    char in[8] = "1234567";
    char out[16];
    int32_t in_id, out_id;
    int in_fd, out_fd;
    struct tee_ioctl_shm_register_data reg = {(uintptr_t)in, sizeof in, 0, -1};

    memset(out, '.', sizeof out);
    in_fd = ioctl(fd, TEE_IOC_SHM_REGISTER, &reg);
    in_id = reg.id;
    reg.addr = (uintptr_t)out;
    reg.length = sizeof out;
    out_fd = ioctl(fd, TEE_IOC_SHM_REGISTER, &reg);
    out_id = reg.id;
    check(in_fd >= 0 && out_fd >= 0, "SHM_REGISTER of two stack buffers");

    memset(p, 0, sizeof p);
    set_param(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, 8, (uint64_t)in_id);
    set_param(&p[1], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 4, 12, (uint64_t)out_id);
    check(invoke(fd, session, HELLO_CMD_COPY, p) == 0 && p[1].b == 8 &&
              memcmp(out, "....1234567\0....", 16) == 0,
          "COPY between registered buffers");

    memset(p, 0, sizeof p);
    set_param(&p[0], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, 8, (uint64_t)in_id);
    set_param(&p[1], TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 0, 3, (uint64_t)out_id);
    check(invoke(fd, session, HELLO_CMD_COPY, p) == 0xFFFF0010u && p[1].b == 8,
          "COPY into 3 bytes: SHORT_BUFFER, size 8 needed");
    close(in_fd);
    close(out_fd);
  }

  /* Errors come back as errno. */
  {
    struct tee_ioctl_close_session_arg c = {session + 12345};
    check(ioctl(fd, TEE_IOC_CLOSE_SESSION, &c) == -1 && errno == EINVAL,
          "CLOSE_SESSION of an unknown session: EINVAL");
    check(ioctl(fd, _IO(TEE_IOC_MAGIC, 99), NULL) == -1 && errno == EINVAL,
          "unknown ioctl: EINVAL");
    check(ioctl(fd, TEE_IOC_VERSION, NULL) == -1 && errno == EFAULT, "VERSION to NULL: EFAULT");
  }

  /* Four threads on the one fd. */
  {
    struct worker workers[THREADS];
    pthread_t threads[THREADS];
    int i, total = 0;
    for (i = 0; i < THREADS; i++) {
      workers[i].fd = fd;
      workers[i].index = i;
      workers[i].failures = 0;
      pthread_create(&threads[i], NULL, work, &workers[i]);
    }
    for (i = 0; i < THREADS; i++) {
      pthread_join(threads[i], NULL);
      total += workers[i].failures;
    }
    check(total == 0, "4 threads x 50 invokes (values and mmapped memrefs) on one fd");
  }

  {
    struct tee_ioctl_close_session_arg c = {session};
    check(ioctl(fd, TEE_IOC_CLOSE_SESSION, &c) == 0, "CLOSE_SESSION");
  }
  check(close(fd) == 0, "close of the device");
  check(close(fd) == -1 && errno == EBADF, "a second close: EBADF");

  printf("%s\n", failures == 0 ? "all checks passed" : "some checks FAILED");
  return failures == 0 ? 0 : 1;
}
