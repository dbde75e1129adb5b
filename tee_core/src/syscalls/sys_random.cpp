// CRYP_RANDOM_NUMBER_GENERATE (33): every OP-TEE TA calls it on its first entry to seed
// its stack protector.
#include <sys/random.h>

#include <cerrno>
#include <vector>

#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {

namespace {
constexpr uint64_t kMaxRandomLen = 1 << 20;
} // namespace

uint32_t sys_random(TaInstance& ta, const SyscallArgs& args) {
  uint64_t va = args.a[0];
  uint64_t len = args.a[1];
  if (len > kMaxRandomLen)
    return abi::TEE_ERROR_BAD_PARAMETERS;
  if (auto r = ta.check_access(va, len, true); !r)
    return r.error().code;
  std::vector<uint8_t> buf(len);
  for (size_t done = 0; done < len;) {
    ssize_t n = getrandom(buf.data() + done, len - done, 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return abi::TEE_ERROR_GENERIC;
    done += static_cast<size_t>(n);
  }
  if (auto r = ta.copy_to_ta(va, buf.data(), len); !r)
    return r.error().code;
  return abi::TEE_SUCCESS;
}

} // namespace swemu::core
