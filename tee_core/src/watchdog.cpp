#include "watchdog.h"

#include <unicorn/unicorn.h>

namespace swemu::core {

namespace {
constexpr auto kPoll = std::chrono::milliseconds(100);
} // namespace

Watchdog& Watchdog::instance() {
  static Watchdog w;
  return w;
}

Watchdog::Watchdog() : thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

uint64_t Watchdog::arm(uc_struct* uc, std::optional<Clock::time_point> deadline,
                       std::atomic<bool>* fired, std::optional<Clock::time_point> soft,
                       std::atomic<bool>* soft_fired) {
  std::lock_guard lock(mu_);
  uint64_t token = next_token_++;
  entries_.push_back(Entry{token, uc, deadline, fired, soft, soft_fired});
  // The thread looks at the entries at least every kPoll anyway; waking it on every arm
  // would cost a cross-CPU wakeup per TA entry.
  const auto soon = Clock::now() + kPoll;
  if ((deadline && *deadline < soon) || (soft && *soft < soon)) {
    wakeups_.fetch_add(1, std::memory_order_relaxed);
    cv_.notify_all();
  }
  return token;
}

void Watchdog::rearm_soft(uint64_t token, Clock::time_point soft) {
  std::lock_guard lock(mu_);
  for (auto& e : entries_)
    if (e.token == token)
      e.soft = soft;
  if (soft < Clock::now() + kPoll) {
    wakeups_.fetch_add(1, std::memory_order_relaxed);
    cv_.notify_all();
  }
}

void Watchdog::disarm(uint64_t token) {
  std::lock_guard lock(mu_);
  for (auto& e : entries_)
    if (e.token == token) {
      e = entries_.back();
      entries_.pop_back();
      return;
    }
}

void Watchdog::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto next = Clock::time_point::max();
    auto now = Clock::now();
    for (size_t i = 0; i < entries_.size();) {
      Entry& e = entries_[i];
      if (e.soft && *e.soft <= now) {
        e.soft_fired->store(true);
        e.soft.reset();
      }
      if (e.deadline && *e.deadline <= now) {
        // Under the lock, so disarm() cannot return while the engine is being stopped.
        e.fired->store(true);
        uc_emu_stop(e.uc);
        entries_[i] = entries_.back();
        entries_.pop_back();
        continue;
      }
      if (e.deadline)
        next = std::min(next, *e.deadline);
      if (e.soft)
        next = std::min(next, *e.soft);
      ++i;
    }
    cv_.wait_until(lock, std::min(next, now + kPoll));
  }
}

} // namespace swemu::core
