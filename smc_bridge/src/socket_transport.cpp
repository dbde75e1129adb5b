#include "swemu/bridge/socket_transport.h"

#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <linux/tee.h>

#include "bridge_log.h"
#include "doorbell.h"
#include "supplicant_relay.h"
#include "swemu/bridge/daemon_protocol.h"
#include "unix_socket.h"

namespace swemu::bridge {
namespace {

// How long a caller spins on the doorbell page for the daemon's answer before it sleeps.
constexpr std::chrono::microseconds kReplySpin{200};
// How long it sleeps at a time before it checks that the daemon is still there (a killed
// daemon rings no bell; its end shows on the socket).
constexpr std::chrono::milliseconds kReplySleep{100};

using abi::TEE_ERROR_BAD_PARAMETERS;
using abi::TEE_ERROR_COMMUNICATION;
using abi::TEE_ORIGIN_COMMS;

// Bumped in the child at every fork: a connection belongs to the process that made it,
// and comparing this costs no system call per SMC (getpid does).
std::atomic<uint64_t> g_fork_generation{0};

uint64_t fork_generation() {
  static std::once_flag registered;
  std::call_once(registered,
                 [] { pthread_atfork(nullptr, nullptr, [] { g_fork_generation.fetch_add(1); }); });
  return g_fork_generation.load(std::memory_order_relaxed);
}

Error comms(const std::string& message) {
  return make_error(TEE_ERROR_COMMUNICATION, message, TEE_ORIGIN_COMMS);
}

Result<int> connect_socket(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path)
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("socket path '{}' is empty or too long", path), TEE_ORIGIN_COMMS);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return comms(fmt::format("socket: {}", std::strerror(errno)));
  int rc;
  do {
    rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int err = errno;
    close(fd);
    return comms(
        fmt::format("cannot connect to the swemu daemon at {}: {}", path, std::strerror(err)));
  }
  return fd;
}

// Sends the hello and reads the welcome; fails when the daemon refuses.
Result<WireWelcome> handshake(int fd, const WireHello& hello, int fd_to_pass) {
  if (int err = send_record(fd, &hello, sizeof hello, fd_to_pass); err != 0)
    return comms(fmt::format("sending the hello failed: {}", std::strerror(err)));
  WireWelcome welcome;
  size_t size = 0;
  std::string why;
  switch (recv_record(fd, &welcome, sizeof welcome, &size, nullptr, &why)) {
  case RecvStatus::kClosed:
    return comms("the daemon closed the connection during the handshake");
  case RecvStatus::kError:
    return comms(fmt::format("bad welcome from the daemon: {}", why));
  case RecvStatus::kRecord:
    break;
  }
  if (size != sizeof welcome || welcome.magic != kWireMagic || welcome.version != kWireVersion)
    return comms("the daemon answered with an unknown protocol");
  if (welcome.status != kWireOk) {
    welcome.reason[sizeof welcome.reason - 1] = '\0';
    return comms(fmt::format("the daemon refused the connection: {}", welcome.reason));
  }
  return welcome;
}

core::SmcRegs failed_call() {
  core::SmcRegs out;
  out.a[0] = abi::OPTEE_SMC_RETURN_UNKNOWN_FUNCTION;
  return out;
}

} // namespace

std::string default_daemon_socket_path() {
  if (const char* dir = std::getenv("XDG_RUNTIME_DIR"); dir != nullptr && *dir != '\0')
    return fmt::format("{}/swemu.sock", dir);
  return fmt::format("/tmp/swemu-{}.sock", getuid());
}

Result<std::unique_ptr<SocketTransport>> SocketTransport::connect(const std::string& socket_path,
                                                                  uint64_t shm_size) {
  if (shm_size == 0 || shm_size > kDaemonMaxClientShm)
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("shared memory size {:#x} out of range for the daemon", shm_size),
                      TEE_ORIGIN_COMMS);
  auto region = SWEMU_TRY(SharedMemoryRegion::create(shm_size));
  if (region.fd() < 0)
    return comms("the daemon needs memfd-backed shared memory, and memfd_create failed");
  std::unique_ptr<SocketTransport> t(new SocketTransport(socket_path, std::move(region)));
  t->control_fd_ = SWEMU_TRY(connect_socket(socket_path));
  WireHello hello;
  hello.kind = kWireNewClient;
  hello.shm_size = t->region_.size();
  const WireWelcome welcome = SWEMU_TRY(handshake(t->control_fd_, hello, t->region_.fd()));
  if (welcome.shm_size != t->region_.size() || welcome.shm_pa % kPageSize != 0)
    return comms("the daemon's welcome does not match the region sent");
  t->pa_ = welcome.shm_pa;
  t->client_id_ = welcome.client_id;
  std::memcpy(t->token_, welcome.token, sizeof t->token_);
  t->fork_generation_ = fork_generation();
  logger()->debug("connected to the swemu daemon at {}: client {}, {} KiB at PA {:#x}", socket_path,
                  t->client_id_, t->region_.size() / 1024, t->pa_);
  return t;
}

struct SocketTransport::CallConnection {
  CallConnection(int socket, DoorbellPage doorbell) : fd(socket), page(std::move(doorbell)) {}
  CallConnection(const CallConnection&) = delete;
  CallConnection& operator=(const CallConnection&) = delete;
  ~CallConnection() { close(fd); }

  int fd;
  DoorbellPage page;
  uint32_t seq = 0; // of the last request
};

SocketTransport::SocketTransport(std::string path, SharedMemoryRegion region)
    : path_(std::move(path)), region_(std::move(region)) {}

SocketTransport::~SocketTransport() {
  idle_.clear();
  rpc_pinned_.clear();
  for (int fd : idle_supplicant_requests_)
    close(fd);
  if (control_fd_ >= 0)
    close(control_fd_);
}

Result<int> SocketTransport::open_connection(uint16_t kind, int fd_to_pass) {
  const int fd = SWEMU_TRY(connect_socket(path_));
  WireHello hello;
  hello.kind = kind;
  hello.client_id = client_id_;
  std::memcpy(hello.token, token_, sizeof hello.token);
  if (auto welcome = handshake(fd, hello, fd_to_pass); !welcome) {
    close(fd);
    return welcome.take_error();
  }
  return fd;
}

Result<std::unique_ptr<SocketTransport::CallConnection>> SocketTransport::open_call_connection() {
  auto page = SWEMU_TRY(DoorbellPage::create());
  const int fd = SWEMU_TRY(open_connection(kWireAttach, page.fd()));
  auto conn = std::make_unique<CallConnection>(fd, std::move(page));
  conn->page.close_fd(); // both sides have it mapped now
  return conn;
}

core::SmcRegs SocketTransport::call(const core::SmcRegs& in) {
  if (fork_generation() != fork_generation_) {
    logger()->error("swemu daemon connection used from a forked process; the child must "
                    "open the device again");
    return failed_call();
  }
  std::unique_ptr<CallConnection> conn;
  const std::thread::id self = std::this_thread::get_id();
  {
    std::lock_guard lock(idle_mutex_);
    // The answer to an RPC goes back on the connection the RPC came on: the daemon resumes
    // a secure thread only from the daemon thread (one per connection) it left on.
    if (auto pinned = rpc_pinned_.find(self); pinned != rpc_pinned_.end()) {
      conn = std::move(pinned->second);
      rpc_pinned_.erase(pinned);
    } else if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!conn) {
    auto opened = open_call_connection();
    if (!opened) {
      logger()->error("{}", opened.error().message);
      return failed_call();
    }
    conn = std::move(opened).value();
  }

  WireDoorbell& bell = conn->page.get();
  if (bell.closed.load() != 0) {
    logger()->error("SMC to the swemu daemon failed: it closed the connection");
    return failed_call();
  }
  for (size_t i = 0; i < 8; ++i)
    bell.request[i].store(in.a[i], std::memory_order_relaxed);
  const uint32_t seq = ++conn->seq;
  bell.request_seq.store(seq);
  ring(bell.daemon_bell, bell.daemon_sleeping);

  // Most calls are answered within microseconds: wait for them awake, then asleep, looking
  // at the socket between sleeps so that a dead daemon is an error, not a hang.
  auto settled = [&bell, seq] { return bell.answer_seq.load() == seq || bell.closed.load() != 0; };
  std::chrono::microseconds spin = kReplySpin;
  while (!await_doorbell(settled, bell.client_bell, bell.client_sleeping, spin, kReplySleep)) {
    spin = std::chrono::microseconds(0);
    if (const PeerState state = peer_state(conn->fd); state != PeerState::kOpen) {
      logger()->error("no answer from the swemu daemon: {}",
                      state == PeerState::kClosed ? "connection closed" : "unexpected record");
      return failed_call();
    }
  }
  if (bell.answer_seq.load() != seq) {
    logger()->error("no answer from the swemu daemon: connection closed");
    return failed_call();
  }
  core::SmcRegs out;
  for (size_t i = 0; i < 8; ++i)
    out.a[i] = bell.answer[i].load(std::memory_order_relaxed);
  {
    std::lock_guard lock(idle_mutex_);
    if (abi::optee_smc_return_is_rpc(static_cast<uint32_t>(out.a[0])))
      rpc_pinned_[self] = std::move(conn);
    else
      idle_.push_back(std::move(conn));
  }
  return out;
}

Result<std::unique_ptr<SupplicantService>>
SocketTransport::serve_supplicant(std::shared_ptr<SupplicantQueue> queue) {
  if (fork_generation() != fork_generation_)
    return comms("the swemu daemon connection belongs to the parent process");
  const int fd = SWEMU_TRY(open_connection(kWireSupplicant));
  logger()->debug("this process's supplicant serves the swemu daemon's clients");
  return std::unique_ptr<SupplicantService>(new SupplicantRelay(fd, std::move(queue)));
}

std::optional<uint32_t> SocketTransport::notification(uint64_t what, uint64_t key,
                                                      uint64_t timeout_ms) {
  // A request the daemon serves itself (daemon_protocol.h), over the same connections.
  std::vector<SupplicantParam> params(1);
  params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
  params[0].a = what;
  params[0].b = key;
  params[0].c = timeout_ms;
  return supplicant_request(abi::OPTEE_RPC_CMD_NOTIFICATION, params);
}

std::optional<uint32_t> SocketTransport::supplicant_request(uint32_t func,
                                                            std::vector<SupplicantParam>& params) {
  if (fork_generation() != fork_generation_)
    return std::nullopt;
  int fd = -1;
  {
    std::lock_guard lock(idle_mutex_);
    if (!idle_supplicant_requests_.empty()) {
      fd = idle_supplicant_requests_.back();
      idle_supplicant_requests_.pop_back();
    }
  }
  if (fd < 0) {
    auto opened = open_connection(kWireSupplicantRequest);
    if (!opened) {
      logger()->error("{}", opened.error().message);
      return abi::TEE_ERROR_COMMUNICATION;
    }
    fd = *opened;
  }
  bool broken = false;
  const auto ret = relay_supplicant_request(fd, shared_memory(), func, params, &broken);
  if (broken) {
    close(fd);
  } else {
    std::lock_guard lock(idle_mutex_);
    idle_supplicant_requests_.push_back(fd);
  }
  return ret;
}

core::NsShm SocketTransport::shared_memory() const {
  return core::NsShm{region_.host(), pa_, region_.size()};
}

} // namespace swemu::bridge
