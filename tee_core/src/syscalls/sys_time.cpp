// WAIT (12), GET_TIME (13), SET_TA_TIME (14) and the TA persistent time store
// (optee-abi.md §5.2; GP TEE Internal Core API v1.3.1 §7.2).
//
// System time is the host's monotonic clock. REE time is the normal world's wall clock,
// asked with OPTEE_RPC_CMD_GET_TIME as OP-TEE does. A TEE_Wait sleeps in the normal world
// with OPTEE_RPC_CMD_SUSPEND, in slices of at most kSuspendSliceMs so that a cancellation
// (OPTEE_MSG_CMD_CANCEL, or the request deadline of a TA-to-TA call) is seen between them;
// our driver also ends a slice early when the session is cancelled through it.
//
// Off a secure thread (a session manager driven directly by tests or the fuzzer) there is
// no normal world to ask: the host's wall clock is read, and the wait blocks the entry's
// thread on the session's CancelState, which a cancellation ends at once.
//
// TEE_Wait and the entry time limit (manifest `time_limit_ms`, 60 s by default): the limit
// counts wall time, waiting included. A wait that would outlast it ends when the limit is
// reached and the entry is stopped as a runaway one (TEE_ERROR_TARGET_DEAD), with a log
// line saying so; TAs that wait longer need a larger limit, or 0 for none, in their manifest.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "secure_thread.h"
#include "swemu/core/log.h"
#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;
namespace fs = std::filesystem;

constexpr uint32_t TEE_ERROR_TIME_NOT_SET = 0xFFFF5000;
constexpr uint32_t TEE_ERROR_TIME_NEEDS_RESET = 0xFFFF5001;

// utee time categories (optee-abi.md §5.2, GET_TIME).
constexpr uint64_t kTimeCatSystem = 0;
constexpr uint64_t kTimeCatTaPersistent = 1;
constexpr uint64_t kTimeCatRee = 2;

constexpr int64_t kMsPerSecond = 1000;
// The clocks of a deterministic instance (fuzzing, replay): 1000 s since boot, and
// 2026-01-01T00:00:00Z.
constexpr int64_t kFixedSystemMs = 1'000'000;
constexpr int64_t kFixedReeMs = 1'767'225'600'000;
constexpr int kStateFileVersion = 1;
// The longest sleep one SUSPEND RPC asks for.
constexpr int64_t kSuspendSliceMs = 20;

// Milliseconds as TEE_Time; seconds beyond 32 bits wrap, which the caller reports.
TeeTime to_tee_time(int64_t ms) {
  return {static_cast<uint32_t>(static_cast<uint64_t>(ms / kMsPerSecond)),
          static_cast<uint32_t>(ms % kMsPerSecond)};
}

int64_t since_epoch_ms(auto now) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

// Writes `text` to `file` so that a crash leaves either the old or the new contents.
Result<void> write_atomically(const fs::path& file, const std::string& text) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec)
    return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                      fmt::format("creating {}: {}", file.parent_path().string(), ec.message()));
  const fs::path tmp = file.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                      fmt::format("creating {}: {}", tmp.string(), std::strerror(errno)));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                      fmt::format("writing {}: {}", file.string(), why));
  }
  // Make the rename itself durable.
  if (const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

} // namespace

// --- TaTimeStore ----------------------------------------------------------------------

TaTimeStore::Clocks TaTimeStore::host_clocks() {
  return {[] { return since_epoch_ms(std::chrono::steady_clock::now()); },
          [] { return since_epoch_ms(std::chrono::system_clock::now()); }};
}

TaTimeStore::TaTimeStore(fs::path state_dir, Clocks clocks)
    : dir_(std::move(state_dir)), clocks_(std::move(clocks)) {}

fs::path TaTimeStore::file_of(const Uuid& ta) const {
  return dir_ / "ta_time" / (ta.str() + ".json");
}

// The state file holds the TA time and the REE time at the moment it was set; TA time has
// advanced with the REE clock since then.
TaTimeStore::Entry* TaTimeStore::load(const Uuid& ta) {
  if (auto it = entries_.find(ta); it != entries_.end())
    return &it->second;
  if (dir_.empty())
    return nullptr;
  const fs::path file = file_of(ta);
  std::ifstream in(file);
  if (!in)
    return nullptr;
  std::stringstream text;
  text << in.rdbuf();
  Entry entry;
  auto logger = log::get("ta_time");
  try {
    const auto j = nlohmann::json::parse(text.str());
    const int64_t ta_ms = j.at("ta_ms").get<int64_t>();
    const int64_t ree_ms = j.at("ree_ms").get<int64_t>();
    const int64_t ree_now = clocks_.ree_ms();
    if (j.at("version").get<int>() != kStateFileVersion || ta_ms < 0) {
      entry.needs_reset = true;
      logger->warn("{}: unknown version or bad value; the TA time needs a reset", file.string());
    } else if (ree_now < ree_ms) {
      entry.needs_reset = true;
      logger->warn("{}: the REE clock is before the moment the TA time was set; the TA time "
                   "needs a reset",
                   file.string());
    } else {
      entry.offset_ms = ta_ms + (ree_now - ree_ms) - clocks_.system_ms();
    }
  } catch (const nlohmann::json::exception& e) {
    entry.needs_reset = true;
    logger->warn("{}: {}; the TA time needs a reset", file.string(), e.what());
  }
  return &entries_.emplace(ta, entry).first->second;
}

TaTimeStore::Reading TaTimeStore::get(const Uuid& ta) {
  std::lock_guard lock(mu_);
  const Entry* e = load(ta);
  if (e == nullptr)
    return {TEE_ERROR_TIME_NOT_SET, {}};
  if (e->needs_reset)
    return {TEE_ERROR_TIME_NEEDS_RESET, {}};
  const int64_t now = clocks_.system_ms() + e->offset_ms;
  if (now < 0)
    return {TEE_ERROR_TIME_NEEDS_RESET, {}};
  const bool wrapped = now / kMsPerSecond > std::numeric_limits<uint32_t>::max();
  return {wrapped ? TEE_ERROR_OVERFLOW : TEE_SUCCESS, to_tee_time(now)};
}

uint32_t TaTimeStore::set(const Uuid& ta, const TeeTime& time) {
  // OP-TEE refuses a time that is not normalized.
  if (time.millis >= kMsPerSecond)
    return TEE_ERROR_BAD_PARAMETERS;
  const int64_t ta_ms = int64_t{time.seconds} * kMsPerSecond + time.millis;
  std::lock_guard lock(mu_);
  const int64_t system_now = clocks_.system_ms();
  if (!dir_.empty()) {
    const nlohmann::json j = {
        {"version", kStateFileVersion}, {"ta_ms", ta_ms}, {"ree_ms", clocks_.ree_ms()}};
    if (auto r = write_atomically(file_of(ta), j.dump() + "\n"); !r) {
      log::get("ta_time")->error("TA {}: {}", ta.str(), r.error().message);
      return r.error().code;
    }
  }
  entries_[ta] = Entry{false, ta_ms - system_now};
  return TEE_SUCCESS;
}

// --- Syscalls -------------------------------------------------------------------------

// (unsigned long cat, TEE_Time *time). As in OP-TEE, the time goes to TA-private memory
// and is written with TEE_ERROR_OVERFLOW too (the wrapped value).
uint32_t sys_get_time(TaInstance& ta, const SyscallArgs& args) {
  TaTimeStore::Reading reading;
  switch (args.a[0]) {
  case kTimeCatSystem:
    reading = {TEE_SUCCESS,
               to_tee_time(ta.deterministic() ? kFixedSystemMs
                                              : since_epoch_ms(std::chrono::steady_clock::now()))};
    break;
  case kTimeCatTaPersistent: {
    TaTimeStore* store = ta.entry_context().ta_time;
    reading = store != nullptr ? store->get(ta.image().head.uuid)
                               : TaTimeStore::Reading{TEE_ERROR_TIME_NOT_SET, {}};
    break;
  }
  case kTimeCatRee: {
    int64_t ms = kFixedReeMs;
    if (!ta.deterministic()) {
      std::optional<rpc::ReeTime> ree;
      if (rpc::available())
        ree = rpc::ree_time();
      ms = ree ? static_cast<int64_t>(ree->seconds) * kMsPerSecond +
                     static_cast<int64_t>(ree->nanoseconds / 1'000'000)
               : since_epoch_ms(std::chrono::system_clock::now());
    }
    reading = {TEE_SUCCESS, to_tee_time(ms)};
    break;
  }
  default:
    return TEE_ERROR_BAD_PARAMETERS;
  }
  if (reading.result == TEE_SUCCESS || reading.result == TEE_ERROR_OVERFLOW) {
    const uint32_t out[2] = {reading.time.seconds, reading.time.millis};
    if (auto r = copy_to_ta_private(ta, args.a[1], out, sizeof out); !r)
      return r.error().code;
  }
  return reading.result;
}

// (const TEE_Time *time)
uint32_t sys_set_ta_time(TaInstance& ta, const SyscallArgs& args) {
  uint32_t in[2] = {};
  if (auto r = copy_from_ta_private(ta, args.a[0], in, sizeof in); !r)
    return r.error().code;
  TaTimeStore* store = ta.entry_context().ta_time;
  if (store == nullptr)
    return TEE_ERROR_NOT_SUPPORTED; // an entry outside any session (tests, benchmarks)
  return store->set(ta.image().head.uuid, TeeTime{in[0], in[1]});
}

namespace {

// Sleeps in SUSPEND slices until `wake` (forever when unset) or a cancellation (true).
// Returns false at once off a secure thread, and as soon as a SUSPEND fails; the caller
// then waits for what is left itself.
bool sleep_in_normal_world(const CancelState& cancel,
                           std::optional<CancelState::Clock::time_point> wake) {
  using Clock = CancelState::Clock;
  while (rpc::available()) {
    if (cancel.cancelled())
      return true;
    int64_t slice = kSuspendSliceMs;
    if (wake) {
      const Clock::time_point now = Clock::now();
      if (now >= *wake)
        return false;
      const int64_t left_us =
          std::chrono::duration_cast<std::chrono::microseconds>(*wake - now).count();
      slice = std::min<int64_t>(slice, (left_us + 999) / 1000);
    }
    if (!rpc::suspend(static_cast<uint32_t>(slice)))
      return false;
  }
  return false;
}

} // namespace

// (unsigned long timeout): milliseconds, TEE_TIMEOUT_INFINITE (or more) for no end.
// TEE_ERROR_CANCEL as soon as the session is cancelled and cancellation is not masked,
// including a request that came before the wait started.
uint32_t sys_wait(TaInstance& ta, const SyscallArgs& args) {
  using Clock = CancelState::Clock;
  if (ta.deterministic())
    return TEE_SUCCESS; // fuzzing: time stands still, the wait is over at once
  const uint64_t timeout = args.a[0];
  const Clock::time_point start = Clock::now();
  std::optional<Clock::time_point> end;
  if (timeout < TEE_TIMEOUT_INFINITE)
    end = start + std::chrono::milliseconds(timeout);

  // Wake up no later than the entry's time limit, so that the limit ends the wait
  // instead of waiting for it.
  const std::optional<Clock::time_point> limit = ta.entry_deadline();
  const bool limit_first = limit && (!end || *limit < *end);
  const std::optional<Clock::time_point> wake = limit_first ? limit : end;

  CancelState no_session; // masked and never requested: the wait runs to its end
  CancelState* cancel = ta.entry_context().cancel;
  if (cancel == nullptr)
    cancel = &no_session;
  if (sleep_in_normal_world(*cancel, wake) || cancel->wait_until(wake))
    return TEE_ERROR_CANCEL;

  if (limit_first) {
    const std::string what = timeout >= TEE_TIMEOUT_INFINITE
                                 ? std::string("TEE_Wait(TEE_TIMEOUT_INFINITE)")
                                 : fmt::format("TEE_Wait({} ms)", timeout);
    ta.logger().error("{} outlasts the entry time limit of {} ms; the entry is stopped. A TA that "
                      "waits this long needs a larger time_limit_ms (0: none) in its manifest",
                      what, ta.time_limit_ms());
    ta.request_time_limit_stop(what);
  }
  return TEE_SUCCESS;
}

} // namespace swemu::core
