/*
 * SPDX-License-Identifier: BSD-2-Clause
 *
 * An unmodified /dev/tee0 client (open/ioctl/close only) for the daemon tests
 * (tests/daemon_test.cpp): it takes the only session the single-instance, single-session
 * hello_single TA allows.
 *
 *   tee0_single_client open  open a hello_single session and close it again: exit 0, or 3
 *                            when the TA is busy (another client holds its session)
 *   tee0_single_client hold  open a hello_single session, then an api_test session, print
 *                            "holding" and wait in the TA (API_TEST_CMD_WAIT, 60 s,
 *                            cancellable) without closing anything: the test kills it there
 *
 * Any other failure exits 1; no device exits 2.
 */
#include <fcntl.h>
#include <linux/tee.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "api_test_ta.h"

#define NUM_PARAMS 4
#define TEE_ERROR_BUSY 0xFFFF000Du

static const uint8_t kHelloSingleUuid[16] = {0xb9, 0x15, 0xed, 0xa8, 0xf1, 0xaf, 0x41, 0xa4,
                                             0x8b, 0x54, 0x57, 0xe0, 0xbf, 0xa8, 0xe9, 0xf5};
static const uint8_t kApiTestUuid[16] = {0x32, 0xb9, 0xde, 0x5a, 0xf1, 0x18, 0x42, 0x31,
                                         0xbe, 0xda, 0xb0, 0xfe, 0x86, 0x6f, 0xa1, 0x8a};

#include "tee0_buffers.h"

int main(int argc, char** argv) {
  uint32_t single = 0;
  uint32_t api = 0;
  uint32_t ret;
  int hold;
  int fd;

  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc != 2 || (strcmp(argv[1], "open") != 0 && strcmp(argv[1], "hold") != 0)) {
    fprintf(stderr, "usage: tee0_single_client open|hold\n");
    return 1;
  }
  hold = strcmp(argv[1], "hold") == 0;
  fd = open("/dev/tee0", O_RDWR);
  if (fd < 0) {
    perror("open /dev/tee0");
    return 2;
  }
  ret = tee0_open_public(fd, kHelloSingleUuid, &single);
  printf("OPEN_SESSION hello_single: 0x%x\n", ret);
  if (ret == TEE_ERROR_BUSY)
    return 3;
  if (ret != 0)
    return 1;
  if (!hold) {
    struct tee_ioctl_close_session_arg c = {single};
    return ioctl(fd, TEE_IOC_CLOSE_SESSION, &c) == 0 ? 0 : 1;
  }

  ret = tee0_open_public(fd, kApiTestUuid, &api);
  printf("OPEN_SESSION api_test: 0x%x\n", ret);
  if (ret != 0)
    return 1;
  printf("holding\n");
  {
    union invoke_buf b;
    struct tee_ioctl_buf_data data = {(uintptr_t)&b, sizeof b};
    memset(&b, 0, sizeof b);
    b.arg.func = API_TEST_CMD_WAIT;
    b.arg.session = api;
    b.arg.num_params = NUM_PARAMS;
    b.arg.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
    b.arg.params[0].a = 60000; /* ms */
    b.arg.params[0].b = 1;     /* unmask cancellation */
    b.arg.params[1].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT;
    if (ioctl(fd, TEE_IOC_INVOKE, &data) != 0)
      return 1;
    printf("WAIT returned 0x%x\n", b.arg.ret);
  }
  return 1; /* never killed: the test failed to */
}
