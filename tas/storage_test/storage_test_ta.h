/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The storage_test TA's interface, shared by the TA and tests/storage_*_test.cpp.
 *
 * The TA is a generic driver of the GP Trusted Storage API (GP TEE Internal Core API
 * v1.3.1 §5.7-5.9) and of the object functions that apply to persistent objects: the host
 * sends a program of operations, the TA runs each one and reports what it returned. Object
 * and enumerator handles live in per-instance slots, so a program can continue in a later
 * invocation of the same session. All integers on the wire are 32-bit little-endian;
 * nothing needs to be aligned.
 *
 * STORAGE_CMD_RUN:
 *   p0 MEMREF_INPUT   the program: a sequence of operations, each
 *                       u32 op (STORAGE_OP_*), u32 slot, u32 a, u32 b, u32 c,
 *                       u32 len1, len1 bytes, u32 len2, len2 bytes
 *   p1 MEMREF_OUTPUT  per operation run: u32 TEE_Result, u32 out_len, out_len bytes;
 *                     size set to the bytes written
 *   p2 VALUE_OUTPUT   a = operations run
 *   p3 NONE
 *   Every operation runs, whatever the previous ones returned. out_len is 0 unless the GP
 *   call returned TEE_SUCCESS. A malformed program (truncated, an unknown op, a slot out of
 *   range) ends the command with TEE_ERROR_BAD_PARAMETERS before anything runs. An output
 *   that does not fit ends it with TEE_ERROR_SHORT_BUFFER: the operation whose record did
 *   not fit has run, p1 holds the records before it and p2.a counts them. When the TA heap
 *   cannot hold the program's copy, a READ buffer or an AES output, the command ends with
 *   TEE_ERROR_OUT_OF_MEMORY (p1 and p2 again cover the operations before). A GP call that
 *   panics ends the command (and the instance) with TEE_ERROR_TARGET_DEAD, as on OP-TEE.
 *
 * Operations ("slot" is an object slot, 0..STORAGE_SLOTS-1, or an enumerator slot,
 * 0..STORAGE_ENUM_SLOTS-1, for the ENUM_* operations; "id" is bytes1). An empty slot holds
 * TEE_HANDLE_NULL, which is what the call then gets. OPEN, CREATE, GEN_KEY, POPULATE and
 * ENUM_ALLOC overwrite their slot (a handle it held stays open, unreachable); GP sets it
 * to TEE_HANDLE_NULL when the open / create / allocation fails:
 *   OPEN       TEE_OpenPersistentObject(storageID a, id, flags b, &slot)
 *   CREATE     TEE_CreatePersistentObject(storageID a, id, flags b, attributes, initial
 *              data bytes2, &slot); attributes = TEE_HANDLE_NULL when c == 0, else the
 *              object in slot c - 1. With slot == STORAGE_NO_SLOT the handle argument is
 *              NULL (GP: the object is created and closed; as in OP-TEE, a transient
 *              object in slot c - 1 then becomes that persistent object).
 *   CLOSE      TEE_CloseObject(slot); the slot is emptied
 *   DELETE     TEE_CloseAndDeletePersistentObject1(slot); emptied on success
 *   RENAME     TEE_RenamePersistentObject(slot, id)
 *   READ       TEE_ReadObjectData(slot, buffer of a bytes); out = the bytes read
 *   WRITE      TEE_WriteObjectData(slot, bytes1)
 *   TRUNC      TEE_TruncateObjectData(slot, a)
 *   SEEK       TEE_SeekObjectData(slot, (int32_t)a, whence b)
 *   INFO       TEE_GetObjectInfo1(slot); out = 7 u32: objectType, objectSize,
 *              maxObjectSize, objectUsage, dataSize, dataPosition, handleFlags
 *   GEN_KEY    TEE_AllocateTransientObject(type a, max size b) into slot, then
 *              TEE_GenerateKey(slot, b, NULL, 0)
 *   POPULATE   TEE_AllocateTransientObject(type a, max size b) into slot, then
 *              TEE_PopulateTransientObject with one buffer attribute (id c, bytes1)
 *              (both: the result of the first call that failed; once allocated, the
 *              object stays in the slot)
 *   FREE       TEE_FreeTransientObject(slot); the slot is emptied
 *   GET_ATTR   TEE_GetObjectBufferAttribute(slot, attribute a, buffer of 1024 bytes);
 *              out = the attribute
 *   RESTRICT   TEE_RestrictObjectUsage1(slot, usage a)
 *   USE_KEY    one operation with the key in slot: a = TEE_ALG_AES_ECB_NOPAD (encrypt
 *              bytes1, a multiple of 16 bytes) or TEE_ALG_HMAC_SHA256 (MAC of bytes1),
 *              any other a is malformed; out = the result. TEE_GetObjectInfo1,
 *              TEE_AllocateOperation (maxKeySize = the key object's maxObjectSize),
 *              TEE_SetOperationKey, Cipher/MACInit with no IV, TEE_CipherDoFinal /
 *              TEE_MACComputeFinal; the result is the first that failed.
 *   ENUM_ALLOC TEE_AllocatePersistentObjectEnumerator(&enum slot)
 *   ENUM_FREE  TEE_FreePersistentObjectEnumerator(enum slot); emptied
 *   ENUM_RESET TEE_ResetPersistentObjectEnumerator(enum slot)
 *   ENUM_START TEE_StartPersistentObjectEnumerator(enum slot, storageID a)
 *   ENUM_NEXT  TEE_GetNextPersistentObject(enum slot, &info, id buffer of 64 bytes);
 *              out = the 7 u32 of INFO, then the id (out_len - 28 bytes)
 */
#ifndef STORAGE_TEST_TA_H
#define STORAGE_TEST_TA_H

/* clang-format off */
#define STORAGE_TEST_TA_UUID \
  { 0x5d0c3a1e, 0x7b42, 0x4f19, { 0x9e, 0x61, 0x2c, 0x8d, 0x40, 0xb7, 0x13, 0x55 } }
#define STORAGE_TEST32_TA_UUID \
  { 0x5d0c3a1e, 0x7b42, 0x4f19, { 0x9e, 0x61, 0x2c, 0x8d, 0x40, 0xb7, 0x13, 0x32 } }
/* clang-format on */
#define STORAGE_TEST_TA_UUID_STR "5d0c3a1e-7b42-4f19-9e61-2c8d40b71355"
#define STORAGE_TEST32_TA_UUID_STR "5d0c3a1e-7b42-4f19-9e61-2c8d40b71332"

#define STORAGE_CMD_RUN 0

#define STORAGE_SLOTS 16
#define STORAGE_ENUM_SLOTS 4
#define STORAGE_NO_SLOT 0xFFFFFFFFu

enum storage_op {
  STORAGE_OP_OPEN = 1,
  STORAGE_OP_CREATE = 2,
  STORAGE_OP_CLOSE = 3,
  STORAGE_OP_DELETE = 4,
  STORAGE_OP_RENAME = 5,
  STORAGE_OP_READ = 6,
  STORAGE_OP_WRITE = 7,
  STORAGE_OP_TRUNC = 8,
  STORAGE_OP_SEEK = 9,
  STORAGE_OP_INFO = 10,
  STORAGE_OP_GEN_KEY = 11,
  STORAGE_OP_POPULATE = 12,
  STORAGE_OP_FREE = 13,
  STORAGE_OP_GET_ATTR = 14,
  STORAGE_OP_RESTRICT = 15,
  STORAGE_OP_USE_KEY = 16,
  STORAGE_OP_ENUM_ALLOC = 17,
  STORAGE_OP_ENUM_FREE = 18,
  STORAGE_OP_ENUM_RESET = 19,
  STORAGE_OP_ENUM_START = 20,
  STORAGE_OP_ENUM_NEXT = 21,
};

#endif /* STORAGE_TEST_TA_H */
