// One TA instance: a Unicorn engine whose memory is the TA's whole world (ELF segments
// with their own permissions, stack and heap behind unmapped guard gaps, parameter
// buffers mapped per call). Entries trap `svc #0` into the syscall table.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <spdlog/logger.h>

#include "debug/gdb_stub.h"
#include "debug/trace.h"
#include "swemu/core/elf_loader.h"
#include "swemu/core/result.h"
#include "swemu/core/uuid.h"
#include "syscalls/syscalls.h"
#include "ta_param.h"

struct uc_struct;

namespace swemu::core {

// A TA entry that runs longer than this is stopped and the instance is torn down.
inline constexpr uint32_t kDefaultTimeLimitMs = 60'000;

namespace crypto {
class Rng;
} // namespace crypto
namespace storage {
class SecureStorage;
} // namespace storage
class Coverage;
class CoverageRecorder;

struct TaLoadOptions {
  std::string name;                             // for logs: "ta:<name>"
  uint32_t stack_size = 0;                      // 0: ta_head.stack_size
  uint64_t heap_size = 0;                       // 0: the TA's own heap (TA_DATA_SIZE in its .bss)
  uint32_t time_limit_ms = kDefaultTimeLimitMs; // per entry; 0: no limit
  // Random numbers for the TA (TEE_GenerateRandom, key generation); shared by the
  // instances of one secure world. Null: a DRBG seeded from the host.
  std::shared_ptr<crypto::Rng> rng;
  // Persistent objects (storage syscalls); null: they answer STORAGE_NOT_AVAILABLE.
  std::shared_ptr<storage::SecureStorage> storage;
  uint64_t storage_quota = 0; // bytes this TA may keep in storage; 0: no limit
  // Fuzzing and replay: system and REE time stand still at fixed values and TEE_Wait
  // returns at once, so a run depends only on its input; faults are logged at debug
  // level (the fuzzer reports them itself).
  bool deterministic = false;
  // The TA shared libraries the TA needs (DT_NEEDED); unset: a TA that needs one fails to
  // load.
  TaLibraryLoader libraries;
  // Code coverage (debug/coverage.h): when set, a block hook over the TA's code records
  // every block that runs into it, the module named by `file` (where the TA was loaded
  // from). Null: no hook at all.
  std::shared_ptr<Coverage> coverage;
  std::filesystem::path file;
  // gdb debugs this instance (a code hook checks every instruction, memory hooks serve
  // watchpoints); null: no debugger and no hooks. `debug_name` describes the instance to
  // gdb (its thread's name); empty: `name`.
  std::shared_ptr<GdbStub> debugger;
  std::string debug_name;
  // Syscalls are traced here (null: not traced).
  std::shared_ptr<Tracer> tracer;
  // Where the TA and its libraries are loaded: null, at kTaImageBase; else at a random base
  // drawn from this source (random_load_base).
  std::shared_ptr<crypto::Rng> load_address_rng;
};

// Why the last entry of an instance did not return normally (TaInstance::last_fault).
enum class FaultKind {
  kNone,
  kPanic,         // TEE_Panic (panic_code)
  kMemRead,       // read of unmapped or unreadable memory (address)
  kMemWrite,      // write to unmapped or read-only memory (address)
  kMemFetch,      // execution from unmapped or non-executable memory (address)
  kUndefinedInsn, // undefined or unsupported instruction
  kTimeLimit,     // ran past its time limit
  kOther,         // emulation error, no RETURN syscall, CPU exception
};
const char* fault_kind_name(FaultKind kind);

struct FaultInfo {
  FaultKind kind = FaultKind::kNone;
  uint64_t pc = 0;      // where it happened
  uint64_t address = 0; // the faulting data address (memory faults)
  uint32_t panic_code = 0;
  std::string text; // as logged
};

struct EntryResult {
  uint32_t ret = 0;
  uint32_t origin = 0;
};

class CancelState;
class TaTimeStore;
class TaInstance;

// What TA-to-TA syscalls (sys_ta2ta.cpp) ask of the secure world; the session manager
// implements it. `caller` names the calling instance (EntryContext::instance_id): a
// session opened by one instance can only be used and closed by that instance. Memref
// parameters point at host memory (the syscalls bounce the caller's buffers).
// A call carries the caller's cancellation state (its requests reach the callee while the
// call runs) and cancellationRequestTimeout in ms (TEE_TIMEOUT_INFINITE or more: none).
struct TaCall {
  uint64_t caller = 0;
  CancelState* caller_cancel = nullptr;
  uint64_t cancel_timeout_ms = 0xFFFF'FFFF;
};

class TaServices {
public:
  virtual ~TaServices() = default;
  virtual EntryResult ta_open_session(const TaCall& call, const Uuid& caller_uuid, const Uuid& dest,
                                      TaParams& params, uint32_t* session_id) = 0;
  virtual EntryResult ta_invoke(const TaCall& call, uint32_t session_id, uint32_t cmd_id,
                                TaParams& params) = 0;
  virtual EntryResult ta_close_session(uint64_t caller, uint32_t session_id) = 0;
};

// Who one entry runs for, as its syscalls see it. The session manager fills it from the
// session; the pointed-to states outlive the entry. A null pointer means "none": nothing
// can cancel the entry, and TA persistent time is never set.
struct EntryContext {
  uint32_t session_id = 0;   // passed to the TA in x1 / r1 (opaque to it)
  uint32_t client_login = 0; // TEE_LOGIN_* of the session's client
  Uuid client_uuid;          // the client's identity (nil for PUBLIC)
  CancelState* cancel = nullptr;
  TaTimeStore* ta_time = nullptr;
  TaServices* services = nullptr; // null: TA-to-TA calls answer NOT_SUPPORTED
  uint64_t instance_id = 0;       // the running instance, as TaServices knows it
};

// Guest address-space layout, the same for AArch64 and AArch32 (all below 4 GiB).
// Everything not listed is unmapped, so the gaps between areas are guard regions.
inline constexpr uint64_t kTaImageBase = 0x0040'0000;
inline constexpr uint64_t kTaHeapBase = 0x6000'0000;
inline constexpr uint64_t kTaStackTop = 0x7000'0000;
inline constexpr uint64_t kTaParamBase = 0x8000'0000;
inline constexpr uint64_t kTaParamWindow = 0x4000'0000;
// Random load bases (TaLoadOptions::load_address_rng): 64 KiB aligned, from 16 MiB (so
// never the fixed kTaImageBase) up to where the image, its libraries and the loader's data
// end at least kTaRandomBaseGuard below kTaHeapBase. Below the heap also keeps it clear
// of the stack and the parameter window, for AArch64 and AArch32 alike.
inline constexpr uint64_t kTaRandomBaseAlign = 0x1'0000;
inline constexpr uint64_t kTaRandomBaseMin = 0x0100'0000;
inline constexpr uint64_t kTaRandomBaseGuard = 0x0010'0000;

// A random load base for an image of `span` bytes (from its base to the end of its last
// segment), drawn from `rng`: kTaRandomBaseAlign aligned, at least kTaRandomBaseMin, and
// base + span + kTaRandomBaseGuard <= kTaHeapBase. Fails (TEE_ERROR_OUT_OF_MEMORY) when
// the span leaves no room.
Result<uint64_t> random_load_base(crypto::Rng& rng, uint64_t span);

class TaInstance {
public:
  static Result<std::unique_ptr<TaInstance>> create(std::span<const uint8_t> elf,
                                                    const TaLoadOptions& options);
  ~TaInstance();
  TaInstance(const TaInstance&) = delete;
  TaInstance& operator=(const TaInstance&) = delete;

  // Runs one entry (UTEE_ENTRY_FUNC_*). Memref parameters are mapped into the TA for
  // the duration of the call; outputs are written back into `params`. A panic or fault
  // returns TEE_ERROR_TARGET_DEAD (origin TEE) and leaves the instance dead.
  EntryResult enter(uint32_t func, const EntryContext& context, TaParams& params, uint32_t cmd_id);

  bool dead() const { return dead_; }
  // Why the last entry ended dead; kind kNone after a normal return.
  const FaultInfo& last_fault() const { return fault_info_; }
  bool deterministic() const { return options_.deterministic; }
  // The architectural state at the moment the last entry stopped (registers are read
  // before anything else runs on the engine): for crash reports.
  bool a32() const { return a32_; }

  // A copy of everything an entry can change: the CPU context, the contents of every
  // writable region, and which crypto and storage handles exist. restore() brings the
  // instance back to it (a dead instance comes back to life), so a fuzzer can run input
  // after input from one ready state without creating engines. Objects the TA created
  // after the snapshot are freed; the state of ones that existed is not rolled back.
  struct Snapshot;
  Result<std::shared_ptr<const Snapshot>> snapshot();
  void restore(const Snapshot& snap);
  // FNV-1a over every writable byte of the instance: equal before and after a
  // snapshot/restore round trip.
  uint64_t memory_hash() const;
  const TaImage& image() const { return image_; }
  const std::string& name() const { return options_.name; }
  // The "ta:<name>" logger, for TA output and faults.
  spdlog::logger& logger() const { return *logger_; }
  // The engine itself, for benchmarks and the debugger; callers keep the layout intact.
  uc_struct* engine() { return uc_; }

  // Checked access to TA memory for syscalls: the whole range must be mapped in the TA
  // with the needed rights (TEE_ERROR_ACCESS_DENIED otherwise).
  Result<void> check_access(uint64_t va, uint64_t len, bool write) const;
  Result<void> copy_from_ta(uint64_t va, void* dst, uint64_t len) const;
  Result<void> copy_to_ta(uint64_t va, const void* src, uint64_t len);

  // The rights every byte of [va, va + len) grants the TA, and whether the bytes are all
  // TA-private (secure) memory or all parameter buffers (non-secure shared memory).
  // `mapped` is false when any byte is unmapped or the range wraps; an empty range is
  // mapped with every right.
  struct RangeRights {
    bool mapped = false;
    uint32_t prot = 0; // kProt* granted over the whole range
    bool secure = false;
    bool nonsecure = false;
  };
  RangeRights range_rights(uint64_t va, uint64_t len) const;
  // The host address of [va, va + len) when it lies inside one parameter buffer of the
  // running entry, else null. Parameter pages hold no TA code, so they can be read and
  // written directly, which for large buffers is much cheaper than going through Unicorn.
  // Like OP-TEE reading a memref in place, a reader must expect the normal world to change
  // the bytes under it.
  uint8_t* param_host(uint64_t va, uint64_t len) const;

  // The context of the entry that is running; a default one outside entries.
  const EntryContext& entry_context() const { return context_; }
  // When the current entry's time limit runs out; nullopt without a limit.
  std::optional<std::chrono::steady_clock::time_point> entry_deadline() const { return deadline_; }
  uint32_t time_limit_ms() const { return options_.time_limit_ms; }

  // The instance's cryptographic objects and operations (sys_crypto.cpp).
  CryptoTables& crypto() { return crypto_; }
  crypto::Rng& rng() { return *options_.rng; }
  uint64_t storage_quota() const { return options_.storage_quota; }

  // Called by syscall handlers to end the current entry.
  void request_return(uint32_t result);
  void request_panic(uint32_t code);
  // For a syscall that blocked until the time limit: ends the entry as the watchdog does.
  void request_time_limit_stop(const std::string& during);

  struct Impl;

private:
  TaInstance() = default;

  struct Region {
    uint64_t va = 0;
    uint64_t size = 0;
    uint32_t prot = 0;
    uint8_t* host = nullptr; // for parameter buffers: the host memory mapped at va
  };
  enum class Stop { kNone, kReturn, kPanic, kFault };

  Result<void> map_image();
  Result<void> map_stack_and_heap();
  Result<void> map_params(TaParams& params, std::vector<Region>& mapped, uint64_t* vas);
  void unmap_params(std::vector<Region>& mapped);
  // Maps `span` bytes of host memory for the running entry; returns the TA address.
  Result<uint64_t> map_param(uint8_t* host, uint64_t span);
  // Unmaps the kept parameter buffers the running entry does not use.
  void drop_unused_params();

  // Parameter buffers stay mapped between entries, inaccessible (see map_param).
  struct CachedMapping {
    uint64_t va = 0;
    uint64_t span = 0;
    uint8_t* host = nullptr;
    bool in_use = false; // mapped for the running entry
    uint64_t last_used = 0;
    bool kept = false; // large enough to keep after the entry
  };
  static constexpr size_t kParamCacheSize = 8;
  // Small memref parameters are copied through this area (see map_params).
  static constexpr uint64_t kBounceSize = 64ULL * 1024;
  struct Bounced {
    uint8_t* client = nullptr; // the caller's buffer
    uint8_t* slot = nullptr;   // its copy in the bounce area
    uint64_t size = 0;
    bool copy_back = false; // output or in/out
  };
  struct FreeDeleter {
    void operator()(uint8_t* p) const { std::free(p); }
  };
  // Anonymous host pages (zero until touched), unmapped on destruction.
  struct HostPages {
    uint8_t* bytes = nullptr;
    uint64_t size = 0;
    HostPages() = default;
    HostPages(const HostPages&) = delete;
    HostPages& operator=(const HostPages&) = delete;
    ~HostPages();
  };
  static constexpr uint64_t kParamCacheMinSpan = 64ULL * 1024;

  void record_fault(std::string what, FaultKind kind = FaultKind::kOther, uint64_t address = 0);
  void log_fault_state();
  uint64_t pc() const;
  // The trapped syscall's number and arguments (x8/x0-x7, or r7/r0-r3 plus stacked ones);
  // `early_result` is set when the arguments cannot even be read.
  SyscallArgs read_syscall(uint64_t* number, uint32_t* early_result);
  void write_syscall_result(uint64_t result);

  static void on_interrupt(uc_struct* uc, uint32_t intno, void* user);
  static bool on_invalid_memory(uc_struct* uc, int type, uint64_t addr, int size, int64_t value,
                                void* user);
  static bool on_invalid_insn(uc_struct* uc, void* user);
  // With a debugger: stops before instructions gdb wants to stop at, and after accesses to
  // watched data.
  static void on_debug_code(uc_struct* uc, uint64_t address, uint32_t size, void* user);
  static void on_debug_mem(uc_struct* uc, int type, uint64_t address, int size, int64_t value,
                           void* user);
  // Reports a stop to gdb and serves it until it resumes.
  void debug_stop(const StopReason& why);
  bool debugging() const { return debug_thread_ && debug_thread_->debugging(); }

  TaLoadOptions options_;
  std::shared_ptr<spdlog::logger> logger_; // "ta:<name>"
  TaImage image_;
  uc_struct* uc_ = nullptr;
  std::vector<Region> regions_; // long-lived mappings, sorted by va
  std::vector<Region> params_;  // mappings of the current call
  std::vector<CachedMapping> param_cache_;
  uint64_t param_clock_ = 0;
  std::unique_ptr<uint8_t, FreeDeleter> bounce_;
  std::vector<Bounced> bounced_;
  uint64_t bounce_used_ = 0;
  uint64_t stack_top_ = 0;
  // The stack is host memory mapped into the engine, so an entry's utee_params (just
  // below stack_top_) are written and read back without going through Unicorn.
  HostPages stack_;
  bool a32_ = false; // AArch32 TA (UC_ARCH_ARM engine)
  bool dead_ = false;
  std::atomic<bool> timed_out_ = false;
  std::atomic<bool> slice_over_ = false; // set by the watchdog: a slice of the entry is over
  uint64_t watch_ = 0;                   // the watchdog's token for the current entry
  EntryContext context_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  Stop stop_ = Stop::kNone;
  uint32_t stop_value_ = 0;
  std::string fault_;
  FaultInfo fault_info_;
  CryptoTables crypto_;
  std::unique_ptr<CoverageRecorder> coverage_; // null without TaLoadOptions::coverage
  bool debug_first_stop_ = true;               // the first instruction run stops for gdb
  std::optional<StopReason> pending_watch_;    // reported before the next instruction
  std::unique_ptr<DebugTarget> debug_target_;  // with a debugger: this instance as gdb sees it
  std::unique_ptr<GdbThread> debug_thread_;    // and its gdb thread
};

} // namespace swemu::core
