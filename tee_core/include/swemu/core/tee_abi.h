// GlobalPlatform and OP-TEE constants shared by the secure world and the normal world.
// Values: reference/optee-abi.md §2, §3, §4.2, §6 (GP TEE Internal Core API v1.3.1,
// optee_msg ABI, optee_smc ABI). Names keep their specification spelling.
#pragma once

#include <cstdint>

namespace swemu::abi {

// TEE_Result values (GP Internal Core API §3.2, optee-abi.md §6.1).
inline constexpr uint32_t TEE_SUCCESS = 0x00000000;
inline constexpr uint32_t TEE_ERROR_CORRUPT_OBJECT = 0xF0100001;
inline constexpr uint32_t TEE_ERROR_STORAGE_NOT_AVAILABLE = 0xF0100003;
inline constexpr uint32_t TEE_ERROR_GENERIC = 0xFFFF0000;
inline constexpr uint32_t TEE_ERROR_ACCESS_DENIED = 0xFFFF0001;
inline constexpr uint32_t TEE_ERROR_CANCEL = 0xFFFF0002;
inline constexpr uint32_t TEE_ERROR_ACCESS_CONFLICT = 0xFFFF0003;
inline constexpr uint32_t TEE_ERROR_EXCESS_DATA = 0xFFFF0004;
inline constexpr uint32_t TEE_ERROR_BAD_FORMAT = 0xFFFF0005;
inline constexpr uint32_t TEE_ERROR_BAD_PARAMETERS = 0xFFFF0006;
inline constexpr uint32_t TEE_ERROR_BAD_STATE = 0xFFFF0007;
inline constexpr uint32_t TEE_ERROR_ITEM_NOT_FOUND = 0xFFFF0008;
inline constexpr uint32_t TEE_ERROR_NOT_IMPLEMENTED = 0xFFFF0009;
inline constexpr uint32_t TEE_ERROR_NOT_SUPPORTED = 0xFFFF000A;
inline constexpr uint32_t TEE_ERROR_NO_DATA = 0xFFFF000B;
inline constexpr uint32_t TEE_ERROR_OUT_OF_MEMORY = 0xFFFF000C;
inline constexpr uint32_t TEE_ERROR_BUSY = 0xFFFF000D;
inline constexpr uint32_t TEE_ERROR_COMMUNICATION = 0xFFFF000E;
inline constexpr uint32_t TEE_ERROR_SECURITY = 0xFFFF000F;
inline constexpr uint32_t TEE_ERROR_SHORT_BUFFER = 0xFFFF0010;
inline constexpr uint32_t TEE_ERROR_EXTERNAL_CANCEL = 0xFFFF0011;
inline constexpr uint32_t TEE_ERROR_TIMEOUT = 0xFFFF3001;
inline constexpr uint32_t TEE_ERROR_OVERFLOW = 0xFFFF300F;
inline constexpr uint32_t TEE_ERROR_TARGET_DEAD = 0xFFFF3024;
inline constexpr uint32_t TEE_ERROR_STORAGE_NO_SPACE = 0xFFFF3041;

// Origins (§6.2).
inline constexpr uint32_t TEE_ORIGIN_API = 1;
inline constexpr uint32_t TEE_ORIGIN_COMMS = 2;
inline constexpr uint32_t TEE_ORIGIN_TEE = 3;
inline constexpr uint32_t TEE_ORIGIN_TRUSTED_APP = 4;

// TEE_Wait and TA-to-TA cancellationRequestTimeout: no timeout (GP TEE Internal Core API).
inline constexpr uint32_t TEE_TIMEOUT_INFINITE = 0xFFFFFFFF;

// TA parameter types (§6.2); same numbers as TEEC_* and the tee.h ioctl attrs.
inline constexpr uint32_t TEE_PARAM_TYPE_NONE = 0;
inline constexpr uint32_t TEE_PARAM_TYPE_VALUE_INPUT = 1;
inline constexpr uint32_t TEE_PARAM_TYPE_VALUE_OUTPUT = 2;
inline constexpr uint32_t TEE_PARAM_TYPE_VALUE_INOUT = 3;
inline constexpr uint32_t TEE_PARAM_TYPE_MEMREF_INPUT = 5;
inline constexpr uint32_t TEE_PARAM_TYPE_MEMREF_OUTPUT = 6;
inline constexpr uint32_t TEE_PARAM_TYPE_MEMREF_INOUT = 7;
inline constexpr uint32_t TEE_NUM_PARAMS = 4;

// Logins (§6.2).
inline constexpr uint32_t TEE_LOGIN_PUBLIC = 0;
inline constexpr uint32_t TEE_LOGIN_USER = 1;
inline constexpr uint32_t TEE_LOGIN_GROUP = 2;
inline constexpr uint32_t TEE_LOGIN_APPLICATION = 4;
inline constexpr uint32_t TEE_LOGIN_APPLICATION_USER = 5;
inline constexpr uint32_t TEE_LOGIN_APPLICATION_GROUP = 6;
inline constexpr uint32_t TEE_LOGIN_REE_KERNEL = 0x80000000;
inline constexpr uint32_t TEE_LOGIN_TRUSTED_APP = 0xF0000000;

// TA flags (§4.2).
inline constexpr uint32_t TA_FLAG_SINGLE_INSTANCE = 0x4;
inline constexpr uint32_t TA_FLAG_MULTI_SESSION = 0x8;
inline constexpr uint32_t TA_FLAG_INSTANCE_KEEP_ALIVE = 0x10;
inline constexpr uint32_t TA_FLAG_SECURE_DATA_PATH = 0x20;
inline constexpr uint32_t TA_FLAG_CACHE_MAINTENANCE = 0x80;
inline constexpr uint32_t TA_FLAG_CONCURRENT = 0x100;
inline constexpr uint32_t TA_FLAG_INSTANCE_KEEP_CRASHED = 0x2000;
inline constexpr uint32_t TA_FLAGS_MASK = 0x3FFF;

// TA entry functions (§4.4).
inline constexpr uint32_t UTEE_ENTRY_FUNC_OPEN_SESSION = 0;
inline constexpr uint32_t UTEE_ENTRY_FUNC_CLOSE_SESSION = 1;
inline constexpr uint32_t UTEE_ENTRY_FUNC_INVOKE_COMMAND = 2;

// optee_msg attributes (§2.1).
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_NONE = 0x0;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_VALUE_INPUT = 0x1;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT = 0x2;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_VALUE_INOUT = 0x3;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_RMEM_INPUT = 0x5;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT = 0x6;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_RMEM_INOUT = 0x7;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_TMEM_INPUT = 0x9;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT = 0xA;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_TMEM_INOUT = 0xB;
inline constexpr uint64_t OPTEE_MSG_ATTR_TYPE_MASK = 0xFF;
inline constexpr uint64_t OPTEE_MSG_ATTR_META = 0x100;
inline constexpr uint64_t OPTEE_MSG_ATTR_NONCONTIG = 0x200;
inline constexpr uint32_t OPTEE_MSG_ATTR_CACHE_SHIFT = 16;
inline constexpr uint64_t OPTEE_MSG_ATTR_CACHE_MASK = 0x7;

// optee_msg commands (§2.4).
inline constexpr uint32_t OPTEE_MSG_CMD_OPEN_SESSION = 0;
inline constexpr uint32_t OPTEE_MSG_CMD_INVOKE_COMMAND = 1;
inline constexpr uint32_t OPTEE_MSG_CMD_CLOSE_SESSION = 2;
inline constexpr uint32_t OPTEE_MSG_CMD_CANCEL = 3;
inline constexpr uint32_t OPTEE_MSG_CMD_REGISTER_SHM = 4;
inline constexpr uint32_t OPTEE_MSG_CMD_UNREGISTER_SHM = 5;

// optee_msg_arg layout (§2.3).
inline constexpr uint32_t kMsgArgHeaderSize = 32;
inline constexpr uint32_t kMsgParamSize = 32;
inline constexpr uint32_t OPTEE_MSG_MAX_NUM_PARAMS = (4096 - kMsgArgHeaderSize) / kMsgParamSize;
constexpr uint64_t optee_msg_get_arg_size(uint64_t num_params) {
  return kMsgArgHeaderSize + kMsgParamSize * num_params;
}

// SMC function IDs (§3.2).
inline constexpr uint32_t OPTEE_SMC_CALLS_COUNT = 0xBF00FF00;
inline constexpr uint32_t OPTEE_SMC_CALLS_UID = 0xBF00FF01;
inline constexpr uint32_t OPTEE_SMC_CALLS_REVISION = 0xBF00FF03;
inline constexpr uint32_t OPTEE_SMC_CALL_GET_OS_UUID = 0xB2000000;
inline constexpr uint32_t OPTEE_SMC_CALL_GET_OS_REVISION = 0xB2000001;
inline constexpr uint32_t OPTEE_SMC_CALL_RETURN_FROM_RPC = 0x32000003;
inline constexpr uint32_t OPTEE_SMC_CALL_WITH_ARG = 0x32000004;
inline constexpr uint32_t OPTEE_SMC_GET_SHM_CONFIG = 0xB2000007;
inline constexpr uint32_t OPTEE_SMC_EXCHANGE_CAPABILITIES = 0xB2000009;
inline constexpr uint32_t OPTEE_SMC_GET_THREAD_COUNT = 0xB200000F;
inline constexpr uint32_t OPTEE_SMC_CALL_WITH_RPC_ARG = 0x32000012;

// SMC return codes (§3.3).
inline constexpr uint32_t OPTEE_SMC_RETURN_OK = 0x0;
inline constexpr uint32_t OPTEE_SMC_RETURN_ETHREAD_LIMIT = 0x1;
inline constexpr uint32_t OPTEE_SMC_RETURN_EBUSY = 0x2;
inline constexpr uint32_t OPTEE_SMC_RETURN_ERESUME = 0x3;
inline constexpr uint32_t OPTEE_SMC_RETURN_EBADADDR = 0x4;
inline constexpr uint32_t OPTEE_SMC_RETURN_EBADCMD = 0x5;
inline constexpr uint32_t OPTEE_SMC_RETURN_ENOMEM = 0x6;
inline constexpr uint32_t OPTEE_SMC_RETURN_ENOTAVAIL = 0x7;
inline constexpr uint32_t OPTEE_SMC_RETURN_UNKNOWN_FUNCTION = 0xFFFFFFFF;
// An RPC: (a0 & mask) == prefix and a0 != UNKNOWN_FUNCTION; the function in the low half.
inline constexpr uint32_t OPTEE_SMC_RETURN_RPC_PREFIX_MASK = 0xFFFF0000;
inline constexpr uint32_t OPTEE_SMC_RETURN_RPC_PREFIX = 0xFFFF0000;
inline constexpr uint32_t OPTEE_SMC_RPC_FUNC_ALLOC = 0;
inline constexpr uint32_t OPTEE_SMC_RPC_FUNC_FREE = 2;
inline constexpr uint32_t OPTEE_SMC_RPC_FUNC_FOREIGN_INTR = 4;
inline constexpr uint32_t OPTEE_SMC_RPC_FUNC_CMD = 5;
constexpr bool optee_smc_return_is_rpc(uint32_t a0) {
  return (a0 & OPTEE_SMC_RETURN_RPC_PREFIX_MASK) == OPTEE_SMC_RETURN_RPC_PREFIX &&
         a0 != OPTEE_SMC_RETURN_UNKNOWN_FUNCTION;
}

// RPC commands, optee_msg_arg.cmd of an RPC (§2.9).
inline constexpr uint32_t OPTEE_RPC_CMD_LOAD_TA = 0;
inline constexpr uint32_t OPTEE_RPC_CMD_RPMB = 1;
inline constexpr uint32_t OPTEE_RPC_CMD_FS = 2;
inline constexpr uint32_t OPTEE_RPC_CMD_GET_TIME = 3;
inline constexpr uint32_t OPTEE_RPC_CMD_NOTIFICATION = 4;
inline constexpr uint32_t OPTEE_RPC_CMD_SUSPEND = 5;
inline constexpr uint32_t OPTEE_RPC_CMD_SHM_ALLOC = 6;
inline constexpr uint32_t OPTEE_RPC_CMD_SHM_FREE = 7;
inline constexpr uint32_t OPTEE_RPC_SHM_TYPE_APPL = 0;
inline constexpr uint32_t OPTEE_RPC_SHM_TYPE_KERNEL = 1;
inline constexpr uint32_t OPTEE_RPC_NOTIFICATION_WAIT = 0;
inline constexpr uint32_t OPTEE_RPC_NOTIFICATION_SEND = 1;

// EXCHANGE_CAPABILITIES bits (§3.5).
inline constexpr uint32_t OPTEE_SMC_NSEC_CAP_UNIPROCESSOR = 0x1;
inline constexpr uint32_t OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM = 0x1;
inline constexpr uint32_t OPTEE_SMC_SEC_CAP_DYNAMIC_SHM = 0x4;
inline constexpr uint32_t OPTEE_SMC_SEC_CAP_MEMREF_NULL = 0x10;
inline constexpr uint32_t OPTEE_SMC_SEC_CAP_RPC_ARG = 0x40;
inline constexpr uint32_t OPTEE_SMC_SHM_CACHED = 1;

// Identification (§2.8, §3.5).
inline constexpr uint32_t kOpteeApiUid[4] = {0x384fb3e0, 0xe7f811e3, 0xaf630002, 0xa5d5c51b};
inline constexpr uint32_t kOpteeOsUuid[4] = {0x486178e0, 0xe7f811e3, 0xbc5e0002, 0xa5d5c51b};
inline constexpr uint32_t kOpteeApiRevisionMajor = 2;
inline constexpr uint32_t kOpteeApiRevisionMinor = 0;
inline constexpr uint32_t kOpteeOsRevisionMajor = 4;
inline constexpr uint32_t kOpteeOsRevisionMinor = 10;
inline constexpr uint32_t kOpteeCallsCount = 12;

// TA syscall numbers (§5.2).
inline constexpr uint32_t TEE_SCN_RETURN = 0;
inline constexpr uint32_t TEE_SCN_LOG = 1;
inline constexpr uint32_t TEE_SCN_PANIC = 2;
inline constexpr uint32_t TEE_SCN_CRYP_RANDOM_NUMBER_GENERATE = 33;
inline constexpr uint32_t TEE_SCN_MAX = 70;

// Crypto results (GP TEE Internal Core API v1.3.1 §3.3.2, optee-abi.md §6.1).
inline constexpr uint32_t TEE_ERROR_MAC_INVALID = 0xFFFF3071;
inline constexpr uint32_t TEE_ERROR_SIGNATURE_INVALID = 0xFFFF3072;

// Trusted storage (GP TEE Internal Core API v1.3.1 §5.7-5.9, optee-abi.md §6.3).
inline constexpr uint32_t TEE_STORAGE_PRIVATE = 0x0000'0001;
inline constexpr uint32_t TEE_STORAGE_PRIVATE_REE = 0x8000'0000;
inline constexpr uint32_t TEE_STORAGE_PRIVATE_RPMB = 0x8000'0100;
inline constexpr uint32_t TEE_DATA_FLAG_ACCESS_READ = 0x001;
inline constexpr uint32_t TEE_DATA_FLAG_ACCESS_WRITE = 0x002;
inline constexpr uint32_t TEE_DATA_FLAG_ACCESS_WRITE_META = 0x004;
inline constexpr uint32_t TEE_DATA_FLAG_SHARE_READ = 0x010;
inline constexpr uint32_t TEE_DATA_FLAG_SHARE_WRITE = 0x020;
inline constexpr uint32_t TEE_DATA_FLAG_OVERWRITE = 0x400;
inline constexpr uint32_t TEE_DATA_SEEK_SET = 0;
inline constexpr uint32_t TEE_DATA_SEEK_CUR = 1;
inline constexpr uint32_t TEE_DATA_SEEK_END = 2;
inline constexpr uint32_t TEE_TYPE_DATA = 0xA000'00BF;

} // namespace swemu::abi
