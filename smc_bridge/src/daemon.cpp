#include "swemu/bridge/daemon.h"

#include <poll.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bridge_log.h"
#include "daemon_supplicant.h"
#include "doorbell.h"
#include "swemu/bridge/daemon_protocol.h"
#include "swemu/bridge/transport.h"
#include "unix_socket.h"

namespace swemu::bridge {
namespace {

using abi::TEE_ERROR_BAD_PARAMETERS;
using abi::TEE_ERROR_BAD_STATE;
using abi::TEE_ERROR_COMMUNICATION;
using abi::TEE_ORIGIN_COMMS;

// A hello must arrive this soon after connecting; afterwards a connection may stay idle.
constexpr int kHelloTimeoutSeconds = 5;
// At stop, how long a call in flight may wait for its client's answer to an RPC.
constexpr int kStopRpcSeconds = 5;
// How long a call thread spins on the doorbell page for the next call before it sleeps.
constexpr std::chrono::microseconds kNextCallSpin{50};
// How long it sleeps at a time before it checks that the call connection is still open.
// The end of the client (its control connection) and stop ring the doorbell at once; this
// is for a call connection that the client closes alone.
constexpr std::chrono::milliseconds kIdleCheck{100};
// Connections beyond this many (control and call) are closed at once.
constexpr size_t kMaxConnections = 4096;

Error comms(const std::string& message) {
  return make_error(TEE_ERROR_COMMUNICATION, message, TEE_ORIGIN_COMMS);
}

void set_receive_timeout(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

struct Connection;

// One client process: its region mapped here, at its PA window, and its entry to the
// secure world. Shared by the threads of its connections; the last one to let go closes
// the client's sessions (the entry's destructor) before the memory goes.
struct Client {
  uint64_t id = 0;
  uint8_t token[16] = {};
  ucred peer{};
  uint32_t slot = 0;
  uint8_t* host = nullptr;
  uint64_t size = 0;
  std::unique_ptr<core::SecureWorld> entry;
  std::function<void(uint32_t)> release_slot;

  std::mutex mu;
  bool gone = false;           // the control connection ended
  std::set<Connection*> calls; // attached call connections, told when the client goes
  std::set<int> relay_fds;     // its supplicant connections, shut down when it goes

  Client() = default;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  uint64_t pa() const { return kDaemonShmPaBase + uint64_t{slot} * kDaemonMaxClientShm; }

  ~Client() {
    entry.reset();
    if (host != nullptr)
      munmap(host, size);
    if (release_slot)
      release_slot(slot);
    logger()->info("client {} released", id);
  }
};

struct Connection {
  int fd = -1; // guarded by DaemonImpl::mu_ once the thread runs
  std::thread thread;
  std::atomic<bool> done{false};
  // A call is in progress: from the SMC that starts it to its final answer, its RPCs to
  // the client included. At stop such a connection is left open until the call ends.
  std::atomic<bool> in_call{false};
  std::atomic<bool> stop_requested{false};
  // The control connection of the client ended: a call connection ends too.
  std::atomic<bool> client_gone{false};
  // A call connection's doorbell page, from its attach on (set under DaemonImpl::mu_, then
  // fixed until the connection is reaped), so that stop and the client's end can wake its
  // thread.
  std::unique_ptr<DoorbellPage> doorbell;
};

// What the kernel knows of the peer: its uid and gid from SO_PEERCRED, its supplementary
// groups and executable from /proc. USER and GROUP logins are checked against these, so a
// client cannot claim another identity; a process we may not inspect gets no groups
// beyond its gid and no executable (APPLICATION logins then fail).
core::ClientCredentials credentials_of(const ucred& peer) {
  core::ClientCredentials c;
  c.uid = peer.uid;
  c.gids.push_back(peer.gid);
  std::ifstream status(fmt::format("/proc/{}/status", peer.pid));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Groups:", 0) != 0)
      continue;
    std::istringstream groups(line.substr(7));
    for (uint32_t g; groups >> g;)
      if (std::find(c.gids.begin(), c.gids.end(), g) == c.gids.end())
        c.gids.push_back(g);
    break;
  }
  char exe[PATH_MAX] = {};
  const ssize_t n = readlink(fmt::format("/proc/{}/exe", peer.pid).c_str(), exe, sizeof exe - 1);
  if (n > 0)
    c.executable.assign(exe, static_cast<size_t>(n));
  return c;
}

std::string peer_name(const ucred& c) {
  return fmt::format("pid {} uid {} gid {}", c.pid, c.uid, c.gid);
}

class DaemonImpl final : public Daemon {
public:
  DaemonImpl(std::string path, SharedMemoryRegion root_region)
      : path_(std::move(path)), root_region_(std::move(root_region)),
        slots_(kDaemonMaxClients, false) {}

  ~DaemonImpl() override {
    stop_connections();
    if (listen_fd_ >= 0) {
      close(listen_fd_);
      unlink(path_.c_str());
    }
  }

  const std::string& socket_path() const override { return path_; }
  Result<void> serve(int stop_fd) override;

  Result<void> listen_at();
  Result<void> create_world(const core::SecureWorldConfig& config);

private:
  void run_connection(Connection* conn);
  void serve_control(int fd, const ucred& peer, const WireHello& hello, int memfd);
  void serve_calls(Connection* conn, const ucred& peer, const WireHello& hello, int page_fd);
  bool await_next_smc(Connection* conn, uint64_t client_id, uint32_t served);
  void serve_supplicant(int fd, const ucred& peer, const WireHello& hello);
  void serve_supplicant_requests(int fd, const ucred& peer, const WireHello& hello);
  std::shared_ptr<Client> admit(int fd, const ucred& peer, const WireHello& hello);
  std::shared_ptr<Client> admit_relay(int fd, const ucred& peer, const WireHello& hello);
  void leave_relay(Client& client, int fd);
  void refuse(int fd, const ucred& peer, const std::string& reason);
  void reap(bool all);
  void stop_connections();

  std::string path_;
  SharedMemoryRegion root_region_; // the first entry's region, which no client uses
  std::unique_ptr<core::SecureWorld> root_;
  int listen_fd_ = -1;

  std::atomic<bool> stopping_{false}; // stop_connections() has begun
  std::mutex mu_;
  std::vector<bool> slots_;
  std::map<uint64_t, std::weak_ptr<Client>> clients_;
  uint64_t next_client_id_ = 1;
  std::list<std::unique_ptr<Connection>> connections_;
  SupplicantHub supplicant_hub_;
};

Result<void> DaemonImpl::create_world(const core::SecureWorldConfig& config) {
  // The first entry owns the session manager; clients each get one from open_entry. Its
  // page sits just below the clients' windows and is never handed out.
  root_ = SWEMU_TRY(core::SecureWorld::create(
      config, core::NsShm{root_region_.host(), kDaemonShmPaBase - kPageSize, kPageSize}));
  return {};
}

Result<void> DaemonImpl::listen_at() {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path_.empty() || path_.size() >= sizeof addr.sun_path)
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("socket path '{}' is empty or longer than {} bytes", path_,
                                  sizeof addr.sun_path - 1),
                      TEE_ORIGIN_COMMS);
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);

  struct stat st {};
  if (lstat(path_.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode))
      return make_error(TEE_ERROR_BAD_STATE,
                        fmt::format("{} exists and is not a socket; not touching it", path_),
                        TEE_ORIGIN_COMMS);
    const int probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (probe < 0)
      return comms(fmt::format("socket: {}", std::strerror(errno)));
    const int rc = connect(probe, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    const int err = errno;
    close(probe);
    if (rc == 0)
      return make_error(TEE_ERROR_BAD_STATE,
                        fmt::format("a swemu daemon already listens at {}", path_),
                        TEE_ORIGIN_COMMS);
    if (err != ECONNREFUSED)
      return comms(
          fmt::format("cannot tell whether a daemon listens at {}: {}", path_, std::strerror(err)));
    logger()->info("removing the stale socket {}", path_);
    if (unlink(path_.c_str()) != 0 && errno != ENOENT)
      return comms(
          fmt::format("cannot remove the stale socket {}: {}", path_, std::strerror(errno)));
  }

  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return comms(fmt::format("socket: {}", std::strerror(errno)));
  // Only this user may connect: the socket is created 0600, never wider even for a moment.
  const mode_t old_mask = umask(0177);
  const int rc = bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  const int bind_err = errno;
  umask(old_mask);
  if (rc != 0) {
    close(fd);
    return comms(fmt::format("cannot bind {}: {}", path_, std::strerror(bind_err)));
  }
  if (listen(fd, 64) != 0) {
    const int err = errno;
    close(fd);
    unlink(path_.c_str());
    return comms(fmt::format("cannot listen at {}: {}", path_, std::strerror(err)));
  }
  listen_fd_ = fd;
  return {};
}

Result<void> DaemonImpl::serve(int stop_fd) {
  if (listen_fd_ < 0)
    return comms("the daemon is not listening");
  logger()->info("swemu daemon serving at {}", path_);
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    const int n = poll(fds, 2, 1000);
    if (n < 0 && errno != EINTR)
      return comms(fmt::format("poll: {}", std::strerror(errno)));
    reap(false);
    if (n <= 0)
      continue;
    if (fds[1].revents != 0)
      break;
    if ((fds[0].revents & POLLIN) == 0)
      continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED)
        logger()->warn("accept: {}", std::strerror(errno));
      continue;
    }
    std::lock_guard lock(mu_);
    if (connections_.size() >= kMaxConnections) {
      logger()->warn("refusing a connection: {} connections already", connections_.size());
      close(fd);
      continue;
    }
    auto conn = std::make_unique<Connection>();
    conn->fd = fd;
    Connection* raw = conn.get();
    try {
      conn->thread = std::thread([this, raw] { run_connection(raw); });
    } catch (const std::system_error& e) {
      logger()->error("cannot start a connection thread: {}", e.what());
      close(fd);
      continue;
    }
    connections_.push_back(std::move(conn));
  }

  logger()->info("stopping: no new connections; waiting for the calls in flight");
  close(listen_fd_);
  listen_fd_ = -1;
  unlink(path_.c_str());
  stop_connections();
  logger()->info("swemu daemon stopped");
  return {};
}

void DaemonImpl::stop_connections() {
  stopping_.store(true);
  // A client dropped here may be the last reference, whose destructor takes mu_: hold
  // the references until the lock is released.
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard lock(mu_);
    for (auto& [id, weak] : clients_)
      if (auto client = weak.lock())
        clients.push_back(std::move(client));
    // Reading ends: idle connections see the end at once. A call in flight (cancelled
    // below) still runs to its answer, RPCs to its client included, and its thread ends
    // the connection after sending it; a client that stops answering RPCs is given
    // kStopRpcSeconds.
    for (auto& conn : connections_) {
      if (conn->fd < 0)
        continue;
      conn->stop_requested.store(true);
      // An attached call connection's thread sees the flag when its doorbell rings: it
      // ends at once when idle, else gives its call kStopRpcSeconds per RPC answer.
      if (conn->doorbell)
        ring_always(conn->doorbell->get().daemon_bell);
      else
        shutdown(conn->fd, SHUT_RD);
    }
  }
  for (auto& client : clients)
    client->entry->cancel_all();
  clients.clear();
  supplicant_hub_.stop();
  reap(true);
}

void DaemonImpl::reap(bool all) {
  std::list<std::unique_ptr<Connection>> finished;
  {
    std::lock_guard lock(mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if (all || (*it)->done.load()) {
        finished.push_back(std::move(*it));
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& conn : finished)
    if (conn->thread.joinable())
      conn->thread.join();
}

void DaemonImpl::refuse(int fd, const ucred& peer, const std::string& reason) {
  logger()->warn("refusing a connection from {}: {}", peer_name(peer), reason);
  WireWelcome welcome;
  welcome.status = kWireRefused;
  std::snprintf(welcome.reason, sizeof welcome.reason, "%s", reason.c_str());
  send_record(fd, &welcome, sizeof welcome);
}

void DaemonImpl::run_connection(Connection* conn) {
  const int fd = conn->fd;
  ucred peer{};
  socklen_t len = sizeof peer;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0) {
    logger()->warn("connection without peer credentials: {}", std::strerror(errno));
  } else {
    set_receive_timeout(fd, kHelloTimeoutSeconds);
    WireHello hello;
    size_t size = 0;
    int memfd = -1;
    std::string why;
    switch (recv_record(fd, &hello, sizeof hello, &size, &memfd, &why)) {
    case RecvStatus::kClosed:
      logger()->debug("{} closed the connection before its hello", peer_name(peer));
      break;
    case RecvStatus::kError:
      refuse(fd, peer, fmt::format("bad hello: {}", why));
      break;
    case RecvStatus::kRecord:
      if (size != sizeof hello || hello.magic != kWireMagic) {
        refuse(fd, peer, fmt::format("not a swemu hello ({} bytes)", size));
      } else if (hello.version != kWireVersion) {
        refuse(fd, peer,
               fmt::format("protocol version {} (this daemon speaks {})", hello.version,
                           kWireVersion));
      } else if (hello.kind == kWireNewClient) {
        serve_control(fd, peer, hello, memfd);
        memfd = -1; // serve_control owns it
      } else if (hello.kind == kWireAttach) {
        serve_calls(conn, peer, hello, memfd);
        memfd = -1; // serve_calls owns it
      } else if (hello.kind == kWireSupplicant && memfd < 0) {
        serve_supplicant(fd, peer, hello);
      } else if (hello.kind == kWireSupplicantRequest && memfd < 0) {
        serve_supplicant_requests(fd, peer, hello);
      } else {
        refuse(
            fd, peer,
            fmt::format("hello of kind {}{}", hello.kind, memfd >= 0 ? " with a descriptor" : ""));
      }
      break;
    }
    if (memfd >= 0)
      close(memfd);
  }
  {
    std::lock_guard lock(mu_);
    close(conn->fd);
    conn->fd = -1;
  }
  conn->done.store(true);
}

void DaemonImpl::serve_control(int fd, const ucred& peer, const WireHello& hello, int memfd) {
  struct FdGuard {
    int fd;
    ~FdGuard() {
      if (fd >= 0)
        close(fd);
    }
  } guard{memfd};
  if (memfd < 0)
    return refuse(fd, peer, "new client without its shared memory descriptor");
  const uint64_t size = hello.shm_size;
  if (size == 0 || size % kPageSize != 0 || size > kDaemonMaxClientShm)
    return refuse(fd, peer,
                  fmt::format("shared memory size {:#x} is not whole pages up to {:#x}", size,
                              kDaemonMaxClientShm));
  if (const auto why = unmappable_memfd(memfd, size))
    return refuse(fd, peer, "the shared memory descriptor is " + *why);

  auto client = std::make_shared<Client>();
  client->peer = peer;
  client->size = size;
  if (getrandom(client->token, sizeof client->token, 0) != sizeof client->token)
    return refuse(fd, peer, "no random token available");
  {
    std::lock_guard lock(mu_);
    uint32_t slot = 0;
    while (slot < slots_.size() && slots_[slot])
      ++slot;
    if (slot == slots_.size())
      return refuse(fd, peer, fmt::format("{} clients already", kDaemonMaxClients));
    slots_[slot] = true;
    client->slot = slot;
    client->id = next_client_id_++;
  }
  client->release_slot = [this, id = client->id](uint32_t slot) {
    supplicant_hub_.client_gone(id);
    std::lock_guard lock(mu_);
    slots_[slot] = false;
  };
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
  if (p == MAP_FAILED)
    return refuse(fd, peer, fmt::format("cannot map the shared memory: {}", std::strerror(errno)));
  client->host = static_cast<uint8_t*>(p);
  const uint64_t pa = client->pa();
  auto entry = root_->open_entry(core::NsShm{client->host, pa, size}, credentials_of(peer));
  if (!entry)
    return refuse(fd, peer, entry.error().message);
  client->entry = std::move(entry).value();

  WireWelcome welcome;
  welcome.shm_pa = pa;
  welcome.shm_size = size;
  welcome.client_id = client->id;
  std::memcpy(welcome.token, client->token, sizeof welcome.token);
  {
    std::lock_guard lock(mu_);
    clients_[client->id] = client;
  }
  logger()->info("client {} ({}): {} KiB of shared memory at PA {:#x}", client->id, peer_name(peer),
                 size / 1024, pa);
  if (send_record(fd, &welcome, sizeof welcome) == 0) {
    set_receive_timeout(fd, 0);
    // Nothing more is said here; the end of this connection is the end of the client.
    char byte;
    size_t got = 0;
    std::string why;
    if (recv_record(fd, &byte, 1, &got, nullptr, &why) != RecvStatus::kClosed)
      logger()->warn("client {}: unexpected traffic on its control connection{}{}; "
                     "dropping the client",
                     client->id, why.empty() ? "" : ": ", why);
  }
  logger()->info("client {} gone; cancelling and closing its sessions", client->id);
  {
    std::lock_guard lock(mu_);
    clients_.erase(client->id);
  }
  client->entry->cancel_all();
  {
    std::lock_guard lock(client->mu);
    client->gone = true;
    // As at stop: a call in flight may still answer (to a live process), then its
    // connection ends with the others. When the daemon stops, stop_connections() decides
    // instead, leaving a call that waits for an RPC answer its connection.
    if (!stopping_.load()) {
      for (Connection* call : client->calls) {
        call->client_gone.store(true);
        ring_always(call->doorbell->get().daemon_bell);
      }
      for (int relay_fd : client->relay_fds)
        shutdown(relay_fd, SHUT_RD);
    }
  }
  // The last connection thread to let go of the client closes its sessions.
}

std::shared_ptr<Client> DaemonImpl::admit(int fd, const ucred& peer, const WireHello& hello) {
  std::shared_ptr<Client> client;
  {
    std::lock_guard lock(mu_);
    auto it = clients_.find(hello.client_id);
    if (it != clients_.end())
      client = it->second.lock();
  }
  uint8_t diff = 0;
  if (client)
    for (size_t i = 0; i < sizeof hello.token; ++i)
      diff |= hello.token[i] ^ client->token[i];
  // The token proves the caller learned it from the control connection; the credentials,
  // that the call connection comes from that same process.
  if (!client || diff != 0 || peer.pid != client->peer.pid || peer.uid != client->peer.uid) {
    refuse(fd, peer, fmt::format("no client {} with that token in this process", hello.client_id));
    return nullptr;
  }
  return client;
}

int send_welcome(int fd, const Client& client) {
  WireWelcome welcome;
  welcome.shm_pa = client.pa();
  welcome.shm_size = client.size;
  welcome.client_id = client.id;
  return send_record(fd, &welcome, sizeof welcome);
}

// A supplicant connection of a client that is still there (admit), shut down when it goes.
std::shared_ptr<Client> DaemonImpl::admit_relay(int fd, const ucred& peer, const WireHello& hello) {
  std::shared_ptr<Client> client = admit(fd, peer, hello);
  if (!client)
    return nullptr;
  std::lock_guard lock(client->mu);
  if (client->gone) {
    refuse(fd, peer, fmt::format("client {} is gone", client->id));
    return nullptr;
  }
  client->relay_fds.insert(fd);
  return client;
}

void DaemonImpl::leave_relay(Client& client, int fd) {
  std::lock_guard lock(client.mu);
  client.relay_fds.erase(fd);
}

void DaemonImpl::serve_supplicant(int fd, const ucred& peer, const WireHello& hello) {
  const std::shared_ptr<Client> client = admit_relay(fd, peer, hello);
  if (!client)
    return;
  if (!supplicant_hub_.attach(fd, client->id)) {
    refuse(
        fd, peer,
        fmt::format("client {} has the supplicant already", supplicant_hub_.supplicant_client()));
  } else {
    if (send_welcome(fd, *client) == 0)
      set_receive_timeout(fd, 0);
    // Until the connection ends (a failed welcome ends it at once).
    supplicant_hub_.serve_supplicant(fd);
  }
  leave_relay(*client, fd);
}

void DaemonImpl::serve_supplicant_requests(int fd, const ucred& peer, const WireHello& hello) {
  const std::shared_ptr<Client> client = admit_relay(fd, peer, hello);
  if (!client)
    return;
  if (send_welcome(fd, *client) == 0) {
    set_receive_timeout(fd, 0);
    supplicant_hub_.serve_requests(fd, core::NsShm{client->host, client->pa(), client->size},
                                   client->id);
  }
  leave_relay(*client, fd);
}

void DaemonImpl::serve_calls(Connection* conn, const ucred& peer, const WireHello& hello,
                             int page_fd) {
  const int fd = conn->fd;
  const std::shared_ptr<Client> client = admit(fd, peer, hello);
  if (!client) {
    if (page_fd >= 0)
      close(page_fd);
    return;
  }
  // Only an admitted client's page is mapped; the descriptor is not needed after that.
  auto page = DoorbellPage::map(page_fd);
  if (page_fd >= 0)
    close(page_fd);
  if (!page)
    return refuse(fd, peer, page.error().message);
  {
    std::lock_guard lock(mu_);
    conn->doorbell = std::make_unique<DoorbellPage>(std::move(page).value());
  }
  {
    std::lock_guard lock(client->mu);
    if (client->gone)
      return refuse(fd, peer, fmt::format("client {} is gone", client->id));
    client->calls.insert(conn);
  }
  WireDoorbell& bell = conn->doorbell->get();
  // The client starts counting from what the page holds now (zero, from a fresh memfd).
  uint32_t served = bell.request_seq.load();
  if (send_welcome(fd, *client) == 0) {
    while (await_next_smc(conn, client->id, served)) {
      served = bell.request_seq.load();
      core::SmcRegs in;
      for (size_t i = 0; i < 8; ++i)
        in.a[i] = bell.request[i].load(std::memory_order_relaxed);
      conn->in_call.store(true);
      const core::SmcRegs out = client->entry->smc(in);
      for (size_t i = 0; i < 8; ++i)
        bell.answer[i].store(out.a[i], std::memory_order_relaxed);
      bell.answer_seq.store(served);
      ring(bell.client_bell, bell.client_sleeping);
      const bool rpc = abi::optee_smc_return_is_rpc(static_cast<uint32_t>(out.a[0]));
      conn->in_call.store(rpc);
      if (!rpc && conn->stop_requested.load())
        break; // stopping: this call was the one left
    }
  }
  // The client may wait on the page: tell it the connection is over.
  bell.closed.store(1);
  ring_always(bell.client_bell);
  // A call of this connection may wait for an RPC answer that will not come now.
  client->entry->abandon_rpcs();
  std::lock_guard lock(client->mu);
  client->calls.erase(conn);
}

// Waits on the doorbell for the client's next SMC: a new call, or, when a call is in
// flight (conn->in_call), the answer to its RPC. False when the connection ends instead:
// the client is gone (its control connection ended, or this socket closed), it broke the
// protocol, or the daemon stops (at once when no call is in flight, else when the client
// leaves an RPC unanswered for kStopRpcSeconds).
bool DaemonImpl::await_next_smc(Connection* conn, uint64_t client_id, uint32_t served) {
  WireDoorbell& bell = conn->doorbell->get();
  std::optional<std::chrono::steady_clock::time_point> stop_deadline;
  auto stop_news = [&] { return !stop_deadline && conn->stop_requested.load(); };
  auto ready = [&] {
    return bell.request_seq.load() != served || conn->client_gone.load() || stop_news();
  };
  // A client calling in a loop sends its next call within microseconds of the answer.
  std::chrono::microseconds spin = kNextCallSpin;
  for (;;) {
    const bool rung =
        await_doorbell(ready, bell.daemon_bell, bell.daemon_sleeping, spin, kIdleCheck);
    spin = std::chrono::microseconds(0);
    if (bell.request_seq.load() != served)
      return true;
    if (conn->client_gone.load())
      return false;
    if (stop_news()) {
      if (!conn->in_call.load())
        return false;
      stop_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kStopRpcSeconds);
    }
    if (stop_deadline && std::chrono::steady_clock::now() >= *stop_deadline) {
      logger()->warn("client {}: no answer to an RPC within {} s of the stop; closing the "
                     "connection",
                     client_id, kStopRpcSeconds);
      return false;
    }
    if (rung)
      continue;
    switch (peer_state(conn->fd)) {
    case PeerState::kOpen:
      break;
    case PeerState::kClosed:
      return false;
    case PeerState::kTraffic:
      logger()->warn("client {}: a record on a call connection, whose calls go through its "
                     "doorbell page; closing the connection",
                     client_id);
      return false;
    }
  }
}

} // namespace

Result<std::unique_ptr<Daemon>> Daemon::create(const DaemonOptions& options) {
  const std::string path =
      options.socket_path.empty() ? default_daemon_socket_path() : options.socket_path;
  auto region = SWEMU_TRY(SharedMemoryRegion::create(kPageSize));
  auto daemon = std::make_unique<DaemonImpl>(path, std::move(region));
  SWEMU_TRY_VOID(daemon->create_world(options.config));
  SWEMU_TRY_VOID(daemon->listen_at());
  return std::unique_ptr<Daemon>(std::move(daemon));
}

} // namespace swemu::bridge
