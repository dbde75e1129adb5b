// RETURN, LOG and PANIC (optee-abi.md §5.1, §5.2).
#include <algorithm>
#include <string>

#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {

namespace {
// Longest trace line taken from a TA in one LOG call; longer ones are cut.
constexpr uint64_t kMaxLogLen = 4096;
} // namespace

uint32_t sys_return(TaInstance& ta, const SyscallArgs& args) {
  ta.request_return(static_cast<uint32_t>(args.a[0]));
  return abi::TEE_SUCCESS;
}

uint32_t sys_panic(TaInstance& ta, const SyscallArgs& args) {
  ta.request_panic(static_cast<uint32_t>(args.a[0]));
  return abi::TEE_SUCCESS;
}

uint32_t sys_log(TaInstance& ta, const SyscallArgs& args) {
  uint64_t len = std::min(args.a[1], kMaxLogLen);
  std::string text(len, '\0');
  if (auto r = ta.copy_from_ta(args.a[0], text.data(), len); !r)
    return r.error().code;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0'))
    text.pop_back();
  ta.logger().info("{}", text);
  return abi::TEE_SUCCESS;
}

} // namespace swemu::core
