// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Persistent objects, their enumerators and their data streams (GP TEE Internal Core API
 * v1.3.1 §5.7-5.9), over the OS's storage syscalls (41-53). The OS keeps the objects; a
 * TEE_ObjectHandle or TEE_ObjectEnumHandle is the OS's 32-bit handle. Closing an object and
 * reading its info go through the generic object syscalls (tee_api_objects.c). Each
 * function returns the codes GP lists for it and panics on any other failure (GP "Panic
 * Reasons": a bad handle, a missing access right, an identifier longer than
 * TEE_OBJECT_ID_MAX_LEN, ...).
 */
#include <stdint.h>
#include <string.h>

#include <tee_api.h>
#include <user_ta_header.h>
#include <utee_syscalls.h>

#include "tee_api_crypto_internal.h"

/* The OS's 32-bit enumerator handle behind a TEE_ObjectEnumHandle, as a syscall argument. */
#define SWEMU_ENUM_ID(h) ((unsigned long)(uintptr_t)(h))

/* The storage errors every call on a persistent object may report (GP §5.7, §5.9). */
static bool storage_error(TEE_Result res) {
  return res == TEE_ERROR_CORRUPT_OBJECT || res == TEE_ERROR_STORAGE_NOT_AVAILABLE;
}

/* `res` unless it is a failure outside the ones the caller lets through: then a panic. */
static TEE_Result allow(TEE_Result res, bool allowed) {
  if (res != TEE_SUCCESS && !allowed)
    TEE_Panic(res);
  return res;
}

/* GP: an identifier longer than TEE_OBJECT_ID_MAX_LEN, or a missing buffer, panics. */
static void check_id(const void* id, size_t len) {
  if (len > TEE_OBJECT_ID_MAX_LEN || (!id && len))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

static void fill_info(TEE_ObjectInfo* out, const struct utee_object_info* info) {
  out->objectType = info->obj_type;
  out->objectSize = info->obj_size;
  out->maxObjectSize = info->max_obj_size;
  out->objectUsage = info->obj_usage;
  out->dataSize = info->data_size;
  out->dataPosition = info->data_pos;
  out->handleFlags = info->handle_flags;
}

/* --- Persistent objects (§5.7) ------------------------------------------------------- */

TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void* objectID, size_t objectIDLen,
                                    uint32_t flags, TEE_ObjectHandle* object) {
  uint32_t handle = 0;
  TEE_Result res;

  if (!object)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  *object = TEE_HANDLE_NULL;
  check_id(objectID, objectIDLen);
  res = _utee_storage_obj_open(storageID, objectID, objectIDLen, flags, &handle);
  if (res == TEE_SUCCESS) {
    *object = (TEE_ObjectHandle)(uintptr_t)handle;
    return TEE_SUCCESS;
  }
  return allow(res, res == TEE_ERROR_ITEM_NOT_FOUND || res == TEE_ERROR_ACCESS_CONFLICT ||
                        res == TEE_ERROR_OUT_OF_MEMORY || res == TEE_ERROR_STORAGE_NO_SPACE ||
                        storage_error(res));
}

TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void* objectID, size_t objectIDLen,
                                      uint32_t flags, TEE_ObjectHandle attributes,
                                      const void* initialData, size_t initialDataLen,
                                      TEE_ObjectHandle* object) {
  uint32_t handle = 0;
  TEE_Result res;

  if (object)
    *object = TEE_HANDLE_NULL;
  check_id(objectID, objectIDLen);
  if (!initialData && initialDataLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  /*
   * Without `object` the OS closes the new object itself; as OP-TEE's does, it then turns a
   * transient `attributes` object into the persistent one (its handle stays valid).
   */
  res = _utee_storage_obj_create(storageID, objectID, objectIDLen, flags, SWEMU_OBJ_ID(attributes),
                                 initialData, initialDataLen, object ? &handle : NULL);
  if (res != TEE_SUCCESS) {
    /* ITEM_NOT_FOUND: an unknown storageID, as OP-TEE answers. */
    return allow(res, res == TEE_ERROR_ITEM_NOT_FOUND || res == TEE_ERROR_ACCESS_CONFLICT ||
                          res == TEE_ERROR_OUT_OF_MEMORY || res == TEE_ERROR_STORAGE_NO_SPACE ||
                          storage_error(res));
  }
  if (object)
    *object = (TEE_ObjectHandle)(uintptr_t)handle;
  return TEE_SUCCESS;
}

TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object) {
  TEE_Result res;

  if (object == TEE_HANDLE_NULL)
    return TEE_SUCCESS;
  /* The OS answers ACCESS_CONFLICT without TEE_DATA_FLAG_ACCESS_WRITE_META: a panic (GP). */
  res = _utee_storage_obj_del(SWEMU_OBJ_ID(object));
  return allow(res, storage_error(res));
}

/* The GP v1.0 form: no error is reported, so every failure panics. */
void TEE_CloseAndDeletePersistentObject(TEE_ObjectHandle object) {
  TEE_Result res = TEE_CloseAndDeletePersistentObject1(object);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object, const void* newObjectID,
                                      size_t newObjectIDLen) {
  struct utee_object_info info;
  TEE_Result res;

  check_id(newObjectID, newObjectIDLen);
  res = _utee_cryp_obj_get_info(SWEMU_OBJ_ID(object), &info);
  if (res != TEE_SUCCESS)
    return allow(res, storage_error(res));
  /*
   * GP TEE_RenamePersistentObject: a transient object, or one opened without
   * TEE_DATA_FLAG_ACCESS_WRITE_META (GP §5.5.1: handleFlags carries the access flags),
   * panics. Checked here because the OS reports the missing right as ACCESS_CONFLICT,
   * which is also this function's answer for an identifier already in use.
   */
  if (!(info.handle_flags & TEE_HANDLE_FLAG_PERSISTENT) ||
      !(info.handle_flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
    TEE_Panic(TEE_ERROR_BAD_STATE);
  res = _utee_storage_obj_rename(SWEMU_OBJ_ID(object), newObjectID, newObjectIDLen);
  return allow(res, res == TEE_ERROR_ACCESS_CONFLICT || storage_error(res));
}

/* --- Enumerators (§5.8) -------------------------------------------------------------- */

TEE_Result TEE_AllocatePersistentObjectEnumerator(TEE_ObjectEnumHandle* objectEnumerator) {
  uint32_t handle = 0;
  TEE_Result res;

  if (!objectEnumerator)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  *objectEnumerator = TEE_HANDLE_NULL;
  res = _utee_storage_alloc_enum(&handle);
  if (res != TEE_SUCCESS)
    return allow(res, res == TEE_ERROR_OUT_OF_MEMORY);
  *objectEnumerator = (TEE_ObjectEnumHandle)(uintptr_t)handle;
  return TEE_SUCCESS;
}

void TEE_FreePersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator) {
  if (objectEnumerator == TEE_HANDLE_NULL)
    return;
  allow(_utee_storage_free_enum(SWEMU_ENUM_ID(objectEnumerator)), false);
}

void TEE_ResetPersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator) {
  allow(_utee_storage_reset_enum(SWEMU_ENUM_ID(objectEnumerator)), false);
}

TEE_Result TEE_StartPersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator,
                                               uint32_t storageID) {
  TEE_Result res = _utee_storage_start_enum(SWEMU_ENUM_ID(objectEnumerator), storageID);

  /* ITEM_NOT_FOUND: an unknown storage, or one without objects. */
  return allow(res, res == TEE_ERROR_ITEM_NOT_FOUND || storage_error(res));
}

TEE_Result TEE_GetNextPersistentObject(TEE_ObjectEnumHandle objectEnumerator,
                                       TEE_ObjectInfo* objectInfo, void* objectID,
                                       size_t* objectIDLen) {
  struct utee_object_info info;
  /* GP: objectID holds TEE_OBJECT_ID_MAX_LEN bytes; *objectIDLen is an output only. */
  uint64_t len = TEE_OBJECT_ID_MAX_LEN;
  TEE_Result res;

  if (!objectID || !objectIDLen)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = _utee_storage_next_enum(SWEMU_ENUM_ID(objectEnumerator), &info, objectID, &len);
  if (res != TEE_SUCCESS)
    return allow(res, res == TEE_ERROR_ITEM_NOT_FOUND || storage_error(res));
  /* An OS that claims a longer identifier than the buffer holds is broken. */
  if (len > TEE_OBJECT_ID_MAX_LEN)
    TEE_Panic(TEE_ERROR_GENERIC);
  if (objectInfo)
    fill_info(objectInfo, &info);
  *objectIDLen = (size_t)len;
  return TEE_SUCCESS;
}

/* --- Data streams (§5.9) ------------------------------------------------------------- */

/*
 * Read, write and truncate need TEE_DATA_FLAG_ACCESS_READ / _WRITE; the OS reports a
 * missing right as ACCESS_CONFLICT, which none of them may return, so it panics (GP).
 */
TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void* buffer, size_t size, size_t* count) {
  uint64_t done = 0;
  TEE_Result res;

  if (!count || (!buffer && size))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  *count = 0;
  res = _utee_storage_obj_read(SWEMU_OBJ_ID(object), buffer, size, &done);
  if (res != TEE_SUCCESS)
    return allow(res, storage_error(res));
  if (done > size)
    TEE_Panic(TEE_ERROR_GENERIC);
  *count = (size_t)done;
  return TEE_SUCCESS;
}

TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void* buffer, size_t size) {
  TEE_Result res;

  if (!buffer && size)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = _utee_storage_obj_write(SWEMU_OBJ_ID(object), buffer, size);
  /* OVERFLOW: the position would pass TEE_DATA_MAX_POSITION. */
  return allow(res, res == TEE_ERROR_STORAGE_NO_SPACE || res == TEE_ERROR_OVERFLOW ||
                        storage_error(res));
}

TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size) {
  TEE_Result res = _utee_storage_obj_trunc(SWEMU_OBJ_ID(object), size);

  return allow(res, res == TEE_ERROR_STORAGE_NO_SPACE || storage_error(res));
}

TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset, TEE_Whence whence) {
  TEE_Result res;

  /* GP v1.3 widened the offset to intmax_t; the syscall (as OP-TEE's) still takes int32_t. */
  if (offset > INT32_MAX || offset < INT32_MIN)
    return TEE_ERROR_OVERFLOW;
  res = _utee_storage_obj_seek(SWEMU_OBJ_ID(object), (int32_t)offset, whence);
  return allow(res, res == TEE_ERROR_OVERFLOW || storage_error(res));
}
