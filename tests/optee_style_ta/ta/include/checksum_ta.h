#ifndef CHECKSUM_TA_H
#define CHECKSUM_TA_H

#define TA_CHECKSUM_UUID                                                                           \
  {                                                                                                \
    0xcd5fb830, 0x5b70, 0x45e6, {                                                                  \
      0xa1, 0xc7, 0x09, 0xbd, 0xe4, 0x53, 0xdd, 0x51                                               \
    }                                                                                              \
  }

/* p0 MEMREF_INPUT, p1 VALUE_OUTPUT: a = Fletcher-16 of the buffer, b = CHECKSUM_SEED. */
#define TA_CHECKSUM_CMD_FLETCHER16 0
/* p0 VALUE_OUTPUT: a = timeLow of gpd.ta.appID, read through the GET_PROPERTY syscall. */
#define TA_CHECKSUM_CMD_APP_ID 1

#endif
