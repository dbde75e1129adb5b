// The monitor: SMC function dispatch (optee-abi.md §3). Fast calls are answered from
// constants; CALL_WITH_ARG decodes an optee_msg_arg and hands it to the session manager.
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "crypto/crypto.h"
#include "msg.h"
#include "secure_thread.h"
#include "session_manager.h"
#include "swemu/core/log.h"
#include "swemu/core/smc.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

constexpr uint64_t kLow32 = 0xFFFFFFFFu;

class SecureWorldImpl final : public SecureWorld {
public:
  // closes_sessions: the entry closes the sessions opened through it when destroyed (the
  // entries of open_entry); the first entry's sessions end with the session manager.
  SecureWorldImpl(NsShm shm, std::shared_ptr<SessionManager> sessions,
                  std::shared_ptr<SecureThreadPool> threads, bool closes_sessions,
                  std::shared_ptr<Tracer> tracer)
      : mem_(shm), sessions_(std::move(sessions)), threads_(std::move(threads)),
        closes_sessions_(closes_sessions), tracer_(std::move(tracer)) {}

  ~SecureWorldImpl() override {
    if (!closes_sessions_)
      return;
    std::set<uint32_t> owned;
    {
      std::lock_guard lock(owned_mutex_);
      owned.swap(owned_);
    }
    for (uint32_t id : owned) {
      const EntryResult r = sessions_->close_session(id);
      log::get("session")->info("session {} closed with its client's entry: {:#x}", id, r.ret);
    }
  }

  Result<std::unique_ptr<SecureWorld>>
  open_entry(NsShm shm, std::optional<ClientCredentials> credentials) override {
    if (shm.host == nullptr || shm.size == 0 || shm.pa + shm.size < shm.pa)
      return make_error(TEE_ERROR_BAD_PARAMETERS, "shared memory region is empty or wraps");
    auto entry = std::make_unique<SecureWorldImpl>(shm, sessions_, threads_, true, tracer_);
    entry->credentials_ = std::move(credentials);
    return std::unique_ptr<SecureWorld>(std::move(entry));
  }

  void abandon_rpcs() override { threads_->abandon(this); }

  void cancel_all() override {
    std::set<uint32_t> owned;
    {
      std::lock_guard lock(owned_mutex_);
      owned = owned_;
    }
    for (uint32_t id : owned)
      sessions_->cancel(id);
  }

  SmcRegs smc(const SmcRegs& in) override {
    if (!tracer_)
      return dispatch_smc(in);
    const uint64_t t0 = tracer_->now();
    const SmcRegs out = dispatch_smc(in);
    const auto fid = static_cast<uint32_t>(in.a[0] & kLow32);
    tracer_->span("smc", smc_name(fid), t0, tracer_->now(),
                  {{"fid", fid},
                   {"a_in", {in.a[0], in.a[1], in.a[2], in.a[3]}},
                   {"a_out", {out.a[0], out.a[1], out.a[2], out.a[3]}}},
                  Tracer::Track::kNormalWorld);
    return out;
  }

private:
  static const char* smc_name(uint32_t fid) {
    switch (fid) {
    case OPTEE_SMC_CALLS_COUNT:
      return "CALLS_COUNT";
    case OPTEE_SMC_CALLS_UID:
      return "CALLS_UID";
    case OPTEE_SMC_CALLS_REVISION:
      return "CALLS_REVISION";
    case OPTEE_SMC_CALL_GET_OS_UUID:
      return "GET_OS_UUID";
    case OPTEE_SMC_CALL_GET_OS_REVISION:
      return "GET_OS_REVISION";
    case OPTEE_SMC_GET_SHM_CONFIG:
      return "GET_SHM_CONFIG";
    case OPTEE_SMC_EXCHANGE_CAPABILITIES:
      return "EXCHANGE_CAPABILITIES";
    case OPTEE_SMC_GET_THREAD_COUNT:
      return "GET_THREAD_COUNT";
    case OPTEE_SMC_CALL_WITH_ARG:
      return "CALL_WITH_ARG";
    case OPTEE_SMC_CALL_RETURN_FROM_RPC:
      return "RETURN_FROM_RPC";
    case OPTEE_SMC_CALL_WITH_RPC_ARG:
      return "CALL_WITH_RPC_ARG";
    default:
      return "UNKNOWN";
    }
  }

  SmcRegs dispatch_smc(const SmcRegs& in) {
    SmcRegs out;
    // SMC32 convention: only the low 32 bits of each register are meaningful.
    const auto fid = static_cast<uint32_t>(in.a[0] & kLow32);
    switch (fid) {
    case OPTEE_SMC_CALLS_COUNT:
      out.a[0] = kOpteeCallsCount;
      break;
    case OPTEE_SMC_CALLS_UID:
      for (int i = 0; i < 4; ++i)
        out.a[i] = kOpteeApiUid[i];
      break;
    case OPTEE_SMC_CALLS_REVISION:
      out.a[0] = kOpteeApiRevisionMajor;
      out.a[1] = kOpteeApiRevisionMinor;
      break;
    case OPTEE_SMC_CALL_GET_OS_UUID:
      for (int i = 0; i < 4; ++i)
        out.a[i] = kOpteeOsUuid[i];
      break;
    case OPTEE_SMC_CALL_GET_OS_REVISION:
      out.a[0] = kOpteeOsRevisionMajor;
      out.a[1] = kOpteeOsRevisionMinor;
      out.a[2] = 0;
      break;
    case OPTEE_SMC_GET_SHM_CONFIG:
      out.a[0] = OPTEE_SMC_RETURN_OK;
      out.a[1] = mem_.shm().pa;
      out.a[2] = mem_.shm().size;
      out.a[3] = OPTEE_SMC_SHM_CACHED;
      break;
    case OPTEE_SMC_EXCHANGE_CAPABILITIES:
      if ((in.a[1] & kLow32) & ~uint64_t{OPTEE_SMC_NSEC_CAP_UNIPROCESSOR}) {
        out.a[0] = OPTEE_SMC_RETURN_ENOTAVAIL;
        break;
      }
      out.a[0] = OPTEE_SMC_RETURN_OK;
      out.a[1] = OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM | OPTEE_SMC_SEC_CAP_MEMREF_NULL |
                 OPTEE_SMC_SEC_CAP_RPC_ARG;
      out.a[2] = 0;
      out.a[3] = SecureThreadPool::kRpcMaxParams;
      break;
    case OPTEE_SMC_GET_THREAD_COUNT:
      out.a[0] = OPTEE_SMC_RETURN_OK;
      out.a[1] = threads_->count();
      break;
    case OPTEE_SMC_CALL_WITH_ARG:
    case OPTEE_SMC_CALL_WITH_RPC_ARG:
      out = yielding_call(in, fid == OPTEE_SMC_CALL_WITH_RPC_ARG);
      break;
    case OPTEE_SMC_CALL_RETURN_FROM_RPC:
      out = in;
      if (auto exit = threads_->resume(this, in)) {
        out = finish(in, *exit);
      } else {
        log::get("monitor")->debug("RETURN_FROM_RPC for thread {}: no such RPC pending",
                                   in.a[3] & kLow32);
        out.a[0] = OPTEE_SMC_RETURN_ERESUME;
      }
      break;
    default:
      log::get("monitor")->debug("unknown SMC function {:#x}", fid);
      out.a[0] = OPTEE_SMC_RETURN_UNKNOWN_FUNCTION;
      break;
    }
    return out;
  }

private:
  // A yielding call starts on a free secure thread; it ends there, or leaves with an RPC.
  SmcRegs yielding_call(const SmcRegs& in, bool with_rpc_arg) {
    const uint64_t pa = (in.a[1] & kLow32) << 32 | (in.a[2] & kLow32);
    SecureThreadPool::CallContext ctx;
    ctx.owner = this;
    ctx.mem = &mem_;
    ctx.tracer = tracer_.get();
    if (with_rpc_arg) {
      // The RPC argument follows the call's (optee-abi.md §3.4), room for 4 params.
      auto loc = locate_msg_arg(mem_, pa);
      if (!loc) {
        log::get("monitor")->warn("{}", loc.error().message);
        SmcRegs out = in;
        out.a[0] = OPTEE_SMC_RETURN_EBADADDR;
        return out;
      }
      const uint64_t rpc_pa = pa + optee_msg_get_arg_size(loc->num_params);
      ctx.rpc_arg = mem_.translate(rpc_pa, optee_msg_get_arg_size(SecureThreadPool::kRpcMaxParams));
      ctx.rpc_arg_pa = rpc_pa;
      if (ctx.rpc_arg == nullptr) {
        log::get("monitor")->warn("CALL_WITH_RPC_ARG: the RPC argument after the frame at "
                                  "{:#x} is not inside shared memory",
                                  pa);
        SmcRegs out = in;
        out.a[0] = OPTEE_SMC_RETURN_EBADADDR;
        return out;
      }
    }
    auto exit = threads_->start(ctx, [this, pa] { return call_with_arg(pa); });
    if (!exit) {
      SmcRegs out = in; // a1-a7 preserved
      out.a[0] = OPTEE_SMC_RETURN_ETHREAD_LIMIT;
      return out;
    }
    return finish(in, *exit);
  }

  // The registers of a call that ended (a0 = its code, a1-a3 zero, a4-a7 preserved) or
  // left with an RPC (a0-a3 from the secure thread).
  static SmcRegs finish(const SmcRegs& in, const SecureThreadPool::Exit& exit) {
    SmcRegs out = in;
    if (optee_smc_return_is_rpc(static_cast<uint32_t>(exit.a[0]))) {
      for (int i = 0; i < 6; ++i)
        out.a[i] = exit.a[i];
    } else {
      out.a[0] = exit.a[0];
      out.a[1] = out.a[2] = out.a[3] = 0;
    }
    return out;
  }

  uint32_t call_with_arg(uint64_t pa) {
    // Looked up only when there is something to say: the registry takes a lock.
    const auto logger = [] { return log::get("monitor"); };
    auto loc = locate_msg_arg(mem_, pa);
    if (!loc) {
      logger()->warn("{}", loc.error().message);
      return OPTEE_SMC_RETURN_EBADADDR;
    }
    auto frame = decode_msg_arg(mem_, *loc);
    if (!frame) {
      logger()->warn("bad msg frame: {}", frame.error().message);
      if (frame.error().code == TEE_ERROR_NOT_IMPLEMENTED)
        return OPTEE_SMC_RETURN_EBADCMD;
      encode_msg_error(*loc, frame.error().code, frame.error().origin);
      return OPTEE_SMC_RETURN_OK;
    }
    MsgFrame& f = frame.value();
    const uint64_t t0 = tracer_ ? tracer_->now() : 0;
    EntryResult r;
    switch (f.cmd) {
    case OPTEE_MSG_CMD_OPEN_SESSION: {
      uint32_t id = 0;
      if (credentials_ && !may_claim(f.login, f.client_uuid)) {
        logger()->warn("OPEN_SESSION of {}: the client (uid {}, {}) may not claim login {:#x} "
                       "as {}",
                       f.ta_uuid.str(), credentials_->uid, credentials_->executable, f.login,
                       f.client_uuid.str());
        r = {TEE_ERROR_ACCESS_DENIED, TEE_ORIGIN_TEE};
        break;
      }
      // While it runs, the open can be cancelled by its cancel id (the session id is not
      // known to the normal world yet).
      auto cancel = std::make_shared<CancelState>();
      if (f.cancel_id != 0) {
        std::lock_guard lock(owned_mutex_);
        pending_opens_.emplace(f.cancel_id, cancel);
      }
      r = sessions_->open_session(f.ta_uuid, {f.login, f.client_uuid}, f.params, &id, cancel);
      if (f.cancel_id != 0) {
        std::lock_guard lock(owned_mutex_);
        for (auto [it, end] = pending_opens_.equal_range(f.cancel_id); it != end; ++it)
          if (it->second == cancel) {
            pending_opens_.erase(it);
            break;
          }
      }
      f.session = id;
      if (r.ret == TEE_SUCCESS) {
        std::lock_guard lock(owned_mutex_);
        owned_.insert(id);
      }
      break;
    }
    case OPTEE_MSG_CMD_INVOKE_COMMAND:
      r = owns(f.session) ? sessions_->invoke(f.session, f.func, f.params)
                          : EntryResult{TEE_ERROR_ITEM_NOT_FOUND, TEE_ORIGIN_TEE};
      break;
    case OPTEE_MSG_CMD_CLOSE_SESSION:
      r = owns(f.session) ? sessions_->close_session(f.session)
                          : EntryResult{TEE_ERROR_ITEM_NOT_FOUND, TEE_ORIGIN_TEE};
      if (r.ret == TEE_SUCCESS) {
        std::lock_guard lock(owned_mutex_);
        owned_.erase(f.session);
      }
      break;
    case OPTEE_MSG_CMD_CANCEL:
      // By session, whatever the cancel id (0 is what libteec sends): the session's current
      // operation. Else by cancel id: an OPEN_SESSION of this entry still in progress.
      // Cooperative: the TA sees a flag, a TEE_Wait in progress ends, an open waiting for
      // its busy instance gives up. A session of another entry is unknown here
      // (BAD_PARAMETERS, as entry_std.c).
      if (owns(f.session)) {
        r = sessions_->cancel(f.session);
      } else {
        std::vector<std::shared_ptr<CancelState>> opens;
        if (f.cancel_id != 0) {
          std::lock_guard lock(owned_mutex_);
          for (auto [it, end] = pending_opens_.equal_range(f.cancel_id); it != end; ++it)
            opens.push_back(it->second);
        }
        for (auto& c : opens)
          sessions_->cancel_open(*c);
        r = opens.empty() ? EntryResult{TEE_ERROR_BAD_PARAMETERS, TEE_ORIGIN_TEE}
                          : EntryResult{TEE_SUCCESS, TEE_ORIGIN_TEE};
      }
      break;
    }
    encode_msg_result(*loc, f, r.ret, r.origin);
    if (tracer_) {
      static const char* const kCmds[] = {"OPEN_SESSION", "INVOKE_COMMAND", "CLOSE_SESSION",
                                          "CANCEL"};
      tracer_->span("msg", f.cmd < 4 ? kCmds[f.cmd] : "UNKNOWN", t0, tracer_->now(),
                    {{"cmd", f.cmd},
                     {"session", f.session},
                     {"func", f.func},
                     {"ret", r.ret},
                     {"origin", r.origin}},
                    Tracer::Track::kSecureThread);
    }
    return OPTEE_SMC_RETURN_OK;
  }

  // Whether the client with credentials_ may open a session as (login, uuid): the identity
  // the Linux TEE core computes (optee-abi.md §1.4; the application logins as Linux's
  // application-login patch defines them).
  bool may_claim(uint32_t login, const Uuid& uuid) const {
    const ClientCredentials& c = *credentials_;
    const std::string app = ":app=" + c.executable;
    auto any_group = [&](const std::string& suffix) {
      for (uint32_t g : c.gids)
        if (Uuid::tee_client(fmt::format("gid={:x}{}", g, suffix)) == uuid)
          return true;
      return false;
    };
    switch (login) {
    case TEE_LOGIN_PUBLIC:
      return uuid.is_nil();
    case TEE_LOGIN_USER:
      return Uuid::tee_client(fmt::format("uid={:x}", c.uid)) == uuid;
    case TEE_LOGIN_GROUP:
      return any_group("");
    case TEE_LOGIN_APPLICATION:
      return !c.executable.empty() && Uuid::tee_client("app=" + c.executable) == uuid;
    case TEE_LOGIN_APPLICATION_USER:
      return !c.executable.empty() &&
             Uuid::tee_client(fmt::format("uid={:x}{}", c.uid, app)) == uuid;
    case TEE_LOGIN_APPLICATION_GROUP:
      return !c.executable.empty() && any_group(app);
    default:
      return false; // REE_KERNEL, TRUSTED_APP and unknown logins are not a client's
    }
  }

  bool owns(uint32_t session) {
    std::lock_guard lock(owned_mutex_);
    return owned_.count(session) != 0;
  }

  NsMemory mem_;
  std::shared_ptr<SessionManager> sessions_;
  std::shared_ptr<SecureThreadPool> threads_;
  const bool closes_sessions_;
  std::shared_ptr<Tracer> tracer_;
  std::optional<ClientCredentials> credentials_; // set: identities are checked
  std::mutex owned_mutex_;
  std::set<uint32_t> owned_; // the sessions opened through this entry
  // Opens in progress through this entry, by cancel id (under owned_mutex_).
  std::multimap<uint32_t, std::shared_ptr<CancelState>> pending_opens_;
};

} // namespace

Result<std::unique_ptr<SecureWorld>> SecureWorld::create(const SecureWorldConfig& config,
                                                         NsShm shm) {
  if (shm.host == nullptr || shm.size == 0 || shm.pa + shm.size < shm.pa)
    return make_error(TEE_ERROR_BAD_PARAMETERS, "shared memory region is empty or wraps");
  auto logger = log::get("session");
  TaSource source{config.ta_dirs, default_ta_verify_policy()};
  if (!config.ta_public_keys.empty())
    source.policy.public_keys_pem = config.ta_public_keys;
  for (size_t i = 0; i < source.policy.public_keys_pem.size(); ++i)
    SWEMU_TRY_VOID(
        check_public_key_pem(source.policy.public_keys_pem[i], fmt::format("TA public key {}", i)));
  source.policy.allow_unsigned = config.allow_unsigned_tas;
  if (config.allow_unsigned_tas)
    logger->warn("development mode: unsigned TAs and unknown signing keys are accepted");
  ManifestSet set = load_manifests(config.manifest_dirs, config.ta_dirs);
  for (const Error& e : set.errors)
    logger->error("{}", e.message);
  std::vector<TaEntry> tas;
  for (Manifest& m : set.manifests) {
    auto entry = load_ta_entry(std::move(m), source);
    if (!entry) {
      logger->error("{}", entry.error().message);
      continue;
    }
    logger->info("TA {} ({}) from {}", entry->manifest.name, entry->manifest.uuid.str(),
                 entry->manifest.binary.string());
    tas.push_back(std::move(entry.value()));
  }
  std::shared_ptr<crypto::Rng> rng;
  if (config.random_seed.empty()) {
    rng = crypto::Rng::from_host();
  } else {
    logger->warn("reproducible mode: random numbers come from a fixed seed, not for real keys");
    rng = crypto::Rng::from_seed(std::span(
        reinterpret_cast<const uint8_t*>(config.random_seed.data()), config.random_seed.size()));
  }
  if (!rng)
    return make_error(TEE_ERROR_GENERIC, "seeding the random number generator failed");
  auto sessions = std::make_shared<SessionManager>(
      std::move(tas), config.state_dir, std::move(source), std::move(rng), config.coverage);
  if (config.debugger)
    sessions->set_debugger(config.debugger, config.debug_ta);
  if (config.tracer)
    sessions->set_tracer(config.tracer);
  if (config.random_load_address) {
    // A stream of its own, so that randomising load addresses leaves the TAs' random
    // numbers of a seeded run unchanged.
    std::shared_ptr<crypto::Rng> load_rng;
    if (config.random_seed.empty()) {
      load_rng = crypto::Rng::from_host();
    } else {
      const std::string seed = config.random_seed + "/load-address";
      load_rng = crypto::Rng::from_seed(
          std::span(reinterpret_cast<const uint8_t*>(seed.data()), seed.size()));
    }
    if (!load_rng)
      return make_error(TEE_ERROR_GENERIC, "seeding the load address generator failed");
    sessions->set_load_address_rng(std::move(load_rng));
  }
  if (config.secure_threads == 0 || config.secure_threads > SecureThreadPool::kMaxThreads)
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("secure threads: {} is not between 1 and {}",
                                  config.secure_threads, SecureThreadPool::kMaxThreads));
  auto threads = std::make_shared<SecureThreadPool>(config.secure_threads);
  return std::unique_ptr<SecureWorld>(
      new SecureWorldImpl(shm, std::move(sessions), std::move(threads), false, config.tracer));
}

} // namespace swemu::core
