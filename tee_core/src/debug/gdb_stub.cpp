// GDB remote serial protocol: packets are `$payload#checksum` (two hex digits, modulo-256
// sum of the payload), each acknowledged with '+' (or '-' to ask again); '#', '$', '}' and
// '*' inside binary data are escaped as '}' followed by the byte XOR 0x20. Facts: the GDB
// manual, "Remote Protocol" (Overview, Packets, Stop Reply Packets, General Query
// Packets, Target Descriptions).
#include "debug/gdb_stub.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "swemu/core/log.h"
#include "swemu/core/tee_abi.h"

namespace swemu::core {
namespace {

constexpr size_t kMaxPacket = 0x4000;
constexpr int kSigTrap = 5;
constexpr int kSigAbrt = 6;
constexpr int kSigSegv = 11;

// The AArch32 registers gdb gets: the org.gnu.gdb.arm.core feature, numbered in order.
constexpr const char* kArmTargetXml =
    "<?xml version=\"1.0\"?>"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
    "<target version=\"1.0\"><architecture>arm</architecture>"
    "<feature name=\"org.gnu.gdb.arm.core\">"
    "<reg name=\"r0\" bitsize=\"32\"/><reg name=\"r1\" bitsize=\"32\"/>"
    "<reg name=\"r2\" bitsize=\"32\"/><reg name=\"r3\" bitsize=\"32\"/>"
    "<reg name=\"r4\" bitsize=\"32\"/><reg name=\"r5\" bitsize=\"32\"/>"
    "<reg name=\"r6\" bitsize=\"32\"/><reg name=\"r7\" bitsize=\"32\"/>"
    "<reg name=\"r8\" bitsize=\"32\"/><reg name=\"r9\" bitsize=\"32\"/>"
    "<reg name=\"r10\" bitsize=\"32\"/><reg name=\"r11\" bitsize=\"32\"/>"
    "<reg name=\"r12\" bitsize=\"32\"/>"
    "<reg name=\"sp\" bitsize=\"32\" type=\"data_ptr\"/>"
    "<reg name=\"lr\" bitsize=\"32\"/>"
    "<reg name=\"pc\" bitsize=\"32\" type=\"code_ptr\"/>"
    "<reg name=\"cpsr\" bitsize=\"32\"/>"
    "</feature></target>";

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

// "ADDR,LEN" (and the rest after it).
bool take_range(std::string_view* text, uint64_t* addr, uint64_t* len) {
  return take_hex(text, addr) && take_char(text, ',') && take_hex(text, len);
}

} // namespace

Result<std::unique_ptr<GdbStub>> GdbStub::listen(uint16_t port) {
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
  return std::unique_ptr<GdbStub>(new GdbStub(fd, ntohs(addr.sin_port)));
}

GdbStub::~GdbStub() {
  if (conn_fd_ >= 0)
    ::close(conn_fd_);
  if (listen_fd_ >= 0)
    ::close(listen_fd_);
}

bool GdbStub::accept_gdb() {
  log::get("gdb")->info("TA stopped; waiting for gdb on 127.0.0.1:{}", port_);
  int fd = -1;
  do {
    fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    log::get("gdb")->error("accept: {}", std::strerror(errno));
    return false;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  conn_fd_ = fd;
  connected_ = true;
  log::get("gdb")->info("gdb connected");
  return true;
}

bool GdbStub::read_packet(std::string* packet) {
  // States: looking for '$', in the payload, reading the two checksum digits.
  std::string payload;
  char buf[512];
  size_t have = 0, used = 0;
  auto next = [&](char* c) {
    if (used == have) {
      ssize_t n = 0;
      do {
        n = ::read(conn_fd_, buf, sizeof buf);
      } while (n < 0 && errno == EINTR);
      if (n <= 0)
        return false;
      have = static_cast<size_t>(n);
      used = 0;
    }
    *c = buf[used++];
    return true;
  };
  for (;;) {
    char c = 0;
    do {
      if (!next(&c))
        return false;
    } while (c != '$'); // acks and interrupts (0x03) while stopped carry no request
    payload.clear();
    uint8_t sum = 0;
    bool escaped = false;
    for (;;) {
      if (!next(&c))
        return false;
      if (c == '#')
        break;
      sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
      if (payload.size() >= kMaxPacket)
        continue; // too long: the checksum still decides, the packet is refused below
      if (escaped) {
        payload.push_back(static_cast<char>(c ^ 0x20));
        escaped = false;
      } else if (c == '}') {
        escaped = true;
      } else {
        payload.push_back(c);
      }
    }
    char d1 = 0, d2 = 0;
    if (!next(&d1) || !next(&d2))
      return false;
    const int h = hex_digit(d1), l = hex_digit(d2);
    const bool ok = h >= 0 && l >= 0 && (h << 4 | l) == sum && payload.size() < kMaxPacket;
    const char ack = ok ? '+' : '-';
    if (::write(conn_fd_, &ack, 1) != 1)
      return false;
    if (ok) {
      *packet = std::move(payload);
      return true;
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
    char ack = 0;
    ssize_t n = 0;
    do {
      n = ::read(conn_fd_, &ack, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1)
      return false;
    if (ack == '+')
      return true;
  }
  return false;
}

std::optional<StopReason> GdbStub::watch_hit(uint64_t addr, uint64_t len, bool write) const {
  for (const Watch& w : watches_) {
    if (addr >= w.addr + w.len || w.addr >= addr + len)
      continue;
    if ((w.kind == 'w' && !write) || (w.kind == 'r' && write))
      continue;
    StopReason r;
    r.kind = StopReason::kWatch;
    r.address = w.addr;
    r.watch = w.kind;
    return r;
  }
  return std::nullopt;
}

std::string GdbStub::stop_reply(const StopReason& why) const {
  switch (why.kind) {
  case StopReason::kWatch: {
    const char* name = why.watch == 'r' ? "rwatch" : why.watch == 'a' ? "awatch" : "watch";
    return fmt::format("T{:02x}{}:{:x};thread:1;", kSigTrap, name, why.address);
  }
  case StopReason::kFault:
    return fmt::format("T{:02x}thread:1;", kSigSegv);
  case StopReason::kPanic:
    return fmt::format("T{:02x}thread:1;", kSigAbrt);
  case StopReason::kTrap:
  default:
    return fmt::format("T{:02x}thread:1;", kSigTrap);
  }
}

std::string GdbStub::read_registers(DebugTarget& target) {
  std::string out;
  const int count = target.a32() ? 17 : 68;
  for (int n = 0; n < count; ++n) {
    const std::vector<uint8_t> r = target.read_register(n);
    out += hex(r.data(), r.size());
  }
  return out;
}

std::string GdbStub::features(DebugTarget& target, const std::string& annex, uint64_t offset,
                              uint64_t length) const {
  if (!target.a32() || annex != "target.xml")
    return "E00";
  const std::string_view xml = kArmTargetXml;
  if (offset >= xml.size())
    return "l";
  const std::string_view part = xml.substr(offset, length);
  return (offset + part.size() >= xml.size() ? "l" : "m") + std::string(part);
}

bool GdbStub::stopped(DebugTarget& target, const StopReason& why) {
  if (detached_)
    return false;
  if (!connected_) {
    if (!accept_gdb()) {
      detached_ = true;
      return false;
    }
  } else {
    // gdb is waiting for the answer to its continue or step.
    if (!why.text.empty()) {
      const std::string line = why.text + "\n";
      send_packet("O" + hex(reinterpret_cast<const uint8_t*>(line.data()), line.size()));
    }
    if (!send_packet(stop_reply(why))) {
      detached_ = true;
      connected_ = false;
      return false;
    }
  }
  for (;;) {
    std::string packet;
    if (!read_packet(&packet)) {
      log::get("gdb")->info("gdb went away; the TA runs on");
      detached_ = true;
      connected_ = false;
      return false;
    }
    if (!handle(target, packet, why))
      return !detached_;
  }
}

void GdbStub::exited(int status) {
  if (connected_ && !detached_)
    send_packet(fmt::format("W{:02x}", status & 0xFF));
  connected_ = false;
  detached_ = true;
  if (conn_fd_ >= 0) {
    ::close(conn_fd_);
    conn_fd_ = -1;
  }
}

void GdbStub::abandon() {
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (conn_fd_ >= 0)
    ::shutdown(conn_fd_, SHUT_RDWR);
}

bool GdbStub::handle(DebugTarget& target, const std::string& packet, const StopReason& why) {
  std::string_view p = packet;
  auto reply = [&](const std::string& r) {
    if (!send_packet(r)) {
      detached_ = true;
      connected_ = false;
    }
    return !detached_;
  };
  if (p.starts_with("qSupported"))
    return reply(
        fmt::format("PacketSize={:x}{}", kMaxPacket, target.a32() ? ";qXfer:features:read+" : ""));
  if (p == "?")
    return reply(stop_reply(why));
  if (p == "qC")
    return reply("QC1");
  if (p == "qfThreadInfo")
    return reply("m1");
  if (p == "qsThreadInfo")
    return reply("l");
  if (p == "qAttached")
    return reply("1");
  if (p == "qOffsets") {
    const uint64_t base = target.load_base();
    return reply(fmt::format("Text={:x};Data={:x};Bss={:x}", base, base, base));
  }
  if (p.starts_with("qSymbol"))
    return reply("OK");
  if (p.starts_with("H") || p.starts_with("T"))
    return reply("OK");
  if (p.starts_with("qXfer:features:read:")) {
    std::string_view rest = p.substr(std::strlen("qXfer:features:read:"));
    const size_t colon = rest.find(':');
    uint64_t offset = 0, length = 0;
    if (colon == std::string_view::npos)
      return reply("E00");
    const std::string annex(rest.substr(0, colon));
    rest.remove_prefix(colon + 1);
    if (!take_range(&rest, &offset, &length))
      return reply("E00");
    return reply(features(target, annex, offset, length));
  }
  if (p == "g")
    return reply(read_registers(target));
  if (take_char(&p, 'G')) {
    std::vector<uint8_t> bytes;
    if (!unhex(p, &bytes))
      return reply("E01");
    size_t at = 0;
    for (int n = 0; at < bytes.size(); ++n) {
      const size_t size = target.read_register(n).size();
      if (size == 0 || at + size > bytes.size())
        break;
      target.write_register(n, std::vector<uint8_t>(bytes.begin() + static_cast<long>(at),
                                                    bytes.begin() + static_cast<long>(at + size)));
      at += size;
    }
    return reply("OK");
  }
  if (take_char(&p, 'p')) {
    uint64_t n = 0;
    if (!take_hex(&p, &n) || n > 1000)
      return reply("E01");
    const std::vector<uint8_t> r = target.read_register(static_cast<int>(n));
    return reply(r.empty() ? "E01" : hex(r.data(), r.size()));
  }
  if (take_char(&p, 'P')) {
    uint64_t n = 0;
    std::vector<uint8_t> bytes;
    if (!take_hex(&p, &n) || n > 1000 || !take_char(&p, '=') || !unhex(p, &bytes))
      return reply("E01");
    return reply(target.write_register(static_cast<int>(n), bytes) ? "OK" : "E01");
  }
  if (take_char(&p, 'm')) {
    uint64_t addr = 0, len = 0;
    if (!take_range(&p, &addr, &len) || len > kMaxPacket / 2)
      return reply("E01");
    std::vector<uint8_t> bytes(len);
    if (!target.read_memory(addr, bytes.data(), bytes.size()))
      return reply("E01");
    return reply(hex(bytes.data(), bytes.size()));
  }
  if (p.starts_with("M") || p.starts_with("X")) {
    const bool binary = p.front() == 'X';
    p.remove_prefix(1);
    uint64_t addr = 0, len = 0;
    if (!take_range(&p, &addr, &len) || !take_char(&p, ':'))
      return reply("E01");
    std::vector<uint8_t> bytes;
    if (binary)
      bytes.assign(p.begin(), p.end());
    else if (!unhex(p, &bytes))
      return reply("E01");
    if (bytes.size() != len)
      return reply("E01");
    if (len != 0 && !target.write_memory(addr, bytes.data(), bytes.size()))
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
      return reply("OK");
    }
    return reply("");
  }
  // c/s [addr], C/S sig[;addr]: resume; a signal to deliver means nothing to a TA (after
  // a fault or panic the entry ends either way), and resuming elsewhere is not supported.
  if (p.starts_with("c") || p.starts_with("C")) {
    stepping_ = false;
    return false;
  }
  if (p.starts_with("s") || p.starts_with("S")) {
    stepping_ = true;
    return false;
  }
  if (p == "D" || p.starts_with("D;") || p == "k") {
    if (p != "k")
      send_packet("OK");
    log::get("gdb")->info("gdb detached; the TA runs on");
    detached_ = true;
    connected_ = false;
    stepping_ = false;
    breakpoints_.clear();
    watches_.clear();
    ::close(conn_fd_);
    conn_fd_ = -1;
    return false;
  }
  return reply(""); // not supported: gdb falls back or does without
}

} // namespace swemu::core
