// A GDB remote-serial-protocol stub for TA code (gdb's "Remote Protocol" appendix): gdb
// (gdb-multiarch) connects over TCP on loopback and debugs one TA instance as a
// single-threaded remote target. The stub runs inside the emulating thread: when the TA
// stops (its first instruction, a breakpoint, a finished step, a watchpoint, a fault, a
// TEE_Panic) the instance calls stopped(), which serves gdb's packets until gdb resumes.
//
// Registers follow gdb's own numbering: AArch64 without a target description (x0-x30, sp,
// pc, cpsr, v0-v31, fpsr, fpcr), AArch32 with the target description this stub serves
// (r0-r12, sp, lr, pc, cpsr). qOffsets reports the TA's load address, so `file ta.elf`
// lines up with no arithmetic.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "swemu/core/result.h"

namespace swemu::core {

// What the stub needs from the stopped TA.
class DebugTarget {
public:
  virtual ~DebugTarget() = default;
  virtual bool a32() const = 0;
  virtual uint64_t load_base() const = 0;
  // Register `n` in gdb's numbering as little-endian bytes (empty if there is none).
  virtual std::vector<uint8_t> read_register(int n) = 0;
  virtual bool write_register(int n, const std::vector<uint8_t>& bytes) = 0;
  // Any mapped TA memory; writes may go to code (breakpoints are not planted, but gdb may
  // patch instructions).
  virtual bool read_memory(uint64_t addr, uint8_t* out, size_t len) = 0;
  virtual bool write_memory(uint64_t addr, const uint8_t* in, size_t len) = 0;
};

// Why the TA stopped, as a stop reply.
struct StopReason {
  enum Kind { kTrap, kWatch, kFault, kPanic } kind = kTrap;
  uint64_t address = 0; // watchpoint: the data address
  char watch = 'w';     // 'w' write, 'r' read, 'a' access
  std::string text;     // for faults and panics: shown to the gdb user
};

class GdbStub {
public:
  // Listens on 127.0.0.1:`port` (0: a free port, see port()).
  static Result<std::unique_ptr<GdbStub>> listen(uint16_t port);
  ~GdbStub();
  GdbStub(const GdbStub&) = delete;
  GdbStub& operator=(const GdbStub&) = delete;

  uint16_t port() const { return port_; }
  // Whether the emulator must stop before the instruction at `pc` (a breakpoint, or a
  // step in progress). Cheap; called for every instruction while a debugger is attached.
  bool should_stop(uint64_t pc) const {
    return connected_ && (stepping_ || (!breakpoints_.empty() && breakpoints_.count(pc) != 0));
  }
  // The watchpoint covering [addr, addr + len) for an access, if any.
  std::optional<StopReason> watch_hit(uint64_t addr, uint64_t len, bool write) const;
  bool connected() const { return connected_; }

  // The TA stopped: waits for gdb (the first time), reports the stop, serves packets until
  // gdb continues or steps. Returns false when gdb detached or killed: the caller runs on
  // without stops.
  bool stopped(DebugTarget& target, const StopReason& why);
  // The debugged program is over (swemu invoke ends): "W00" to a waiting gdb, then close.
  void exited(int status);
  // From another thread: stop waiting for gdb (a blocked accept or read fails), so the TA
  // runs on without stops. For a caller that gives up on gdb.
  void abandon();

private:
  explicit GdbStub(int listen_fd, uint16_t port) : listen_fd_(listen_fd), port_(port) {}

  bool accept_gdb();
  bool read_packet(std::string* packet);
  bool send_packet(const std::string& payload);
  // One packet; returns false when the TA should resume (resume_ tells how).
  bool handle(DebugTarget& target, const std::string& packet, const StopReason& why);
  std::string stop_reply(const StopReason& why) const;
  std::string read_registers(DebugTarget& target);
  std::string features(DebugTarget& target, const std::string& annex, uint64_t offset,
                       uint64_t length) const;

  int listen_fd_ = -1;
  int conn_fd_ = -1;
  uint16_t port_ = 0;
  bool connected_ = false;
  bool stepping_ = false;
  bool detached_ = false;
  std::set<uint64_t> breakpoints_;
  struct Watch {
    uint64_t addr = 0;
    uint64_t len = 0;
    char kind = 'w';
  };
  std::vector<Watch> watches_;
};

} // namespace swemu::core
