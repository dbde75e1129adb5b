#include "syscalls/syscalls.h"

#include <array>

#include "swemu/core/tee_abi.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

constexpr std::array<SyscallHandler, TEE_SCN_MAX + 1> make_table() {
  std::array<SyscallHandler, TEE_SCN_MAX + 1> t{};
  for (auto& h : t)
    h = sys_not_supported;
  t[TEE_SCN_RETURN] = sys_return;
  t[TEE_SCN_LOG] = sys_log;
  t[TEE_SCN_PANIC] = sys_panic;
  t[TEE_SCN_CRYP_RANDOM_NUMBER_GENERATE] = sys_random;
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
