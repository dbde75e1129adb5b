/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ioctl buffers of the /dev/tee0 test clients: an arg struct followed by NUM_PARAMS
 * params, as libteec lays them out (libteec-contract.md §2). Include after <linux/tee.h>.
 */
#ifndef SWEMU_TESTS_TEE0_BUFFERS_H
#define SWEMU_TESTS_TEE0_BUFFERS_H

#include <stdint.h>

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

#endif
