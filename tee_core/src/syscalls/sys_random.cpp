// CRYP_RANDOM_NUMBER_GENERATE (33): TEE_GenerateRandom. Every OP-TEE TA calls it on its
// first entry to seed its stack protector. The bytes come from the secure world's DRBG
// (crypto::Rng): seeded from the host, or from a fixed seed for reproducible runs.
#include <vector>

#include "crypto/crypto.h"
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
  if (auto r = ta.rng().fill(buf.data(), buf.size()); !r)
    return r.error().code;
  if (auto r = ta.copy_to_ta(va, buf.data(), len); !r)
    return r.error().code;
  return abi::TEE_SUCCESS;
}

} // namespace swemu::core
