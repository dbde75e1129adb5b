// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2026, the swemu authors
 *
 * Generic object functions and transient objects (GP TEE Internal Core API v1.3.1 §5.5,
 * §5.6). The OS owns every object (syscalls 24-31, 54); a TEE_ObjectHandle is the OS's
 * 32-bit handle. Each function returns the codes GP lists for it and panics on any other
 * failure, as GP's "Panic Reasons" require (an invalid handle, a call on an object in the
 * wrong state, a wrong attribute kind).
 */
#include <stdint.h>
#include <string.h>

#include <tee_api.h>
#include <user_ta_header.h>
#include <utee_syscalls.h>

#include "tee_api_crypto_internal.h"

void swemu_attrs_convert(struct swemu_attr_list* list, const TEE_Attribute* attrs, uint32_t count) {
  list->count = count;
  list->attrs = list->local;
  if (count == 0)
    return;
  if (!attrs)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if (count > SWEMU_LOCAL_ATTRS) {
    /* On AArch32, count * 24 can exceed SIZE_MAX. */
    if ((size_t)count > SIZE_MAX / sizeof(struct utee_attribute))
      TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
    list->attrs = TEE_Malloc(count * sizeof(struct utee_attribute), TEE_MALLOC_FILL_ZERO);
    if (!list->attrs)
      TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
  }
  for (uint32_t n = 0; n < count; n++) {
    struct utee_attribute* ua = &list->attrs[n];

    ua->attribute_id = attrs[n].attributeID;
    ua->reserved = 0;
    if (attrs[n].attributeID & TEE_ATTR_FLAG_VALUE) {
      ua->a = attrs[n].content.value.a;
      ua->b = attrs[n].content.value.b;
    } else {
      ua->a = (uint64_t)(uintptr_t)attrs[n].content.ref.buffer;
      ua->b = attrs[n].content.ref.length;
    }
  }
}

void swemu_attrs_release(struct swemu_attr_list* list) {
  if (list->attrs != list->local)
    TEE_Free(list->attrs);
  list->attrs = list->local;
  list->count = 0;
}

/* Object info from the OS; any failure other than the ones GP lets through panics. */
static TEE_Result get_info(TEE_ObjectHandle object, struct utee_object_info* info) {
  TEE_Result res = _utee_cryp_obj_get_info(SWEMU_OBJ_ID(object), info);

  if (res != TEE_SUCCESS && res != TEE_ERROR_CORRUPT_OBJECT &&
      res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
    TEE_Panic(res);
  return res;
}

/* The transient-object functions panic on a persistent object (GP: TEE_FreeTransientObject,
 * TEE_ResetTransientObject, ...). */
static void require_transient(TEE_ObjectHandle object, struct utee_object_info* info) {
  TEE_Result res = _utee_cryp_obj_get_info(SWEMU_OBJ_ID(object), info);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
  if (info->handle_flags & TEE_HANDLE_FLAG_PERSISTENT)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
}

TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object, TEE_ObjectInfo* objectInfo) {
  struct utee_object_info info;
  TEE_Result res;

  if (!objectInfo)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = get_info(object, &info);
  if (res != TEE_SUCCESS)
    return res;
  objectInfo->objectType = info.obj_type;
  objectInfo->objectSize = info.obj_size;
  objectInfo->maxObjectSize = info.max_obj_size;
  objectInfo->objectUsage = info.obj_usage;
  objectInfo->dataSize = info.data_size;
  objectInfo->dataPosition = info.data_pos;
  objectInfo->handleFlags = info.handle_flags;
  return TEE_SUCCESS;
}

/* The GP v1.1 form: no error is reported, so every failure panics. */
void TEE_GetObjectInfo(TEE_ObjectHandle object, TEE_ObjectInfo* objectInfo) {
  TEE_Result res = TEE_GetObjectInfo1(object, objectInfo);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_RestrictObjectUsage1(TEE_ObjectHandle object, uint32_t objectUsage) {
  TEE_Result res = _utee_cryp_obj_restrict_usage(SWEMU_OBJ_ID(object), objectUsage);

  if (res != TEE_SUCCESS && res != TEE_ERROR_CORRUPT_OBJECT &&
      res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
    TEE_Panic(res);
  return res;
}

void TEE_RestrictObjectUsage(TEE_ObjectHandle object, uint32_t objectUsage) {
  TEE_Result res = TEE_RestrictObjectUsage1(object, objectUsage);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

/*
 * Shared by the two attribute getters. GP (TEE_GetObjectBufferAttribute,
 * TEE_GetObjectValueAttribute) makes reading an attribute of an uninitialized object, or a
 * protected attribute of an object without TEE_USAGE_EXTRACTABLE, a panic; the OS reports those as
 * ITEM_NOT_FOUND and ACCESS_DENIED, so the initialized check is done here first.
 */
static TEE_Result get_attribute(TEE_ObjectHandle object, uint32_t attributeID, void* buffer,
                                uint64_t* size) {
  struct utee_object_info info;
  TEE_Result res = get_info(object, &info);

  if (res != TEE_SUCCESS)
    return res;
  if (!(info.handle_flags & TEE_HANDLE_FLAG_INITIALIZED))
    TEE_Panic(TEE_ERROR_BAD_STATE);
  res = _utee_cryp_obj_get_attr(SWEMU_OBJ_ID(object), attributeID, buffer, size);
  if (res != TEE_SUCCESS && res != TEE_ERROR_ITEM_NOT_FOUND && res != TEE_ERROR_SHORT_BUFFER &&
      res != TEE_ERROR_CORRUPT_OBJECT && res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
    TEE_Panic(res);
  return res;
}

TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object, uint32_t attributeID, void* buffer,
                                        size_t* size) {
  uint64_t len;
  TEE_Result res;

  if (attributeID & TEE_ATTR_FLAG_VALUE)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  if (!size)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  len = *size;
  res = get_attribute(object, attributeID, buffer, &len);
  if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
    *size = (size_t)len;
  return res;
}

TEE_Result TEE_GetObjectValueAttribute(TEE_ObjectHandle object, uint32_t attributeID, uint32_t* a,
                                       uint32_t* b) {
  uint32_t value[2] = {0, 0};
  uint64_t len = sizeof(value);
  TEE_Result res;

  if (!(attributeID & TEE_ATTR_FLAG_VALUE))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = get_attribute(object, attributeID, value, &len);
  /* A value attribute is always 8 bytes, so SHORT_BUFFER would mean a confused OS. */
  if (res == TEE_ERROR_SHORT_BUFFER || (res == TEE_SUCCESS && len != sizeof(value)))
    TEE_Panic(TEE_ERROR_GENERIC);
  if (res != TEE_SUCCESS)
    return res;
  if (a)
    *a = value[0];
  if (b)
    *b = value[1];
  return TEE_SUCCESS;
}

void TEE_CloseObject(TEE_ObjectHandle object) {
  TEE_Result res;

  if (object == TEE_HANDLE_NULL)
    return;
  res = _utee_cryp_obj_close(SWEMU_OBJ_ID(object));
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_AllocateTransientObject(TEE_ObjectType objectType, uint32_t maxObjectSize,
                                       TEE_ObjectHandle* object) {
  uint32_t handle = 0;
  TEE_Result res;

  if (!object)
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  res = _utee_cryp_obj_alloc(objectType, maxObjectSize, &handle);
  if (res != TEE_SUCCESS) {
    *object = TEE_HANDLE_NULL;
    if (res != TEE_ERROR_OUT_OF_MEMORY && res != TEE_ERROR_NOT_SUPPORTED)
      TEE_Panic(res);
    return res;
  }
  *object = (TEE_ObjectHandle)(uintptr_t)handle;
  return TEE_SUCCESS;
}

void TEE_FreeTransientObject(TEE_ObjectHandle object) {
  struct utee_object_info info;
  TEE_Result res;

  if (object == TEE_HANDLE_NULL)
    return;
  require_transient(object, &info);
  res = _utee_cryp_obj_close(SWEMU_OBJ_ID(object));
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

void TEE_ResetTransientObject(TEE_ObjectHandle object) {
  struct utee_object_info info;
  TEE_Result res;

  if (object == TEE_HANDLE_NULL)
    return;
  require_transient(object, &info);
  res = _utee_cryp_obj_reset(SWEMU_OBJ_ID(object));
  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object, const TEE_Attribute* attrs,
                                       uint32_t attrCount) {
  struct utee_object_info info;
  struct swemu_attr_list list;
  TEE_Result res;

  require_transient(object, &info);
  /* GP TEE_PopulateTransientObject: populating an initialized object is a programming error. */
  if (info.handle_flags & TEE_HANDLE_FLAG_INITIALIZED)
    TEE_Panic(TEE_ERROR_BAD_STATE);
  swemu_attrs_convert(&list, attrs, attrCount);
  res = _utee_cryp_obj_populate(SWEMU_OBJ_ID(object), list.attrs, list.count);
  swemu_attrs_release(&list);
  if (res != TEE_SUCCESS && res != TEE_ERROR_BAD_PARAMETERS)
    TEE_Panic(res);
  return res;
}

void TEE_InitRefAttribute(TEE_Attribute* attr, uint32_t attributeID, const void* buffer,
                          size_t length) {
  /* GP TEE_InitRefAttribute: bit 29 set means a value attribute, which this form cannot carry. */
  if (!attr || (attributeID & TEE_ATTR_FLAG_VALUE))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  attr->attributeID = attributeID;
  attr->content.ref.buffer = (void*)(uintptr_t)buffer;
  attr->content.ref.length = length;
}

void TEE_InitValueAttribute(TEE_Attribute* attr, uint32_t attributeID, uint32_t a, uint32_t b) {
  if (!attr || !(attributeID & TEE_ATTR_FLAG_VALUE))
    TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
  attr->attributeID = attributeID;
  attr->content.value.a = a;
  attr->content.value.b = b;
}

TEE_Result TEE_CopyObjectAttributes1(TEE_ObjectHandle destObject, TEE_ObjectHandle srcObject) {
  TEE_Result res = _utee_cryp_obj_copy(SWEMU_OBJ_ID(destObject), SWEMU_OBJ_ID(srcObject));

  if (res != TEE_SUCCESS && res != TEE_ERROR_CORRUPT_OBJECT &&
      res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
    TEE_Panic(res);
  return res;
}

void TEE_CopyObjectAttributes(TEE_ObjectHandle destObject, TEE_ObjectHandle srcObject) {
  TEE_Result res = TEE_CopyObjectAttributes1(destObject, srcObject);

  if (res != TEE_SUCCESS)
    TEE_Panic(res);
}

TEE_Result TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize, const TEE_Attribute* params,
                           uint32_t paramCount) {
  struct utee_object_info info;
  struct swemu_attr_list list;
  TEE_Result res;

  /* GP TEE_GenerateKey: the object must be transient and not yet initialized. */
  require_transient(object, &info);
  if (info.handle_flags & TEE_HANDLE_FLAG_INITIALIZED)
    TEE_Panic(TEE_ERROR_BAD_STATE);
  swemu_attrs_convert(&list, params, paramCount);
  res = _utee_cryp_obj_generate_key(SWEMU_OBJ_ID(object), keySize, list.attrs, list.count);
  swemu_attrs_release(&list);
  if (res != TEE_SUCCESS && res != TEE_ERROR_BAD_PARAMETERS)
    TEE_Panic(res);
  return res;
}
