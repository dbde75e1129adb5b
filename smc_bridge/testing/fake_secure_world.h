// Test support, not part of the library: a scriptable stand-in for the secure world at the
// SMC boundary. It owns its own shared memory, answers the fast calls a driver probes with,
// decodes every optee_msg_arg it receives from raw offsets (independently of the driver's
// codec), records what it saw and any breach of the frame conventions, lets a test answer
// each command, and can interpose RPCs before a call completes.
#pragma once

#include <atomic>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "swemu/bridge/transport.h"
#include "swemu/core/smc.h"
#include "swemu/core/tee_abi.h"

namespace swemu::bridge::testing {

inline constexpr uint64_t kFakeShmPa = 0x80000000;

struct FakeParam {
  uint64_t attr = 0;
  uint64_t a = 0; // value.a, or tmem.buf_ptr
  uint64_t b = 0; // value.b, or tmem.size
  uint64_t c = 0; // value.c, or tmem.shm_ref
};

struct FakeFrame {
  uint64_t pa = 0;
  uint32_t cmd = 0;
  uint32_t func = 0;
  uint32_t session = 0;
  uint32_t cancel_id = 0;
  uint32_t ret = 0;
  uint32_t ret_origin = 0;
  uint32_t num_params = 0;
  std::vector<FakeParam> params;
};

class FakeSecureWorld {
public:
  explicit FakeSecureWorld(uint64_t shm_size = 256 * 1024)
      : region_(SharedMemoryRegion::create(shm_size).value()) {}

  core::NsShm shm() const { return {region_.host(), kFakeShmPa, region_.size()}; }

  // --- knobs ------------------------------------------------------------------------
  // Without SEC_CAP_RPC_ARG: the driver calls with CALL_WITH_ARG and this fake's RPCs
  // name their argument by an RPC_FUNC_ALLOC cookie. (CALL_WITH_RPC_ARG is exercised
  // against the real secure world.)
  uint32_t sec_caps = abi::OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM | abi::OPTEE_SMC_SEC_CAP_MEMREF_NULL;
  uint32_t caps_a0 = abi::OPTEE_SMC_RETURN_OK; // EXCHANGE_CAPABILITIES answer
  std::optional<core::NsShm> shm_config;       // GET_SHM_CONFIG override (pa/size)
  uint32_t call_a0 = abi::OPTEE_SMC_RETURN_OK; // non-OK: CALL_WITH_ARG fails with it
  int thread_limit_times = 0;                  // answer ETHREAD_LIMIT this many times
  // Answers a decoded frame in place (ret, origin, session, output params, memory through
  // mem()). The default opens session 1, 2, ... and succeeds everything.
  std::function<void(FakeFrame&)> handler;
  // Called with the CALL_WITH_ARG registers and then with every RETURN_FROM_RPC; returns
  // the next RPC to hand to the normal world, or nothing to complete the call.
  std::function<std::optional<core::SmcRegs>(const core::SmcRegs&)> rpc;

  // --- observations -----------------------------------------------------------------
  std::vector<FakeFrame> frames;       // as received, before the handler ran
  std::vector<std::string> violations; // frame-convention breaches
  int std_calls = 0;

  // Host view of [pa, pa + size) inside the shared memory, or nullptr.
  uint8_t* mem(uint64_t pa, uint64_t size) {
    const core::NsShm s = shm();
    if (pa < s.pa || pa - s.pa > s.size || size > s.size - (pa - s.pa))
      return nullptr;
    return s.host + (pa - s.pa);
  }
  uint64_t pa_of(const void* host) const {
    return kFakeShmPa + static_cast<uint64_t>(static_cast<const uint8_t*>(host) - region_.host());
  }

  core::SmcRegs smc(const core::SmcRegs& in) {
    std::lock_guard lock(mutex_); // recursive: a handler may issue SMCs itself
    core::SmcRegs r;
    switch (static_cast<uint32_t>(in.a[0])) {
    case abi::OPTEE_SMC_CALLS_UID:
      for (int i = 0; i < 4; ++i)
        r.a[i] = abi::kOpteeApiUid[i];
      return r;
    case abi::OPTEE_SMC_CALLS_REVISION:
      r.a[0] = abi::kOpteeApiRevisionMajor;
      r.a[1] = abi::kOpteeApiRevisionMinor;
      return r;
    case abi::OPTEE_SMC_CALL_GET_OS_REVISION:
      r.a[0] = abi::kOpteeOsRevisionMajor;
      r.a[1] = abi::kOpteeOsRevisionMinor;
      return r;
    case abi::OPTEE_SMC_EXCHANGE_CAPABILITIES:
      if (in.a[1] != 0)
        violations.push_back(fmt::format("EXCHANGE_CAPABILITIES with NS caps {:#x}", in.a[1]));
      r.a[0] = caps_a0;
      r.a[1] = sec_caps;
      r.a[3] = 4;
      return r;
    case abi::OPTEE_SMC_GET_SHM_CONFIG: {
      const core::NsShm s = shm_config.value_or(shm());
      r.a[1] = s.pa;
      r.a[2] = s.size;
      r.a[3] = abi::OPTEE_SMC_SHM_CACHED;
      return r;
    }
    case abi::OPTEE_SMC_CALL_WITH_ARG:
      ++std_calls;
      if (thread_limit_times > 0) {
        --thread_limit_times;
        r.a[0] = abi::OPTEE_SMC_RETURN_ETHREAD_LIMIT;
        return r;
      }
      if (call_a0 != abi::OPTEE_SMC_RETURN_OK) {
        r.a[0] = call_a0;
        return r;
      }
      pending_pa_ = in.a[1] << 32 | (in.a[2] & 0xFFFFFFFF);
      return step(in);
    case abi::OPTEE_SMC_CALL_RETURN_FROM_RPC:
      if (!pending_pa_) {
        r.a[0] = abi::OPTEE_SMC_RETURN_ERESUME;
        return r;
      }
      if (in.a[3] != kThreadId)
        violations.push_back(fmt::format("RETURN_FROM_RPC for thread {:#x}", in.a[3]));
      resumes.push_back(in);
      return step(in);
    default:
      r.a[0] = abi::OPTEE_SMC_RETURN_UNKNOWN_FUNCTION;
      return r;
    }
  }

  static constexpr uint64_t kThreadId = 0x77;
  std::vector<core::SmcRegs> resumes; // RETURN_FROM_RPC registers received

private:
  static uint32_t u32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  static uint64_t u64(const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static void put32(uint8_t* p, uint32_t v) { std::memcpy(p, &v, 4); }
  static void put64(uint8_t* p, uint64_t v) { std::memcpy(p, &v, 8); }

  core::SmcRegs step(const core::SmcRegs& in) {
    if (rpc) {
      if (auto next = rpc(in)) {
        next->a[3] = kThreadId;
        return *next;
      }
    }
    core::SmcRegs r;
    r.a[0] = complete(*pending_pa_);
    pending_pa_.reset();
    return r;
  }

  uint32_t complete(uint64_t pa) {
    // optee-abi.md §3.4: 8-byte aligned, inside the reserved memory, within one page.
    uint8_t* hdr = mem(pa, abi::kMsgArgHeaderSize);
    if (hdr == nullptr || pa % 8 != 0) {
      violations.push_back(fmt::format("arg PA {:#x} unaligned or outside shared memory", pa));
      return abi::OPTEE_SMC_RETURN_EBADADDR;
    }
    FakeFrame f;
    f.pa = pa;
    f.cmd = u32(hdr + 0);
    f.func = u32(hdr + 4);
    f.session = u32(hdr + 8);
    f.cancel_id = u32(hdr + 12);
    f.ret = u32(hdr + 20);
    f.ret_origin = u32(hdr + 24);
    f.num_params = u32(hdr + 28);
    const uint64_t bytes = abi::optee_msg_get_arg_size(f.num_params);
    if (f.num_params > abi::OPTEE_MSG_MAX_NUM_PARAMS || mem(pa, bytes) == nullptr ||
        pa / 4096 != (pa + bytes - 1) / 4096) {
      violations.push_back(
          fmt::format("arg of {} params at {:#x} crosses a page or the end", f.num_params, pa));
      return abi::OPTEE_SMC_RETURN_EBADADDR;
    }
    for (uint32_t i = 0; i < f.num_params; ++i) {
      const uint8_t* p = hdr + 32 + 32 * i;
      f.params.push_back({u64(p), u64(p + 8), u64(p + 16), u64(p + 24)});
    }
    check(f);
    frames.push_back(f);

    if (handler) {
      handler(f);
    } else {
      f.ret = abi::TEE_SUCCESS;
      f.ret_origin = abi::TEE_ORIGIN_TRUSTED_APP;
      if (f.cmd == abi::OPTEE_MSG_CMD_OPEN_SESSION)
        f.session = next_session_++;
    }

    put32(hdr + 8, f.session);
    put32(hdr + 20, f.ret);
    put32(hdr + 24, f.ret_origin);
    put32(hdr + 28, f.num_params);
    for (size_t i = 0; i < f.params.size() && i < abi::OPTEE_MSG_MAX_NUM_PARAMS; ++i) {
      uint8_t* p = hdr + 32 + 32 * i;
      put64(p, f.params[i].attr);
      put64(p + 8, f.params[i].a);
      put64(p + 16, f.params[i].b);
      put64(p + 24, f.params[i].c);
    }
    return abi::OPTEE_SMC_RETURN_OK;
  }

  void check(const FakeFrame& f) {
    size_t first = 0;
    if (f.cmd == abi::OPTEE_MSG_CMD_OPEN_SESSION) {
      const uint64_t meta = abi::OPTEE_MSG_ATTR_META | abi::OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
      if (f.num_params < 2 || f.params[0].attr != meta || f.params[1].attr != meta)
        violations.push_back("OPEN_SESSION without two leading META|VALUE_INPUT params");
      first = 2;
    }
    if (f.cmd == abi::OPTEE_MSG_CMD_CLOSE_SESSION || f.cmd == abi::OPTEE_MSG_CMD_CANCEL) {
      if (f.num_params != 0)
        violations.push_back(fmt::format("cmd {} with {} params", f.cmd, f.num_params));
    }
    if (f.num_params > first + abi::TEE_NUM_PARAMS)
      violations.push_back(fmt::format("{} TA params", f.num_params - first));
    for (size_t i = first; i < f.params.size(); ++i) {
      const FakeParam& p = f.params[i];
      switch (p.attr) {
      case abi::OPTEE_MSG_ATTR_TYPE_NONE:
      case abi::OPTEE_MSG_ATTR_TYPE_VALUE_INPUT:
      case abi::OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT:
      case abi::OPTEE_MSG_ATTR_TYPE_VALUE_INOUT:
        break;
      case abi::OPTEE_MSG_ATTR_TYPE_TMEM_INPUT:
      case abi::OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT:
      case abi::OPTEE_MSG_ATTR_TYPE_TMEM_INOUT:
        if (p.c != 0)
          violations.push_back(fmt::format("param {}: shm_ref {:#x}", i, p.c));
        if (p.a == 0) {
          if ((sec_caps & abi::OPTEE_SMC_SEC_CAP_MEMREF_NULL) == 0)
            violations.push_back(fmt::format("param {}: NULL memref without the cap", i));
        } else if (mem(p.a, p.b) == nullptr) {
          violations.push_back(
              fmt::format("param {}: tmem [{:#x}, +{:#x}) outside shared memory", i, p.a, p.b));
        }
        break;
      default:
        violations.push_back(fmt::format("param {}: attr {:#x}", i, p.attr));
      }
    }
  }

  std::recursive_mutex mutex_;
  SharedMemoryRegion region_;
  std::optional<uint64_t> pending_pa_;
  uint32_t next_session_ = 1;
};

// A transport over a FakeSecureWorld (shared, so that a test keeps it after handing the
// transport to a driver). Counts live instances.
class FakeTransport final : public SmcTransport {
public:
  explicit FakeTransport(std::shared_ptr<FakeSecureWorld> world) : world_(std::move(world)) {
    ++live();
  }
  ~FakeTransport() override { --live(); }
  core::SmcRegs call(const core::SmcRegs& in) override { return world_->smc(in); }
  core::NsShm shared_memory() const override { return world_->shm(); }
  static std::atomic<int>& live() {
    static std::atomic<int> n{0};
    return n;
  }

private:
  std::shared_ptr<FakeSecureWorld> world_;
};

} // namespace swemu::bridge::testing
