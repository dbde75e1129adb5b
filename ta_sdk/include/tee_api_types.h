/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * GlobalPlatform TEE Internal Core API types (v1.3.1). Layouts: reference/optee-abi.md §6.8.
 */
#ifndef TEE_API_TYPES_H
#define TEE_API_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tee_api_defines.h>

typedef uint32_t TEE_Result;
typedef TEE_Result TEEC_Result;

/* Native struct form: little-endian words, not RFC 4122 octet order. 16 bytes. */
typedef struct {
  uint32_t timeLow;
  uint16_t timeMid;
  uint16_t timeHiAndVersion;
  uint8_t clockSeqAndNode[8];
} TEE_UUID;

typedef struct {
  uint32_t login;
  TEE_UUID uuid;
} TEE_Identity;

/* What a TA entry point receives for each of the four parameters. */
typedef union {
  struct {
    void* buffer;
    size_t size;
  } memref;
  struct {
    uint32_t a;
    uint32_t b;
  } value;
} TEE_Param;

typedef struct {
  uint32_t seconds;
  uint32_t millis;
} TEE_Time;

/* Opaque handles. The core only ever hands out 32-bit values; 0 is TEE_HANDLE_NULL. */
typedef struct __TEE_TASessionHandle* TEE_TASessionHandle;
typedef struct __TEE_PropSetHandle* TEE_PropSetHandle;
typedef struct __TEE_ObjectHandle* TEE_ObjectHandle;
typedef struct __TEE_ObjectEnumHandle* TEE_ObjectEnumHandle;
typedef struct __TEE_OperationHandle* TEE_OperationHandle;
typedef struct __TEE_SEServiceHandle* TEE_SEServiceHandle;
typedef struct __TEE_SEReaderHandle* TEE_SEReaderHandle;
typedef struct __TEE_SESessionHandle* TEE_SESessionHandle;
typedef struct __TEE_SEChannelHandle* TEE_SEChannelHandle;

typedef uint32_t TEE_ObjectType;
typedef uint32_t TEE_ErrorOrigin;
typedef uint32_t TEE_OperationMode;
typedef uint32_t TEE_Whence;

typedef struct {
  uint32_t attributeID;
  union {
    struct {
      void* buffer;
      size_t length;
    } ref;
    struct {
      uint32_t a;
      uint32_t b;
    } value;
  } content;
} TEE_Attribute;

typedef struct {
  uint32_t objectType;
  uint32_t objectSize;
  uint32_t maxObjectSize;
  uint32_t objectUsage;
  size_t dataSize;
  size_t dataPosition;
  uint32_t handleFlags;
} TEE_ObjectInfo;

typedef struct {
  uint32_t algorithm;
  uint32_t operationClass;
  uint32_t mode;
  uint32_t digestLength;
  uint32_t maxKeySize;
  uint32_t keySize;
  uint32_t requiredKeyUsage;
  uint32_t handleState;
} TEE_OperationInfo;

typedef struct {
  uint32_t keySize;
  uint32_t requiredKeyUsage;
} TEE_OperationInfoKey;

typedef struct {
  uint32_t algorithm;
  uint32_t operationClass;
  uint32_t mode;
  uint32_t digestLength;
  uint32_t maxKeySize;
  uint32_t handleState;
  uint32_t operationState;
  uint32_t numberOfKeys;
  TEE_OperationInfoKey keyInformation[];
} TEE_OperationInfoMultiple;

#endif /* TEE_API_TYPES_H */
