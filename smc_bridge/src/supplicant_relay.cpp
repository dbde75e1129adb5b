#include "supplicant_relay.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <linux/tee.h>

#include "bridge_log.h"
#include "swemu/core/tee_abi.h"
#include "unix_socket.h"

namespace swemu::bridge {
namespace {

bool is_memref(uint64_t attr) {
  return attr >= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
         attr <= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

} // namespace

std::optional<uint32_t> relay_supplicant_request(int fd, const core::NsShm& region, uint32_t func,
                                                 std::vector<SupplicantParam>& params,
                                                 bool* broken) {
  *broken = false;
  if (params.size() > kWireSupplicantMaxParams)
    return abi::TEE_ERROR_BAD_PARAMETERS;
  WireSupplicantCall call;
  call.func = func;
  call.num_params = static_cast<uint32_t>(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    const SupplicantParam& p = params[i];
    WireSupplicantParam& w = call.params[i];
    w.attr = p.attr;
    w.a = p.a;
    w.b = p.b;
    w.c = p.c;
    if (!is_memref(p.attr) || p.data == nullptr || p.data_size == 0)
      continue;
    const auto at = reinterpret_cast<uintptr_t>(p.data);
    const auto start = reinterpret_cast<uintptr_t>(region.host);
    if (at < start || at - start > region.size || p.data_size > region.size - (at - start))
      return abi::TEE_ERROR_BAD_PARAMETERS;
    w.data = region.pa + (at - start);
    w.data_size = p.data_size;
  }
  auto fail = [&](const std::string& why) {
    logger()->error("supplicant request {} through the swemu daemon: {}", func, why);
    *broken = true;
    return std::optional<uint32_t>(abi::TEE_ERROR_COMMUNICATION);
  };
  if (int err = send_record(fd, &call, sizeof call); err != 0)
    return fail(std::strerror(err));
  WireSupplicantCall reply;
  size_t size = 0;
  std::string why;
  const RecvStatus status = recv_record(fd, &reply, sizeof reply, &size, nullptr, &why);
  if (status == RecvStatus::kClosed)
    return fail("the daemon closed the connection");
  if (status == RecvStatus::kError)
    return fail(why);
  if (size != sizeof reply || reply.num_params != call.num_params)
    return fail("a malformed answer");
  if (reply.status == kWireNoSupplicant)
    return std::nullopt;
  if (reply.status != kWireServed)
    return reply.ret != abi::TEE_SUCCESS ? reply.ret : abi::TEE_ERROR_COMMUNICATION;
  // The daemon has copied the bytes of output memrefs into our memory.
  for (size_t i = 0; i < params.size(); ++i)
    (void)take_supplicant_answer(reply.params[i], params[i]);
  return reply.ret;
}

SupplicantRelay::SupplicantRelay(int fd, std::shared_ptr<SupplicantQueue> queue)
    : fd_(fd), queue_(std::move(queue)) {
  reader_ = std::thread([this] { read_requests(); });
}

SupplicantRelay::~SupplicantRelay() {
  shutdown(fd_, SHUT_RDWR);
  reader_.join();
  // Each worker ends once its request is answered or fails (the queue is detached).
  std::lock_guard lock(workers_mutex_);
  for (Worker& w : workers_)
    w.thread.join();
  close(fd_);
}

void SupplicantRelay::read_requests() {
  for (;;) {
    WireSupplicantCall call;
    size_t size = 0;
    int memfd = -1;
    std::string why;
    const RecvStatus status = recv_record(fd_, &call, sizeof call, &size, &memfd, &why);
    if (status != RecvStatus::kRecord) {
      if (status == RecvStatus::kError)
        logger()->warn("supplicant requests from the swemu daemon: {}", why);
      return;
    }
    std::lock_guard lock(workers_mutex_);
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done.load()) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
    if (size != sizeof call) {
      logger()->warn("a {}-byte supplicant request from the swemu daemon", size);
      if (memfd >= 0)
        close(memfd);
      continue;
    }
    Worker& worker = workers_.emplace_back();
    try {
      worker.thread = std::thread([this, call, memfd, &worker] {
        serve(call, memfd);
        worker.done.store(true);
      });
    } catch (const std::system_error& e) {
      workers_.pop_back();
      logger()->error("cannot start a thread for a supplicant request: {}", e.what());
      WireSupplicantCall failed = call;
      answer(failed, kWireSupplicantGone, abi::TEE_ERROR_OUT_OF_MEMORY);
      if (memfd >= 0)
        close(memfd);
    }
  }
}

void SupplicantRelay::serve(const WireSupplicantCall& request, int memfd) {
  WireSupplicantCall call = request;
  uint8_t* bytes = nullptr;
  uint64_t mapped = 0;
  struct Cleanup {
    int fd;
    uint8_t*& bytes;
    uint64_t& mapped;
    ~Cleanup() {
      if (bytes != nullptr)
        munmap(bytes, mapped);
      if (fd >= 0)
        close(fd);
    }
  } cleanup{memfd, bytes, mapped};

  if (call.num_params > kWireSupplicantMaxParams)
    return answer(call, kWireSupplicantGone, abi::TEE_ERROR_BAD_PARAMETERS);
  struct stat st {};
  if (memfd >= 0 && fstat(memfd, &st) == 0 && st.st_size > 0) {
    void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED,
                   memfd, 0);
    if (p == MAP_FAILED)
      return answer(call, kWireSupplicantGone, abi::TEE_ERROR_OUT_OF_MEMORY);
    bytes = static_cast<uint8_t*>(p);
    mapped = static_cast<uint64_t>(st.st_size);
  }
  std::vector<SupplicantParam> params(call.num_params);
  for (size_t i = 0; i < params.size(); ++i) {
    const WireSupplicantParam& w = call.params[i];
    SupplicantParam& p = params[i];
    p.attr = w.attr;
    p.a = w.a;
    p.b = w.b;
    p.c = w.c;
    if (!is_memref(w.attr) || w.data_size == 0)
      continue;
    if (w.data > mapped || w.data_size > mapped - w.data)
      return answer(call, kWireSupplicantGone, abi::TEE_ERROR_BAD_PARAMETERS);
    p.data = bytes + w.data;
    p.data_size = w.data_size;
  }
  const std::optional<uint32_t> ret = queue_->request(call.func, params);
  if (!ret)
    return answer(call, kWireSupplicantGone, abi::TEE_ERROR_COMMUNICATION);
  for (size_t i = 0; i < params.size(); ++i) {
    call.params[i].a = params[i].a;
    call.params[i].b = params[i].b;
    call.params[i].c = params[i].c;
  }
  answer(call, kWireServed, *ret);
}

void SupplicantRelay::answer(WireSupplicantCall& call, uint32_t status, uint32_t ret) {
  call.status = status;
  call.ret = ret;
  std::lock_guard lock(send_mutex_);
  if (int err = send_record(fd_, &call, sizeof call); err != 0)
    logger()->debug("cannot answer supplicant request {}: {}", call.id, std::strerror(err));
}

} // namespace swemu::bridge
