#include <tee_internal_api.h>

#include <checksum_ta.h>
#include <fletcher.h>

TEE_Result TA_CreateEntryPoint(void) {
  return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void) {}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void** sess_ctx) {
  (void)param_types;
  (void)params;
  (void)sess_ctx;
  IMSG("checksum TA: session opened");
  return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void* sess_ctx) {
  (void)sess_ctx;
}

TEE_Result TA_InvokeCommandEntryPoint(void* sess_ctx, uint32_t cmd_id, uint32_t param_types,
                                      TEE_Param params[4]) {
  const uint32_t expected =
      TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
                      TEE_PARAM_TYPE_NONE);
  (void)sess_ctx;
  if (cmd_id == TA_CHECKSUM_CMD_APP_ID) {
    TEE_UUID id;
    TEE_Result res;

    if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
                                       TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
      return TEE_ERROR_BAD_PARAMETERS;
    res = TEE_GetPropertyAsUUID(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID", &id);
    if (res != TEE_SUCCESS)
      return res;
    params[0].value.a = id.timeLow;
    return TEE_SUCCESS;
  }
  if (cmd_id != TA_CHECKSUM_CMD_FLETCHER16)
    return TEE_ERROR_NOT_SUPPORTED;
  if (param_types != expected)
    return TEE_ERROR_BAD_PARAMETERS;

  /* Work on a private copy, as a TA should with shared memory. */
  size_t len = params[0].memref.size;
  uint8_t* copy = TEE_Malloc(len ? len : 1, TEE_MALLOC_FILL_ZERO);
  if (!copy)
    return TEE_ERROR_OUT_OF_MEMORY;
  TEE_MemMove(copy, params[0].memref.buffer, len);
  params[1].value.a = fletcher16(copy, len);
  params[1].value.b = CHECKSUM_SEED;
  TEE_Free(copy);
  return TEE_SUCCESS;
}
