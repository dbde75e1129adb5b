// TA registry by UUID, instances and sessions, with OP-TEE's instance rules
// (optee-abi.md §4.2): SINGLE_INSTANCE, MULTI_SESSION, INSTANCE_KEEP_ALIVE, BUSY, and
// login checks against the manifest.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "manifest.h"
#include "swemu/core/ta_store.h"
#include "syscalls/syscalls.h"
#include "ta_param.h"
#include "ta_runtime.h"

namespace swemu::core {

struct ClientIdentity {
  uint32_t login = 0;
  Uuid uuid;
};

// A TA that can be instantiated: its manifest, its ELF bytes, the head read from it, and
// the ELF bytes of the TA shared libraries it needs (by UUID).
struct TaEntry {
  Manifest manifest;
  std::vector<uint8_t> elf;
  TaHead head;
  std::shared_ptr<const std::map<Uuid, std::vector<uint8_t>>> libraries;
};

// Where TA binaries come from and which signatures are trusted.
struct TaSource {
  std::vector<std::filesystem::path> ta_dirs;
  TaVerifyPolicy policy; // for signed files, and for anything found in ta_dirs
};

// Reads and checks the binary a manifest names, or <uuid>.ta from the TA directories when
// it names none (the ELF is parsed once here so that a broken TA is reported at start-up,
// not at the first open). A signed file is verified; a plain ELF is accepted when the
// manifest names it, and from a TA directory only under the development policy.
// The TA shared libraries it needs (DT_NEEDED) come from the TA directories as
// `<uuid>.ta` (verified like a TA) or `<uuid>.elf`, which is accepted under the
// development policy or when the TA itself is a plain ELF that a manifest names.
Result<TaEntry> load_ta_entry(Manifest manifest, const TaSource& source);
// The same for a TA file already read (`manifest.binary` names where it came from). A
// plain ELF is taken only when `named` (a manifest named the file); otherwise it must be a
// signed TA that verifies under `source.policy`.
Result<TaEntry> make_ta_entry(Manifest manifest, std::vector<uint8_t> file, bool named,
                              const TaSource& source);

class SessionManager final : public TaServices {
public:
  // `state_dir`: where state that outlives the secure world is kept (TA persistent time,
  // secure storage); empty keeps it in memory only.
  // `rng`: the random source every instance shares; null: one seeded from the host.
  // `coverage`: where every instance records the blocks it runs; null: not recorded.
  explicit SessionManager(std::vector<TaEntry> tas, std::filesystem::path state_dir = {},
                          TaSource source = {}, std::shared_ptr<crypto::Rng> rng = nullptr,
                          std::shared_ptr<Coverage> coverage = nullptr);

  // `cancel`: the new session's cancellation state, made by the caller so that it can
  // cancel the open while it runs (by cancel id); null: a fresh one.
  EntryResult open_session(const Uuid& ta, const ClientIdentity& client, TaParams& params,
                           uint32_t* session_id, std::shared_ptr<CancelState> cancel = nullptr);
  EntryResult invoke(uint32_t session_id, uint32_t cmd_id, TaParams& params);
  EntryResult close_session(uint32_t session_id);
  // OPTEE_MSG_CMD_CANCEL: flags the session's running (or next) entry as cancelled. Never
  // waits for the entry, so it can arrive from another thread while one runs.
  EntryResult cancel(uint32_t session_id);
  // Cancels an open in progress through the state given to open_session: an open that
  // waits for its busy instance ends with TEE_ERROR_CANCEL, a TA entry sees the request.
  void cancel_open(CancelState& cancel);

  // TA-to-TA (TaServices). The client is TEE_LOGIN_TRUSTED_APP with the caller's UUID.
  // Entering an instance that would wait for this thread (it runs on this thread's call
  // chain, or on another thread that waits, directly or through others, for an instance
  // this thread runs) answers TEE_ERROR_BUSY instead of deadlocking.
  EntryResult ta_open_session(const TaCall& call, const Uuid& caller_uuid, const Uuid& dest,
                              TaParams& params, uint32_t* session_id) override;
  EntryResult ta_invoke(const TaCall& call, uint32_t session_id, uint32_t cmd_id,
                        TaParams& params) override;
  EntryResult ta_close_session(uint64_t caller, uint32_t session_id) override;

  const TaEntry* find(const Uuid& uuid) const;
  size_t session_count() const;
  // Instances of `ta` (every TA when unset) made from now on are debugged by `stub`.
  void set_debugger(std::shared_ptr<GdbStub> stub, std::optional<Uuid> ta) {
    debugger_ = std::move(stub);
    debug_ta_ = ta;
  }
  // Sessions, entries and (through the instances) syscalls are traced here.
  void set_tracer(std::shared_ptr<Tracer> tracer) { tracer_ = std::move(tracer); }
  // Instances made from now on are loaded at random bases drawn from `rng` (each base is
  // logged); null: at kTaImageBase.
  void set_load_address_rng(std::shared_ptr<crypto::Rng> rng) {
    load_address_rng_ = std::move(rng);
  }

private:
  struct Instance {
    const TaEntry* entry = nullptr;
    std::unique_ptr<TaInstance> ta;
    bool running = false;   // one entry at a time (under graph_mu_)
    std::thread::id runner; // the host thread running it, while running
    uint32_t sessions = 0;
    uint64_t id = 0; // unique for the manager's lifetime; owner of TA-to-TA sessions
  };
  struct Session {
    std::shared_ptr<Instance> instance;
    ClientIdentity client;
    std::shared_ptr<CancelState> cancel;
    uint64_t owner = 0; // 0: the normal world; else the instance that opened it
  };

  bool single(const Instance& i) const;
  bool keep_alive(const Instance& i) const;
  Result<std::shared_ptr<Instance>> acquire_instance(const TaEntry& entry);
  void release_instance(const std::shared_ptr<Instance>& inst); // under mu_
  // `call` is null for the normal world.
  EntryResult open_for(const TaCall* call, const Uuid& ta, const ClientIdentity& client,
                       TaParams& params, uint32_t* session_id,
                       std::shared_ptr<CancelState> cancel = nullptr);
  EntryResult invoke_for(const TaCall* call, uint32_t session_id, uint32_t cmd_id,
                         TaParams& params);
  EntryResult close_for(uint64_t owner, uint32_t session_id, uint32_t not_found);
  // The two above without the trace span.
  EntryResult open_untraced(const TaCall* call, const Uuid& ta, const ClientIdentity& client,
                            TaParams& params, uint32_t* session_id,
                            std::shared_ptr<CancelState> cancel);
  EntryResult close_untraced(uint64_t owner, uint32_t session_id, uint32_t not_found);
  // After an instance lost its last session or died: closes the sessions it opened, if it
  // is going away (not kept alive).
  void after_entry(const std::shared_ptr<Instance>& inst);
  // Runs one entry of a session with its context; the cancel request ends with it.
  EntryResult run_entry(Instance& inst, uint32_t func, uint32_t session_id, const Session& session,
                        TaParams& params, uint32_t cmd_id, const TaCall* call);
  // Makes this thread the instance's runner, waiting while another entry runs, unless
  // waiting would close a cycle of threads waiting for each other's instances (kCycle), or
  // the waiting operation is cancelled (kCancelled; the request counts even masked, as
  // nothing of the TA runs yet). release_run() gives it back.
  enum class RunGrant { kGranted, kCycle, kCancelled };
  RunGrant acquire_run(Instance& inst, const CancelState& cancel);
  void release_run(Instance& inst);

  mutable std::mutex mu_;
  // Who runs which instance and which instance each blocked thread waits for: the
  // wait-for graph acquire_run() checks (under graph_mu_). run_cv_: an instance was
  // released, or a waiting operation cancelled.
  std::mutex graph_mu_;
  std::condition_variable run_cv_;
  std::map<std::thread::id, const Instance*> waiting_;
  // A TA no manifest names, on its first open: from the normal world (LOAD_TA RPC) when on
  // a secure thread, else from the TA directories. Called without mu_.
  Result<TaEntry> fetch_unnamed(const Uuid& uuid) const;

  TaSource source_;
  std::map<Uuid, TaEntry> tas_;
  std::map<Uuid, std::shared_ptr<Instance>> shared_; // single-instance TAs
  std::map<uint32_t, Session> sessions_;
  uint32_t next_session_ = 1;
  uint64_t next_instance_ = 1;
  TaTimeStore ta_time_; // thread-safe on its own
  std::shared_ptr<crypto::Rng> rng_;
  std::shared_ptr<Coverage> coverage_;
  // Secure storage in state_dir (in memory without one); null if it could not be opened,
  // and then the storage syscalls answer TEE_ERROR_STORAGE_NOT_AVAILABLE.
  std::shared_ptr<storage::SecureStorage> storage_;
  std::shared_ptr<GdbStub> debugger_;
  std::optional<Uuid> debug_ta_;
  std::shared_ptr<Tracer> tracer_;
  std::shared_ptr<crypto::Rng> load_address_rng_;
};

} // namespace swemu::core
