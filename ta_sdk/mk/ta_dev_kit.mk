# SPDX-License-Identifier: BSD-2-Clause
# Copyright (c) 2026, the swemu authors
#
# Make entry for OP-TEE-style TA directories: a TA's Makefile sets BINARY (its UUID) and
# includes $(TA_DEV_KIT_DIR)/mk/ta_dev_kit.mk; its sub.mk files list the sources
# (srcs-y, global-incdirs-y, incdirs-y, cflags-y, cppflags-y, aflags-y, subdirs-y,
# cflags-<file>-y). With TA_DEV_KIT_DIR pointing at ta_sdk/export-ta_arm64 (or
# ta_sdk/export-ta_arm32, or ta_sdk itself for arm64), `make` builds in $(O) (default: the
# TA directory, as OP-TEE's dev kit does):
#
#   $(O)/$(BINARY).elf           the TA with symbols
#   $(O)/$(BINARY).stripped.elf  the same without debug information
#   $(O)/$(BINARY).map           the link map
#
# TAs are compiled with clang and linked with ld.lld (CROSS_COMPILE is not used);
# SWEMU_TA_CC and SWEMU_TA_LD override the tools. Sign the result with `swemu ta sign`
# or run it unsigned with the secure world's development flag.

SWEMU_SDK := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST))/..)))
SWEMU_TA_ARCH ?= arm64
O ?= .
CFG_TEE_TA_LOG_LEVEL ?= 2

SWEMU_TA_CC ?= $(firstword $(shell command -v clang-14 clang 2>/dev/null) clang)
SWEMU_TA_LD ?= $(firstword $(shell command -v ld.lld-14 ld.lld 2>/dev/null) ld.lld)
SWEMU_TA_STRIP ?= $(firstword $(shell command -v llvm-strip-14 llvm-strip 2>/dev/null) llvm-strip)

include $(SWEMU_SDK)/mk/sdk.mk

ifeq ($(BINARY),)
$(error ta_dev_kit.mk: set BINARY to the TA's UUID before including this file)
endif
ifeq ($(filter $(SWEMU_TA_ARCH),$(swemu-archs)),)
$(error ta_dev_kit.mk: SWEMU_TA_ARCH '$(SWEMU_TA_ARCH)' is not one of: $(swemu-archs))
endif

# --- sub.mk processing: every directory's lists, prefixed with the directory ----------
swemu-ta-srcs :=
swemu-ta-incdirs :=
swemu-ta-cflags :=
swemu-ta-aflags :=

define swemu-process-subdir
srcs-y :=
global-incdirs-y :=
incdirs-y :=
cflags-y :=
cppflags-y :=
aflags-y :=
subdirs-y :=
include $(1)/sub.mk
swemu-ta-srcs += $$(patsubst ./%,%,$$(addprefix $(1)/,$$(srcs-y)))
swemu-ta-incdirs += $$(patsubst ./%,%,$$(addprefix $(1)/,$$(global-incdirs-y) $$(incdirs-y)))
swemu-ta-cflags += $$(cflags-y) $$(cppflags-y)
swemu-ta-aflags += $$(aflags-y) $$(cppflags-y)
swemu-subdirs-$(1) := $$(subdirs-y)
$$(foreach d,$$(swemu-subdirs-$(1)),$$(eval $$(call swemu-process-subdir,$(1)/$$(d))))
endef

ifeq ($(wildcard ./sub.mk),)
$(error ta_dev_kit.mk: no sub.mk in $(CURDIR))
endif
$(eval $(call swemu-process-subdir,.))

# --- flags ------------------------------------------------------------------------------
swemu-out := $(patsubst %/,%,$(O))
swemu-cflags-all := $(swemu-cflags) $(swemu-cflags-$(SWEMU_TA_ARCH)) \
	-DCFG_TEE_TA_LOG_LEVEL=$(CFG_TEE_TA_LOG_LEVEL) \
	$(addprefix -I,$(swemu-ta-incdirs)) -I$(SWEMU_SDK)/include

swemu-ta-objs := $(addprefix $(swemu-out)/,$(addsuffix .o,$(swemu-ta-srcs)))
swemu-sdk-objs := $(addprefix $(swemu-out)/.swemu-sdk/, \
	$(addsuffix .o,$(swemu-sdk-srcs) $(swemu-sdk-srcs-$(SWEMU_TA_ARCH))))

# --- rules ------------------------------------------------------------------------------
.PHONY: all clean
all: $(swemu-out)/$(BINARY).elf $(swemu-out)/$(BINARY).stripped.elf

$(swemu-out)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(SWEMU_TA_CC) $(swemu-cflags-all) $(swemu-ta-cflags) $(cflags-$(notdir $<)-y) \
		-MD -MP -MF $@.d -c $< -o $@

$(swemu-out)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(SWEMU_TA_CC) $(swemu-cflags-all) $(swemu-ta-aflags) -MD -MP -MF $@.d -c $< -o $@

$(swemu-out)/.swemu-sdk/%.o: $(SWEMU_SDK)/%
	@mkdir -p $(dir $@)
	$(SWEMU_TA_CC) $(swemu-cflags-all) -MD -MP -MF $@.d -c $< -o $@

$(swemu-out)/$(BINARY).elf: $(swemu-ta-objs) $(swemu-sdk-objs) $(SWEMU_SDK)/ta.dynlist
	$(SWEMU_TA_LD) $(swemu-ldflags) --dynamic-list $(SWEMU_SDK)/ta.dynlist \
		-Map $(swemu-out)/$(BINARY).map -o $@ $(swemu-ta-objs) $(swemu-sdk-objs)

$(swemu-out)/$(BINARY).stripped.elf: $(swemu-out)/$(BINARY).elf
	$(SWEMU_TA_STRIP) --strip-debug -o $@ $<

clean:
	rm -rf $(swemu-ta-objs) $(addsuffix .d,$(swemu-ta-objs)) $(swemu-out)/.swemu-sdk \
		$(swemu-out)/$(BINARY).elf $(swemu-out)/$(BINARY).stripped.elf \
		$(swemu-out)/$(BINARY).map

-include $(addsuffix .d,$(swemu-ta-objs) $(swemu-sdk-objs))
