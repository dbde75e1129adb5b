# SPDX-License-Identifier: BSD-2-Clause
# TA_DEV_KIT_DIR for 32-bit TAs, laid out like OP-TEE's export-ta_arm32.
SWEMU_TA_ARCH := arm32
include $(dir $(lastword $(MAKEFILE_LIST)))../../mk/ta_dev_kit.mk
