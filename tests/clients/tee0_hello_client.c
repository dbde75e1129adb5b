/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * An unmodified /dev/tee0 client (open/ioctl/close only) for the debugging tests
 * (tests/debug_cli_test.cpp): it opens SESSIONS sessions to the hello TA (each gets an
 * instance of its own), then invokes CMD with VALUE_INOUT (VALUE, 0) on every session, one
 * thread per session, at once, and closes them.
 *
 *   tee0_hello_client [--arm32] [--sessions N] CMD VALUE
 *
 * Prints "session I: ret=0x... a=A" per session. Exit 0 when every invoke succeeded, 3
 * when one returned an error, 1 on any other failure, 2 without a device.
 */
#include <fcntl.h>
#include <linux/tee.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hello_ta.h"

#define NUM_PARAMS 4
#define MAX_SESSIONS 8

static const uint8_t kHelloUuid[16] = {0x82, 0x96, 0xe5, 0x9f, 0x0c, 0x73, 0x41, 0x8b,
                                       0x8e, 0x62, 0x20, 0x01, 0x1a, 0xde, 0xc8, 0xd6};
static const uint8_t kHello32Uuid[16] = {0x6a, 0x4e, 0x1f, 0x0c, 0x1d, 0x2b, 0x4c, 0x8e,
                                         0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a};

#include "tee0_buffers.h"

struct call {
  int fd;
  uint32_t session;
  uint32_t cmd;
  uint32_t value;
  uint32_t ret;
  uint32_t a;
};

static void* invoke(void* arg) {
  struct call* c = arg;
  union invoke_buf b;
  struct tee_ioctl_buf_data data = {(uintptr_t)&b, sizeof b};
  memset(&b, 0, sizeof b);
  b.arg.func = c->cmd;
  b.arg.session = c->session;
  b.arg.num_params = NUM_PARAMS;
  b.arg.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
  b.arg.params[0].a = c->value;
  if (ioctl(c->fd, TEE_IOC_INVOKE, &data) != 0) {
    c->ret = 0xFFFFFFFFu;
    return NULL;
  }
  c->ret = b.arg.ret;
  c->a = (uint32_t)b.arg.params[0].a;
  return NULL;
}

int main(int argc, char** argv) {
  const uint8_t* uuid = kHelloUuid;
  int sessions = 1, i, failed = 0, arg = 1;
  struct call calls[MAX_SESSIONS];
  pthread_t threads[MAX_SESSIONS];
  uint32_t cmd, value;
  int fd;

  for (; arg < argc && argv[arg][0] == '-'; arg++) {
    if (strcmp(argv[arg], "--arm32") == 0) {
      uuid = kHello32Uuid;
    } else if (strcmp(argv[arg], "--sessions") == 0 && arg + 1 < argc) {
      sessions = atoi(argv[++arg]);
    } else {
      fprintf(stderr, "unknown option %s\n", argv[arg]);
      return 1;
    }
  }
  if (argc - arg != 2 || sessions < 1 || sessions > MAX_SESSIONS) {
    fprintf(stderr, "usage: tee0_hello_client [--arm32] [--sessions N] CMD VALUE\n");
    return 1;
  }
  cmd = (uint32_t)strtoul(argv[arg], NULL, 0);
  value = (uint32_t)strtoul(argv[arg + 1], NULL, 0);

  fd = open("/dev/tee0", O_RDWR);
  if (fd < 0) {
    perror("/dev/tee0");
    return 2;
  }
  for (i = 0; i < sessions; i++) {
    uint32_t session = 0;
    const uint32_t ret = tee0_open_public(fd, uuid, &session);
    if (ret != 0) {
      fprintf(stderr, "open session %d failed: 0x%x\n", i, ret);
      return 1;
    }
    calls[i] = (struct call){fd, session, cmd, value, 0, 0};
  }
  for (i = 0; i < sessions; i++)
    if (pthread_create(&threads[i], NULL, invoke, &calls[i]) != 0)
      return 1;
  for (i = 0; i < sessions; i++) {
    struct tee_ioctl_close_session_arg close_arg;
    pthread_join(threads[i], NULL);
    printf("session %d: ret=0x%x a=%u\n", i, calls[i].ret, calls[i].a);
    if (calls[i].ret != 0)
      failed = 1;
    close_arg.session = calls[i].session;
    if (calls[i].ret != 0xFFFFFFFFu)
      ioctl(fd, TEE_IOC_CLOSE_SESSION, &close_arg);
  }
  close(fd);
  return failed ? 3 : 0;
}
