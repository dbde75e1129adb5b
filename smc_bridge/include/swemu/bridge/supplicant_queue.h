// The supplicant queue of the Linux OP-TEE driver (optee-abi.md §1.7 "Meta params", §7.1;
// libteec-contract.md §3): a driver serving an RPC that belongs to the supplicant
// (LOAD_TA, FS, RPMB, ..., and SHM_ALLOC/SHM_FREE of type APPL) queues it here and waits;
// the supplicant's /dev/teepriv0 takes it with TEE_IOC_SUPPL_RECV and answers it with
// TEE_IOC_SUPPL_SEND, which wakes the driver. With no supplicant attached nothing is queued
// and the driver serves the request itself (the built-in supplicant).
//
// Memory: a memref names the supplicant's own shared memory by id (c), offset (a) and size
// (b). The requester's memory stays its own: `data` points at its copy of those bytes, and
// the supplicant's device copies them into its shm when the request is taken (input) and
// back when it is answered (output).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <linux/tee.h>

namespace swemu::bridge {

// A tee_ioctl_param as the supplicant sees it, plus where a memref's bytes live on the
// requester's side.
struct SupplicantParam {
  uint64_t attr = 0; // TEE_IOCTL_PARAM_ATTR_TYPE_*
  uint64_t a = 0;
  uint64_t b = 0;
  uint64_t c = 0;
  uint8_t* data = nullptr; // memrefs: the requester's bytes (at least data_size of them)
  uint64_t data_size = 0;
};

// What a supplicant's answer (`from`, a param with a, b, c) changes in the request's param
// `to` (with its attr, TEE_IOCTL_PARAM_ATTR_TYPE_*): a value of an output direction, or an
// output memref's size (optee_supp_send). True for an output memref, whose bytes the
// caller copies back as well.
template <class Answer, class Request>
bool take_supplicant_answer(const Answer& from, Request& to) {
  if (to.attr == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT ||
      to.attr == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT) {
    to.a = from.a;
    to.b = from.b;
    to.c = from.c;
    return false;
  }
  if (to.attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT ||
      to.attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT) {
    to.b = from.b;
    return true;
  }
  return false;
}

struct SupplicantRequest {
  uint32_t func = 0;
  std::vector<SupplicantParam> params;
  uint32_t ret = 0;
  bool done = false; // under the queue's mutex
};

class SupplicantQueue {
public:
  // The queue of this process: the drivers of the process and its /dev/teepriv0 meet here.
  static std::shared_ptr<SupplicantQueue> process_wide();

  // --- requester side ---
  // Queues the request and waits for the answer: the supplicant's result (params updated
  // in place: values and memref sizes of the output directions, the bytes in `data`), or
  // TEE_ERROR_COMMUNICATION if the supplicant went away first (as Linux). nullopt: no
  // supplicant is attached, nothing was queued.
  std::optional<uint32_t> request(uint32_t func, std::vector<SupplicantParam>& params);
  bool attached() const;

  // --- supplicant side (`owner` is the attached device) ---
  // One supplicant at a time: false if another is attached (the open is EBUSY).
  bool attach(const void* owner);
  // Fails every request queued or in service with TEE_ERROR_COMMUNICATION (the requesters
  // wake up) and wakes a take() in progress. Nothing if `owner` is not attached.
  void detach(const void* owner);

  struct Taken {
    uint32_t id = 0;
    std::shared_ptr<SupplicantRequest> request;
  };
  // Waits for the next request and puts it in service (optee_supp_recv): -EINVAL if
  // `owner` is not attached, if it has `room` for fewer params than the request (which
  // stays queued), or if a request taken without meta is still unanswered (without meta
  // requests go one at a time). -EINTR when the supplicant detaches while waiting, or when
  // a signal whose handler lacks SA_RESTART arrives (as the kernel's interruptible wait;
  // with SA_RESTART the wait goes on after the handler).
  long take(const void* owner, size_t room, bool meta, Taken* out);
  // The request in service that an answer of `num_params` params names (supp_pop_req): the
  // one taken without meta if there is one, else the one whose id `meta_id` carries (the
  // answer's params[0] is META|VALUE_INOUT; *num_meta = 1). -EINVAL for no params, no such
  // param or a param count that is not the request's; -ENOENT for an unknown id. The
  // caller fills in the answer, then calls complete().
  long answer(const void* owner, std::optional<uint64_t> meta_id, size_t num_params,
              std::shared_ptr<SupplicantRequest>* out, size_t* num_meta);
  void complete(const std::shared_ptr<SupplicantRequest>& request, uint32_t ret);

private:
  void wake_takers(); // with mutex_ held

  mutable std::mutex mutex_;
  // Bumped when a request is queued or the supplicant detaches: take() sleeps on it with a
  // futex, which a signal interrupts (a condition variable would wait on).
  std::atomic<uint32_t> queued_seq_{0};
  std::condition_variable done_cv_; // a request was answered or failed
  const void* owner_ = nullptr;
  uint64_t generation_ = 0; // bumped at each detach: wakes take() of the old supplicant
  std::deque<std::shared_ptr<SupplicantRequest>> queued_;
  std::map<uint32_t, std::shared_ptr<SupplicantRequest>> in_service_;
  uint32_t next_id_ = 1;
  std::optional<uint32_t> sync_id_; // the request taken without meta
};

} // namespace swemu::bridge
