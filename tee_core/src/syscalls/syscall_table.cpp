#include "syscalls/syscalls.h"

#include <array>
#include <iterator>
#include <string_view>

#include "swemu/core/tee_abi.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

// Numbers of the syscalls registered here beyond tee_abi.h's (optee-abi.md §5.2).
constexpr uint32_t kScnGetProperty = 3;
constexpr uint32_t kScnGetPropertyNameToIndex = 4;
constexpr uint32_t kScnOpenTaSession = 5;
constexpr uint32_t kScnCloseTaSession = 6;
constexpr uint32_t kScnInvokeTaCommand = 7;
constexpr uint32_t kScnCheckAccessRights = 8;
constexpr uint32_t kScnGetCancellationFlag = 9;
constexpr uint32_t kScnUnmaskCancellation = 10;
constexpr uint32_t kScnMaskCancellation = 11;
constexpr uint32_t kScnWait = 12;
constexpr uint32_t kScnGetTime = 13;
constexpr uint32_t kScnSetTaTime = 14;
// Crypto (15-32, 34-40, 54).
constexpr uint32_t kScnCrypStateAlloc = 15;
constexpr uint32_t kScnCrypStateCopy = 16;
constexpr uint32_t kScnCrypStateFree = 17;
constexpr uint32_t kScnHashInit = 18;
constexpr uint32_t kScnHashUpdate = 19;
constexpr uint32_t kScnHashFinal = 20;
constexpr uint32_t kScnCipherInit = 21;
constexpr uint32_t kScnCipherUpdate = 22;
constexpr uint32_t kScnCipherFinal = 23;
constexpr uint32_t kScnCrypObjGetInfo = 24;
constexpr uint32_t kScnCrypObjRestrictUsage = 25;
constexpr uint32_t kScnCrypObjGetAttr = 26;
constexpr uint32_t kScnCrypObjAlloc = 27;
constexpr uint32_t kScnCrypObjClose = 28;
constexpr uint32_t kScnCrypObjReset = 29;
constexpr uint32_t kScnCrypObjPopulate = 30;
constexpr uint32_t kScnCrypObjCopy = 31;
constexpr uint32_t kScnCrypDeriveKey = 32;
constexpr uint32_t kScnAuthencInit = 34;
constexpr uint32_t kScnAuthencUpdateAad = 35;
constexpr uint32_t kScnAuthencUpdatePayload = 36;
constexpr uint32_t kScnAuthencEncFinal = 37;
constexpr uint32_t kScnAuthencDecFinal = 38;
constexpr uint32_t kScnAsymmOperate = 39;
constexpr uint32_t kScnAsymmVerify = 40;
constexpr uint32_t kScnStorageObjOpen = 41;
constexpr uint32_t kScnStorageObjCreate = 42;
constexpr uint32_t kScnStorageObjDel = 43;
constexpr uint32_t kScnStorageObjRename = 44;
constexpr uint32_t kScnStorageEnumAlloc = 45;
constexpr uint32_t kScnStorageEnumFree = 46;
constexpr uint32_t kScnStorageEnumReset = 47;
constexpr uint32_t kScnStorageEnumStart = 48;
constexpr uint32_t kScnStorageEnumNext = 49;
constexpr uint32_t kScnStorageObjRead = 50;
constexpr uint32_t kScnStorageObjWrite = 51;
constexpr uint32_t kScnStorageObjTrunc = 52;
constexpr uint32_t kScnStorageObjSeek = 53;
constexpr uint32_t kScnCrypObjGenerateKey = 54;
constexpr uint32_t kScnSeFirstDeprecated = 55; // SE_SERVICE_OPEN ...
constexpr uint32_t kScnSeLastDeprecated = 69;  // ... SE_CHANNEL_CLOSE
constexpr uint32_t kScnCacheOperation = 70;

constexpr std::array<SyscallHandler, TEE_SCN_MAX + 1> make_table() {
  std::array<SyscallHandler, TEE_SCN_MAX + 1> t{};
  for (auto& h : t)
    h = sys_not_supported;
  t[TEE_SCN_RETURN] = sys_return;
  t[TEE_SCN_LOG] = sys_log;
  t[TEE_SCN_PANIC] = sys_panic;
  t[kScnGetProperty] = sys_get_property;
  t[kScnGetPropertyNameToIndex] = sys_get_property_name_to_index;
  t[kScnOpenTaSession] = sys_open_ta_session;
  t[kScnCloseTaSession] = sys_close_ta_session;
  t[kScnInvokeTaCommand] = sys_invoke_ta_command;
  t[kScnCheckAccessRights] = sys_check_access_rights;
  t[kScnGetCancellationFlag] = sys_get_cancellation_flag;
  t[kScnUnmaskCancellation] = sys_unmask_cancellation;
  t[kScnMaskCancellation] = sys_mask_cancellation;
  t[kScnWait] = sys_wait;
  t[kScnGetTime] = sys_get_time;
  t[kScnSetTaTime] = sys_set_ta_time;
  t[kScnCrypStateAlloc] = sys_cryp_state_alloc;
  t[kScnCrypStateCopy] = sys_cryp_state_copy;
  t[kScnCrypStateFree] = sys_cryp_state_free;
  t[kScnHashInit] = sys_hash_init;
  t[kScnHashUpdate] = sys_hash_update;
  t[kScnHashFinal] = sys_hash_final;
  t[kScnCipherInit] = sys_cipher_init;
  t[kScnCipherUpdate] = sys_cipher_update;
  t[kScnCipherFinal] = sys_cipher_final;
  t[kScnCrypObjGetInfo] = sys_cryp_obj_get_info;
  t[kScnCrypObjRestrictUsage] = sys_cryp_obj_restrict_usage;
  t[kScnCrypObjGetAttr] = sys_cryp_obj_get_attr;
  t[kScnCrypObjAlloc] = sys_cryp_obj_alloc;
  t[kScnCrypObjClose] = sys_cryp_obj_close;
  t[kScnCrypObjReset] = sys_cryp_obj_reset;
  t[kScnCrypObjPopulate] = sys_cryp_obj_populate;
  t[kScnCrypObjCopy] = sys_cryp_obj_copy;
  t[kScnCrypDeriveKey] = sys_cryp_derive_key;
  t[TEE_SCN_CRYP_RANDOM_NUMBER_GENERATE] = sys_random;
  t[kScnAuthencInit] = sys_authenc_init;
  t[kScnAuthencUpdateAad] = sys_authenc_update_aad;
  t[kScnAuthencUpdatePayload] = sys_authenc_update_payload;
  t[kScnAuthencEncFinal] = sys_authenc_enc_final;
  t[kScnAuthencDecFinal] = sys_authenc_dec_final;
  t[kScnAsymmOperate] = sys_asymm_operate;
  t[kScnAsymmVerify] = sys_asymm_verify;
  t[kScnCrypObjGenerateKey] = sys_cryp_obj_generate_key;
  t[kScnStorageObjOpen] = sys_storage_obj_open;
  t[kScnStorageObjCreate] = sys_storage_obj_create;
  t[kScnStorageObjDel] = sys_storage_obj_del;
  t[kScnStorageObjRename] = sys_storage_obj_rename;
  t[kScnStorageEnumAlloc] = sys_storage_alloc_enum;
  t[kScnStorageEnumFree] = sys_storage_free_enum;
  t[kScnStorageEnumReset] = sys_storage_reset_enum;
  t[kScnStorageEnumStart] = sys_storage_start_enum;
  t[kScnStorageEnumNext] = sys_storage_next_enum;
  t[kScnStorageObjRead] = sys_storage_obj_read;
  t[kScnStorageObjWrite] = sys_storage_obj_write;
  t[kScnStorageObjTrunc] = sys_storage_obj_trunc;
  t[kScnStorageObjSeek] = sys_storage_obj_seek;
  // The old Secure Element API: OP-TEE answers NOT_SUPPORTED, and so do we.
  for (uint32_t n = kScnSeFirstDeprecated; n <= kScnSeLastDeprecated; ++n)
    t[n] = sys_not_supported;
  t[kScnCacheOperation] = sys_cache_operation;
  return t;
}

constexpr auto kTable = make_table();

} // namespace

SyscallHandler lookup_syscall(uint64_t number) {
  return number < kTable.size() ? kTable[number] : sys_not_supported;
}

uint32_t sys_not_supported(TaInstance&, const SyscallArgs&) {
  return TEE_ERROR_NOT_SUPPORTED;
}

namespace {

// Names and argument counts of syscalls 0-54 and 70 (optee-abi.md §5.2).
struct SyscallInfo {
  const char* name;
  uint8_t args;
};
constexpr SyscallInfo kSyscallInfo[] = {{"RETURN", 1},
                                        {"LOG", 2},
                                        {"PANIC", 2},
                                        {"GET_PROPERTY", 7},
                                        {"GET_PROPERTY_NAME_TO_INDEX", 4},
                                        {"OPEN_TA_SESSION", 5},
                                        {"CLOSE_TA_SESSION", 1},
                                        {"INVOKE_TA_COMMAND", 5},
                                        {"CHECK_ACCESS_RIGHTS", 3},
                                        {"GET_CANCELLATION_FLAG", 1},
                                        {"UNMASK_CANCELLATION", 1},
                                        {"MASK_CANCELLATION", 1},
                                        {"WAIT", 1},
                                        {"GET_TIME", 2},
                                        {"SET_TA_TIME", 1},
                                        {"CRYP_STATE_ALLOC", 5},
                                        {"CRYP_STATE_COPY", 2},
                                        {"CRYP_STATE_FREE", 1},
                                        {"HASH_INIT", 3},
                                        {"HASH_UPDATE", 3},
                                        {"HASH_FINAL", 5},
                                        {"CIPHER_INIT", 3},
                                        {"CIPHER_UPDATE", 5},
                                        {"CIPHER_FINAL", 5},
                                        {"CRYP_OBJ_GET_INFO", 2},
                                        {"CRYP_OBJ_RESTRICT_USAGE", 2},
                                        {"CRYP_OBJ_GET_ATTR", 4},
                                        {"CRYP_OBJ_ALLOC", 3},
                                        {"CRYP_OBJ_CLOSE", 1},
                                        {"CRYP_OBJ_RESET", 1},
                                        {"CRYP_OBJ_POPULATE", 3},
                                        {"CRYP_OBJ_COPY", 2},
                                        {"CRYP_DERIVE_KEY", 4},
                                        {"CRYP_RANDOM_NUMBER_GENERATE", 2},
                                        {"AUTHENC_INIT", 6},
                                        {"AUTHENC_UPDATE_AAD", 3},
                                        {"AUTHENC_UPDATE_PAYLOAD", 5},
                                        {"AUTHENC_ENC_FINAL", 7},
                                        {"AUTHENC_DEC_FINAL", 7},
                                        {"ASYMM_OPERATE", 7},
                                        {"ASYMM_VERIFY", 7},
                                        {"STORAGE_OBJ_OPEN", 5},
                                        {"STORAGE_OBJ_CREATE", 8},
                                        {"STORAGE_OBJ_DEL", 1},
                                        {"STORAGE_OBJ_RENAME", 3},
                                        {"STORAGE_ENUM_ALLOC", 1},
                                        {"STORAGE_ENUM_FREE", 1},
                                        {"STORAGE_ENUM_RESET", 1},
                                        {"STORAGE_ENUM_START", 2},
                                        {"STORAGE_ENUM_NEXT", 4},
                                        {"STORAGE_OBJ_READ", 4},
                                        {"STORAGE_OBJ_WRITE", 3},
                                        {"STORAGE_OBJ_TRUNC", 2},
                                        {"STORAGE_OBJ_SEEK", 3},
                                        {"CRYP_OBJ_GENERATE_KEY", 4}};

} // namespace

std::string_view syscall_name(uint64_t number, unsigned* args) {
  if (number < std::size(kSyscallInfo)) {
    *args = kSyscallInfo[number].args;
    return kSyscallInfo[number].name;
  }
  if (number >= kScnSeFirstDeprecated && number <= kScnSeLastDeprecated) {
    *args = 0;
    return "SE_DEPRECATED";
  }
  if (number == kScnCacheOperation) {
    *args = 3;
    return "CACHE_OPERATION";
  }
  *args = 0;
  return "UNKNOWN";
}

} // namespace swemu::core
