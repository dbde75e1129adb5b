// GDB remote serial protocol: packets are `$payload#checksum` (two hex digits, modulo-256
// sum of the payload), each acknowledged with '+' (or '-' to ask again); '#', '$', '}' and
// '*' inside binary data are escaped as '}' followed by the byte XOR 0x20. Facts: the GDB
// manual, "Remote Protocol" (Overview, Packets, Stop Reply Packets, General Query
// Packets, Target Descriptions).
#include "debug/gdb_stub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "swemu/core/log.h"
#include "swemu/core/tee_abi.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

constexpr size_t kMaxPacket = 0x4000;
constexpr int kSigInt = 2;
constexpr int kSigTrap = 5;
constexpr int kSigAbrt = 6;
constexpr int kSigSegv = 11;

// The AArch32 registers gdb gets: the org.gnu.gdb.arm.core feature (r0-r12, sp, lr, pc,
// cpsr: numbers 0-16), then org.gnu.gdb.arm.vfp (d0-d31: 17-48, fpscr: 49); the empty
// org.gnu.gdb.arm.neon feature makes gdb show q0-q15 (and s0-s31) made of the d registers.
const std::string& arm_target_xml() {
  static const std::string xml = [] {
    std::string x = "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
                    "<target version=\"1.0\"><architecture>arm</architecture>"
                    "<feature name=\"org.gnu.gdb.arm.core\">";
    for (int i = 0; i <= 12; ++i)
      x += fmt::format("<reg name=\"r{}\" bitsize=\"32\"/>", i);
    x += "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>"
         "<reg name=\"lr\" bitsize=\"32\"/>"
         "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
         "<reg name=\"cpsr\" bitsize=\"32\"/></feature>"
         "<feature name=\"org.gnu.gdb.arm.vfp\">";
    for (int i = 0; i < 32; ++i)
      x += fmt::format("<reg name=\"d{}\" bitsize=\"64\" type=\"ieee_double\"{}/>", i,
                       i == 0 ? " regnum=\"17\"" : "");
    x += "<reg name=\"fpscr\" bitsize=\"32\" type=\"int\" group=\"float\"/></feature>"
         "<feature name=\"org.gnu.gdb.arm.neon\"/></target>";
    return x;
  }();
  return xml;
}

// Register sizes in gdb's numbering, for replies about threads without a readable state.
constexpr int kArmRegisters = 50;
constexpr int kLegacyArmRegisters = 26;
constexpr int kArm64Registers = 68;
size_t register_size(bool a32, int n) {
  if (a32)
    return n >= 17 && n <= 48 ? 8 : 4;
  if (n >= 34 && n <= 65)
    return 16;
  return n >= 33 ? 4 : 8; // cpsr, fpsr and fpcr are 32 bits
}

std::string hex(const uint8_t* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[p[i] >> 4]);
    out.push_back(digits[p[i] & 0xF]);
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool unhex(std::string_view text, std::vector<uint8_t>* out) {
  if (text.size() % 2 != 0)
    return false;
  out->clear();
  for (size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit(text[i]);
    const int lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0)
      return false;
    out->push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return true;
}

// A hex number at the start of `text`; advances past it.
bool take_hex(std::string_view* text, uint64_t* value) {
  size_t n = 0;
  uint64_t v = 0;
  while (n < text->size() && n < 16 && hex_digit((*text)[n]) >= 0)
    v = v << 4 | static_cast<uint64_t>(hex_digit((*text)[n++]));
  if (n == 0)
    return false;
  *value = v;
  text->remove_prefix(n);
  return true;
}

bool take_char(std::string_view* text, char c) {
  if (text->empty() || text->front() != c)
    return false;
  text->remove_prefix(1);
  return true;
}

// The stop a host thread was last resumed from (GdbStub::stop_gen_ values, unique across
// stubs): while the stub holds a later stop, the thread parks.
thread_local uint64_t tl_free_gen = 0;
std::atomic<uint64_t> g_stop_gen{1};

// "ADDR,LEN" (and the rest after it).
bool take_range(std::string_view* text, uint64_t* addr, uint64_t* len) {
  return take_hex(text, addr) && take_char(text, ',') && take_hex(text, len);
}

} // namespace

// --- the threads' side -------------------------------------------------------------------

GdbThread::~GdbThread() {
  std::lock_guard lock(stub_.mu_);
  stub_.threads_.erase(id_);
  if (stub_.g_thread_ == id_)
    stub_.g_thread_ = 0;
  stub_.server_cv_.notify_all();
}

void GdbThread::enter() {
  std::unique_lock lock(stub_.mu_);
  stub_.threads_cv_.wait(lock, [&] {
    return !stub_.stop_all_.load() || tl_free_gen == stub_.stop_gen_.load() || !stub_.connected_;
  });
  stub_.threads_[id_].state = GdbStub::State::kRunning;
}

void GdbThread::leave() {
  std::lock_guard lock(stub_.mu_);
  stub_.threads_[id_].state = GdbStub::State::kIdle;
  // A step that ended the entry (the RETURN syscall) has no next instruction to stop at:
  // it stops here, between entries.
  if (stepping_ && stub_.connected_ && !stub_.event_) {
    stub_.event_ = {id_, StopReason{}};
    stub_.event_sent_ = false;
    stub_.stop_gen_ = ++g_stop_gen;
    stub_.stop_all_ = true;
    stub_.wake();
  }
  stepping_ = false;
  stub_.server_cv_.notify_all();
}

bool GdbThread::debugging() const {
  return stub_.active_.load(std::memory_order_relaxed);
}

void GdbThread::refresh_points() {
  std::lock_guard lock(stub_.mu_);
  points_version_ = stub_.points_version_.load();
  breakpoints_ = stub_.breakpoints_;
  watches_.clear();
  for (const auto& w : stub_.watches_)
    watches_.push_back(Watch{w.addr, w.len, w.kind});
}

std::optional<StopReason> GdbThread::check(uint64_t pc) {
  if (!stub_.active_.load(std::memory_order_relaxed))
    return std::nullopt;
  if (stub_.stop_all_.load(std::memory_order_acquire) &&
      tl_free_gen != stub_.stop_gen_.load(std::memory_order_acquire))
    return StopReason{StopReason::kPark, 0, 'w', {}};
  if (stub_.points_version_.load(std::memory_order_acquire) != points_version_)
    refresh_points();
  if (stepping_ || (!breakpoints_.empty() && breakpoints_.count(pc) != 0))
    return StopReason{};
  return std::nullopt;
}

std::optional<StopReason> GdbThread::watch_hit(uint64_t addr, uint64_t len, bool write) {
  if (!stub_.active_.load(std::memory_order_relaxed))
    return std::nullopt;
  if (stub_.points_version_.load(std::memory_order_acquire) != points_version_)
    refresh_points();
  for (const Watch& w : watches_) {
    if (addr >= w.addr + w.len || w.addr >= addr + len)
      continue;
    if ((w.kind == 'w' && !write) || (w.kind == 'r' && write))
      continue;
    return StopReason{StopReason::kWatch, w.addr, w.kind, {}};
  }
  return std::nullopt;
}

bool GdbThread::first_instruction() {
  std::unique_lock lock(stub_.mu_);
  if (!stub_.first_stop_pending_ || !stub_.wait_for_gdb_ || stub_.over_)
    return false;
  stub_.first_stop_pending_ = false;
  GdbStub::Thread& t = stub_.threads_[id_];
  if (stub_.connected_) {
    if (!stub_.event_) {
      stub_.event_ = {id_, StopReason{}};
      stub_.event_sent_ = false;
      stub_.stop_gen_ = ++g_stop_gen;
      stub_.stop_all_ = true;
      stub_.wake();
    } else {
      t.pending = StopReason{};
    }
  } else {
    log::get("gdb")->info("TA stopped at its first instruction; waiting for gdb on 127.0.0.1:{}",
                          stub_.port_);
    t.pending = StopReason{}; // the stop gdb finds when it connects
  }
  park(lock, t);
  return true;
}

void GdbThread::stop(const StopReason& why) {
  std::unique_lock lock(stub_.mu_);
  auto it = stub_.threads_.find(id_);
  if (it == stub_.threads_.end() || !stub_.connected_ || stub_.over_)
    return;
  GdbStub::Thread& t = it->second;
  if (why.kind == StopReason::kPark) {
    if (!stub_.stop_all_.load() || tl_free_gen == stub_.stop_gen_.load())
      return; // resumed meanwhile
  } else if (!stub_.event_) {
    stub_.event_ = {id_, why};
    stub_.event_sent_ = false;
    stub_.stop_gen_ = ++g_stop_gen;
    stub_.stop_all_ = true;
    stub_.wake();
  } else {
    t.pending = why; // gdb hears of it when it resumes this thread
  }
  park(lock, t);
}

void GdbThread::park(std::unique_lock<std::mutex>& lock, GdbStub::Thread& t) {
  t.state = GdbStub::State::kParked;
  t.resume = GdbStub::Resume::kNone;
  stub_.server_cv_.notify_all();
  stub_.threads_cv_.wait(lock, [&] { return t.resume != GdbStub::Resume::kNone; });
  stepping_ = t.resume == GdbStub::Resume::kStep;
  tl_free_gen = t.free_gen;
  t.resume = GdbStub::Resume::kNone;
  t.state = GdbStub::State::kRunning;
}

// --- the stub ----------------------------------------------------------------------------

bool GdbStub::instance_waiting_for_gdb() {
  std::lock_guard lock(mu_);
  if (connected_)
    return false;
  for (const auto& [id, t] : threads_)
    if (t.state == State::kParked)
      return true;
  return false;
}

Result<std::shared_ptr<GdbStub>> GdbStub::listen(uint16_t port, bool wait_for_gdb) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return make_error(abi::TEE_ERROR_GENERIC, fmt::format("gdb: socket: {}", std::strerror(errno)));
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int err = errno;
    ::close(fd);
    return make_error(abi::TEE_ERROR_GENERIC, fmt::format("gdb: cannot listen on 127.0.0.1:{}: {}",
                                                          port, std::strerror(err)));
  }
  const int wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd < 0) {
    const int err = errno;
    ::close(fd);
    return make_error(abi::TEE_ERROR_GENERIC, fmt::format("gdb: eventfd: {}", std::strerror(err)));
  }
  // The logger (and the log sink behind it) exists before the caller registers anything to
  // run at exit, so it is destroyed after that: exited() from an exit handler still logs.
  log::get("gdb");
  std::shared_ptr<GdbStub> stub(new GdbStub(fd, wake_fd, ntohs(addr.sin_port), wait_for_gdb));
  stub->server_ = std::thread([s = stub.get()] { s->serve(); });
  return stub;
}

GdbStub::~GdbStub() {
  abandon();
  if (server_.joinable())
    server_.join();
  if (conn_fd_ >= 0)
    ::close(conn_fd_);
  ::close(listen_fd_);
  ::close(wake_fd_);
}

std::unique_ptr<GdbThread> GdbStub::add_thread(DebugTarget& target, std::string description) {
  std::lock_guard lock(mu_);
  if (threads_.empty() && !connected_)
    a32_.reset(); // no gdb has seen an architecture yet: the next instance sets it
  if (a32_ && *a32_ != target.a32()) {
    log::get("gdb")->warn("{}: not debugged: gdb debugs {} TAs here", description,
                          *a32_ ? "AArch32" : "AArch64");
    return nullptr;
  }
  a32_ = target.a32();
  const int id = next_thread_++;
  Thread& t = threads_[id];
  t.target = &target;
  t.description = std::move(description);
  return std::unique_ptr<GdbThread>(new GdbThread(*this, id));
}

void GdbStub::wake() {
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void GdbStub::release_all() {
  for (auto& [id, t] : threads_) {
    t.pending.reset();
    if (t.state == State::kParked) {
      t.resume = Resume::kContinue;
      t.free_gen = stop_gen_;
    }
  }
  stop_all_ = false;
  event_.reset();
  breakpoints_.clear();
  watches_.clear();
  bump_points();
  threads_cv_.notify_all();
}

void GdbStub::exited(int status) {
  {
    std::lock_guard lock(mu_);
    if (over_)
      return;
    exit_status_ = status;
    over_ = true;
    release_all();
  }
  wake();
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (server_.joinable() && server_.get_id() != std::this_thread::get_id())
    server_.join();
}

void GdbStub::abandon() {
  std::lock_guard lock(mu_);
  over_ = true;
  release_all();
  wake();
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (conn_fd_ >= 0)
    ::shutdown(conn_fd_, SHUT_RDWR);
}

void GdbStub::serve() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR)
      return;
    uint64_t drained = 0;
    while (::read(wake_fd_, &drained, sizeof drained) > 0) {
    }
    {
      std::lock_guard lock(mu_);
      if (over_)
        return;
    }
    if ((fds[0].revents & POLLIN) == 0)
      continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0)
      continue;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    {
      std::lock_guard lock(mu_);
      if (over_) {
        ::close(fd);
        return;
      }
      conn_fd_ = fd;
    }
    log::get("gdb")->info("gdb connected");
    serve_connection();
    std::lock_guard lock(mu_);
    log::get("gdb")->info("gdb disconnected; the TAs run on");
    connected_ = false;
    active_ = false;
    release_all();
    ::close(conn_fd_);
    conn_fd_ = -1;
    inbuf_.clear();
    no_ack_ = false;
    tdesc_sent_ = false;
    g_limit_ = SIZE_MAX;
    g_thread_ = 0;
    c_thread_ = -1;
  }
}

void GdbStub::serve_connection() {
  {
    std::unique_lock lock(mu_);
    connected_ = true;
    active_ = true;
    // A thread waiting at its first instruction is the stop gdb finds; otherwise every
    // instance is stopped now.
    for (auto& [id, t] : threads_) {
      if (t.state == State::kParked && t.pending) {
        event_ = {id, *t.pending};
        t.pending.reset();
        stop_gen_ = ++g_stop_gen;
        stop_all_ = true;
        break;
      }
    }
    if (!event_)
      hold_for(StopReason::kTrap, lock);
    event_sent_ = true; // gdb asks for it with '?'
  }
  while (serve_stopped() && wait_for_stop()) {
  }
}

void GdbStub::hold_for(StopReason::Kind kind, std::unique_lock<std::mutex>& lock) {
  stop_gen_ = ++g_stop_gen;
  stop_all_ = true;
  // Running instances park at their next instruction; one blocked in a syscall may not
  // come soon, so the wait is short.
  server_cv_.wait_for(lock, std::chrono::milliseconds(200), [&] {
    for (const auto& [id, t] : threads_)
      if (t.state == State::kRunning)
        return false;
    return true;
  });
  for (auto& [id, t] : threads_) {
    if (t.state == State::kParked && t.pending) {
      event_ = {id, *t.pending};
      t.pending.reset();
      return;
    }
  }
  int chosen = threads_.empty() ? 1 : threads_.begin()->first;
  for (const auto& [id, t] : threads_) {
    if (t.state == State::kParked) {
      chosen = id;
      break;
    }
  }
  event_ = {chosen, StopReason{kind, 0, 'w', {}}};
}

bool GdbStub::fill(bool* woken) {
  *woken = false;
  pollfd fds[2] = {{conn_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  int n = 0;
  do {
    n = ::poll(fds, 2, -1);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return false;
  if (fds[1].revents & POLLIN) {
    uint64_t drained = 0;
    while (::read(wake_fd_, &drained, sizeof drained) > 0) {
    }
    *woken = true;
    std::lock_guard lock(mu_);
    if (over_ && !exit_status_)
      return false;
  }
  if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
    char buf[4096];
    ssize_t got = 0;
    do {
      got = ::read(conn_fd_, buf, sizeof buf);
    } while (got < 0 && errno == EINTR);
    if (got <= 0)
      return false;
    inbuf_.append(buf, static_cast<size_t>(got));
  }
  return true;
}

bool GdbStub::read_packet(std::string* packet) {
  for (;;) {
    const size_t dollar = inbuf_.find('$');
    if (dollar == std::string::npos) {
      inbuf_.clear(); // acks and interrupts (0x03) while stopped carry no request
    } else {
      const size_t hash = inbuf_.find('#', dollar);
      if (hash != std::string::npos && inbuf_.size() >= hash + 3) {
        const std::string raw = inbuf_.substr(dollar + 1, hash - dollar - 1);
        const int h = hex_digit(inbuf_[hash + 1]), l = hex_digit(inbuf_[hash + 2]);
        inbuf_.erase(0, hash + 3);
        uint8_t sum = 0;
        std::string payload;
        bool escaped = false;
        for (char c : raw) {
          sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
          if (escaped) {
            payload.push_back(static_cast<char>(c ^ 0x20));
            escaped = false;
          } else if (c == '}') {
            escaped = true;
          } else {
            payload.push_back(c);
          }
        }
        const bool ok = h >= 0 && l >= 0 && (h << 4 | l) == sum && payload.size() < kMaxPacket;
        if (!no_ack_) {
          const char ack = ok ? '+' : '-';
          if (::write(conn_fd_, &ack, 1) != 1)
            return false;
        }
        if (ok) {
          *packet = std::move(payload);
          return true;
        }
        continue;
      }
      if (inbuf_.size() - dollar > 2 * kMaxPacket + 4)
        inbuf_.clear(); // too long: refused
    }
    bool woken = false;
    if (!fill(&woken))
      return false;
    if (woken) {
      std::lock_guard lock(mu_);
      if (over_)
        return false;
    }
  }
}

bool GdbStub::send_packet(const std::string& payload) {
  std::string out = "$";
  uint8_t sum = 0;
  for (char c : payload) {
    if (c == '#' || c == '$' || c == '}' || c == '*') {
      out.push_back('}');
      sum = static_cast<uint8_t>(sum + '}');
      c = static_cast<char>(c ^ 0x20);
    }
    out.push_back(c);
    sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
  }
  out += fmt::format("#{:02x}", sum);
  for (int attempt = 0; attempt < 3; ++attempt) {
    size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = ::write(conn_fd_, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return false;
      done += static_cast<size_t>(n);
    }
    if (no_ack_)
      return true;
    for (;;) {
      const size_t at = inbuf_.find_first_of("+-$");
      if (at != std::string::npos) {
        if (inbuf_[at] == '$')
          return true; // gdb went on without an ack
        const char ack = inbuf_[at];
        inbuf_.erase(at, 1);
        if (ack == '+')
          return true;
        break; // '-': send it again
      }
      bool woken = false;
      if (!fill(&woken))
        return false;
    }
  }
  return false;
}

std::string GdbStub::stop_reply(int thread, const StopReason& why) const {
  const std::string th = fmt::format("thread:{:x};", thread);
  switch (why.kind) {
  case StopReason::kWatch: {
    const char* name = why.watch == 'r' ? "rwatch" : why.watch == 'a' ? "awatch" : "watch";
    return fmt::format("T{:02x}{}:{:x};{}", kSigTrap, name, why.address, th);
  }
  case StopReason::kFault:
    return fmt::format("T{:02x}{}", kSigSegv, th);
  case StopReason::kPanic:
    return fmt::format("T{:02x}{}", kSigAbrt, th);
  case StopReason::kInterrupt:
    return fmt::format("T{:02x}{}", kSigInt, th);
  case StopReason::kTrap:
  case StopReason::kPark:
  default:
    return fmt::format("T{:02x}{}", kSigTrap, th);
  }
}

DebugTarget* GdbStub::target(int thread) {
  auto it = threads_.find(thread);
  if (it == threads_.end() || it->second.state == State::kRunning)
    return nullptr;
  return it->second.target;
}

std::string GdbStub::read_registers(int thread) {
  // Before any instance has shown the architecture, gdb's is that of the file it loaded:
  // the stand-in thread answers with the shorter of the two layouts (AArch32 without a
  // description: r0-r15, f0-f7, fps, cpsr). AArch64 gdb takes it as x0-x20 and reads the
  // other registers with 'p'.
  if (!a32_ && threads_.empty())
    return std::string(2 * 168, '0');
  std::string out;
  for (int n = 0; n < register_count(); ++n)
    out += read_register(thread, n);
  return out;
}

int GdbStub::register_count() const {
  return !is_a32() ? kArm64Registers : tdesc_sent_ ? kArmRegisters : kLegacyArmRegisters;
}

std::string GdbStub::read_register(int thread, int n) {
  // gdb's own AArch32 layout, without a target description: r0-r15, f0-f7 (FPA, 12 bytes
  // each), fps, cpsr. The FPA registers do not exist; they read as zeros.
  int reg = n;
  size_t size = register_size(is_a32(), n);
  if (is_a32() && !tdesc_sent_) {
    size = n >= 16 && n <= 23 ? 12 : 4;
    reg = n < 16 ? n : n == 25 ? 16 : -1;
  }
  DebugTarget* t = target(thread);
  if (reg < 0)
    return std::string(2 * size, '0');
  if (t == nullptr) // busy in a syscall: unavailable; the stand-in thread: zeros
    return std::string(2 * size, threads_.count(thread) != 0 ? 'x' : '0');
  const std::vector<uint8_t> r = t->read_register(reg);
  return hex(r.data(), r.size());
}

bool GdbStub::write_register(int thread, int n, const std::vector<uint8_t>& bytes) {
  int reg = n;
  if (is_a32() && !tdesc_sent_)
    reg = n < 16 ? n : n == 25 ? 16 : -1;
  DebugTarget* t = target(thread);
  if (t == nullptr)
    return false;
  return reg < 0 || t->write_register(reg, bytes);
}

std::string GdbStub::thread_list() const {
  if (threads_.empty())
    return "m1";
  std::string out = "m";
  for (const auto& [id, t] : threads_)
    out += fmt::format("{}{:x}", out.size() > 1 ? "," : "", id);
  return out;
}

bool GdbStub::serve_stopped() {
  for (;;) {
    std::string packet;
    if (!read_packet(&packet))
      return false;
    bool gone = false;
    std::string reply;
    bool send = true;
    bool resumed = false;
    {
      std::lock_guard lock(mu_);
      resumed = !handle(packet, &reply, &send, &gone);
    }
    if (send && !send_packet(reply))
      return false;
    if (packet == "QStartNoAckMode" && reply == "OK")
      no_ack_ = true;
    if (gone)
      return false;
    if (resumed)
      return true;
  }
}

bool GdbStub::wait_for_stop() {
  for (;;) {
    std::string reply, text;
    bool exit_now = false;
    {
      std::lock_guard lock(mu_);
      if (exit_status_) {
        reply = fmt::format("W{:02x}", *exit_status_ & 0xFF);
        exit_now = true;
      } else if (event_ && !event_sent_) {
        reply = stop_reply(event_->first, event_->second);
        text = event_->second.text;
        event_sent_ = true;
        g_thread_ = event_->first;
      }
    }
    if (!text.empty()) {
      const std::string line = text + "\n";
      send_packet("O" + hex(reinterpret_cast<const uint8_t*>(line.data()), line.size()));
    }
    if (!reply.empty()) {
      const bool sent = send_packet(reply);
      return sent && !exit_now;
    }
    bool woken = false;
    if (!fill(&woken))
      return false;
    if (inbuf_.find('\x03') != std::string::npos) {
      // Ctrl-C in gdb: stop everything; the first instance to park is the one reported.
      std::erase(inbuf_, '\x03');
      std::unique_lock lock(mu_);
      if (!event_) {
        hold_for(StopReason::kInterrupt, lock);
        event_sent_ = false;
      }
    }
    // Bytes other than a pending packet (stray acks) mean nothing while the TAs run.
    if (inbuf_.find('$') == std::string::npos)
      inbuf_.clear();
  }
}

bool GdbStub::resume(const std::map<int, Resume>& actions, Resume others) {
  auto action = [&](int id) {
    auto it = actions.find(id);
    return it != actions.end() ? it->second : others;
  };
  // A thread with a stop gdb has not heard of reports it instead of running; so does a
  // step of a thread that runs nothing (between entries, or the stand-in thread).
  for (auto& [id, t] : threads_) {
    const Resume r = action(id);
    if (r != Resume::kNone && t.pending) {
      event_ = {id, *t.pending};
      t.pending.reset();
      event_sent_ = false;
      return true;
    }
  }
  for (const auto& [id, r] : actions) {
    auto it = threads_.find(id);
    if (r == Resume::kStep && (it == threads_.end() || it->second.state == State::kIdle)) {
      event_ = {id, StopReason{}};
      event_sent_ = false;
      return true;
    }
  }
  for (auto& [id, t] : threads_) {
    const Resume r = action(id);
    if (r != Resume::kNone && t.state == State::kParked) {
      t.resume = r;
      t.free_gen = stop_gen_;
    }
  }
  if (others != Resume::kNone)
    stop_all_ = false;
  event_.reset();
  event_sent_ = false;
  threads_cv_.notify_all();
  return true;
}

bool GdbStub::handle(const std::string& packet, std::string* out, bool* send, bool* gone) {
  std::string_view p = packet;
  auto reply = [&](std::string r) {
    *out = std::move(r);
    return true;
  };
  const int current = g_thread_ > 0      ? g_thread_
                      : event_           ? event_->first
                      : threads_.empty() ? 1
                                         : threads_.begin()->first;
  if (p.starts_with("qSupported")) {
    // The AArch32 description is offered when an AArch32 instance is known now; gdb reads
    // it once per connection.
    tdesc_sent_ = is_a32();
    return reply(fmt::format("PacketSize={:x};QStartNoAckMode+;vContSupported+{}", kMaxPacket,
                             tdesc_sent_ ? ";qXfer:features:read+" : ""));
  }
  if (p == "QStartNoAckMode")
    return reply("OK");
  if (p == "?")
    return reply(event_ ? stop_reply(event_->first, event_->second)
                        : stop_reply(current, StopReason{}));
  if (p == "qC")
    return reply(fmt::format("QC{:x}", current));
  if (p == "qfThreadInfo")
    return reply(thread_list());
  if (p == "qsThreadInfo")
    return reply("l");
  if (p.starts_with("qThreadExtraInfo,")) {
    p.remove_prefix(std::strlen("qThreadExtraInfo,"));
    uint64_t id = 0;
    if (!take_hex(&p, &id))
      return reply("E01");
    std::string text = "secure world, no TA instance";
    if (auto it = threads_.find(static_cast<int>(id)); it != threads_.end()) {
      const char* state = it->second.state == State::kParked ? "stopped"
                          : it->second.state == State::kIdle ? "between entries"
                                                             : "in a syscall";
      text = fmt::format("{}, {}", it->second.description, state);
    }
    return reply(hex(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }
  if (p == "qAttached")
    return reply("1");
  if (p == "qOffsets") {
    // The current thread's instance: TAs are linked at 0, so the offset is the load base.
    // Without an instance (the stand-in thread), where TAs load unless randomised.
    uint64_t base = kTaImageBase;
    if (auto it = threads_.find(current); it != threads_.end() && it->second.target != nullptr)
      base = it->second.target->load_base();
    return reply(fmt::format("Text={:x};Data={:x};Bss={:x}", base, base, base));
  }
  if (p.starts_with("qSymbol"))
    return reply("OK");
  if (take_char(&p, 'H')) {
    if (p.empty())
      return reply("E01");
    const char which = p.front();
    p.remove_prefix(1);
    int id = 0;
    if (p == "-1") {
      id = -1;
    } else {
      uint64_t v = 0;
      if (!take_hex(&p, &v))
        return reply("E01");
      id = static_cast<int>(v);
    }
    if (id > 0 && threads_.count(id) == 0 && !(id == 1 && threads_.empty()))
      return reply("E01");
    if (which == 'g')
      g_thread_ = id > 0 ? id : 0;
    else
      c_thread_ = id;
    return reply("OK");
  }
  if (take_char(&p, 'T')) {
    uint64_t id = 0;
    if (!take_hex(&p, &id))
      return reply("E01");
    const bool alive = threads_.count(static_cast<int>(id)) != 0 || (id == 1 && threads_.empty());
    return reply(alive ? "OK" : "E01");
  }
  if (p.starts_with("qXfer:features:read:")) {
    std::string_view rest = p.substr(std::strlen("qXfer:features:read:"));
    const size_t colon = rest.find(':');
    uint64_t offset = 0, length = 0;
    if (colon == std::string_view::npos)
      return reply("E00");
    const std::string annex(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
    if (!take_range(&rest, &offset, &length) || !is_a32() || annex != "target.xml")
      return reply("E00");
    const std::string& xml = arm_target_xml();
    if (offset >= xml.size())
      return reply("l");
    const std::string part = xml.substr(offset, std::min<uint64_t>(length, kMaxPacket - 16));
    return reply((offset + part.size() >= xml.size() ? "l" : "m") + part);
  }
  DebugTarget* t = target(current);
  if (p == "g") {
    // gdb reads what a 'g' reply leaves out with 'p' from then on, and takes no longer one
    // (see the stand-in thread in read_registers): never send more than the first time.
    std::string regs = read_registers(current);
    if (regs.size() > g_limit_)
      regs.resize(g_limit_);
    g_limit_ = regs.size();
    return reply(std::move(regs));
  }
  if (take_char(&p, 'G')) {
    std::vector<uint8_t> bytes;
    if (t == nullptr || !unhex(p, &bytes))
      return reply("E01");
    size_t at = 0;
    for (int n = 0; n < register_count() && at < bytes.size(); ++n) {
      const size_t size = read_register(current, n).size() / 2;
      if (at + size > bytes.size())
        break;
      write_register(current, n,
                     std::vector<uint8_t>(bytes.begin() + static_cast<long>(at),
                                          bytes.begin() + static_cast<long>(at + size)));
      at += size;
    }
    return reply("OK");
  }
  if (take_char(&p, 'p')) {
    uint64_t n = 0;
    if (!take_hex(&p, &n) || n >= static_cast<uint64_t>(register_count()))
      return reply("E01");
    return reply(read_register(current, static_cast<int>(n)));
  }
  if (take_char(&p, 'P')) {
    uint64_t n = 0;
    std::vector<uint8_t> bytes;
    if (!take_hex(&p, &n) || n >= static_cast<uint64_t>(register_count()) || !take_char(&p, '=') ||
        !unhex(p, &bytes))
      return reply("E01");
    return reply(write_register(current, static_cast<int>(n), bytes) ? "OK" : "E01");
  }
  if (take_char(&p, 'm')) {
    uint64_t addr = 0, len = 0;
    if (t == nullptr || !take_range(&p, &addr, &len) || len > kMaxPacket / 2)
      return reply("E01");
    std::vector<uint8_t> bytes(len);
    if (!t->read_memory(addr, bytes.data(), bytes.size()))
      return reply("E01");
    return reply(hex(bytes.data(), bytes.size()));
  }
  if (p.starts_with("M") || p.starts_with("X")) {
    const bool binary = p.front() == 'X';
    p.remove_prefix(1);
    uint64_t addr = 0, len = 0;
    if (t == nullptr || !take_range(&p, &addr, &len) || !take_char(&p, ':'))
      return reply("E01");
    std::vector<uint8_t> bytes;
    if (binary)
      bytes.assign(p.begin(), p.end());
    else if (!unhex(p, &bytes))
      return reply("E01");
    if (bytes.size() != len)
      return reply("E01");
    if (len != 0 && !t->write_memory(addr, bytes.data(), bytes.size()))
      return reply("E01");
    return reply("OK");
  }
  if (p.starts_with("Z") || p.starts_with("z")) {
    const bool insert = p.front() == 'Z';
    p.remove_prefix(1);
    uint64_t type = 0, addr = 0, len = 0;
    if (!take_hex(&p, &type) || !take_char(&p, ',') || !take_range(&p, &addr, &len))
      return reply("E01");
    if (type <= 1) { // software or hardware breakpoint: the emulator checks every pc
      if (insert)
        breakpoints_.insert(addr & ~uint64_t{1});
      else
        breakpoints_.erase(addr & ~uint64_t{1});
      bump_points();
      return reply("OK");
    }
    if (type <= 4 && len != 0) {
      const char kind = type == 2 ? 'w' : type == 3 ? 'r' : 'a';
      if (insert) {
        watches_.push_back(Watch{addr, len, kind});
      } else {
        std::erase_if(watches_, [&](const Watch& w) {
          return w.addr == addr && w.len == len && w.kind == kind;
        });
      }
      bump_points();
      return reply("OK");
    }
    return reply("");
  }
  if (p == "vCont?")
    return reply("vCont;c;C;s;S");
  // vCont;ACTION[:THREAD]...: the first action naming a thread applies to it; one without a
  // thread to every other. A signal to deliver means nothing to a TA (after a fault or
  // panic the entry ends either way), and resuming elsewhere is not supported.
  if (p.starts_with("vCont;")) {
    p.remove_prefix(std::strlen("vCont"));
    std::map<int, Resume> actions;
    Resume others = Resume::kNone;
    while (take_char(&p, ';')) {
      if (p.empty())
        return reply("E01");
      const char a = p.front();
      p.remove_prefix(1);
      if (a != 'c' && a != 'C' && a != 's' && a != 'S')
        return reply("E01");
      const Resume r = a == 's' || a == 'S' ? Resume::kStep : Resume::kContinue;
      if (a == 'C' || a == 'S') {
        uint64_t sig = 0;
        take_hex(&p, &sig);
      }
      if (take_char(&p, ':')) {
        uint64_t id = 0;
        if (p.starts_with("-1")) {
          p.remove_prefix(2);
          if (others == Resume::kNone)
            others = r;
          continue;
        }
        if (!take_hex(&p, &id))
          return reply("E01");
        actions.emplace(static_cast<int>(id), r);
      } else if (others == Resume::kNone) {
        others = r;
      }
    }
    *send = false;
    return !resume(actions, others);
  }
  // c/s [addr], C/S sig[;addr]: continue everything, or step the Hc thread alone.
  if (p.starts_with("c") || p.starts_with("C")) {
    *send = false;
    return !resume({}, Resume::kContinue);
  }
  if (p.starts_with("s") || p.starts_with("S")) {
    *send = false;
    return !resume({{c_thread_ > 0 ? c_thread_ : current, Resume::kStep}}, Resume::kNone);
  }
  if (p == "D" || p.starts_with("D;") || p == "k") {
    *send = p != "k";
    *gone = true;
    log::get("gdb")->info("gdb detached; the TAs run on");
    return reply("OK");
  }
  return reply(""); // not supported: gdb falls back or does without
}

} // namespace swemu::core
