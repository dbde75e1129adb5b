// One long-lived thread that stops TA entries running past their time limit. A timeout
// argument to uc_emu_start would start a timer thread per call (~90 µs) and report a
// timeout as success; this arms a deadline instead and calls uc_emu_stop when it passes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

struct uc_struct;

namespace swemu::core {

class Watchdog {
public:
  using Clock = std::chrono::steady_clock;

  static Watchdog& instance();
  ~Watchdog();

  // Stops `uc` at `deadline` (if any) unless disarmed first; sets *fired when it does. At
  // `soft` (if any) it only sets *soft_fired, once; rearm_soft sets the next one.
  uint64_t arm(uc_struct* uc, std::optional<Clock::time_point> deadline, std::atomic<bool>* fired,
               std::optional<Clock::time_point> soft = std::nullopt,
               std::atomic<bool>* soft_fired = nullptr);
  void rearm_soft(uint64_t token, Clock::time_point soft);
  // How many times arming had to wake the watchdog's thread (a deadline nearer than its
  // next look at the entries); ordinary TA entries never do.
  uint64_t wakeups() const { return wakeups_.load(); }
  // After this returns the watchdog no longer touches the engine of `token`.
  void disarm(uint64_t token);

private:
  struct Entry {
    uint64_t token;
    uc_struct* uc;
    std::optional<Clock::time_point> deadline;
    std::atomic<bool>* fired;
    std::optional<Clock::time_point> soft;
    std::atomic<bool>* soft_fired;
  };
  Watchdog();
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  // As many as entries run at once; kept in a vector so arming allocates nothing once it
  // has grown.
  std::vector<Entry> entries_;
  uint64_t next_token_ = 1;
  std::atomic<uint64_t> wakeups_{0};
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace swemu::core
