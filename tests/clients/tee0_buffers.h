/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ioctl buffers of the /dev/tee0 test clients: an arg struct followed by NUM_PARAMS
 * params, as libteec lays them out (libteec-contract.md §2), and the OPEN_SESSION they all
 * make. Include after <linux/tee.h>.
 */
#ifndef SWEMU_TESTS_TEE0_BUFFERS_H
#define SWEMU_TESTS_TEE0_BUFFERS_H

#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#ifndef NUM_PARAMS
#define NUM_PARAMS 4
#endif

union open_buf {
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

/* OPEN_SESSION of `uuid` with the PUBLIC login and NUM_PARAMS NONE params: the TEE result
 * (the session id in *session), or 0xFFFFFFFF if the ioctl itself failed. */
static inline uint32_t tee0_open_public(int fd, const uint8_t uuid[16], uint32_t* session) {
  union open_buf b;
  struct tee_ioctl_buf_data data = {(uintptr_t)&b, sizeof b};
  memset(&b, 0, sizeof b);
  memcpy(b.arg.uuid, uuid, 16);
  b.arg.clnt_login = TEE_IOCTL_LOGIN_PUBLIC;
  b.arg.num_params = NUM_PARAMS;
  if (ioctl(fd, TEE_IOC_OPEN_SESSION, &data) != 0)
    return 0xFFFFFFFFu;
  *session = b.arg.session;
  return b.arg.ret;
}

#endif
