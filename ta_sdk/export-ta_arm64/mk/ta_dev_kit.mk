# SPDX-License-Identifier: BSD-2-Clause
# TA_DEV_KIT_DIR for 64-bit TAs, laid out like OP-TEE's export-ta_arm64.
SWEMU_TA_ARCH := arm64
include $(dir $(lastword $(MAKEFILE_LIST)))../../mk/ta_dev_kit.mk
