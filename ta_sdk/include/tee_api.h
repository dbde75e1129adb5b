/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Copyright (c) 2026, the swemu authors
 *
 * The part of the GlobalPlatform TEE Internal Core API (v1.3.1) this SDK implements so
 * far. Every function declared here is defined in ta_sdk/src; nothing is declared ahead
 * of its implementation, so a TA that links is a TA that runs.
 */
#ifndef TEE_API_H
#define TEE_API_H

#include <stddef.h>
#include <stdint.h>

#include <tee_api_defines.h>
#include <tee_api_types.h>

/* --- Panic (§4.8) ------------------------------------------------------------------ */

/* Aborts the TA instance; the client sees TEE_ERROR_TARGET_DEAD. Never returns. */
void TEE_Panic(TEE_Result panicCode) __attribute__((noreturn));

/* --- Properties (§4.4) -------------------------------------------------------------- */

/*
 * `propsetOrEnumerator` is TEE_PROPSET_CURRENT_TA, _CURRENT_CLIENT or _TEE_IMPLEMENTATION
 * with a property `name`, or an enumerator (then `name` is ignored: the enumerator's
 * current property is read). Any other handle panics the TA.
 *
 * Every getter returns TEE_ERROR_ITEM_NOT_FOUND when there is no such property (or the
 * enumerator is not started or past its end), and TEE_ERROR_BAD_FORMAT when the property
 * cannot be read as the type asked for. A property of another type is converted from its
 * string form where GP defines one: "true"/"false" (any case) for a Boolean; decimal
 * (optionally with a K or M multiplier), 0x hexadecimal or 0b binary for an integer, with
 * `_` between digits allowed; base64 for a binary block; 8-4-4-4-12 hexadecimal for a
 * UUID; "login" or "login:uuid" for an identity.
 *
 * Buffers with a length use GP's in/out protocol: *len holds the buffer size on entry and
 * the size of the value on return; TEE_ERROR_SHORT_BUFFER when it does not fit.
 */

/* The string form of any property, NUL included in *valueBufferLen. */
TEE_Result TEE_GetPropertyAsString(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                   char* valueBuffer, size_t* valueBufferLen);
TEE_Result TEE_GetPropertyAsBool(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                 bool* value);
TEE_Result TEE_GetPropertyAsU32(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                uint32_t* value);
TEE_Result TEE_GetPropertyAsU64(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                uint64_t* value);
TEE_Result TEE_GetPropertyAsBinaryBlock(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                        void* valueBuffer, size_t* valueBufferLen);
TEE_Result TEE_GetPropertyAsUUID(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                 TEE_UUID* value);
TEE_Result TEE_GetPropertyAsIdentity(TEE_PropSetHandle propsetOrEnumerator, const char* name,
                                     TEE_Identity* value);

/* TEE_SUCCESS or TEE_ERROR_OUT_OF_MEMORY (*enumerator is then TEE_HANDLE_NULL). */
TEE_Result TEE_AllocatePropertyEnumerator(TEE_PropSetHandle* enumerator);
/* TEE_HANDLE_NULL is ignored. */
void TEE_FreePropertyEnumerator(TEE_PropSetHandle enumerator);
/* Points the enumerator at the first property of a set (a pseudo-handle). */
void TEE_StartPropertyEnumerator(TEE_PropSetHandle enumerator, TEE_PropSetHandle propSet);
/* Back to "not started". */
void TEE_ResetPropertyEnumerator(TEE_PropSetHandle enumerator);
/* The current property's name, NUL included in *nameBufferLen. */
TEE_Result TEE_GetPropertyName(TEE_PropSetHandle enumerator, void* nameBuffer,
                               size_t* nameBufferLen);
/* TEE_ERROR_ITEM_NOT_FOUND when not started, or when there is no next property. */
TEE_Result TEE_GetNextProperty(TEE_PropSetHandle enumerator);

/* --- Memory (§4.11) ------------------------------------------------------------------ */

/*
 * Returns TEE_SUCCESS if the TA may access [buffer, buffer + size) with `accessFlags`
 * (TEE_MEMORY_ACCESS_*), TEE_ERROR_ACCESS_DENIED otherwise. Asked of the OS (syscall 8).
 * Without TEE_MEMORY_ACCESS_ANY_OWNER the buffer must be the TA's own memory, not a
 * memref parameter its client shares; TEE_MEMORY_ACCESS_SECURE / _NONSECURE (OP-TEE
 * extensions) ask that it is all of that kind. A size of 0 always succeeds.
 */
TEE_Result TEE_CheckMemoryAccessRights(uint32_t accessFlags, void* buffer, size_t size);

/* One pointer per instance, kept for the TA (§4.11.2, §4.11.3). NULL until set. */
void TEE_SetInstanceData(const void* instanceData);
const void* TEE_GetInstanceData(void);

/*
 * 16-byte aligned blocks from the TA heap. hint: TEE_MALLOC_FILL_ZERO (0) zero-fills,
 * TEE_MALLOC_NO_FILL leaves the contents unspecified, TEE_MALLOC_NO_SHARE is accepted;
 * any other bit gives NULL. Size 0 gives a unique non-NULL pointer. NULL when out of heap.
 */
void* TEE_Malloc(size_t size, uint32_t hint);

/*
 * Resizes a block, keeping min(old, new) bytes; added bytes are unspecified (GP).
 * NULL `buffer` acts as TEE_Malloc(newSize, TEE_MALLOC_FILL_ZERO). On failure returns
 * NULL and leaves `buffer` untouched.
 */
void* TEE_Realloc(void* buffer, size_t newSize);

/* NULL is ignored. A pointer the allocator never returned panics the TA. */
void TEE_Free(void* buffer);

void TEE_MemMove(void* dest, const void* src, size_t size);
/* Compares as unsigned bytes; < 0, 0 or > 0. */
int32_t TEE_MemCompare(const void* buffer1, const void* buffer2, size_t size);
/* Fills with the low byte of x. */
void TEE_MemFill(void* buffer, uint32_t x, size_t size);

/*
 * OP-TEE extension: cache maintenance on a memref parameter. TEE_ERROR_NOT_SUPPORTED
 * unless the TA has TA_FLAG_CACHE_MAINTENANCE; TEE_ERROR_ACCESS_DENIED for the TA's own
 * memory or a range it cannot read.
 */
TEE_Result TEE_CacheClean(char* buf, size_t len);
TEE_Result TEE_CacheFlush(char* buf, size_t len);
TEE_Result TEE_CacheInvalidate(char* buf, size_t len);

/* --- TA-to-TA (§4.9) ---------------------------------------------------------------- */

/*
 * Opens a session to the TA `destination`, which sees this TA as its client (login
 * TEE_LOGIN_TRUSTED_APP with this TA's UUID). Memref buffers may be in this TA's private
 * memory: the OS copies them for the callee. Output values and memref sizes are written
 * back into `params`. cancellationRequestTimeout is accepted and currently ignored.
 * *returnOrigin (may be NULL) tells whether an error came from the TEE or the callee.
 */
TEE_Result TEE_OpenTASession(const TEE_UUID* destination, uint32_t cancellationRequestTimeout,
                             uint32_t paramTypes, TEE_Param params[TEE_NUM_PARAMS],
                             TEE_TASessionHandle* session, uint32_t* returnOrigin);
/* TEE_HANDLE_NULL is ignored; a handle this TA did not open panics. */
void TEE_CloseTASession(TEE_TASessionHandle session);
TEE_Result TEE_InvokeTACommand(TEE_TASessionHandle session, uint32_t cancellationRequestTimeout,
                               uint32_t commandID, uint32_t paramTypes,
                               TEE_Param params[TEE_NUM_PARAMS], uint32_t* returnOrigin);

/* --- Cancellation (§4.10) ------------------------------------------------------------ */

/* True if the client asked to cancel the current operation and cancellation is unmasked. */
bool TEE_GetCancellationFlag(void);
/* Both return the previous mask (true: masked). A new session starts masked. */
bool TEE_UnmaskCancellation(void);
bool TEE_MaskCancellation(void);

/* --- Time (§7.2) --------------------------------------------------------------------- */

/* Monotonic, with an arbitrary origin. */
void TEE_GetSystemTime(TEE_Time* time);
/*
 * Waits `timeout` ms (TEE_TIMEOUT_INFINITE: until cancelled). TEE_SUCCESS, or
 * TEE_ERROR_CANCEL as soon as the operation is cancelled while cancellation is unmasked.
 * The entry's time limit counts the wait too (see the TA's manifest, time_limit_ms).
 */
TEE_Result TEE_Wait(uint32_t timeout);
/*
 * TEE_SUCCESS; TEE_ERROR_TIME_NOT_SET or TEE_ERROR_TIME_NEEDS_RESET (time set to 0);
 * TEE_ERROR_OVERFLOW when the seconds wrapped past 2^32 (time holds the wrapped value).
 */
TEE_Result TEE_GetTAPersistentTime(TEE_Time* time);
/* TEE_SUCCESS, TEE_ERROR_OUT_OF_MEMORY or TEE_ERROR_STORAGE_NO_SPACE. */
TEE_Result TEE_SetTAPersistentTime(const TEE_Time* time);
/* The normal world's wall clock, seconds since the Unix epoch. */
void TEE_GetREETime(TEE_Time* time);

/* --- Generic object functions (§5.5) and transient objects (§5.6) ------------------- */

/*
 * Objects are owned by the OS (syscalls 24-31, 54); a TEE_ObjectHandle is the OS's
 * handle. A handle the TA does not own, or a call the GP specification forbids (populating
 * an initialized object, a buffer attribute asked for as a value, ...), panics the TA.
 * Functions returning TEE_Result also return TEE_ERROR_CORRUPT_OBJECT and
 * TEE_ERROR_STORAGE_NOT_AVAILABLE where GP lists them (persistent objects); the forms
 * without the `1` suffix (GP v1.1) panic instead.
 */
TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object, TEE_ObjectInfo* objectInfo);
void TEE_GetObjectInfo(TEE_ObjectHandle object, TEE_ObjectInfo* objectInfo);
TEE_Result TEE_RestrictObjectUsage1(TEE_ObjectHandle object, uint32_t objectUsage);
void TEE_RestrictObjectUsage(TEE_ObjectHandle object, uint32_t objectUsage);
/*
 * TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_SHORT_BUFFER (*size set to the length needed). Per
 * GP (TEE_GetObject*Attribute) these panic: an uninitialized object, an attribute of the other kind
 * (value vs buffer), a protected attribute of an object without TEE_USAGE_EXTRACTABLE.
 * For a value attribute, `a` and `b` may be NULL.
 */
TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object, uint32_t attributeID, void* buffer,
                                        size_t* size);
TEE_Result TEE_GetObjectValueAttribute(TEE_ObjectHandle object, uint32_t attributeID, uint32_t* a,
                                       uint32_t* b);
/* TEE_HANDLE_NULL is ignored. */
void TEE_CloseObject(TEE_ObjectHandle object);

/* TEE_ERROR_OUT_OF_MEMORY or TEE_ERROR_NOT_SUPPORTED (*object then TEE_HANDLE_NULL). */
TEE_Result TEE_AllocateTransientObject(TEE_ObjectType objectType, uint32_t maxObjectSize,
                                       TEE_ObjectHandle* object);
/* Both ignore TEE_HANDLE_NULL and panic on a persistent object. */
void TEE_FreeTransientObject(TEE_ObjectHandle object);
void TEE_ResetTransientObject(TEE_ObjectHandle object);
/*
 * TEE_ERROR_BAD_PARAMETERS for a missing, unknown or oversized attribute (the object stays
 * uninitialized). A persistent or already initialized object panics.
 */
TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object, const TEE_Attribute* attrs,
                                       uint32_t attrCount);
/* Each panics when attributeID is of the other kind (bit 29, TEE_ATTR_FLAG_VALUE). */
void TEE_InitRefAttribute(TEE_Attribute* attr, uint32_t attributeID, const void* buffer,
                          size_t length);
void TEE_InitValueAttribute(TEE_Attribute* attr, uint32_t attributeID, uint32_t a, uint32_t b);
void TEE_CopyObjectAttributes(TEE_ObjectHandle destObject, TEE_ObjectHandle srcObject);
TEE_Result TEE_CopyObjectAttributes1(TEE_ObjectHandle destObject, TEE_ObjectHandle srcObject);
/*
 * TEE_ERROR_BAD_PARAMETERS for a key size or parameter the type does not allow. A
 * persistent or already initialized object panics.
 */
TEE_Result TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize, const TEE_Attribute* params,
                           uint32_t paramCount);

/* --- Persistent objects (§5.7), enumerators (§5.8), data streams (§5.9) ------------- */

/*
 * Objects live in the OS's secure storage (syscalls 41-53); a TEE_ObjectEnumHandle, like a
 * TEE_ObjectHandle, is the OS's handle. Close a persistent object with TEE_CloseObject;
 * TEE_GetObjectInfo1, TEE_RestrictObjectUsage1, TEE_GetObject*Attribute and
 * TEE_SetOperationKey take it too. Every function returns only the codes GP lists for it
 * and panics on anything else: an invalid handle, an identifier longer than
 * TEE_OBJECT_ID_MAX_LEN, a call without the access right it needs (TEE_DATA_FLAG_*).
 * Except TEE_AllocatePersistentObjectEnumerator, those returning a TEE_Result may also
 * return TEE_ERROR_CORRUPT_OBJECT (the object is then deleted and its handle closed) and
 * TEE_ERROR_STORAGE_NOT_AVAILABLE.
 */

/*
 * TEE_ERROR_ITEM_NOT_FOUND (no such object or storage), TEE_ERROR_ACCESS_CONFLICT (the
 * sharing rules refuse), TEE_ERROR_OUT_OF_MEMORY, TEE_ERROR_STORAGE_NO_SPACE. On failure
 * *object is TEE_HANDLE_NULL.
 */
TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void* objectID, size_t objectIDLen,
                                    uint32_t flags, TEE_ObjectHandle* object);
/*
 * `attributes`: TEE_HANDLE_NULL for a pure data object, else an initialized object whose
 * type, size, usage and attributes are copied. `object` may be NULL: the new object is
 * closed at once (as in OP-TEE, a transient `attributes` object then becomes the new
 * persistent object, under the same handle). Also TEE_ERROR_ACCESS_CONFLICT for an
 * existing object without TEE_DATA_FLAG_OVERWRITE, TEE_ERROR_ITEM_NOT_FOUND for an
 * unknown storageID (OP-TEE).
 */
TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void* objectID, size_t objectIDLen,
                                      uint32_t flags, TEE_ObjectHandle attributes,
                                      const void* initialData, size_t initialDataLen,
                                      TEE_ObjectHandle* object);
/*
 * Needs TEE_DATA_FLAG_ACCESS_WRITE_META; the handle is closed on success. TEE_HANDLE_NULL
 * gives TEE_SUCCESS. The form without `1` (GP v1.0) panics on any failure.
 */
TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object);
void TEE_CloseAndDeletePersistentObject(TEE_ObjectHandle object);
/* Needs TEE_DATA_FLAG_ACCESS_WRITE_META. TEE_ERROR_ACCESS_CONFLICT: the new id is in use. */
TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object, const void* newObjectID,
                                      size_t newObjectIDLen);

/* TEE_ERROR_OUT_OF_MEMORY (*objectEnumerator then TEE_HANDLE_NULL). */
TEE_Result TEE_AllocatePersistentObjectEnumerator(TEE_ObjectEnumHandle* objectEnumerator);
/* TEE_HANDLE_NULL is ignored. */
void TEE_FreePersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator);
/* Back to "not started". */
void TEE_ResetPersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator);
/* TEE_ERROR_ITEM_NOT_FOUND: an unknown storage, or one without objects. */
TEE_Result TEE_StartPersistentObjectEnumerator(TEE_ObjectEnumHandle objectEnumerator,
                                               uint32_t storageID);
/*
 * objectID must hold TEE_OBJECT_ID_MAX_LEN bytes; *objectIDLen is set to the identifier's
 * length. objectInfo may be NULL. TEE_ERROR_ITEM_NOT_FOUND past the last object or when
 * not started.
 */
TEE_Result TEE_GetNextPersistentObject(TEE_ObjectEnumHandle objectEnumerator,
                                       TEE_ObjectInfo* objectInfo, void* objectID,
                                       size_t* objectIDLen);

/*
 * From the data position, which moves past what was read or written. Read needs
 * TEE_DATA_FLAG_ACCESS_READ (*count < size at the end of the stream); write and truncate
 * need TEE_DATA_FLAG_ACCESS_WRITE and may return TEE_ERROR_STORAGE_NO_SPACE; write
 * returns TEE_ERROR_OVERFLOW when the position would pass TEE_DATA_MAX_POSITION.
 * Truncating past the end extends the stream with zeros.
 */
TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void* buffer, size_t size, size_t* count);
TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void* buffer, size_t size);
TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size);
/*
 * whence: TEE_DATA_SEEK_SET, _CUR or _END. A negative position becomes 0; one past
 * TEE_DATA_MAX_POSITION, or an offset outside the int32_t range, is TEE_ERROR_OVERFLOW.
 */
TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset, TEE_Whence whence);

/* --- Cryptographic operations (§6.2-6.8) -------------------------------------------- */

/*
 * Operations live in the TA heap; their cryptographic state and key objects in the OS.
 * A handle that is not a live operation, a function of another class or mode, a
 * multi-stage call in the wrong state or without a key, and any error a function cannot
 * return panic the TA (GP "Panic Reasons"). Output lengths are in/out: buffer size in,
 * bytes written out, or the size needed with TEE_ERROR_SHORT_BUFFER (state unchanged).
 *
 * TEE_AllocateOperation: TEE_ERROR_NOT_SUPPORTED for an algorithm, mode or maxKeySize
 * swemu does not implement (as OP-TEE's libutee does for a mode the algorithm does not
 * allow; see docs/crypto.md), TEE_ERROR_OUT_OF_MEMORY.
 */
TEE_Result TEE_AllocateOperation(TEE_OperationHandle* operation, uint32_t algorithm, uint32_t mode,
                                 uint32_t maxKeySize);
void TEE_FreeOperation(TEE_OperationHandle operation);
/* For AES-XTS (two keys) keySize and requiredKeyUsage read 0, as GP says. */
void TEE_GetOperationInfo(TEE_OperationHandle operation, TEE_OperationInfo* operationInfo);
/* TEE_ERROR_SHORT_BUFFER (*operationSize set) when the keys' entries do not fit. */
TEE_Result TEE_GetOperationInfoMultiple(TEE_OperationHandle operation,
                                        TEE_OperationInfoMultiple* operationInfoMultiple,
                                        size_t* operationSize);
void TEE_ResetOperation(TEE_OperationHandle operation);
/*
 * Copies the key into the operation (TEE_HANDLE_NULL clears it), so the TA may free its
 * own object afterwards. Panics unless the operation is in initial state and the key is
 * initialized, has the required usage, fits maxKeySize and suits the algorithm.
 */
TEE_Result TEE_SetOperationKey(TEE_OperationHandle operation, TEE_ObjectHandle key);
TEE_Result TEE_SetOperationKey2(TEE_OperationHandle operation, TEE_ObjectHandle key1,
                                TEE_ObjectHandle key2);
void TEE_CopyOperation(TEE_OperationHandle dstOperation, TEE_OperationHandle srcOperation);
/*
 * TEE_SUCCESS or TEE_ERROR_NOT_SUPPORTED. element: the curve (TEE_ECC_CURVE_*) for ECDSA,
 * ECDH and X25519, TEE_CRYPTO_ELEMENT_NONE for every other algorithm (GP).
 */
TEE_Result TEE_IsAlgorithmSupported(uint32_t algId, uint32_t element);

/*
 * A digest stays usable after DoFinal. DigestExtract finishes the digest on its first call
 * and hands out the next bytes on each call (*hashLen: bytes written); DigestUpdate then
 * panics until TEE_ResetOperation.
 */
void TEE_DigestUpdate(TEE_OperationHandle operation, const void* chunk, size_t chunkSize);
TEE_Result TEE_DigestDoFinal(TEE_OperationHandle operation, const void* chunk, size_t chunkLen,
                             void* hash, size_t* hashLen);
TEE_Result TEE_DigestExtract(TEE_OperationHandle operation, void* hash, size_t* hashLen);

/* An Init restarts an active operation; a final call ends it (a new Init is needed). */
void TEE_CipherInit(TEE_OperationHandle operation, const void* IV, size_t IVLen);
TEE_Result TEE_CipherUpdate(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                            void* destData, size_t* destLen);
TEE_Result TEE_CipherDoFinal(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                             void* destData, size_t* destLen);

void TEE_MACInit(TEE_OperationHandle operation, const void* IV, size_t IVLen);
void TEE_MACUpdate(TEE_OperationHandle operation, const void* chunk, size_t chunkSize);
TEE_Result TEE_MACComputeFinal(TEE_OperationHandle operation, const void* message,
                               size_t messageLen, void* mac, size_t* macLen);
/* TEE_ERROR_MAC_INVALID when the MAC does not match. */
TEE_Result TEE_MACCompareFinal(TEE_OperationHandle operation, const void* message,
                               size_t messageLen, const void* mac, size_t macLen);

/* tagLen in bits. TEE_ERROR_NOT_SUPPORTED for a tag length the algorithm does not allow. */
TEE_Result TEE_AEInit(TEE_OperationHandle operation, const void* nonce, size_t nonceLen,
                      uint32_t tagLen, size_t AADLen, size_t payloadLen);
void TEE_AEUpdateAAD(TEE_OperationHandle operation, const void* AADdata, size_t AADdataLen);
TEE_Result TEE_AEUpdate(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                        void* destData, size_t* destLen);
TEE_Result TEE_AEEncryptFinal(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                              void* destData, size_t* destLen, void* tag, size_t* tagLen);
/* TEE_ERROR_MAC_INVALID on a wrong tag; no plaintext is released then. */
TEE_Result TEE_AEDecryptFinal(TEE_OperationHandle operation, const void* srcData, size_t srcLen,
                              void* destData, size_t* destLen, void* tag, size_t tagLen);

/*
 * Encrypt: TEE_ERROR_BAD_PARAMETERS for a message the key cannot take. Decrypt: also
 * TEE_ERROR_CIPHERTEXT_INVALID when the padding does not check.
 */
TEE_Result TEE_AsymmetricEncrypt(TEE_OperationHandle operation, const TEE_Attribute* params,
                                 uint32_t paramCount, const void* srcData, size_t srcLen,
                                 void* destData, size_t* destLen);
TEE_Result TEE_AsymmetricDecrypt(TEE_OperationHandle operation, const TEE_Attribute* params,
                                 uint32_t paramCount, const void* srcData, size_t srcLen,
                                 void* destData, size_t* destLen);
TEE_Result TEE_AsymmetricSignDigest(TEE_OperationHandle operation, const TEE_Attribute* params,
                                    uint32_t paramCount, const void* digest, size_t digestLen,
                                    void* signature, size_t* signatureLen);
/* TEE_ERROR_SIGNATURE_INVALID when the signature does not match. */
TEE_Result TEE_AsymmetricVerifyDigest(TEE_OperationHandle operation, const TEE_Attribute* params,
                                      uint32_t paramCount, const void* digest, size_t digestLen,
                                      const void* signature, size_t signatureLen);

/* derivedKey: a transient, uninitialized object. Any failure panics (GP). */
void TEE_DeriveKey(TEE_OperationHandle operation, const TEE_Attribute* params, uint32_t paramCount,
                   TEE_ObjectHandle derivedKey);

/* --- Random (§6.11) ------------------------------------------------------------------ */

void TEE_GenerateRandom(void* randomBuffer, size_t randomBufferLen);

#endif /* TEE_API_H */
