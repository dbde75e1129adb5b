// CHECK_ACCESS_RIGHTS (8) and CACHE_OPERATION (70): what a TA may do with a range of its
// address space (optee-abi.md §5.2; GP TEE Internal Core API v1.3.1 §4.11.1). The TA's
// ELF segments, stack and heap are its own secure memory; memref parameters are mapped
// non-secure shared memory that its client can also change.
#include <fmt/format.h>

#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

// TEE_MEMORY_ACCESS_* (optee-abi.md §6.3).
constexpr uint32_t kAccessRead = 0x1;
constexpr uint32_t kAccessWrite = 0x2;
constexpr uint32_t kAccessAnyOwner = 0x4;
constexpr uint32_t kAccessNonSecure = 0x10000000;
constexpr uint32_t kAccessSecure = 0x20000000;

// enum utee_cache_operation: CLEAN, FLUSH, INVALIDATE.
constexpr uint64_t kCacheOpLast = 2;

Error denied(uint64_t va, uint64_t len, const char* why) {
  return make_error(TEE_ERROR_ACCESS_DENIED,
                    fmt::format("TA buffer [{:#x}, +{:#x}) {}", va, len, why));
}

// OP-TEE's vm_check_access_rights: every byte mapped with the rights asked for; without
// ANY_OWNER the range must be TA-private; NONSECURE / SECURE ask that every byte is of that
// kind, and asking both is refused. Other flag bits are ignored.
uint32_t check_rights(const TaInstance& ta, uint32_t flags, uint64_t va, uint64_t len) {
  if (va + len < va)
    return TEE_ERROR_ACCESS_DENIED;
  if ((flags & kAccessNonSecure) && (flags & kAccessSecure))
    return TEE_ERROR_ACCESS_DENIED;
  if (len == 0)
    return TEE_SUCCESS;
  const TaInstance::RangeRights r = ta.range_rights(va, len);
  if (!r.mapped)
    return TEE_ERROR_ACCESS_DENIED;
  if (!(flags & kAccessAnyOwner) && !r.secure)
    return TEE_ERROR_ACCESS_DENIED;
  if ((flags & kAccessNonSecure) && !r.nonsecure)
    return TEE_ERROR_ACCESS_DENIED;
  if ((flags & kAccessSecure) && !r.secure)
    return TEE_ERROR_ACCESS_DENIED;
  if ((flags & kAccessWrite) && !(r.prot & kProtWrite))
    return TEE_ERROR_ACCESS_DENIED;
  if ((flags & kAccessRead) && !(r.prot & kProtRead))
    return TEE_ERROR_ACCESS_DENIED;
  return TEE_SUCCESS;
}

} // namespace

Result<void> copy_from_ta_private(const TaInstance& ta, uint64_t va, void* dst, uint64_t len) {
  if (len != 0 && !ta.range_rights(va, len).secure)
    return denied(va, len, "is not TA-private memory");
  return ta.copy_from_ta(va, dst, len);
}

Result<void> copy_to_ta_private(TaInstance& ta, uint64_t va, const void* src, uint64_t len) {
  if (len != 0 && !ta.range_rights(va, len).secure)
    return denied(va, len, "is not TA-private memory");
  return ta.copy_to_ta(va, src, len);
}

// (uint32_t flags, const void *buf, size_t len)
uint32_t sys_check_access_rights(TaInstance& ta, const SyscallArgs& args) {
  return check_rights(ta, static_cast<uint32_t>(args.a[0]), args.a[1], args.a[2]);
}

// (void *va, size_t len, unsigned long op). swemu has no caches to maintain, so once the
// checks pass there is nothing left to do.
uint32_t sys_cache_operation(TaInstance& ta, const SyscallArgs& args) {
  const uint64_t va = args.a[0];
  const uint64_t len = args.a[1];
  const uint64_t op = args.a[2];
  if (!(ta.image().head.flags & TA_FLAG_CACHE_MAINTENANCE))
    return TEE_ERROR_NOT_SUPPORTED;
  // As in OP-TEE: only memref parameters, never the TA's private memory, and readable.
  if (len != 0) {
    const TaInstance::RangeRights r = ta.range_rights(va, len);
    if (!r.mapped || !r.nonsecure || !(r.prot & kProtRead))
      return TEE_ERROR_ACCESS_DENIED;
  }
  return op <= kCacheOpLast ? TEE_SUCCESS : TEE_ERROR_NOT_SUPPORTED;
}

} // namespace swemu::core
