#include "ta_runtime.h"

#include <algorithm>
#include <array>
#include <cstring>

#include <sys/mman.h>

#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include "crash_report.h"
#include "crypto/crypto.h"
#include "debug/coverage.h"
#include "secure_thread.h"
#include "storage/secure_storage.h"
#include "swemu/core/log.h"
#include "syscalls/syscalls.h"
#include "watchdog.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

// QEMU exception numbers reported to the interrupt hook.
constexpr uint32_t kExcpUdef = 1;
constexpr uint32_t kExcpSwi = 2;

// utee_params sits at the top of the stack, below SP rounded to 64 (optee-abi.md §4.4).
constexpr uint64_t kUteeParamsSize = 72;
constexpr uint64_t kStackAlign = 64;
// How long a TA runs on a secure thread before the normal world gets a foreign interrupt.
// Longer than the watchdog's period (100 ms), so that arming it never wakes the watchdog's
// thread (a cross-CPU wakeup per TA entry). An asynchronous uc_emu_stop would leave the
// engine's PC stale, so the interrupt waits for the TA's next system call.
constexpr auto kForeignInterruptSlice = std::chrono::milliseconds(110);

constexpr uint64_t kUteeParamsRoom =
    (kUteeParamsSize + kStackAlign - 1) / kStackAlign * kStackAlign;
constexpr uint64_t kCpacrFpen = 3u << 20; // FP/SIMD accessible at EL0 and EL1
// AArch32: CPSR mode field and user mode; CPACR cp10/cp11 full access; FPEXC.EN.
constexpr uint32_t kCpsrModeMask = 0x1F;
constexpr uint32_t kCpsrModeUser = 0x10;
constexpr uint32_t kCpacrCp10Cp11 = 0xFu << 20;
constexpr uint32_t kFpexcEn = 1u << 30;
// AArch32 syscalls take at most 8 arguments: 4 in r0-r3, the rest stacked (r6 of them at r5).
constexpr uint32_t kMaxStackedArgs = 4;

uint64_t page_up(uint64_t v) {
  return (v + kTaPageSize - 1) & ~(kTaPageSize - 1);
}

uint32_t uc_prot(uint32_t prot) {
  uint32_t p = 0;
  if (prot & kProtRead)
    p |= UC_PROT_READ;
  if (prot & kProtWrite)
    p |= UC_PROT_WRITE;
  if (prot & kProtExec)
    p |= UC_PROT_EXEC;
  return p;
}

Error uc_failure(const std::string& what, uc_err err) {
  return make_error(TEE_ERROR_OUT_OF_MEMORY, fmt::format("{}: {}", what, uc_strerror(err)));
}

const char* mem_access_name(int type) {
  switch (type) {
  case UC_MEM_READ_UNMAPPED:
    return "read of unmapped address";
  case UC_MEM_WRITE_UNMAPPED:
    return "write to unmapped address";
  case UC_MEM_FETCH_UNMAPPED:
    return "execute from unmapped address";
  case UC_MEM_WRITE_PROT:
    return "write to read-only memory";
  case UC_MEM_READ_PROT:
    return "read of unreadable memory";
  case UC_MEM_FETCH_PROT:
    return "execute from non-executable memory";
  default:
    return "invalid memory access";
  }
}

// From the image's base to the end of its last segment (the TA, its libraries and the
// loader's data), which does not depend on the base.
uint64_t image_span(const TaImage& image) {
  uint64_t end = image.base;
  for (const LoadedSegment& seg : image.segments)
    end = std::max(end, seg.vaddr + seg.bytes.size());
  return end - image.base;
}

} // namespace

Result<uint64_t> random_load_base(crypto::Rng& rng, uint64_t span) {
  if (span > kTaHeapBase - kTaRandomBaseGuard - kTaRandomBaseMin)
    return make_error(
        TEE_ERROR_OUT_OF_MEMORY,
        fmt::format("an image of {:#x} bytes leaves no room for a random base", span));
  const uint64_t slots =
      (kTaHeapBase - kTaRandomBaseGuard - span - kTaRandomBaseMin) / kTaRandomBaseAlign + 1;
  uint64_t r = 0;
  SWEMU_TRY_VOID(rng.fill(reinterpret_cast<uint8_t*>(&r), sizeof r));
  // slots < 2^15, so the modulo bias is below 2^-49.
  return kTaRandomBaseMin + (r % slots) * kTaRandomBaseAlign;
}

// gdb's view of an instance (InstanceDebugTarget, below).
static std::unique_ptr<DebugTarget> make_debug_target(TaInstance& ta);

Result<std::unique_ptr<TaInstance>> TaInstance::create(std::span<const uint8_t> elf,
                                                       const TaLoadOptions& options) {
  std::unique_ptr<TaInstance> ta(new TaInstance());
  ta->options_ = options;
  if (!ta->options_.rng) {
    ta->options_.rng = crypto::Rng::from_host();
    if (!ta->options_.rng)
      return make_error(TEE_ERROR_GENERIC, "seeding the random number generator failed");
  }
  ta->crypto_.storage = options.storage;
  ta->logger_ = log::get("ta:" + options.name);
  ta->image_ = SWEMU_TRY(load_ta_elf(elf, kTaImageBase, options.name, options.libraries));
  if (options.load_address_rng) {
    // Loaded once at the fixed base to learn the span, then relocated for a random one.
    const uint64_t base =
        SWEMU_TRY(random_load_base(*options.load_address_rng, image_span(ta->image_)));
    ta->image_ = SWEMU_TRY(load_ta_elf(elf, base, options.name, options.libraries));
  }
  ta->a32_ = ta->image_.arch == Arch::kAArch32;

  uc_engine* uc = nullptr;
  uc_err err =
      ta->a32_ ? uc_open(UC_ARCH_ARM, UC_MODE_ARM, &uc) : uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc);
  if (err != UC_ERR_OK)
    return uc_failure("uc_open", err);
  ta->uc_ = uc;

  if (ta->a32_) {
    // User mode (set before SP: SP is banked per mode), VFP/NEON on: CPACR grants cp10 and
    // cp11, FPEXC.EN enables the unit. Thumb is chosen per entry from bit 0 of the address.
    uint32_t cpsr = 0;
    uc_reg_read(uc, UC_ARM_REG_CPSR, &cpsr);
    cpsr = (cpsr & ~kCpsrModeMask) | kCpsrModeUser;
    uc_reg_write(uc, UC_ARM_REG_CPSR, &cpsr);
    uint32_t cpacr = 0;
    uc_reg_read(uc, UC_ARM_REG_C1_C0_2, &cpacr);
    cpacr |= kCpacrCp10Cp11;
    uc_reg_write(uc, UC_ARM_REG_C1_C0_2, &cpacr);
    uint32_t fpexc = kFpexcEn;
    uc_reg_write(uc, UC_ARM_REG_FPEXC, &fpexc);
  } else {
    uint64_t cpacr = 0;
    uc_reg_read(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
    cpacr |= kCpacrFpen;
    uc_reg_write(uc, UC_ARM64_REG_CPACR_EL1, &cpacr);
  }

  uc_hook h;
  uc_hook_add(uc, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&TaInstance::on_interrupt), ta.get(), 1,
              0);
  uc_hook_add(uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT,
              reinterpret_cast<void*>(&TaInstance::on_invalid_memory), ta.get(), 1, 0);
  uc_hook_add(uc, &h, UC_HOOK_INSN_INVALID, reinterpret_cast<void*>(&TaInstance::on_invalid_insn),
              ta.get(), 1, 0);
  if (options.coverage) {
    const uint16_t module =
        SWEMU_TRY(options.coverage->add_module(ta->image_, elf, options.name, options.file));
    ta->coverage_ = std::make_unique<CoverageRecorder>(options.coverage, module,
                                                       options.coverage->modules()[module]);
    if (ta->coverage_->end() > ta->coverage_->start()) {
      err = uc_hook_add(
          uc, &h, UC_HOOK_BLOCK,
          reinterpret_cast<void*>(+[](uc_engine*, uint64_t address, uint32_t size, void* user) {
            static_cast<CoverageRecorder*>(user)->on_block(address, size);
          }),
          ta->coverage_.get(), ta->coverage_->start(), ta->coverage_->end() - 1);
      if (err != UC_ERR_OK)
        return uc_failure("adding the coverage hook", err);
    }
  }

  if (ta->options_.debugger) {
    ta->debug_target_ = make_debug_target(*ta);
    ta->debug_thread_ = ta->options_.debugger->add_thread(
        *ta->debug_target_, options.debug_name.empty() ? options.name : options.debug_name);
  }
  if (ta->debug_thread_) {
    uc_hook_add(uc, &h, UC_HOOK_CODE, reinterpret_cast<void*>(&TaInstance::on_debug_code), ta.get(),
                1, 0);
    uc_hook_add(uc, &h, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
                reinterpret_cast<void*>(&TaInstance::on_debug_mem), ta.get(), 1, 0);
  }

  SWEMU_TRY_VOID(ta->map_image());
  SWEMU_TRY_VOID(ta->map_stack_and_heap());
  return ta;
}

TaInstance::HostPages::~HostPages() {
  if (bytes != nullptr)
    munmap(bytes, size);
}

TaInstance::~TaInstance() {
  debug_thread_.reset(); // off gdb's list before the engine goes
  if (uc_ != nullptr)
    uc_close(uc_);
}

Result<void> TaInstance::map_image() {
  for (const LoadedSegment& seg : image_.segments) {
    if (uc_err err = uc_mem_map(uc_, seg.vaddr, seg.bytes.size(), uc_prot(seg.prot));
        err != UC_ERR_OK)
      return uc_failure(fmt::format("{}: mapping segment at {:#x}", name(), seg.vaddr), err);
    // Host writes ignore guest permissions, so read-only segments are filled here too.
    uc_mem_write(uc_, seg.vaddr, seg.bytes.data(), seg.bytes.size());
    regions_.push_back({seg.vaddr, seg.bytes.size(), seg.prot, nullptr});
  }
  return {};
}

Result<void> TaInstance::map_stack_and_heap() {
  uint64_t stack = page_up(options_.stack_size != 0 ? options_.stack_size : image_.head.stack_size);
  if (stack < kTaPageSize || stack > kTaStackTop - kTaHeapBase - kTaPageSize)
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("{}: stack size {:#x} out of range", name(), stack));
  void* pages = mmap(nullptr, stack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, name() + ": allocating the stack");
  stack_.bytes = static_cast<uint8_t*>(pages);
  stack_.size = stack;
  if (uc_err err = uc_mem_map_ptr(uc_, kTaStackTop - stack, stack, UC_PROT_READ | UC_PROT_WRITE,
                                  stack_.bytes);
      err != UC_ERR_OK)
    return uc_failure(name() + ": mapping stack", err);
  regions_.push_back({kTaStackTop - stack, stack, kProtRead | kProtWrite, nullptr});
  stack_top_ = kTaStackTop;

  if (options_.heap_size != 0) {
    if (!image_.heap_override) {
      logger_->warn("manifest sets a heap size but the TA has no swemu_heap_override; using the "
                    "TA's own heap");
    } else {
      uint64_t heap = page_up(options_.heap_size);
      // The heap must end at least one guard page below the lowest stack address.
      if (heap > kTaStackTop - stack - kTaHeapBase - kTaPageSize)
        return make_error(TEE_ERROR_BAD_FORMAT,
                          fmt::format("{}: heap size {:#x} too large", name(), heap));
      if (uc_err err = uc_mem_map(uc_, kTaHeapBase, heap, UC_PROT_READ | UC_PROT_WRITE);
          err != UC_ERR_OK)
        return uc_failure(name() + ": mapping heap", err);
      regions_.push_back({kTaHeapBase, heap, kProtRead | kProtWrite, nullptr});
      const uint64_t info[2] = {kTaHeapBase, heap};
      uc_mem_write(uc_, *image_.heap_override, info, sizeof info);
    }
  }
  std::sort(regions_.begin(), regions_.end(),
            [](const Region& a, const Region& b) { return a.va < b.va; });
  // The bounce area for small memref parameters (see map_params), at the start of the
  // parameter window. It is not a region: outside an entry no syscall accepts it.
  bounce_.reset(static_cast<uint8_t*>(std::aligned_alloc(kTaPageSize, kBounceSize)));
  if (!bounce_)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, name() + ": allocating the parameter area");
  std::memset(bounce_.get(), 0, kBounceSize);
  if (uc_err err = uc_mem_map_ptr(uc_, kTaParamBase, kBounceSize, UC_PROT_READ | UC_PROT_WRITE,
                                  bounce_.get());
      err != UC_ERR_OK)
    return uc_failure(name() + ": mapping the parameter area", err);
  return {};
}

// Memref parameters reach the TA in one of two ways. A small one is copied into the
// instance's bounce area, which is always mapped, and copied back after the entry (output
// and in/out ones), the area then wiped: changing Unicorn's mappings costs a fixed ~50 us
// per buffer, far more than copying a few KiB. A large one is mapped in place (zero copy,
// see map_param). Either way the TA sees the buffer at its original page offset, in
// memory the syscalls know as the entry's non-secure parameters.
// Between entries nothing is bounced and no kept mapping is in use (unmap_params).
Result<void> TaInstance::map_params(TaParams& params, std::vector<Region>& mapped, uint64_t* vas) {
  for (size_t i = 0; i < params.size(); ++i) {
    TaParam& p = params[i];
    vas[i] = 0;
    if (!p.is_memref() || p.host == nullptr)
      continue;
    auto host = reinterpret_cast<uintptr_t>(p.host);
    uint64_t offset = host & (kTaPageSize - 1);
    if (p.size == 0) {
      vas[i] = kTaParamBase + offset; // a valid, empty buffer: nothing to map
      continue;
    }
    uint8_t* base = p.host - offset;
    uint64_t span = page_up(offset + p.size);
    // One unused page after each bounced buffer keeps an overrun out of the next one.
    if (span + kTaPageSize <= kBounceSize - bounce_used_) {
      uint8_t* slot = bounce_.get() + bounce_used_;
      std::memcpy(slot + offset, p.host, p.size);
      mapped.push_back({kTaParamBase + bounce_used_, span, kProtRead | kProtWrite, slot});
      bounced_.push_back({p.host, slot + offset, p.size, p.is_output()});
      vas[i] = kTaParamBase + bounce_used_ + offset;
      bounce_used_ += span + kTaPageSize;
      continue;
    }
    const uint64_t va = SWEMU_TRY(map_param(base, span));
    mapped.push_back({va, span, kProtRead | kProtWrite, base});
    vas[i] = va + offset;
  }
  return {};
}

// Mapping and unmapping a buffer costs Unicorn a TLB flush per page (about 270 us per MiB
// here), while changing its protection costs one flush of the whole TLB (about 8 us). So
// large buffers stay mapped from one entry to the next, inaccessible (UC_PROT_NONE) in
// between: a client that passes the same shared memory again gets the same mapping back.
// Small ones are mapped and unmapped each time, which is cheaper for them. Outside its
// entry the TA cannot reach either, and range_rights() only knows the current entry's.
Result<uint64_t> TaInstance::map_param(uint8_t* host, uint64_t span) {
  for (CachedMapping& c : param_cache_) {
    if (c.in_use || !c.kept || c.host != host || c.span != span)
      continue;
    if (uc_mem_protect(uc_, c.va, c.span, UC_PROT_READ | UC_PROT_WRITE) != UC_ERR_OK)
      break;
    c.in_use = true;
    c.last_used = ++param_clock_;
    return c.va;
  }
  // A new mapping goes after every other one, with an unmapped guard page in between;
  // when the window is full, the mappings this entry does not use are dropped first.
  for (int attempt = 0; attempt < 2; ++attempt) {
    uint64_t cursor = kTaParamBase + kBounceSize + kTaPageSize;
    for (const CachedMapping& c : param_cache_)
      cursor = std::max(cursor, c.va + c.span + kTaPageSize);
    if (span <= kTaParamBase + kTaParamWindow - cursor) {
      if (uc_err err = uc_mem_map_ptr(uc_, cursor, span, UC_PROT_READ | UC_PROT_WRITE, host);
          err != UC_ERR_OK)
        return uc_failure(name() + ": mapping a memref parameter", err);
      param_cache_.push_back(
          {cursor, span, host, true, ++param_clock_, span >= kParamCacheMinSpan});
      return cursor;
    }
    drop_unused_params();
  }
  return make_error(TEE_ERROR_OUT_OF_MEMORY, "parameters do not fit the TA's param window");
}

void TaInstance::drop_unused_params() {
  std::erase_if(param_cache_, [&](const CachedMapping& c) {
    if (c.in_use)
      return false;
    uc_mem_unmap(uc_, c.va, c.span);
    return true;
  });
}

void TaInstance::unmap_params(std::vector<Region>& mapped) {
  for (const Bounced& b : bounced_)
    if (b.copy_back)
      std::memcpy(b.client, b.slot, b.size);
  bounced_.clear();
  if (bounce_used_ != 0)
    crypto::wipe(bounce_.get(), bounce_used_);
  bounce_used_ = 0;
  for (CachedMapping& c : param_cache_) {
    if (c.in_use && (!c.kept || uc_mem_protect(uc_, c.va, c.span, UC_PROT_NONE) != UC_ERR_OK)) {
      uc_mem_unmap(uc_, c.va, c.span); // small, or cannot be hidden: not kept
      c.span = 0;
    }
    c.in_use = false;
  }
  std::erase_if(param_cache_, [](const CachedMapping& c) { return c.span == 0; });
  // Keep the most recently used few.
  while (param_cache_.size() > kParamCacheSize) {
    auto oldest = std::min_element(
        param_cache_.begin(), param_cache_.end(),
        [](const CachedMapping& a, const CachedMapping& b) { return a.last_used < b.last_used; });
    uc_mem_unmap(uc_, oldest->va, oldest->span);
    param_cache_.erase(oldest);
  }
  mapped.clear();
}

EntryResult TaInstance::enter(uint32_t func, const EntryContext& context, TaParams& params,
                              uint32_t cmd_id) {
  if (dead_)
    return {TEE_ERROR_TARGET_DEAD, TEE_ORIGIN_TEE};
  // Under gdb: no entry starts while gdb holds the instances stopped.
  struct DebugEntry {
    GdbThread* thread;
    explicit DebugEntry(GdbThread* t) : thread(t) {
      if (thread != nullptr)
        thread->enter();
    }
    ~DebugEntry() {
      if (thread != nullptr)
        thread->leave();
    }
    DebugEntry(const DebugEntry&) = delete;
    DebugEntry& operator=(const DebugEntry&) = delete;
  } debug_entry(debug_thread_.get());

  uint64_t vas[TEE_NUM_PARAMS] = {};
  if (auto r = map_params(params, params_, vas); !r) {
    unmap_params(params_);
    logger_->error("{}", r.error().message);
    return {r.error().code, TEE_ORIGIN_TEE};
  }

  // struct utee_params: u64 types, then vals[2n] = a / buffer, vals[2n+1] = b / size.
  uint64_t up[9] = {packed_param_types(params)};
  for (size_t i = 0; i < TEE_NUM_PARAMS; ++i) {
    const TaParam& p = params[i];
    up[1 + 2 * i] = p.is_memref() ? vas[i] : p.a;
    up[2 + 2 * i] = p.is_memref() ? p.size : p.b;
  }
  uint64_t sp = stack_top_ - kUteeParamsRoom;
  uint8_t* const up_host = stack_.bytes + stack_.size - kUteeParamsRoom;
  std::memcpy(up_host, up, sizeof up);

  // Every register starts at zero except the four arguments, SP and PC (§4.4).
  const uint64_t args[4] = {func, context.session_id, sp, cmd_id};
  if (a32_) {
    uint32_t zero = 0;
    for (int r = UC_ARM_REG_R0; r <= UC_ARM_REG_R12; ++r)
      uc_reg_write(uc_, r, &zero);
    uc_reg_write(uc_, UC_ARM_REG_LR, &zero);
    for (int i = 0; i < 4; ++i) {
      auto v = static_cast<uint32_t>(args[i]);
      uc_reg_write(uc_, UC_ARM_REG_R0 + i, &v);
    }
    auto sp32 = static_cast<uint32_t>(sp);
    uc_reg_write(uc_, UC_ARM_REG_SP, &sp32);
  } else {
    // x0..x30 and SP in one batch: x0-x3 carry the arguments, the rest start at zero.
    static const auto kRegs = [] {
      std::array<int, 32> r{};
      for (int i = 0; i <= 28; ++i)
        r[i] = UC_ARM64_REG_X0 + i;
      r[29] = UC_ARM64_REG_X29;
      r[30] = UC_ARM64_REG_X30;
      r[31] = UC_ARM64_REG_SP;
      return r;
    }();
    std::array<uint64_t, 32> values{};
    for (int i = 0; i < 4; ++i)
      values[i] = args[i];
    values[31] = sp;
    std::array<void*, 32> ptrs{};
    for (size_t i = 0; i < ptrs.size(); ++i)
      ptrs[i] = &values[i];
    uc_reg_write_batch(uc_, const_cast<int*>(kRegs.data()), ptrs.data(),
                       static_cast<int>(kRegs.size()));
  }

  context_ = context;
  stop_ = Stop::kNone;
  fault_.clear();
  fault_info_ = FaultInfo{};
  timed_out_ = false;
  deadline_.reset();
  if (options_.time_limit_ms != 0)
    deadline_ = Watchdog::Clock::now() + std::chrono::milliseconds(options_.time_limit_ms);
  // On a secure thread the normal world gets an OPTEE_SMC_RETURN_RPC_FOREIGN_INTR every
  // slice of the entry (at the TA's next system call, where its state is exact), as when
  // its interrupts preempt the secure world on hardware.
  slice_over_ = false;
  std::optional<Watchdog::Clock::time_point> slice_end;
  if (rpc::available())
    slice_end = Watchdog::Clock::now() + kForeignInterruptSlice;
  watch_ = deadline_ || slice_end
               ? Watchdog::instance().arm(uc_, deadline_, &timed_out_, slice_end, &slice_over_)
               : 0;
  // `until` = 0: a branch to address 0 ends emulation; it is reported as a fault below.
  uc_err err = uc_emu_start(uc_, image_.entry, 0, 0, 0);
  if (watch_ != 0)
    Watchdog::instance().disarm(watch_);
  watch_ = 0;
  if (coverage_)
    coverage_->flush();
  deadline_.reset();
  context_ = EntryContext{}; // its states belong to the session, not to the instance
  if (timed_out_ && stop_ == Stop::kNone)
    record_fault(fmt::format("entry ran past its time limit of {} ms", options_.time_limit_ms),
                 FaultKind::kTimeLimit);
  if (err != UC_ERR_OK && stop_ != Stop::kFault)
    record_fault(fmt::format("emulation error: {}", uc_strerror(err)));
  if (stop_ == Stop::kNone)
    record_fault("entry ended without the RETURN syscall");
  unmap_params(params_);

  auto& logger = logger_;
  switch (stop_) {
  case Stop::kReturn: {
    uint64_t out[9] = {};
    std::memcpy(out, up_host, sizeof out);
    for (size_t i = 0; i < TEE_NUM_PARAMS; ++i) {
      TaParam& p = params[i];
      if (p.is_value() && p.is_output()) {
        p.a = static_cast<uint32_t>(out[1 + 2 * i]);
        p.b = static_cast<uint32_t>(out[2 + 2 * i]);
      } else if (p.is_memref() && p.is_output()) {
        p.size = out[2 + 2 * i];
      }
    }
    return {stop_value_, TEE_ORIGIN_TRUSTED_APP};
  }
  case Stop::kPanic:
    logger->log(options_.deterministic ? spdlog::level::debug : spdlog::level::err,
                "TA panicked with code {:#x}", stop_value_);
    log_fault_state();
    break;
  default:
    logger->log(options_.deterministic ? spdlog::level::debug : spdlog::level::err, "TA fault: {}",
                fault_);
    log_fault_state();
    break;
  }
  dead_ = true;
  return {TEE_ERROR_TARGET_DEAD, TEE_ORIGIN_TEE};
}

void TaInstance::request_return(uint32_t result) {
  stop_ = Stop::kReturn;
  stop_value_ = result;
  uc_emu_stop(uc_);
}

void TaInstance::request_panic(uint32_t code) {
  if (debugging())
    debug_stop(StopReason{StopReason::kPanic, 0, 'w', fmt::format("TEE_Panic({:#x})", code)});
  stop_ = Stop::kPanic;
  stop_value_ = code;
  fault_info_ = FaultInfo{FaultKind::kPanic, pc(), 0, code, fmt::format("TEE_Panic({:#x})", code)};
  uc_emu_stop(uc_);
}

void TaInstance::request_time_limit_stop(const std::string& during) {
  timed_out_ = true;
  record_fault(fmt::format("entry ran past its time limit of {} ms during {}",
                           options_.time_limit_ms, during),
               FaultKind::kTimeLimit);
}

void TaInstance::record_fault(std::string what, FaultKind kind, uint64_t address) {
  if (stop_ == Stop::kFault)
    return; // keep the first cause
  stop_ = Stop::kFault;
  fault_info_ = FaultInfo{kind, pc(), address, 0, what};
  fault_ = std::move(what);
  uc_emu_stop(uc_);
}

void TaInstance::log_fault_state() {
  const auto level = options_.deterministic ? spdlog::level::debug : spdlog::level::err;
  if (!logger_->should_log(level))
    return; // the fuzzer makes its own report; do not build one nobody reads
  // The crash report the fuzzer gives, for every dead entry: class, symbol+offset,
  // backtrace, instruction and registers.
  const CrashReport rep = make_crash_report(*this);
  std::string text = rep.text();
  const FaultKind k = fault_info_.kind;
  // Under a debugger the code hook keeps the PC exact.
  if (!options_.debugger &&
      (k == FaultKind::kMemRead || k == FaultKind::kMemWrite || k == FaultKind::kMemFetch))
    text += "note: Unicorn reports a data abort's PC as of the last instruction it synced, "
            "so the location can be an instruction or two before the faulting access\n";
  logger_->log(level, "{}", text);
}

uint64_t TaInstance::pc() const {
  if (a32_) {
    uint32_t pc = 0;
    uc_reg_read(uc_, UC_ARM_REG_PC, &pc);
    return pc;
  }
  uint64_t pc = 0;
  uc_reg_read(uc_, UC_ARM64_REG_PC, &pc);
  return pc;
}

SyscallArgs TaInstance::read_syscall(uint64_t* number, uint32_t* early_result) {
  SyscallArgs args;
  *early_result = TEE_SUCCESS;
  if (!a32_) {
    // x8 = number, x0..x7 = arguments (optee-abi.md §5.1).
    uc_reg_read(uc_, UC_ARM64_REG_X8, number);
    for (int i = 0; i < 8; ++i)
      uc_reg_read(uc_, UC_ARM64_REG_X0 + i, &args.a[i]);
    return args;
  }
  // r7 = number, r0..r3 = arguments 1-4; r6 more are stacked at r5 (§5.1).
  uint32_t nr = 0;
  uint32_t r[4] = {};
  uint32_t stacked = 0;
  uint32_t stack_ptr = 0;
  uc_reg_read(uc_, UC_ARM_REG_R7, &nr);
  for (int i = 0; i < 4; ++i)
    uc_reg_read(uc_, UC_ARM_REG_R0 + i, &r[i]);
  uc_reg_read(uc_, UC_ARM_REG_R6, &stacked);
  uc_reg_read(uc_, UC_ARM_REG_R5, &stack_ptr);
  *number = nr;
  for (int i = 0; i < 4; ++i)
    args.a[i] = r[i];
  if (stacked > kMaxStackedArgs) {
    *early_result = TEE_ERROR_GENERIC; // more than eight arguments
    return args;
  }
  uint32_t more[kMaxStackedArgs] = {};
  if (stacked != 0 && !copy_from_ta(stack_ptr, more, uint64_t{stacked} * 4)) {
    *early_result = TEE_ERROR_ACCESS_DENIED;
    return args;
  }
  for (uint32_t i = 0; i < stacked; ++i)
    args.a[4 + i] = more[i];
  return args;
}

void TaInstance::write_syscall_result(uint64_t result) {
  if (a32_) {
    auto r0 = static_cast<uint32_t>(result);
    uc_reg_write(uc_, UC_ARM_REG_R0, &r0);
  } else {
    uc_reg_write(uc_, UC_ARM64_REG_X0, &result);
  }
}

void TaInstance::on_interrupt(uc_struct*, uint32_t intno, void* user) {
  auto* ta = static_cast<TaInstance*>(user);
  if (intno != kExcpSwi) {
    uint64_t pc = ta->pc();
    ta->record_fault(intno == kExcpUdef ? fmt::format("undefined instruction at {:#x}", pc)
                                        : fmt::format("CPU exception {} at {:#x}", intno, pc),
                     intno == kExcpUdef ? FaultKind::kUndefinedInsn : FaultKind::kOther);
    return;
  }
  // PC is already past the svc; the result goes back in x0 / r0.
  uint64_t nr = 0;
  uint32_t early = TEE_SUCCESS;
  SyscallArgs args = ta->read_syscall(&nr, &early);
  Tracer* tracer = ta->options_.tracer.get();
  const uint64_t t0 = tracer != nullptr ? tracer->now() : 0;
  uint64_t result = early != TEE_SUCCESS ? early : lookup_syscall(nr)(*ta, args);
  if (tracer != nullptr) {
    unsigned count = 0;
    const std::string_view name = syscall_name(nr, &count);
    nlohmann::json values = nlohmann::json::array();
    for (unsigned i = 0; i < count && i < 8; ++i)
      values.push_back(args.a[i]);
    tracer->span("syscall", std::string(name), t0, tracer->now(),
                 {{"nr", nr}, {"args", std::move(values)}, {"ret", result}},
                 Tracer::Track::kTaInstance, ta->context_.instance_id, ta->name());
  }
  if (ta->stop_ == Stop::kNone) {
    ta->write_syscall_result(result);
    // A plain load first: a locked exchange on every syscall would cost more than the flag.
    if (ta->slice_over_.load(std::memory_order_relaxed) && ta->watch_ != 0) {
      ta->slice_over_.store(false, std::memory_order_relaxed);
      rpc::foreign_interrupt();
      Watchdog::instance().rearm_soft(ta->watch_, Watchdog::Clock::now() + kForeignInterruptSlice);
    }
  }
}

bool TaInstance::on_invalid_memory(uc_struct*, int type, uint64_t addr, int size, int64_t,
                                   void* user) {
  auto* ta = static_cast<TaInstance*>(user);
  const uint64_t pc = ta->pc(); // the engine's own PC register (AArch64 or AArch32)
  FaultKind kind = FaultKind::kMemRead;
  if (type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT)
    kind = FaultKind::kMemWrite;
  else if (type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT)
    kind = FaultKind::kMemFetch;
  std::string what =
      fmt::format("{} {:#x} ({} bytes) at pc {:#x}", mem_access_name(type), addr, size, pc);
  if (ta->debugging())
    ta->debug_stop(StopReason{StopReason::kFault, addr, 'w', "TA fault: " + what});
  ta->record_fault(std::move(what), kind, addr);
  return false;
}

namespace {

// The stopped instance as gdb sees it: registers in gdb's numbering (gdb_stub.h), memory
// through the engine.
class InstanceDebugTarget final : public DebugTarget {
public:
  explicit InstanceDebugTarget(TaInstance& ta) : ta_(ta), uc_(ta.engine()) {}

  bool a32() const override { return ta_.a32(); }
  uint64_t load_base() const override { return ta_.image().base; }

  std::vector<uint8_t> read_register(int n) override {
    if (ta_.a32()) {
      if (n >= 17 && n <= 48) { // d0-d31
        uint64_t d = 0;
        uc_reg_read(uc_, UC_ARM_REG_D0 + (n - 17), &d);
        return bytes(&d, 8);
      }
      const int reg = arm_register(n);
      if (reg < 0)
        return {};
      uint32_t v = 0;
      uc_reg_read(uc_, reg, &v);
      return bytes(&v, 4);
    }
    if (n >= 34 && n <= 65) {
      uint8_t v[16] = {};
      uc_reg_read(uc_, UC_ARM64_REG_V0 + (n - 34), v);
      return bytes(v, 16);
    }
    const int reg = arm64_register(n);
    if (reg < 0)
      return {};
    uint64_t v = 0;
    uc_reg_read(uc_, reg, &v);
    return bytes(&v, n >= 33 ? 4 : 8); // cpsr, fpsr and fpcr are 32 bits
  }

  bool write_register(int n, const std::vector<uint8_t>& value) override {
    if (ta_.a32()) {
      if (n >= 17 && n <= 48) {
        if (value.size() != 8)
          return false;
        uint64_t d = 0;
        std::memcpy(&d, value.data(), 8);
        return uc_reg_write(uc_, UC_ARM_REG_D0 + (n - 17), &d) == UC_ERR_OK;
      }
      const int reg = arm_register(n);
      if (reg < 0 || value.size() != 4)
        return false;
      uint32_t v = 0;
      std::memcpy(&v, value.data(), 4);
      return uc_reg_write(uc_, reg, &v) == UC_ERR_OK;
    }
    if (n >= 34 && n <= 65) {
      if (value.size() != 16)
        return false;
      uint8_t v[16] = {};
      std::memcpy(v, value.data(), 16);
      return uc_reg_write(uc_, UC_ARM64_REG_V0 + (n - 34), v) == UC_ERR_OK;
    }
    const int reg = arm64_register(n);
    const size_t size = n >= 33 ? 4 : 8;
    if (reg < 0 || value.size() != size)
      return false;
    uint64_t v = 0;
    std::memcpy(&v, value.data(), size);
    return uc_reg_write(uc_, reg, &v) == UC_ERR_OK;
  }

  bool read_memory(uint64_t addr, uint8_t* out, size_t len) override {
    return uc_mem_read(uc_, addr, out, len) == UC_ERR_OK;
  }
  bool write_memory(uint64_t addr, const uint8_t* in, size_t len) override {
    return uc_mem_write(uc_, addr, in, len) == UC_ERR_OK;
  }

private:
  static std::vector<uint8_t> bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    return {b, b + n};
  }
  // gdb's AArch64 numbering: x0-x30, sp, pc, cpsr, v0-v31, fpsr, fpcr.
  static int arm64_register(int n) {
    if (n >= 0 && n <= 28)
      return UC_ARM64_REG_X0 + n;
    switch (n) {
    case 29:
      return UC_ARM64_REG_X29;
    case 30:
      return UC_ARM64_REG_X30;
    case 31:
      return UC_ARM64_REG_SP;
    case 32:
      return UC_ARM64_REG_PC;
    case 33:
      return UC_ARM64_REG_PSTATE;
    case 66:
      return UC_ARM64_REG_FPSR;
    case 67:
      return UC_ARM64_REG_FPCR;
    default:
      return -1;
    }
  }
  // The stub's AArch32 description: r0-r12, sp, lr, pc, cpsr (d0-d31 are 17-48), fpscr.
  static int arm_register(int n) {
    if (n >= 0 && n <= 12)
      return UC_ARM_REG_R0 + n;
    switch (n) {
    case 13:
      return UC_ARM_REG_SP;
    case 14:
      return UC_ARM_REG_LR;
    case 15:
      return UC_ARM_REG_PC;
    case 16:
      return UC_ARM_REG_CPSR;
    case 49:
      return UC_ARM_REG_FPSCR;
    default:
      return -1;
    }
  }

  TaInstance& ta_;
  uc_engine* uc_;
};

} // namespace

static std::unique_ptr<DebugTarget> make_debug_target(TaInstance& ta) {
  return std::make_unique<InstanceDebugTarget>(ta);
}

void TaInstance::debug_stop(const StopReason& why) {
  debug_thread_->stop(why);
}

void TaInstance::on_debug_code(uc_struct*, uint64_t address, uint32_t, void* user) {
  auto* ta = static_cast<TaInstance*>(user);
  GdbThread& thread = *ta->debug_thread_;
  if (ta->debug_first_stop_) {
    ta->debug_first_stop_ = false;
    if (thread.first_instruction())
      return;
  }
  if (ta->pending_watch_) {
    const StopReason why = *ta->pending_watch_;
    ta->pending_watch_.reset();
    thread.stop(why);
    return;
  }
  // After a stop of its own the instruction runs when gdb resumes; after parking for
  // another instance's stop it is checked again (gdb may have set a breakpoint on it).
  while (auto why = thread.check(address)) {
    thread.stop(*why);
    if (why->kind != StopReason::kPark || thread.stepping())
      return;
  }
}

void TaInstance::on_debug_mem(uc_struct*, int type, uint64_t address, int size, int64_t,
                              void* user) {
  auto* ta = static_cast<TaInstance*>(user);
  if (auto hit =
          ta->debug_thread_->watch_hit(address, static_cast<uint64_t>(size), type == UC_MEM_WRITE))
    ta->pending_watch_ = hit;
}

bool TaInstance::on_invalid_insn(uc_struct*, void* user) {
  auto* ta = static_cast<TaInstance*>(user);
  const uint64_t pc = ta->pc(); // the engine's own PC register (AArch64 or AArch32)
  std::string what = fmt::format("undefined instruction at {:#x}", pc);
  if (ta->debugging())
    ta->debug_stop(StopReason{StopReason::kFault, pc, 'w', "TA fault: " + what});
  ta->record_fault(std::move(what), FaultKind::kUndefinedInsn);
  return false;
}

Result<void> TaInstance::check_access(uint64_t va, uint64_t len, bool write) const {
  const RangeRights rights = range_rights(va, len);
  const uint32_t need = write ? kProtWrite : kProtRead;
  if (!rights.mapped || (rights.prot & need) == 0)
    return make_error(TEE_ERROR_ACCESS_DENIED,
                      fmt::format("TA buffer [{:#x}, +{:#x}) not {} by the TA", va, len,
                                  write ? "writable" : "readable"));
  return {};
}

TaInstance::RangeRights TaInstance::range_rights(uint64_t va, uint64_t len) const {
  RangeRights rights;
  const uint64_t end = va + len;
  if (end < va)
    return rights;
  rights = {true, kProtRead | kProtWrite | kProtExec, true, true};
  // Long-lived regions are the TA's own (secure) memory; this call's params are
  // non-secure shared memory. Both lists are non-overlapping.
  for (uint64_t cur = va; cur < end;) {
    const Region* hit = nullptr;
    bool is_param = false;
    for (const auto* list : {&regions_, &params_})
      for (const Region& r : *list)
        if (cur >= r.va && cur - r.va < r.size) {
          hit = &r;
          is_param = list == &params_;
        }
    if (hit == nullptr)
      return {};
    rights.prot &= hit->prot;
    (is_param ? rights.secure : rights.nonsecure) = false;
    cur = hit->va + hit->size;
  }
  return rights;
}

uint8_t* TaInstance::param_host(uint64_t va, uint64_t len) const {
  for (const Region& r : params_)
    if (va >= r.va && len <= r.size && va - r.va <= r.size - len)
      return r.host + (va - r.va);
  return nullptr;
}

Result<void> TaInstance::copy_from_ta(uint64_t va, void* dst, uint64_t len) const {
  SWEMU_TRY_VOID(check_access(va, len, false));
  if (uint8_t* host = len != 0 ? param_host(va, len) : nullptr) {
    std::memcpy(dst, host, len);
    return {};
  }
  if (len != 0 && uc_mem_read(uc_, va, dst, len) != UC_ERR_OK)
    return make_error(TEE_ERROR_ACCESS_DENIED, "reading TA memory failed");
  return {};
}

Result<void> TaInstance::copy_to_ta(uint64_t va, const void* src, uint64_t len) {
  SWEMU_TRY_VOID(check_access(va, len, true));
  if (uint8_t* host = len != 0 ? param_host(va, len) : nullptr) {
    std::memcpy(host, src, len);
    return {};
  }
  if (len != 0 && uc_mem_write(uc_, va, src, len) != UC_ERR_OK)
    return make_error(TEE_ERROR_ACCESS_DENIED, "writing TA memory failed");
  return {};
}

const char* fault_kind_name(FaultKind kind) {
  switch (kind) {
  case FaultKind::kNone:
    return "none";
  case FaultKind::kPanic:
    return "panic";
  case FaultKind::kMemRead:
    return "memory-read";
  case FaultKind::kMemWrite:
    return "memory-write";
  case FaultKind::kMemFetch:
    return "memory-execute";
  case FaultKind::kUndefinedInsn:
    return "undefined-instruction";
  case FaultKind::kTimeLimit:
    return "hang";
  case FaultKind::kOther:
    break;
  }
  return "other";
}

struct TaInstance::Snapshot {
  uc_context* cpu = nullptr;
  struct Saved {
    uint64_t va = 0;
    std::vector<uint8_t> bytes;
  };
  std::vector<Saved> memory;
  std::vector<uint32_t> objects, states, persistent, enums;
  ~Snapshot() {
    if (cpu != nullptr)
      uc_context_free(cpu);
  }
};

Result<std::shared_ptr<const TaInstance::Snapshot>> TaInstance::snapshot() {
  auto snap = std::make_shared<Snapshot>();
  if (uc_err err = uc_context_alloc(uc_, &snap->cpu); err != UC_ERR_OK)
    return uc_failure(name() + ": allocating a snapshot context", err);
  if (uc_err err = uc_context_save(uc_, snap->cpu); err != UC_ERR_OK)
    return uc_failure(name() + ": saving the CPU context", err);
  for (const Region& r : regions_) {
    if (!(r.prot & kProtWrite))
      continue;
    Snapshot::Saved saved{r.va, std::vector<uint8_t>(r.size)};
    if (uc_err err = uc_mem_read(uc_, r.va, saved.bytes.data(), r.size); err != UC_ERR_OK)
      return uc_failure(name() + ": reading memory for a snapshot", err);
    snap->memory.push_back(std::move(saved));
  }
  for (const auto& [h, o] : crypto_.objects)
    snap->objects.push_back(h);
  for (const auto& [h, st] : crypto_.states)
    snap->states.push_back(h);
  for (const auto& [h, p] : crypto_.persistent)
    snap->persistent.push_back(h);
  for (const auto& [h, e] : crypto_.enums)
    snap->enums.push_back(h);
  return std::shared_ptr<const Snapshot>(std::move(snap));
}

namespace {

// Erases the entries of `table` whose handle is not in `keep` (sorted).
template <class Map, class OnErase>
void keep_only(Map& table, const std::vector<uint32_t>& keep, OnErase&& on_erase) {
  for (auto it = table.begin(); it != table.end();) {
    if (std::binary_search(keep.begin(), keep.end(), it->first)) {
      ++it;
    } else {
      on_erase(it->second);
      it = table.erase(it);
    }
  }
}

} // namespace

void TaInstance::restore(const Snapshot& snap) {
  uc_context_restore(uc_, snap.cpu);
  for (const Snapshot::Saved& m : snap.memory)
    uc_mem_write(uc_, m.va, m.bytes.data(), m.bytes.size());
  keep_only(crypto_.persistent, snap.persistent,
            [&](std::unique_ptr<storage::Handle>& h) { crypto_.storage->close(std::move(h)); });
  keep_only(crypto_.objects, snap.objects, [](auto&) {});
  keep_only(crypto_.states, snap.states, [](auto&) {});
  keep_only(crypto_.enums, snap.enums, [](auto&) {});
  dead_ = false;
  stop_ = Stop::kNone;
  fault_.clear();
  fault_info_ = FaultInfo{};
}

uint64_t TaInstance::memory_hash() const {
  uint64_t h = 0xcbf29ce484222325ULL;
  std::vector<uint8_t> buf;
  for (const Region& r : regions_) {
    if (!(r.prot & kProtWrite))
      continue;
    buf.resize(r.size);
    uc_mem_read(uc_, r.va, buf.data(), r.size);
    for (uint8_t b : buf)
      h = (h ^ b) * 0x100000001b3ULL;
  }
  return h;
}

} // namespace swemu::core
