srcs-y += fletcher.c
