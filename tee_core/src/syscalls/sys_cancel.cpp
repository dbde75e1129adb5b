// GET_CANCELLATION_FLAG (9), UNMASK_CANCELLATION (10), MASK_CANCELLATION (11), and the
// per-session CancelState they read (GP TEE Internal Core API v1.3.1 §4.10). Cancellation
// is cooperative: the normal world's OPTEE_MSG_CMD_CANCEL only sets a flag, which the TA
// polls or which ends a TEE_Wait early (sys_time.cpp).
#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {

void CancelState::request() {
  {
    std::lock_guard lock(mu_);
    requested_ = true;
    // Held while passing on, so the callee cannot be unlinked (and go away) meanwhile; a
    // callee never locks its caller, so the order is fixed.
    if (callee_ != nullptr)
      callee_->request();
  }
  cv_.notify_all();
}

void CancelState::end_entry() {
  std::lock_guard lock(mu_);
  requested_ = false;
  deadline_.reset();
}

bool CancelState::cancelled_locked(Clock::time_point now) const {
  return (requested_ || (deadline_ && now >= *deadline_)) && !masked_;
}

bool CancelState::cancelled() const {
  std::lock_guard lock(mu_);
  return cancelled_locked(Clock::now());
}

bool CancelState::requested() const {
  std::lock_guard lock(mu_);
  return requested_ || (deadline_ && Clock::now() >= *deadline_);
}

bool CancelState::set_mask(bool masked) {
  std::lock_guard lock(mu_);
  const bool old = masked_;
  masked_ = masked;
  return old;
}

bool CancelState::wait_until(std::optional<Clock::time_point> deadline) {
  std::unique_lock lock(mu_);
  for (;;) {
    const Clock::time_point now = Clock::now();
    if (cancelled_locked(now))
      return true;
    if (deadline && now >= *deadline)
      return false;
    // Wake at the earlier of the wait's end and the request deadline.
    std::optional<Clock::time_point> wake = deadline;
    if (deadline_ && !masked_ && (!wake || *deadline_ < *wake))
      wake = deadline_;
    if (wake)
      cv_.wait_until(lock, *wake);
    else
      cv_.wait(lock);
  }
}

void CancelState::set_request_deadline(std::optional<Clock::time_point> when) {
  {
    std::lock_guard lock(mu_);
    deadline_ = when;
  }
  cv_.notify_all();
}

void CancelState::link_callee(CancelState* callee) {
  std::lock_guard lock(mu_);
  callee_ = callee;
  if (callee_ != nullptr && requested_)
    callee_->request();
}

namespace {

// An entry without a session (tests, benchmarks) is never cancelled and starts masked.
CancelState* cancel_state_of(TaInstance& ta) {
  return ta.entry_context().cancel;
}

uint32_t write_u32(TaInstance& ta, uint64_t va, uint32_t value) {
  auto r = ta.copy_to_ta(va, &value, sizeof value);
  return r ? abi::TEE_SUCCESS : r.error().code;
}

// As in OP-TEE the mask changes even when the old value cannot be written back.
uint32_t change_mask(TaInstance& ta, uint64_t old_mask_va, bool masked) {
  CancelState* state = cancel_state_of(ta);
  const bool old = state != nullptr ? state->set_mask(masked) : true;
  return write_u32(ta, old_mask_va, old ? 1 : 0);
}

} // namespace

// (uint32_t *cancel): 1 if cancellation was requested and is not masked.
uint32_t sys_get_cancellation_flag(TaInstance& ta, const SyscallArgs& args) {
  CancelState* state = cancel_state_of(ta);
  const bool cancelled = state != nullptr && state->cancelled();
  return write_u32(ta, args.a[0], cancelled ? 1 : 0);
}

// (uint32_t *old_mask)
uint32_t sys_unmask_cancellation(TaInstance& ta, const SyscallArgs& args) {
  return change_mask(ta, args.a[0], false);
}

// (uint32_t *old_mask)
uint32_t sys_mask_cancellation(TaInstance& ta, const SyscallArgs& args) {
  return change_mask(ta, args.a[0], true);
}

} // namespace swemu::core
