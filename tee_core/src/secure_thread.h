// Secure threads and RPCs out of the secure world (optee-abi.md §3.3, §3.4, §2.9).
//
// As in OP-TEE, every yielding call (CALL_WITH_ARG, CALL_WITH_RPC_ARG) runs on one of a
// fixed number of secure threads; when all are busy the call is answered
// OPTEE_SMC_RETURN_ETHREAD_LIMIT. A secure thread that needs the normal world (the time,
// a sleep, shared memory, a TA binary from the supplicant) leaves the SMC with
// OPTEE_SMC_RETURN_RPC_* and the thread index in a3, and continues where it stopped when
// the normal world answers with RETURN_FROM_RPC.
//
// A secure thread is a stackful fiber (Boost.Context) run on the host thread that made the
// SMC: a call costs two stack switches (~15 ns), not a thread hand-off, and an RPC is a
// switch back to the caller with the RPC registers. The normal-world task that received an
// RPC is the one that resumes it (as the Linux driver's call loop does); a RETURN_FROM_RPC
// from another host thread is refused with ERESUME, so that locks and thread-local state
// taken on the secure thread stay with their host thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/smc.h"

namespace swemu::core {

class NsMemory;
class Tracer;

// One optee_msg_param of an RPC (optee-abi.md §2.2): attr and three words (value a/b/c,
// or tmem buf_ptr/size/shm_ref).
struct RpcParam {
  uint64_t attr = 0;
  uint64_t u[3] = {};
};

class SecureThreadPool {
public:
  static constexpr uint32_t kMaxThreads = 64;
  // OP-TEE's THREAD_RPC_MAX_NUM_PARAMS, the a3 of EXCHANGE_CAPABILITIES.
  static constexpr uint32_t kRpcMaxParams = 4;

  explicit SecureThreadPool(uint32_t count);
  // Threads still waiting for an RPC answer are leaked (their stacks run through Unicorn
  // and cannot be unwound); everything else is freed.
  ~SecureThreadPool();
  SecureThreadPool(const SecureThreadPool&) = delete;
  SecureThreadPool& operator=(const SecureThreadPool&) = delete;

  uint32_t count() const { return static_cast<uint32_t>(threads_.size()); }
  // Threads running or waiting for an RPC answer.
  uint32_t busy() const;

  // Where a call's RPCs go.
  struct CallContext {
    const void* owner = nullptr; // the entry that made the call; only it resumes it
    const NsMemory* mem = nullptr;
    // CALL_WITH_RPC_ARG: room for an RPC optee_msg_arg of kRpcMaxParams params, and its
    // PA. Null: the first RPC command asks for memory with RPC_FUNC_ALLOC, and the call
    // gives it back with RPC_FUNC_FREE before it ends.
    uint8_t* rpc_arg = nullptr;
    uint64_t rpc_arg_pa = 0;
    Tracer* tracer = nullptr;
  };

  // How the SMC ends: the call finished (a0 = its return code), or it left with an RPC.
  using Exit = SmcRegs;

  // Runs `job` (returning an OPTEE_SMC_RETURN_* code) on a free secure thread until it
  // finishes or leaves with an RPC. nullopt: every thread is busy.
  std::optional<Exit> start(const CallContext& ctx, std::function<uint32_t()> job);
  // RETURN_FROM_RPC (a1, a2, a4, a5 are the results, a3 the thread). nullopt: no thread of
  // `owner` with that index waits for an RPC answer on this host thread (ERESUME).
  std::optional<Exit> resume(const void* owner, const SmcRegs& in);
  // `owner`'s normal world is gone (a client process died): its threads that wait for an
  // RPC answer on this host thread get failed RPCs from now on and run to their end here.
  void abandon(const void* owner);

  struct Thread; // one secure thread (secure_thread.cpp)

private:
  Exit run(Thread& t);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Thread>> threads_;
};

// The RPCs code on a secure thread makes (optee-abi.md §2.9). Off a secure thread (a
// session manager driven directly, as tests and the fuzzer do) there is no normal world
// to ask: available() is false and the callers use their in-process fallbacks.
namespace rpc {

// Whether this code runs on a secure thread whose normal world is reachable.
bool available();

// One OPTEE_RPC_CMD_* with at most kRpcMaxParams params, answered in place. Returns the
// normal world's ret, or TEE_ERROR_COMMUNICATION when it cannot be asked (no secure
// thread, no memory for the argument, a changed frame).
uint32_t command(uint32_t cmd, std::span<RpcParam> params);

// Non-secure memory from OPTEE_RPC_CMD_SHM_ALLOC, checked to lie in the call's shared
// memory; given back with shm_free.
struct NsBuffer {
  uint8_t* host = nullptr;
  uint64_t pa = 0;
  uint64_t size = 0;
  uint64_t cookie = 0;
};
Result<NsBuffer> shm_alloc(uint32_t type, uint64_t size);
void shm_free(uint32_t type, const NsBuffer& buffer);

// OPTEE_RPC_CMD_SUSPEND for `ms` milliseconds; false when the normal world did not sleep.
bool suspend(uint32_t ms);

// OPTEE_RPC_CMD_NOTIFICATION WAIT for `key` (at most `timeout_ms`, 0: no limit; the caller
// checks again what it waits for). And SEND, waking a WAIT of the key (or the next one).
void notification_wait(uint32_t key, uint32_t timeout_ms);
void notification_send(uint32_t key);

// OPTEE_SMC_RETURN_RPC_FOREIGN_INTR: the secure thread leaves the SMC so that the normal
// world can take its interrupts, and continues when it returns (RETURN_FROM_RPC).
void foreign_interrupt();

// OPTEE_RPC_CMD_GET_TIME: the normal world's wall clock, or nullopt.
struct ReeTime {
  uint64_t seconds = 0;
  uint64_t nanoseconds = 0;
};
std::optional<ReeTime> ree_time();

// OPTEE_RPC_CMD_LOAD_TA: the TA (or TA library) file the normal world's supplicant has for
// `uuid`, at most `max_bytes`. TEE_ERROR_ITEM_NOT_FOUND when it has none.
Result<std::vector<uint8_t>> load_ta(const Uuid& uuid, uint64_t max_bytes);

} // namespace rpc

} // namespace swemu::core
