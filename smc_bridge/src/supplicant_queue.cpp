#include "swemu/bridge/supplicant_queue.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>

#include "swemu/core/tee_abi.h"

namespace swemu::bridge {

static_assert(std::atomic<uint32_t>::is_always_lock_free &&
              sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));

std::shared_ptr<SupplicantQueue> SupplicantQueue::process_wide() {
  // Never destroyed: a thread may still wait in it while the process exits.
  static auto* const queue = new std::shared_ptr<SupplicantQueue>(new SupplicantQueue);
  return *queue;
}

std::optional<uint32_t> SupplicantQueue::request(uint32_t func,
                                                 std::vector<SupplicantParam>& params) {
  std::unique_lock lock(mutex_);
  if (owner_ == nullptr)
    return std::nullopt;
  auto req = std::make_shared<SupplicantRequest>();
  req->func = func;
  req->params = params;
  queued_.push_back(req);
  wake_takers();
  done_cv_.wait(lock, [&] { return req->done; });
  params = req->params;
  return req->ret;
}

bool SupplicantQueue::attached() const {
  std::lock_guard lock(mutex_);
  return owner_ != nullptr;
}

bool SupplicantQueue::attach(const void* owner) {
  std::lock_guard lock(mutex_);
  if (owner_ != nullptr)
    return false;
  owner_ = owner;
  return true;
}

void SupplicantQueue::detach(const void* owner) {
  std::lock_guard lock(mutex_);
  if (owner_ != owner || owner == nullptr)
    return;
  // optee_supp_release: what was taken and what still waits fail alike.
  for (auto& [id, req] : in_service_) {
    req->ret = abi::TEE_ERROR_COMMUNICATION;
    req->done = true;
  }
  for (auto& req : queued_) {
    req->ret = abi::TEE_ERROR_COMMUNICATION;
    req->done = true;
  }
  in_service_.clear();
  queued_.clear();
  sync_id_.reset();
  owner_ = nullptr;
  ++generation_;
  wake_takers();
  done_cv_.notify_all();
}

long SupplicantQueue::take(const void* owner, size_t room, bool meta, Taken* out) {
  std::unique_lock lock(mutex_);
  const uint64_t generation = generation_;
  for (;;) {
    if (owner_ != owner || generation_ != generation)
      return generation_ != generation ? -EINTR : -EINVAL;
    // Without meta the supplicant serves one request at a time (supp_pop_entry).
    if (sync_id_)
      return -EINVAL;
    if (!queued_.empty())
      break;
    // The raw system call: the kernel restarts it after a handler with SA_RESTART and
    // returns EINTR after one without, as it does for SUPPL_RECV itself.
    const uint32_t seq = queued_seq_.load();
    lock.unlock();
    const long rc = syscall(SYS_futex, reinterpret_cast<uint32_t*>(&queued_seq_),
                            FUTEX_WAIT_PRIVATE, seq, nullptr, nullptr, 0);
    const int err = errno;
    lock.lock();
    if (rc != 0 && err == EINTR)
      return -EINTR;
  }
  auto req = queued_.front();
  if (room < req->params.size())
    return -EINVAL; // not enough room: the request stays for a supplicant with more
  queued_.pop_front();
  uint32_t id = next_id_;
  while (id == 0 || in_service_.count(id) != 0)
    ++id;
  next_id_ = id + 1;
  in_service_.emplace(id, req);
  if (!meta)
    sync_id_ = id;
  out->id = id;
  out->request = std::move(req);
  return 0;
}

long SupplicantQueue::answer(const void* owner, std::optional<uint64_t> meta_id, size_t num_params,
                             std::shared_ptr<SupplicantRequest>* out, size_t* num_meta) {
  std::lock_guard lock(mutex_);
  if (owner_ != owner || num_params == 0)
    return -EINVAL;
  uint64_t id = 0;
  size_t nm = 0;
  if (sync_id_) {
    id = *sync_id_; // params[0] is a request param, whatever its attr
  } else if (meta_id) {
    id = *meta_id;
    nm = 1;
  } else {
    return -EINVAL; // nothing taken without meta, and the answer names no request
  }
  auto it = id <= UINT32_MAX ? in_service_.find(static_cast<uint32_t>(id)) : in_service_.end();
  if (it == in_service_.end())
    return -ENOENT;
  if (num_params - nm != it->second->params.size())
    return -EINVAL;
  *out = it->second;
  *num_meta = nm;
  in_service_.erase(it);
  sync_id_.reset();
  return 0;
}

void SupplicantQueue::wake_takers() {
  queued_seq_.fetch_add(1);
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&queued_seq_), FUTEX_WAKE_PRIVATE, INT_MAX,
          nullptr, nullptr, 0);
}

void SupplicantQueue::complete(const std::shared_ptr<SupplicantRequest>& request, uint32_t ret) {
  {
    std::lock_guard lock(mutex_);
    request->ret = ret;
    request->done = true;
  }
  done_cv_.notify_all();
}

} // namespace swemu::bridge
