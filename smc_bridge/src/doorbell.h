// The doorbell page of a daemon call connection (WireDoorbell in daemon_protocol.h): its
// mapping on either side, and how each side rings the other and waits for it. A waiter
// first spins on the page (a quick answer then costs no system call at all), then sleeps on
// a futex word of the page, saying so in a "sleeping" word so that the other side knows to
// wake it. The futexes are shared (no FUTEX_PRIVATE_FLAG): the two sides are two processes.
#pragma once

#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>

#include "swemu/bridge/daemon_protocol.h"
#include "swemu/core/result.h"

namespace swemu::bridge {

// One page of a memfd mapped read/write and shared. Move-only; unmapped on destruction.
class DoorbellPage {
public:
  // Client: a new zeroed page in a memfd sealed against shrinking and growing; fd() is the
  // descriptor to pass in the attach hello (close_fd() once it has been sent).
  static Result<DoorbellPage> create();
  // Daemon: maps the page a peer passed, after checking it as the shared memory region is
  // checked: a regular file of at least one page, sealed against shrinking (a file shrunk
  // under the mapping would fault the daemon). The descriptor stays the caller's.
  static Result<DoorbellPage> map(int fd);

  DoorbellPage(DoorbellPage&& other) noexcept;
  DoorbellPage& operator=(DoorbellPage&& other) noexcept;
  DoorbellPage(const DoorbellPage&) = delete;
  DoorbellPage& operator=(const DoorbellPage&) = delete;
  ~DoorbellPage();

  [[nodiscard]] WireDoorbell& get() const { return *page_; }
  [[nodiscard]] int fd() const { return fd_; }
  void close_fd();

private:
  DoorbellPage(WireDoorbell* page, int fd) : page_(page), fd_(fd) {}
  void reset();

  WireDoorbell* page_ = nullptr;
  int fd_ = -1;
};

// Wakes the side sleeping on `bell`, if `sleeping` says it sleeps: after the store that
// the other side waits for (seq_cst, so that either this sees `sleeping` or the sleeper
// sees that store before it sleeps).
void ring(std::atomic<uint32_t>& bell, const std::atomic<uint32_t>& sleeping);

// Wakes the side sleeping on `bell` whether or not it says so: for a reason to wake that
// lives outside the page (the daemon stopping, the client gone), stored before this call.
void ring_always(std::atomic<uint32_t>& bell);

// Sleeps on the futex word while it holds `expected`, for at most `timeout`; returns early
// on a wake-up or a signal.
void futex_wait(std::atomic<uint32_t>& word, uint32_t expected, std::chrono::milliseconds timeout);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Waits until ready() holds: spinning for up to `spin`, then sleeping on `bell`, announced
// in `sleeping`, for at most `sleep`. Returns ready() at the end; false means the sleep
// ended without it (a timeout, a signal, a stale wake-up), and the caller looks at whatever
// else it watches (the socket, a deadline) and calls again, with no spin.
//
// The spin yields the CPU every 16 looks (about a microsecond): the other side may be
// waiting for this very CPU (both ends on one vCPU, or the machine busy), and
// sched_yield lets it run at once where spinning on would hold it off until the spin
// ends. With a CPU each, the yield finds nothing else to run and returns (~0.6 µs here).
// Measured on this 2-vCPU VM with the two ends sharing one vCPU (a build busy on the
// other, or both pinned): about 116 µs per invoke without the yield, 7–10 µs with it.
//
// No wake-up is lost: the bell's value is read before `sleeping` is set and ready() is
// checked after it (all seq_cst), and whoever makes ready() true rings after its store,
// which changes the bell, so the futex wait returns at once if it came late.
template <typename Ready>
bool await_doorbell(const Ready& ready, std::atomic<uint32_t>& bell,
                    std::atomic<uint32_t>& sleeping, std::chrono::microseconds spin,
                    std::chrono::milliseconds sleep) {
  if (spin.count() > 0) {
    const auto end = std::chrono::steady_clock::now() + spin;
    for (unsigned i = 1;; ++i) {
      if (ready())
        return true;
      // Reading the clock (vDSO) costs more than a look at the page: not every round.
      if (i % 16 != 0) {
        cpu_relax();
        continue;
      }
      if (std::chrono::steady_clock::now() >= end)
        break;
      sched_yield();
    }
  }
  const uint32_t rung = bell.load();
  sleeping.store(1);
  if (!ready())
    futex_wait(bell, rung, sleep);
  sleeping.store(0);
  return ready();
}

} // namespace swemu::bridge
