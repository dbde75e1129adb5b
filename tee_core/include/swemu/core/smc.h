// The SMC entry interface: the only tee_core header the normal world (smc_bridge/) may
// include. Normal world and secure world meet at eight registers and non-secure shared
// memory addressed by "physical address" (optee-abi.md §3).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/uuid.h"

namespace swemu::core {

class Coverage; // tee_core/src/debug/coverage.h

// a0..a7; on a real machine the 32-bit views w0..w7 (OP-TEE uses SMC32 conventions).
struct SmcRegs {
  uint64_t a[8] = {};
};

// The reserved non-secure shared memory, as both worlds see it: the normal world owns the
// host mapping and tells the secure world where it is and which "physical" address it
// starts at. Every address arriving from the normal world is checked against it.
struct NsShm {
  uint8_t* host = nullptr;
  uint64_t pa = 0;
  uint64_t size = 0;
};

class GdbStub;
class Tracer; // tee_core/src/debug/trace.h

struct SecureWorldConfig {
  std::vector<std::filesystem::path> manifest_dirs; // *.json manifests
  // Where relative TA binaries are found, and where a TA that no manifest names (or a
  // manifest without "binary") is looked up as <uuid>.ta, as tee-supplicant does.
  std::vector<std::filesystem::path> ta_dirs;
  // Public keys (PEM) that signed .ta files must verify against. Empty: the key OP-TEE's
  // default development signing key pairs with.
  std::vector<std::string> ta_public_keys;
  // Development mode: TAs from the TA directories may be unsigned or signed by an unknown
  // key (a warning is logged; hashes are still checked). An ELF file that a manifest
  // names explicitly is always accepted: the manifest is the operator's decision.
  bool allow_unsigned_tas = false;
  // Where state that outlives the secure world is kept (TA persistent time, in
  // <state_dir>/ta_time/). Empty (the default): kept in memory only, lost at shutdown.
  std::filesystem::path state_dir;
  // Reproducible runs: a non-empty seed makes every random number the secure world hands
  // out (TEE_GenerateRandom, generated keys, nonces) a fixed function of it. Empty (the
  // default): a DRBG seeded from the host's entropy. Never use a seed outside testing.
  std::string random_seed;
  // Each TA instance is loaded at its own random base (64 KiB aligned, below the heap),
  // drawn from the host's entropy, or from `random_seed` when that is set, and logged.
  // False (the default): every TA is loaded at the fixed 0x400000, so symbol files line up
  // with no arithmetic.
  bool random_load_address = false;
  // Code coverage: every basic block any TA runs is recorded here (null: not recorded, and
  // no cost). The caller writes it out (drcov or lcov) when the run is over.
  std::shared_ptr<Coverage> coverage;
  // A gdb remote stub (tee_core/src/debug/gdb_stub.h) that debugs the instances of the TA
  // `debug_ta` (every TA when unset): they stop at their first instruction and wherever gdb
  // asks. Null: no debugging, no hooks.
  std::shared_ptr<GdbStub> debugger;
  std::optional<Uuid> debug_ta;
  // A trace of SMCs, optee_msg commands, sessions, TA entries and syscalls (null: none,
  // and no cost beyond a pointer test).
  std::shared_ptr<Tracer> tracer;
  // Secure threads (OP-TEE's CFG_NUM_THREADS): yielding calls beyond this many at once are
  // answered OPTEE_SMC_RETURN_ETHREAD_LIMIT, and the driver retries. 1 to 64.
  uint32_t secure_threads = kDefaultSecureThreads;
  static constexpr uint32_t kDefaultSecureThreads = 8;
};

// Who a client process is, as the kernel knows it (the daemon reads it from SO_PEERCRED
// and /proc): the identities its OPEN_SESSIONs may claim.
struct ClientCredentials {
  uint32_t uid = 0;           // effective uid
  std::vector<uint32_t> gids; // effective gid and supplementary groups
  std::string executable;     // the path /proc/<pid>/exe names
};

class SecureWorld {
public:
  // Loads the manifests (a broken one is logged and skipped) and prepares the monitor.
  static Result<std::unique_ptr<SecureWorld>> create(const SecureWorldConfig& config, NsShm shm);
  virtual ~SecureWorld() = default;

  // One SMC: fast calls are answered at once; a yielding call (CALL_WITH_ARG,
  // CALL_WITH_RPC_ARG) runs on a secure thread until it ends or needs the normal world,
  // which it asks with OPTEE_SMC_RETURN_RPC_* (a3 = the thread); the same normal-world
  // thread answers with RETURN_FROM_RPC. Safe to call from several normal-world threads.
  virtual SmcRegs smc(const SmcRegs& in) = 0;

  // Another entry to this secure world (the same TAs, sessions, storage and random
  // source) over another non-secure shared memory region: the daemon gives one to each
  // client process. An entry answers GET_SHM_CONFIG with its own region and translates
  // addresses only into it. Sessions opened through an entry can be invoked, cancelled
  // and closed only through it (elsewhere they do not exist), and the entries made here
  // close theirs when destroyed, as the kernel does when a client's device is released.
  // With `credentials`, an OPEN_SESSION through the entry may only claim the client
  // identity the kernel would have computed for them (else TEE_ERROR_ACCESS_DENIED): a
  // client of the daemon cannot pose as another user, group or program.
  virtual Result<std::unique_ptr<SecureWorld>>
  open_entry(NsShm shm, std::optional<ClientCredentials> credentials = std::nullopt) = 0;

  // Requests cancellation of every session opened through this entry, as
  // OPTEE_MSG_CMD_CANCEL does for one: the daemon's answer to a client process that died
  // while a call of it runs.
  virtual void cancel_all() = 0;

  // The calling normal-world thread will not answer the RPCs it was given any more (its
  // client died): the calls of this entry that wait on it continue with failed RPCs and
  // run to their end on this thread.
  virtual void abandon_rpcs() = 0;
};

} // namespace swemu::core
