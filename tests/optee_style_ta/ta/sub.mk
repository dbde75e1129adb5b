global-incdirs-y += include
srcs-y += checksum_ta.c
cflags-checksum_ta.c-y += -DCHECKSUM_SEED=7
subdirs-y += lib
