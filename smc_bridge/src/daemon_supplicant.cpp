#include "daemon_supplicant.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <string>

#include <fmt/format.h>
#include <linux/tee.h>

#include "bridge_log.h"
#include "swemu/core/tee_abi.h"
#include "unix_socket.h"

namespace swemu::bridge {
namespace {

constexpr size_t kMaxKept = 4096;

bool known_attr(uint64_t attr) {
  return attr == TEE_IOCTL_PARAM_ATTR_TYPE_NONE ||
         (attr >= TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT &&
          attr <= TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT) ||
         (attr >= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
          attr <= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT);
}
bool is_memref(uint64_t attr) {
  return attr >= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
         attr <= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}
bool is_input(uint64_t attr) {
  return attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT ||
         attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

// One record from fd: false when the connection closed or sent something else (logged).
bool recv_call(int fd, WireSupplicantCall* call, uint64_t client_id, const char* what) {
  size_t size = 0;
  std::string why;
  const RecvStatus status = recv_record(fd, call, sizeof *call, &size, nullptr, &why);
  if (status == RecvStatus::kClosed)
    return false;
  if (status == RecvStatus::kError || size != sizeof *call) {
    logger()->warn("client {}: bad {} ({}); closing the connection", client_id, what,
                   status == RecvStatus::kError ? why : fmt::format("{} bytes", size));
    return false;
  }
  return true;
}

// The memfd that carries a request's memref bytes to the supplicant, mapped here.
class RequestBytes {
public:
  RequestBytes() = default;
  RequestBytes(const RequestBytes&) = delete;
  RequestBytes& operator=(const RequestBytes&) = delete;
  ~RequestBytes() {
    if (host_ != nullptr)
      munmap(host_, size_);
    if (fd_ >= 0)
      close(fd_);
  }
  bool create(uint64_t size) {
    fd_ = memfd_create("swemu-supplicant-request", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd_ < 0 || ftruncate(fd_, static_cast<off_t>(size)) != 0 ||
        fcntl(fd_, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) != 0)
      return false;
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
    if (p == MAP_FAILED)
      return false;
    host_ = static_cast<uint8_t*>(p);
    size_ = size;
    return true;
  }
  uint8_t* host() const { return host_; }
  int fd() const { return fd_; }

private:
  int fd_ = -1;
  uint8_t* host_ = nullptr;
  uint64_t size_ = 0;
};

} // namespace

struct SupplicantHub::Link {
  int fd = -1;
  uint64_t client_id = 0;
  std::mutex send_mutex;
  // Under send_mutex: set before the connection's fd is closed (and its number reused).
  bool closed = false;
};

bool SupplicantHub::attach(int fd, uint64_t client_id) {
  std::lock_guard lock(mutex_);
  if (link_)
    return false;
  link_ = std::make_shared<Link>();
  link_->fd = fd;
  link_->client_id = client_id;
  logger()->info("client {} is the supplicant", client_id);
  return true;
}

uint64_t SupplicantHub::supplicant_client() const {
  std::lock_guard lock(mutex_);
  return link_ ? link_->client_id : 0;
}

void SupplicantHub::serve_supplicant(int fd) {
  std::shared_ptr<Link> link;
  {
    std::lock_guard lock(mutex_);
    if (link_ && link_->fd == fd)
      link = link_;
  }
  if (!link)
    return;
  WireSupplicantCall answer;
  while (recv_call(fd, &answer, link->client_id, "supplicant answer")) {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(answer.id);
    if (it == pending_.end() || it->second->link != link) {
      logger()->warn("client {}: answer to supplicant request {}, which it was not asked",
                     link->client_id, answer.id);
      continue;
    }
    it->second->answer = answer;
    it->second->answered = true;
    it->second->done = true;
    pending_.erase(it);
    answered_cv_.notify_all();
  }
  detach(link);
}

void SupplicantHub::detach(const std::shared_ptr<Link>& link) {
  {
    std::lock_guard send_lock(link->send_mutex);
    link->closed = true;
  }
  std::lock_guard lock(mutex_);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second->link == link) {
      it->second->done = true;
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  if (link_ == link) {
    link_.reset();
    held_.clear(); // the ids were that supplicant's
    logger()->info("client {} is no longer the supplicant", link->client_id);
  }
  answered_cv_.notify_all();
}

void SupplicantHub::serve_requests(int fd, const core::NsShm& region, uint64_t client_id) {
  WireSupplicantCall call;
  while (recv_call(fd, &call, client_id, "supplicant request")) {
    if (call.func == abi::OPTEE_RPC_CMD_NOTIFICATION)
      serve_notification(call, fd);
    else
      serve_one(call, region, client_id);
    if (int err = send_record(fd, &call, sizeof call); err != 0) {
      logger()->info("client {}: cannot answer a supplicant request: {}", client_id,
                     std::strerror(err));
      return;
    }
  }
}

void SupplicantHub::serve_one(WireSupplicantCall& call, const core::NsShm& region,
                              uint64_t client_id) {
  auto refuse = [&](const std::string& why) {
    logger()->warn("client {}: supplicant request {} refused: {}", client_id, call.func, why);
    call.status = kWireSupplicantGone;
    call.ret = abi::TEE_ERROR_BAD_PARAMETERS;
  };
  if (call.num_params > kWireSupplicantMaxParams)
    return refuse(fmt::format("{} params", call.num_params));
  // Every memref's bytes must lie in the client's own region; in the memfd they follow
  // one another, 8-byte aligned.
  uint64_t total = 0;
  uint64_t offsets[kWireSupplicantMaxParams] = {};
  for (uint32_t i = 0; i < call.num_params; ++i) {
    WireSupplicantParam& p = call.params[i];
    if (!known_attr(p.attr))
      return refuse(fmt::format("param {} has attr {:#x}", i, p.attr));
    if (!is_memref(p.attr) || p.data_size == 0) {
      p.data = 0;
      p.data_size = 0;
      continue;
    }
    if (p.data < region.pa || p.data - region.pa > region.size ||
        p.data_size > region.size - (p.data - region.pa))
      return refuse(fmt::format("param {}: [{:#x}, +{:#x}) is not in its shared memory", i, p.data,
                                p.data_size));
    offsets[i] = total;
    total += (p.data_size + 7) & ~uint64_t{7};
  }
  call.status = kWireServed;
  call.ret = abi::TEE_SUCCESS;

  std::unique_lock lock(mutex_);
  std::shared_ptr<Link> link = link_;
  if (!link) {
    call.status = kWireNoSupplicant;
    return;
  }
  if (link->client_id == client_id) {
    // A process's own supplicant serves it without the daemon.
    call.status = kWireNoSupplicant;
    return;
  }
  lock.unlock();

  RequestBytes bytes;
  if (total != 0 && !bytes.create(total)) {
    logger()->error("client {}: no memory for a supplicant request: {}", client_id,
                    std::strerror(errno));
    call.status = kWireSupplicantGone;
    call.ret = abi::TEE_ERROR_OUT_OF_MEMORY;
    return;
  }
  WireSupplicantCall request = call;
  for (uint32_t i = 0; i < call.num_params; ++i) {
    WireSupplicantParam& p = request.params[i];
    if (p.data_size == 0)
      continue;
    if (is_input(p.attr))
      std::memcpy(bytes.host() + offsets[i], region.host + (p.data - region.pa), p.data_size);
    p.data = offsets[i];
  }

  auto shared = std::make_shared<Pending>();
  shared->link = link;
  if (!send_request(link, request, bytes.fd(), shared))
    logger()->info("client {}: the supplicant (client {}) cannot take a request", client_id,
                   link->client_id);
  lock.lock();
  answered_cv_.wait(lock, [&] { return shared->done; });
  lock.unlock();
  const Pending& pending = *shared;

  if (!pending.answered || pending.answer.num_params != call.num_params) {
    call.status = kWireSupplicantGone;
    call.ret = abi::TEE_ERROR_COMMUNICATION;
    return;
  }
  if (pending.answer.status != kWireServed) {
    call.status = kWireSupplicantGone;
    call.ret =
        pending.answer.ret != abi::TEE_SUCCESS ? pending.answer.ret : abi::TEE_ERROR_COMMUNICATION;
    return;
  }
  // Back: what the supplicant may change (values and sizes of the output directions), and
  // the bytes of output memrefs, over the client's own range.
  for (uint32_t i = 0; i < call.num_params; ++i) {
    WireSupplicantParam& p = call.params[i];
    if (take_supplicant_answer(pending.answer.params[i], p) && p.data_size != 0)
      std::memcpy(region.host + (p.data - region.pa), bytes.host() + offsets[i], p.data_size);
  }
  call.ret = pending.answer.ret;
  note_shm(call, client_id);
}

void SupplicantHub::serve_notification(WireSupplicantCall& call, int fd) {
  // p0 VALUE_INPUT: a = WAIT or SEND, b = the key, c = WAIT's timeout in ms (0: none).
  call.status = kWireServed;
  const WireSupplicantParam& p = call.params[0];
  if (call.num_params != 1 || p.attr != TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT) {
    call.ret = abi::TEE_ERROR_BAD_PARAMETERS;
  } else if (p.a == abi::OPTEE_RPC_NOTIFICATION_SEND) {
    notifications_.send(p.b);
    call.ret = abi::TEE_SUCCESS;
  } else if (p.a == abi::OPTEE_RPC_NOTIFICATION_WAIT) {
    call.ret = notifications_.wait(p.b, p.c, fd);
  } else {
    call.ret = abi::TEE_ERROR_BAD_PARAMETERS;
  }
}

uint32_t NotificationTable::wait(uint64_t key, uint64_t timeout_ms, int fd) {
  using Clock = std::chrono::steady_clock;
  // A client gone while it waits shows on its connection: looked at every slice.
  constexpr auto kSlice = std::chrono::milliseconds(100);
  const auto limit = timeout_ms == 0 || timeout_ms > uint64_t{INT32_MAX}
                         ? Clock::time_point::max()
                         : Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopped_)
      return abi::TEE_ERROR_COMMUNICATION;
    if (sent_.erase(key) != 0)
      return abi::TEE_SUCCESS;
    const auto now = Clock::now();
    if (now >= limit)
      return abi::TEE_ERROR_TIMEOUT;
    cv_.wait_until(lock, limit - now < kSlice ? limit : now + kSlice);
    if (peer_state(fd) != PeerState::kOpen)
      return abi::TEE_ERROR_COMMUNICATION; // gone, or a record while it should wait
  }
}

void NotificationTable::send(uint64_t key) {
  {
    std::lock_guard lock(mutex_);
    // Keys nobody waits for are kept, but not without bound (a client may send any).
    if (sent_.size() >= kMaxKept && sent_.count(key) == 0)
      sent_.erase(sent_.begin());
    sent_.insert(key);
  }
  cv_.notify_all();
}

void NotificationTable::stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  cv_.notify_all();
}

bool SupplicantHub::send_request(const std::shared_ptr<Link>& link, WireSupplicantCall& request,
                                 int memfd, const std::shared_ptr<Pending>& pending) {
  {
    std::lock_guard lock(mutex_);
    request.id = next_id_++;
    pending_[request.id] = pending;
  }
  int err = EPIPE;
  {
    std::lock_guard send_lock(link->send_mutex);
    if (!link->closed)
      err = send_record(link->fd, &request, sizeof request, memfd);
  }
  if (err == 0)
    return true;
  std::lock_guard lock(mutex_);
  pending_.erase(request.id);
  pending->done = true;
  return false;
}

void SupplicantHub::note_shm(const WireSupplicantCall& answered, uint64_t client_id) {
  // optee_rpc_cmd_alloc_suppl / free_suppl: p0 VALUE_INOUT a = APPL, b = size (back:
  // c = the id) or b = the id.
  if (answered.num_params != 1 || answered.params[0].a != abi::OPTEE_RPC_SHM_TYPE_APPL)
    return;
  std::lock_guard lock(mutex_);
  if (answered.func == abi::OPTEE_RPC_CMD_SHM_ALLOC && answered.ret == abi::TEE_SUCCESS)
    held_[client_id].insert(answered.params[0].c);
  else if (answered.func == abi::OPTEE_RPC_CMD_SHM_FREE)
    if (auto it = held_.find(client_id);
        it != held_.end() && it->second.erase(answered.params[0].b) != 0 && it->second.empty())
      held_.erase(it);
}

void SupplicantHub::client_gone(uint64_t client_id) {
  std::shared_ptr<Link> link;
  std::set<uint64_t> ids;
  {
    std::lock_guard lock(mutex_);
    auto it = held_.find(client_id);
    if (it == held_.end())
      return;
    ids = std::move(it->second);
    held_.erase(it);
    link = link_;
  }
  if (!link)
    return;
  // Nobody waits for these answers: the Pending goes with them.
  for (uint64_t id : ids) {
    WireSupplicantCall request;
    request.func = abi::OPTEE_RPC_CMD_SHM_FREE;
    request.num_params = 1;
    request.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
    request.params[0].a = abi::OPTEE_RPC_SHM_TYPE_APPL;
    request.params[0].b = id;
    auto pending = std::make_shared<Pending>();
    pending->link = link;
    if (!send_request(link, request, -1, pending))
      return;
    logger()->info("client {} gone: freeing the supplicant's shm {} it had", client_id, id);
  }
}

} // namespace swemu::bridge
