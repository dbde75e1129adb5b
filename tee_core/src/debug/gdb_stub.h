// A GDB remote-serial-protocol stub for TA code (gdb's "Remote Protocol" appendix): gdb
// (gdb-multiarch) connects over TCP on loopback and sees every debugged TA instance as a
// thread. A server thread owns the connection; the threads that emulate TAs only park
// and wake up. All-stop: when one instance stops (a breakpoint, a finished step, a
// watchpoint, a fault, a TEE_Panic, Ctrl-C) every other running instance parks at its
// next instruction and no entry starts until gdb resumes; an instance between entries is
// stopped where its last entry ended. An instance blocked in a syscall (TEE_Wait, a
// TA-to-TA call) parks when the syscall returns; until then gdb sees its registers as
// unavailable.
//
// Registers follow gdb's own numbering: AArch64 without a target description (x0-x30, sp,
// pc, cpsr, v0-v31, fpsr, fpcr), AArch32 with the target description this stub serves
// (r0-r12, sp, lr, pc, cpsr, then d0-d31 and fpscr of the VFP feature). One stub debugs
// one architecture: the first instance's. qOffsets reports the TA load address, so
// `file ta.elf` lines up with no arithmetic.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "swemu/core/result.h"

namespace swemu::core {

// What the stub needs from a TA instance. Called only while the instance is parked or
// between entries, under the stub's lock.
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

// Why a TA stopped, as a stop reply. kPark: it stopped because another one did; gdb is not
// told (all-stop).
struct StopReason {
  enum Kind { kTrap, kWatch, kFault, kPanic, kInterrupt, kPark } kind = kTrap;
  uint64_t address = 0; // watchpoint: the data address
  char watch = 'w';     // 'w' write, 'r' read, 'a' access
  std::string text;     // for faults and panics: shown to the gdb user
};

class GdbStub;

// What the stub knows of one thread (under its lock).
struct GdbThreadState {
  enum class State { kIdle, kRunning, kParked };
  enum class Resume { kNone, kContinue, kStep };
  DebugTarget* target = nullptr;
  std::string description;
  State state = State::kIdle;
  std::optional<StopReason> pending; // a stop gdb has not been told about yet
  Resume resume = Resume::kNone;     // set by the server to wake the parked thread
  uint64_t free_gen = 0;             // the stop it was resumed from
};

// One TA instance as a gdb thread (GdbStub::add_thread). Its methods are called by the
// host thread that runs the instance; the destructor takes the thread off gdb's list.
class GdbThread {
public:
  ~GdbThread();
  GdbThread(const GdbThread&) = delete;
  GdbThread& operator=(const GdbThread&) = delete;

  int id() const { return id_; }
  // Around each entry: enter() waits while gdb holds the instances stopped.
  void enter();
  void leave();
  // Whether gdb is attached (stops are reported); cheap.
  bool debugging() const;
  // Before the instruction at `pc`: why to stop there (a breakpoint, a step, another
  // instance's stop), if at all. Cheap while nothing is asked of this thread.
  std::optional<StopReason> check(uint64_t pc);
  // The instance's first instruction: with a stub that waits for gdb, the first instance
  // of a run stops there until gdb connects and resumes it. Returns whether it stopped.
  bool first_instruction();
  // The watchpoint covering [addr, addr + len) for an access, if any.
  std::optional<StopReason> watch_hit(uint64_t addr, uint64_t len, bool write);
  // Stops: reports `why` to gdb (or keeps it for later, or says nothing for kPark), waits
  // until gdb resumes this thread. No-op without gdb.
  void stop(const StopReason& why);
  // Whether the last resume was a single step.
  bool stepping() const { return stepping_; }

private:
  friend class GdbStub;
  GdbThread(GdbStub& stub, int id) : stub_(stub), id_(id) {}
  void refresh_points();
  // Under the stub's lock: waits until gdb resumes this thread.
  void park(std::unique_lock<std::mutex>& lock, GdbThreadState& t);

  GdbStub& stub_;
  int id_;
  bool stepping_ = false;
  // Copies of the stub's breakpoints and watchpoints, refreshed when they change.
  uint64_t points_version_ = 0;
  std::set<uint64_t> breakpoints_;
  struct Watch {
    uint64_t addr = 0;
    uint64_t len = 0;
    char kind = 'w';
  };
  std::vector<Watch> watches_;
};

class GdbStub {
public:
  // Listens on 127.0.0.1:`port` (0: a free port, see port()) and serves gdb from a thread
  // of its own. `wait_for_gdb`: the first instance to run stops at its first instruction
  // until gdb connects and resumes it (swemu invoke and run); otherwise instances run until
  // gdb attaches, and then only stop where gdb asks (swemu serve).
  static Result<std::shared_ptr<GdbStub>> listen(uint16_t port, bool wait_for_gdb = true);
  ~GdbStub();
  GdbStub(const GdbStub&) = delete;
  GdbStub& operator=(const GdbStub&) = delete;

  uint16_t port() const { return port_; }
  // A thread for an instance, described to gdb as `description` (qThreadExtraInfo). Null
  // when the instance cannot be debugged by this stub (another architecture than the
  // instances before it).
  std::unique_ptr<GdbThread> add_thread(DebugTarget& target, std::string description);

  // The debugged program is over: "W" with `status` to a gdb waiting for a stop, then the
  // connection is closed and no other is accepted.
  void exited(int status);
  // Stop debugging: a stopped or waiting TA runs on, no connection is accepted any more.
  void abandon();
  // Whether an instance waits at its first instruction for gdb to connect: for a caller
  // that starts gdb once there is something to debug.
  bool instance_waiting_for_gdb();

private:
  friend class GdbThread;
  using Thread = GdbThreadState;
  using State = GdbThreadState::State;
  using Resume = GdbThreadState::Resume;
  struct Watch {
    uint64_t addr = 0;
    uint64_t len = 0;
    char kind = 'w';
  };

  GdbStub(int listen_fd, int wake_fd, uint16_t port, bool wait)
      : listen_fd_(listen_fd), wake_fd_(wake_fd), port_(port), wait_for_gdb_(wait) {}

  // The server thread.
  void serve();
  void serve_connection();
  // Waits for input or a wake-up; false when the connection or the stub is over.
  bool fill(bool* woken);
  bool read_packet(std::string* packet);
  bool send_packet(const std::string& payload);
  // Holds every thread (all-stop) and picks the one to report: for a connection or Ctrl-C.
  void hold_for(StopReason::Kind kind, std::unique_lock<std::mutex>& lock);
  // Runs gdb's packets while the threads are held; returns when gdb resumes (true) or goes.
  bool serve_stopped();
  // Waits while the threads run for the next stop to report; false when gdb went away.
  bool wait_for_stop();
  // One packet while held, under mu_: the reply to send (if `send`); returns false when
  // the threads were resumed; `gone` when gdb detached or killed.
  bool handle(const std::string& packet, std::string* reply, bool* send, bool* gone);
  bool resume(const std::map<int, Resume>& actions, Resume others);
  void release_all(); // under mu_: every parked thread runs on, breakpoints are dropped
  std::string stop_reply(int thread, const StopReason& why) const;
  std::string read_registers(int thread);
  // One register in this connection's numbering, as hex ('x' when unavailable).
  std::string read_register(int thread, int n);
  bool write_register(int thread, int n, const std::vector<uint8_t>& bytes);
  int register_count() const;
  std::string thread_list() const;
  DebugTarget* target(int thread); // of a parked or idle thread, else null
  bool is_a32() const { return a32_.value_or(false); }
  void bump_points() { points_version_.fetch_add(1, std::memory_order_release); }
  void wake();

  int listen_fd_ = -1;
  int wake_fd_ = -1; // eventfd: threads wake the server
  int conn_fd_ = -1;
  uint16_t port_ = 0;
  std::thread server_;
  std::string inbuf_;
  bool no_ack_ = false;
  bool tdesc_sent_ = false;   // the AArch32 target description was offered to this gdb
  size_t g_limit_ = SIZE_MAX; // hex digits of the first 'g' reply to this gdb

  std::mutex mu_;
  std::condition_variable threads_cv_; // parked and gated threads wait here
  std::condition_variable server_cv_;  // the server waits here for threads to park
  std::map<int, Thread> threads_;
  int next_thread_ = 2; // 1 stands for the secure world while no instance exists
  std::optional<bool> a32_;
  bool wait_for_gdb_;
  bool first_stop_pending_ = true; // the first instance has not stopped at its start yet
  bool connected_ = false;
  bool over_ = false;               // exited() or abandon(): no more connections
  std::optional<int> exit_status_;  // exited()
  std::atomic<bool> active_{false}; // gdb is connected
  // All-stop: while stop_all_ is set, a host thread that gdb has not resumed since the
  // stop numbered stop_gen_ parks at its next instruction, and no entry starts on it.
  std::atomic<bool> stop_all_{false};
  std::atomic<uint64_t> stop_gen_{1};
  // The stop gdb was told about or is to be told about.
  std::optional<std::pair<int, StopReason>> event_;
  bool event_sent_ = false;
  int g_thread_ = 0; // Hg: registers and memory; 0: the event's
  int c_thread_ = -1;
  std::atomic<uint64_t> points_version_{1};
  std::set<uint64_t> breakpoints_;
  std::vector<Watch> watches_;
};

} // namespace swemu::core
