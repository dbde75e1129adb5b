#include "session_manager.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "crypto/crypto.h"
#include "secure_thread.h"
#include "storage/secure_storage.h"
#include "swemu/core/log.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

// The instances whose entries run on this thread, innermost last. A TA-to-TA call into one
// of them would wait for itself on its `run` mutex.
thread_local std::vector<const void*> tl_running;

} // namespace

Result<TaEntry> load_ta_entry(Manifest manifest, const TaSource& source) {
  const bool named = !manifest.binary.empty();
  if (!named) {
    auto found = find_ta_file(source.ta_dirs, manifest.uuid);
    if (!found)
      return make_error(TEE_ERROR_ITEM_NOT_FOUND,
                        fmt::format("{}: field 'binary': absent, and no {}.ta in the TA "
                                    "directories",
                                    manifest.file.string(), manifest.uuid.str()));
    manifest.binary = *found;
  }
  auto bytes = read_file_limited(manifest.binary, kMaxTaFileBytes);
  if (!bytes)
    return make_error(
        bytes.error().code,
        fmt::format("{}: field 'binary': {}", manifest.file.string(), bytes.error().message));
  return make_ta_entry(std::move(manifest), std::move(bytes).value(), named, source);
}

Result<TaEntry> make_ta_entry(Manifest manifest, std::vector<uint8_t> file, bool named,
                              const TaSource& source) {
  const std::string what = manifest.binary.string();
  static constexpr uint8_t kElfMagic[4] = {0x7f, 'E', 'L', 'F'};
  const bool plain_elf = file.size() >= 4 && std::equal(kElfMagic, kElfMagic + 4, file.begin());
  std::vector<uint8_t> elf;
  if (plain_elf && named) {
    elf = std::move(file);
  } else {
    TaBinary bin = SWEMU_TRY(open_ta_binary(file, what, &manifest.uuid, source.policy));
    if (bin.signed_file)
      log::get("loader")->info("{}: signature {}", what,
                               bin.signature_verified ? "verified (" + bin.signer + ")"
                                                      : "NOT verified (development mode)");
    elf = std::move(bin.elf);
  }

  auto libraries = std::make_shared<std::map<Uuid, std::vector<uint8_t>>>();
  const bool plain_named = plain_elf && named;
  const TaLibraryLoader load_library = [&](const Uuid& uuid) -> Result<std::vector<uint8_t>> {
    // On a secure thread the normal world's supplicant is asked first, as for a TA.
    if (rpc::available()) {
      auto fetched = rpc::load_ta(uuid, kMaxTaFileBytes);
      if (fetched) {
        const std::string lib_what = fmt::format("LOAD_TA {}", uuid.str());
        TaBinary bin = SWEMU_TRY(open_ta_binary(*fetched, lib_what, &uuid, source.policy));
        log::get("loader")->info("{}: TA library {} from the normal world", what, uuid.str());
        (*libraries)[uuid] = bin.elf;
        return std::move(bin.elf);
      }
      if (fetched.error().code != TEE_ERROR_ITEM_NOT_FOUND)
        return fetched.error();
    }
    auto file = find_ta_file(source.ta_dirs, uuid);
    if (!file)
      return make_error(TEE_ERROR_ITEM_NOT_FOUND,
                        fmt::format("no {}.ta in the TA directories", uuid.str()));
    const std::string lib_what = file->string();
    auto lib_bytes = SWEMU_TRY(read_file_limited(*file, kMaxTaFileBytes));
    std::vector<uint8_t> lib_elf;
    if (file->extension() == ".elf" && plain_named) {
      lib_elf = std::move(lib_bytes);
    } else {
      TaBinary bin = SWEMU_TRY(open_ta_binary(lib_bytes, lib_what, &uuid, source.policy));
      lib_elf = std::move(bin.elf);
    }
    log::get("loader")->info("{}: TA library {} from {}", what, uuid.str(), lib_what);
    (*libraries)[uuid] = lib_elf;
    return lib_elf;
  };
  TaImage image = SWEMU_TRY(load_ta_elf(elf, kTaImageBase, what, load_library));
  if (image.head.uuid != manifest.uuid)
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("{}: field 'uuid': {} does not match the TA's ta_head UUID {}",
                                  manifest.file.string(), manifest.uuid.str(),
                                  image.head.uuid.str()));
  TaEntry e{std::move(manifest), std::move(elf), image.head, std::move(libraries)};
  return e;
}

SessionManager::SessionManager(std::vector<TaEntry> tas, std::filesystem::path state_dir,
                               TaSource source, std::shared_ptr<crypto::Rng> rng,
                               std::shared_ptr<Coverage> coverage)
    : source_(std::move(source)), ta_time_(state_dir), rng_(std::move(rng)),
      coverage_(std::move(coverage)) {
  if (!rng_)
    rng_ = crypto::Rng::from_host();
  auto st = storage::SecureStorage::open(state_dir);
  if (st.ok())
    storage_ = std::move(st).value();
  else
    log::get("session")->error("secure storage is not available: {}", st.error().message);
  for (auto& t : tas) {
    Uuid u = t.manifest.uuid;
    tas_.emplace(u, std::move(t));
  }
}

Result<TaEntry> SessionManager::fetch_unnamed(const Uuid& uuid) const {
  Manifest m;
  m.uuid = uuid;
  m.name = uuid.str();
  // The REE TA store first: the normal world's supplicant (OPTEE_RPC_CMD_LOAD_TA), as
  // OP-TEE does; then the TA directories this secure world was given.
  if (rpc::available()) {
    auto bytes = rpc::load_ta(uuid, kMaxTaFileBytes);
    if (bytes) {
      m.file = m.binary = fmt::format("LOAD_TA {}", uuid.str());
      TaEntry entry =
          SWEMU_TRY(make_ta_entry(std::move(m), std::move(bytes).value(), false, source_));
      log::get("session")->info("TA {} loaded from the normal world (LOAD_TA)", uuid.str());
      return entry;
    }
    if (bytes.error().code != TEE_ERROR_ITEM_NOT_FOUND)
      return bytes.error();
  }
  m.file = "(TA directories)";
  TaEntry entry = SWEMU_TRY(load_ta_entry(std::move(m), source_));
  entry.manifest.file = entry.manifest.binary;
  log::get("session")->info("TA {} loaded from {}", uuid.str(), entry.manifest.binary.string());
  return entry;
}

const TaEntry* SessionManager::find(const Uuid& uuid) const {
  auto it = tas_.find(uuid);
  return it == tas_.end() ? nullptr : &it->second;
}

size_t SessionManager::session_count() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

bool SessionManager::single(const Instance& i) const {
  return (i.entry->head.flags & TA_FLAG_SINGLE_INSTANCE) != 0;
}

bool SessionManager::keep_alive(const Instance& i) const {
  // KEEP_ALIVE only counts together with SINGLE_INSTANCE (§4.2).
  return single(i) && (i.entry->head.flags & TA_FLAG_INSTANCE_KEEP_ALIVE) != 0;
}

Result<std::shared_ptr<SessionManager::Instance>>
SessionManager::acquire_instance(const TaEntry& entry) {
  const uint32_t flags = entry.head.flags;
  if (flags & TA_FLAG_SINGLE_INSTANCE) {
    auto it = shared_.find(entry.manifest.uuid);
    if (it != shared_.end()) {
      Instance& inst = *it->second;
      if (inst.ta->dead()) {
        if (flags & TA_FLAG_INSTANCE_KEEP_CRASHED)
          return make_error(TEE_ERROR_TARGET_DEAD,
                            fmt::format("{}: crashed and kept crashed", entry.manifest.name));
        shared_.erase(it); // a dead instance is replaced by a fresh one
      } else {
        if (!(flags & TA_FLAG_MULTI_SESSION) && inst.sessions > 0)
          return make_error(TEE_ERROR_BUSY, fmt::format("{}: single-session instance is taken",
                                                        entry.manifest.name));
        return it->second;
      }
    }
  }
  TaLoadOptions opts;
  opts.name = entry.manifest.name;
  opts.stack_size = entry.manifest.stack_size;
  opts.heap_size = entry.manifest.heap_size;
  if (entry.manifest.time_limit_ms)
    opts.time_limit_ms = *entry.manifest.time_limit_ms;
  opts.rng = rng_;
  opts.storage = storage_;
  opts.storage_quota = entry.manifest.storage_quota;
  opts.tracer = tracer_;
  if (debugger_ && (!debug_ta_ || *debug_ta_ == entry.manifest.uuid)) {
    opts.debugger = debugger_;
    opts.debug_name = fmt::format("{} {} instance {}", entry.manifest.name,
                                  entry.manifest.uuid.str(), next_instance_);
  }
  if (entry.libraries && !entry.libraries->empty())
    opts.libraries = [libs = entry.libraries](const Uuid& uuid) -> Result<std::vector<uint8_t>> {
      auto it = libs->find(uuid);
      if (it == libs->end())
        return make_error(TEE_ERROR_ITEM_NOT_FOUND,
                          fmt::format("TA library {} was not loaded", uuid.str()));
      return it->second;
    };
  opts.coverage = coverage_;
  opts.file = entry.manifest.binary;
  opts.load_address_rng = load_address_rng_;
  auto inst = std::make_shared<Instance>();
  inst->entry = &entry;
  inst->id = next_instance_++;
  inst->ta = SWEMU_TRY(TaInstance::create(entry.elf, opts));
  if (load_address_rng_) {
    // Where the symbol files must be moved to (gdb is told through qOffsets). A category
    // of its own, so that the commands can show these lines without the other info ones.
    const TaImage& image = inst->ta->image();
    const auto logger = log::get("load");
    logger->info("TA {} ({}) instance {} loaded at {:#x}", entry.manifest.name,
                 entry.manifest.uuid.str(), inst->id, image.base);
    for (size_t i = 1; i < image.modules.size(); ++i)
      logger->info("TA {} instance {}: TA library {} at {:#x}", entry.manifest.name, inst->id,
                   image.modules[i].name, image.modules[i].base);
  }
  if (flags & TA_FLAG_SINGLE_INSTANCE)
    shared_[entry.manifest.uuid] = inst;
  return inst;
}

void SessionManager::release_instance(const std::shared_ptr<Instance>& inst) {
  if (inst->sessions > 0 || !single(*inst))
    return;
  bool crashed_and_kept =
      inst->ta->dead() && (inst->entry->head.flags & TA_FLAG_INSTANCE_KEEP_CRASHED);
  if (inst->ta->dead() ? !crashed_and_kept : !keep_alive(*inst)) {
    auto it = shared_.find(inst->entry->manifest.uuid);
    if (it != shared_.end() && it->second == inst)
      shared_.erase(it);
  }
}

namespace {
// A secure thread waiting for a busy instance sleeps in the normal world at most this long
// at a time.
constexpr uint32_t kBusyWaitSliceMs = 10;

// The NOTIFICATION value of an instance's wait queue: Linux accepts values up to 255
// (OPTEE_DEFAULT_MAX_NOTIF_VALUE); two instances sharing one only wake each other early.
uint32_t notification_key(uint64_t instance_id) {
  return static_cast<uint32_t>(1 + instance_id % 255);
}
} // namespace

SessionManager::RunGrant SessionManager::acquire_run(Instance& inst, const CancelState& cancel) {
  const std::thread::id self = std::this_thread::get_id();
  std::unique_lock graph(graph_mu_);
  if (!inst.running) {
    inst.running = true;
    inst.runner = self;
    return RunGrant::kGranted;
  }
  // Follow runner -> the instance it waits for -> its runner ... back to this thread?
  // Every hop passes a waiting thread, so a chain is at most that long.
  const Instance* next = &inst;
  for (size_t hops = 0; next != nullptr && next->running && hops <= waiting_.size(); ++hops) {
    if (next->runner == self)
      return RunGrant::kCycle;
    auto waits = waiting_.find(next->runner);
    next = waits == waiting_.end() ? nullptr : waits->second;
  }
  waiting_[self] = &inst;
  while (inst.running) {
    if (cancel.requested()) {
      waiting_.erase(self);
      return RunGrant::kCancelled;
    }
    if (rpc::available()) {
      // As OP-TEE's wait queues: the secure thread sleeps in the normal world
      // (OPTEE_RPC_CMD_NOTIFICATION WAIT); release_run's SEND wakes it. The timeout covers
      // a release by a call of another normal world (another client of the daemon), whose
      // SEND reaches only its own driver, and a cancellation.
      graph.unlock();
      rpc::notification_wait(notification_key(inst.id), kBusyWaitSliceMs);
      graph.lock();
      continue;
    }
    // A cancellation notifies run_cv_ too; the timeout covers one that came between the
    // check and the wait.
    run_cv_.wait_for(graph, std::chrono::milliseconds(50));
  }
  waiting_.erase(self);
  inst.running = true;
  inst.runner = self;
  return RunGrant::kGranted;
}

void SessionManager::release_run(Instance& inst) {
  bool waited_for = false;
  {
    std::lock_guard graph(graph_mu_);
    inst.runner = {};
    inst.running = false;
    for (const auto& [thread, instance] : waiting_)
      waited_for |= instance == &inst;
  }
  run_cv_.notify_all();
  if (waited_for && rpc::available())
    rpc::notification_send(notification_key(inst.id));
}

namespace {

// A TA-to-TA call's cancellation, for the duration of the callee's entry: the timeout as
// the callee's request deadline, the caller's requests passed on.
class CalleeCancel {
public:
  CalleeCancel(const TaCall* call, CancelState& callee)
      : caller_(call != nullptr ? call->caller_cancel : nullptr) {
    if (call != nullptr && call->cancel_timeout_ms < TEE_TIMEOUT_INFINITE)
      callee.set_request_deadline(CancelState::Clock::now() +
                                  std::chrono::milliseconds(call->cancel_timeout_ms));
    if (caller_ != nullptr)
      caller_->link_callee(&callee);
  }
  ~CalleeCancel() {
    if (caller_ != nullptr)
      caller_->link_callee(nullptr);
  }
  CalleeCancel(const CalleeCancel&) = delete;
  CalleeCancel& operator=(const CalleeCancel&) = delete;

private:
  CancelState* caller_;
};

} // namespace

EntryResult SessionManager::run_entry(Instance& inst, uint32_t func, uint32_t session_id,
                                      const Session& session, TaParams& params, uint32_t cmd_id,
                                      const TaCall* call) {
  if (std::find(tl_running.begin(), tl_running.end(), &inst) != tl_running.end()) {
    log::get("session")->warn("{}: already running on this call chain: BUSY",
                              inst.entry->manifest.name);
    return {TEE_ERROR_BUSY, TEE_ORIGIN_TEE};
  }
  EntryContext context;
  context.session_id = session_id;
  context.client_login = session.client.login;
  context.client_uuid = session.client.uuid;
  context.cancel = session.cancel.get();
  context.ta_time = &ta_time_;
  context.services = this;
  context.instance_id = inst.id;
  // `run` serializes the instance's entries; mu_ is not held, so CANCEL, other sessions'
  // calls and new sessions go on while the TA runs or waits.
  switch (acquire_run(inst, *session.cancel)) {
  case RunGrant::kGranted:
    break;
  case RunGrant::kCycle:
    log::get("session")->warn("{}: runs on a thread that waits for this one: BUSY",
                              inst.entry->manifest.name);
    return {TEE_ERROR_BUSY, TEE_ORIGIN_TEE};
  case RunGrant::kCancelled:
    log::get("session")->info("{}: cancelled while waiting for the busy instance",
                              inst.entry->manifest.name);
    session.cancel->end_entry();
    return {TEE_ERROR_CANCEL, TEE_ORIGIN_TEE};
  }
  EntryResult r;
  const uint64_t t0 = tracer_ ? tracer_->now() : 0;
  {
    CalleeCancel linked(call, *session.cancel);
    tl_running.push_back(&inst);
    r = inst.ta->enter(func, context, params, cmd_id);
    tl_running.pop_back();
  }
  if (tracer_) {
    static const char* const kEntries[] = {"OPEN_SESSION", "CLOSE_SESSION", "INVOKE_COMMAND"};
    tracer_->span("entry", func < 3 ? kEntries[func] : "UNKNOWN", t0, tracer_->now(),
                  {{"ta", inst.entry->manifest.uuid.str()},
                   {"session", session_id},
                   {"cmd", cmd_id},
                   {"ret", r.ret},
                   {"origin", r.origin}},
                  Tracer::Track::kTaInstance, inst.id, inst.entry->manifest.name);
  }
  release_run(inst);
  // OP-TEE clears the request when the TA returns: the next entry is a new operation.
  session.cancel->end_entry();
  return r;
}

void SessionManager::after_entry(const std::shared_ptr<Instance>& inst) {
  std::vector<uint32_t> owned;
  {
    std::lock_guard lock(mu_);
    auto it = shared_.find(inst->entry->manifest.uuid);
    const bool kept = it != shared_.end() && it->second == inst;
    if (!inst->ta->dead() && (inst->sessions > 0 || kept))
      return;
    for (const auto& [id, s] : sessions_)
      if (s.owner == inst->id)
        owned.push_back(id);
  }
  for (uint32_t id : owned) {
    log::get("session")->debug("{}: closing TA-to-TA session {} it left open",
                               inst->entry->manifest.name, id);
    close_for(inst->id, id, TEE_ERROR_BAD_PARAMETERS);
  }
}

EntryResult SessionManager::open_session(const Uuid& uuid, const ClientIdentity& client,
                                         TaParams& params, uint32_t* session_id,
                                         std::shared_ptr<CancelState> cancel) {
  return open_for(nullptr, uuid, client, params, session_id, std::move(cancel));
}

EntryResult SessionManager::open_for(const TaCall* call, const Uuid& uuid,
                                     const ClientIdentity& client, TaParams& params,
                                     uint32_t* session_id, std::shared_ptr<CancelState> cancel) {
  if (!tracer_)
    return open_untraced(call, uuid, client, params, session_id, std::move(cancel));
  const uint64_t t0 = tracer_->now();
  const EntryResult r = open_untraced(call, uuid, client, params, session_id, std::move(cancel));
  tracer_->span("session", "open", t0, tracer_->now(),
                {{"ta", uuid.str()},
                 {"session", *session_id},
                 {"login", client.login},
                 {"client", client.uuid.str()},
                 {"ret", r.ret},
                 {"origin", r.origin}},
                Tracer::Track::kSecureThread);
  return r;
}

EntryResult SessionManager::open_untraced(const TaCall* call, const Uuid& uuid,
                                          const ClientIdentity& client, TaParams& params,
                                          uint32_t* session_id,
                                          std::shared_ptr<CancelState> cancel) {
  const uint64_t owner = call != nullptr ? call->caller : 0;
  auto logger = log::get("session");
  *session_id = 0;
  std::shared_ptr<Instance> inst;
  uint32_t id = 0;
  // A TA no manifest names is fetched without the lock: that may take RPCs.
  std::optional<TaEntry> fetched;
  bool known = false;
  {
    std::lock_guard lock(mu_);
    known = find(uuid) != nullptr;
  }
  if (!known) {
    auto f = fetch_unnamed(uuid);
    if (!f) {
      logger->info("open {}: {}", uuid.str(), f.error().message);
      return {f.error().code, TEE_ORIGIN_TEE};
    }
    fetched = std::move(f).value();
  }
  {
    std::lock_guard lock(mu_);
    const TaEntry* entry = find(uuid);
    if (entry == nullptr && fetched)
      entry = &tas_.emplace(uuid, std::move(*fetched)).first->second;
    if (entry == nullptr)
      return {TEE_ERROR_ITEM_NOT_FOUND, TEE_ORIGIN_TEE};
    if (!entry->manifest.allows(client.login, client.uuid)) {
      logger->warn("open {}: login {} ({}) not allowed by {}", entry->manifest.name,
                   login_name(client.login), client.uuid.str(), entry->manifest.file.string());
      return {TEE_ERROR_ACCESS_DENIED, TEE_ORIGIN_TEE};
    }
    auto acquired = acquire_instance(*entry);
    if (!acquired) {
      logger->warn("open {}: {}", entry->manifest.name, acquired.error().message);
      return {acquired.error().code, TEE_ORIGIN_TEE};
    }
    inst = std::move(acquired.value());
    ++inst->sessions; // reserve the slot so that BUSY is decided under mu_
    id = next_session_++;
    if (next_session_ == 0)
      next_session_ = 1;
  }

  // Cancellation starts masked for a new session (OP-TEE tee_ta_init_session).
  Session session{inst, client, cancel ? std::move(cancel) : std::make_shared<CancelState>(),
                  owner};
  EntryResult r = run_entry(*inst, UTEE_ENTRY_FUNC_OPEN_SESSION, id, session, params, 0, call);

  {
    std::lock_guard lock(mu_);
    if (r.ret == TEE_SUCCESS) {
      sessions_[id] = std::move(session);
      *session_id = id;
      logger->debug("open {}: session {}", inst->entry->manifest.name, id);
      return r;
    }
    --inst->sessions;
    release_instance(inst);
  }
  after_entry(inst);
  return r;
}

EntryResult SessionManager::invoke(uint32_t session_id, uint32_t cmd_id, TaParams& params) {
  return invoke_for(nullptr, session_id, cmd_id, params);
}

EntryResult SessionManager::invoke_for(const TaCall* call, uint32_t session_id, uint32_t cmd_id,
                                       TaParams& params) {
  const uint64_t owner = call != nullptr ? call->caller : 0;
  Session session;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(session_id);
    // A TA asking for a session it did not open gets BAD_PARAMETERS, as in OP-TEE's
    // syscall_invoke_ta_command; the normal world ITEM_NOT_FOUND.
    if (it == sessions_.end() || it->second.owner != owner)
      return {owner != 0 ? TEE_ERROR_BAD_PARAMETERS : TEE_ERROR_ITEM_NOT_FOUND, TEE_ORIGIN_TEE};
    session = it->second;
  }
  EntryResult r = run_entry(*session.instance, UTEE_ENTRY_FUNC_INVOKE_COMMAND, session_id, session,
                            params, cmd_id, call);
  if (session.instance->ta->dead())
    after_entry(session.instance);
  return r;
}

EntryResult SessionManager::close_session(uint32_t session_id) {
  return close_for(0, session_id, TEE_ERROR_ITEM_NOT_FOUND);
}

EntryResult SessionManager::close_for(uint64_t owner, uint32_t session_id, uint32_t not_found) {
  if (!tracer_)
    return close_untraced(owner, session_id, not_found);
  const uint64_t t0 = tracer_->now();
  const EntryResult r = close_untraced(owner, session_id, not_found);
  tracer_->span("session", "close", t0, tracer_->now(),
                {{"session", session_id}, {"ret", r.ret}, {"origin", r.origin}},
                Tracer::Track::kSecureThread);
  return r;
}

EntryResult SessionManager::close_untraced(uint64_t owner, uint32_t session_id,
                                           uint32_t not_found) {
  Session session;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(session_id);
    if (it == sessions_.end() || it->second.owner != owner)
      return {not_found, TEE_ORIGIN_TEE};
    // The close entry of an instance that is running on this call chain cannot run now;
    // the session stays for its owner to close later.
    if (std::find(tl_running.begin(), tl_running.end(), it->second.instance.get()) !=
        tl_running.end())
      return {TEE_ERROR_BUSY, TEE_ORIGIN_TEE};
    session = std::move(it->second);
    sessions_.erase(it);
  }
  // A dead instance answers TARGET_DEAD without running anything (TaInstance::enter).
  TaParams none{};
  run_entry(*session.instance, UTEE_ENTRY_FUNC_CLOSE_SESSION, session_id, session, none, 0,
            nullptr);
  {
    std::lock_guard lock(mu_);
    --session.instance->sessions;
    release_instance(session.instance);
  }
  after_entry(session.instance);
  return {TEE_SUCCESS, TEE_ORIGIN_TEE};
}

EntryResult SessionManager::ta_open_session(const TaCall& call, const Uuid& caller_uuid,
                                            const Uuid& dest, TaParams& params,
                                            uint32_t* session_id) {
  return open_for(&call, dest, ClientIdentity{TEE_LOGIN_TRUSTED_APP, caller_uuid}, params,
                  session_id);
}

EntryResult SessionManager::ta_invoke(const TaCall& call, uint32_t session_id, uint32_t cmd_id,
                                      TaParams& params) {
  return invoke_for(&call, session_id, cmd_id, params);
}

EntryResult SessionManager::ta_close_session(uint64_t caller, uint32_t session_id) {
  return close_for(caller, session_id, TEE_ERROR_BAD_PARAMETERS);
}

EntryResult SessionManager::cancel(uint32_t session_id) {
  std::shared_ptr<CancelState> state;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(session_id);
    // OP-TEE (entry_std.c) answers BAD_PARAMETERS for a session it does not know.
    if (it == sessions_.end() || it->second.owner != 0)
      return {TEE_ERROR_BAD_PARAMETERS, TEE_ORIGIN_TEE};
    state = it->second.cancel;
  }
  state->request();
  run_cv_.notify_all(); // an entry of the session may wait for its busy instance
  log::get("session")->debug("cancel requested for session {}", session_id);
  return {TEE_SUCCESS, TEE_ORIGIN_TEE};
}

void SessionManager::cancel_open(CancelState& cancel) {
  cancel.request();
  run_cv_.notify_all();
}

} // namespace swemu::core
