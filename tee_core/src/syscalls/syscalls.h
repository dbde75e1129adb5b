// The TA syscall table, indexed by OP-TEE syscall number (optee-abi.md §5.2). One
// syscall group per file; each handler checks every TA buffer before touching it.
#pragma once

#include <cstdint>

namespace swemu::core {

class TaInstance;

struct SyscallArgs {
  uint64_t a[8] = {}; // x0..x7 (AArch64)
};

using SyscallHandler = uint32_t (*)(TaInstance& ta, const SyscallArgs& args);

// Never null: numbers without a handler answer TEE_ERROR_NOT_SUPPORTED.
SyscallHandler lookup_syscall(uint64_t number);

// Handlers, by group.
uint32_t sys_return(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_log(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_panic(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_random(TaInstance& ta, const SyscallArgs& args);
uint32_t sys_not_supported(TaInstance& ta, const SyscallArgs& args);

} // namespace swemu::core
