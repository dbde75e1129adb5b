#include "syscalls/syscalls.h"

#include <array>

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
  t[TEE_SCN_CRYP_RANDOM_NUMBER_GENERATE] = sys_random;
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

} // namespace swemu::core
