#include "secure_thread.h"

#include <boost/context/fiber.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
// AddressSanitizer must be told of every switch between the host's and a fiber's stack.
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define SWEMU_ASAN_FIBERS 1
#endif

#include <algorithm>
#include <cstring>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "debug/trace.h"
#include "msg.h"
#include "swemu/core/log.h"
#include "swemu/core/tee_abi.h"

namespace swemu::core {

using namespace swemu::abi;
namespace ctx = boost::context;

namespace {

// Unicorn translates and runs guest code on this stack, and mbedTLS works on it.
constexpr size_t kStackBytes = 1024 * 1024;
constexpr uint64_t kRpcArgBytes = optee_msg_get_arg_size(SecureThreadPool::kRpcMaxParams);
constexpr uint64_t kLow32 = 0xFFFFFFFFu;

uint64_t join(uint64_t hi, uint64_t lo) {
  return (hi & kLow32) << 32 | (lo & kLow32);
}

using RpcArgHeader = OpteeMsgArgHeader;
static_assert(sizeof(RpcParam) == kMsgParamSize);

// Around a switch to the stack [bottom, bottom + size): start before, finish on arrival
// (finish also tells which stack the switch came from). No-ops without ASan.
void start_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] const void* bottom,
                  [[maybe_unused]] size_t size) {
#ifdef SWEMU_ASAN_FIBERS
  __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#endif
}
void finish_switch([[maybe_unused]] void* fake_stack, [[maybe_unused]] const void** from_bottom,
                   [[maybe_unused]] size_t* from_size) {
#ifdef SWEMU_ASAN_FIBERS
  __sanitizer_finish_switch_fiber(fake_stack, from_bottom, from_size);
#endif
}

const char* rpc_cmd_name(uint32_t cmd) {
  switch (cmd) {
  case OPTEE_RPC_CMD_LOAD_TA:
    return "LOAD_TA";
  case OPTEE_RPC_CMD_GET_TIME:
    return "GET_TIME";
  case OPTEE_RPC_CMD_NOTIFICATION:
    return "NOTIFICATION";
  case OPTEE_RPC_CMD_SUSPEND:
    return "SUSPEND";
  case OPTEE_RPC_CMD_SHM_ALLOC:
    return "SHM_ALLOC";
  case OPTEE_RPC_CMD_SHM_FREE:
    return "SHM_FREE";
  default:
    return "CMD";
  }
}

} // namespace

struct SecureThreadPool::Thread {
  enum class State { kFree, kRunning, kSuspended };

  uint32_t index = 0;
  State state = State::kFree; // under the pool's mu_
  std::thread::id host;       // the host thread it runs or waits on

  CallContext call;
  std::function<uint32_t()> job;
  bool done = false;
  uint32_t result = 0;
  bool abandoned = false;
  bool stop = false;

  SmcRegs out; // the RPC leaving
  SmcRegs in;  // the RETURN_FROM_RPC answering it

  // RPC_FUNC_ALLOC memory for RPC arguments, held until the call ends.
  uint8_t* alloc_arg = nullptr;
  uint64_t alloc_cookie = 0;
  uint64_t alloc_pa = 0;

  ctx::fiber fiber;  // the secure thread, while it does not run
  ctx::fiber caller; // inside the fiber: the host side it returns to
  // The fiber's stack, and the host stack it last came from (for ASan).
  const void* stack_bottom = nullptr;
  size_t stack_size = 0;
  const void* host_bottom = nullptr;
  size_t host_size = 0;

  // From the fiber back to the host side, until the host resumes it.
  void yield_to_host() {
    void* fake_stack = nullptr;
    start_switch(&fake_stack, host_bottom, host_size);
    caller = std::move(caller).resume();
    finish_switch(fake_stack, &host_bottom, &host_size);
  }

  // Leaves with the RPC `rpc` and returns the normal world's answer. An abandoned thread
  // does not leave: it gets zeros, which every RPC reads as a failure.
  SmcRegs leave(SmcRegs rpc) {
    if (abandoned)
      return SmcRegs{};
    rpc.a[3] = index;
    out = rpc;
    yield_to_host();
    return in;
  }

  void give_back_rpc_arg() {
    if (alloc_arg == nullptr)
      return;
    SmcRegs rpc;
    rpc.a[0] = OPTEE_SMC_RETURN_RPC_PREFIX | OPTEE_SMC_RPC_FUNC_FREE;
    rpc.a[1] = alloc_cookie >> 32;
    rpc.a[2] = alloc_cookie & kLow32;
    leave(rpc);
    alloc_arg = nullptr;
    alloc_cookie = 0;
  }
};

namespace {
thread_local SecureThreadPool::Thread* tl_current = nullptr;

// protected_fixedsize_stack (a guard page below each stack) that notes where the stack is.
struct NotedStack {
  ctx::protected_fixedsize_stack inner{kStackBytes};
  SecureThreadPool::Thread* thread = nullptr;

  ctx::stack_context allocate() {
    ctx::stack_context sc = inner.allocate();
    thread->stack_bottom = static_cast<const char*>(sc.sp) - sc.size;
    thread->stack_size = sc.size;
    return sc;
  }
  void deallocate(ctx::stack_context& sc) noexcept { inner.deallocate(sc); }
};

// From the host side into the fiber of `t`, until it yields or ends.
void enter(SecureThreadPool::Thread& t) {
  void* fake_stack = nullptr;
  start_switch(&fake_stack, t.stack_bottom, t.stack_size);
  t.fiber = std::move(t.fiber).resume();
  finish_switch(fake_stack, nullptr, nullptr);
}

} // namespace

SecureThreadPool::SecureThreadPool(uint32_t count) {
  count = std::clamp<uint32_t>(count, 1, kMaxThreads);
  for (uint32_t i = 0; i < count; ++i) {
    auto t = std::make_unique<Thread>();
    t->index = i;
    threads_.push_back(std::move(t));
  }
}

SecureThreadPool::~SecureThreadPool() {
  for (auto& t : threads_) {
    if (!t->fiber)
      continue;
    if (t->state == Thread::State::kSuspended) {
      log::get("monitor")->error("secure thread {} still waits for an RPC answer at shutdown; "
                                 "its stack is left behind",
                                 t->index);
      new ctx::fiber(std::move(t->fiber)); // deliberately never destroyed
      continue;
    }
    // An idle fiber waits at the end of its loop: let it return.
    t->stop = true;
    Thread* prev = tl_current;
    tl_current = t.get();
    enter(*t);
    tl_current = prev;
  }
}

uint32_t SecureThreadPool::busy() const {
  std::lock_guard lock(mu_);
  uint32_t n = 0;
  for (const auto& t : threads_)
    n += t->state != Thread::State::kFree;
  return n;
}

SecureThreadPool::Exit SecureThreadPool::run(Thread& t) {
  if (!t.fiber) {
    t.fiber =
        ctx::fiber(std::allocator_arg, NotedStack{ctx::protected_fixedsize_stack(kStackBytes), &t},
                   [&t](ctx::fiber&& caller) {
                     finish_switch(nullptr, &t.host_bottom, &t.host_size);
                     t.caller = std::move(caller);
                     while (!t.stop) {
                       try {
                         t.result = t.job();
                       } catch (const std::exception& e) {
                         // The frame stays unanswered; the caller sees the failure.
                         log::get("monitor")->error("secure thread {}: {}", t.index, e.what());
                         t.result = OPTEE_SMC_RETURN_ENOMEM;
                       }
                       t.give_back_rpc_arg();
                       t.done = true;
                       t.yield_to_host();
                     }
                     // The fiber ends: nothing of its stack to keep.
                     start_switch(nullptr, t.host_bottom, t.host_size);
                     return std::move(t.caller);
                   });
  }
  Thread* prev = tl_current;
  tl_current = &t;
  enter(t);
  tl_current = prev;

  std::lock_guard lock(mu_);
  if (t.done) {
    Exit exit;
    exit.a[0] = t.result;
    t.job = nullptr;
    t.call = {};
    t.state = Thread::State::kFree;
    return exit;
  }
  t.state = Thread::State::kSuspended;
  return t.out;
}

std::optional<SecureThreadPool::Exit> SecureThreadPool::start(const CallContext& ctx,
                                                              std::function<uint32_t()> job) {
  Thread* t = nullptr;
  {
    std::lock_guard lock(mu_);
    for (auto& candidate : threads_)
      if (candidate->state == Thread::State::kFree) {
        t = candidate.get();
        break;
      }
    if (t == nullptr)
      return std::nullopt;
    t->state = Thread::State::kRunning;
    t->host = std::this_thread::get_id();
  }
  t->call = ctx;
  t->job = std::move(job);
  t->done = false;
  t->abandoned = false;
  return run(*t);
}

std::optional<SecureThreadPool::Exit> SecureThreadPool::resume(const void* owner,
                                                               const SmcRegs& in) {
  Thread* t = nullptr;
  {
    std::lock_guard lock(mu_);
    const uint64_t index = in.a[3] & kLow32;
    if (index >= threads_.size())
      return std::nullopt;
    Thread& candidate = *threads_[index];
    if (candidate.state != Thread::State::kSuspended || candidate.call.owner != owner)
      return std::nullopt;
    if (candidate.host != std::this_thread::get_id()) {
      log::get("monitor")->warn("RETURN_FROM_RPC for secure thread {} from another normal-world "
                                "thread than the one its RPC went to; refused",
                                index);
      return std::nullopt;
    }
    candidate.state = Thread::State::kRunning;
    t = &candidate;
  }
  t->in = in;
  return run(*t);
}

void SecureThreadPool::abandon(const void* owner) {
  for (auto& t : threads_) {
    {
      std::lock_guard lock(mu_);
      if (t->state != Thread::State::kSuspended || t->call.owner != owner ||
          t->host != std::this_thread::get_id())
        continue;
      t->state = Thread::State::kRunning;
    }
    log::get("monitor")->info("secure thread {}: its normal world is gone; it runs to its end "
                              "with failed RPCs",
                              t->index);
    t->abandoned = true;
    t->in = SmcRegs{};
    const Exit exit = run(*t);
    if (optee_smc_return_is_rpc(static_cast<uint32_t>(exit.a[0])))
      log::get("monitor")->error("abandoned secure thread {} left with an RPC", t->index);
  }
}

// --- RPCs -----------------------------------------------------------------------------

namespace rpc {

bool available() {
  return tl_current != nullptr && !tl_current->abandoned;
}

namespace {

// The RPC argument memory of the current call: CALL_WITH_RPC_ARG's, or RPC_FUNC_ALLOC's.
uint8_t* rpc_arg(SecureThreadPool::Thread& t, uint64_t* cookie) {
  if (t.call.rpc_arg != nullptr) {
    *cookie = 0;
    return t.call.rpc_arg;
  }
  if (t.alloc_arg == nullptr) {
    SmcRegs rpc;
    rpc.a[0] = OPTEE_SMC_RETURN_RPC_PREFIX | OPTEE_SMC_RPC_FUNC_ALLOC;
    rpc.a[1] = kRpcArgBytes;
    const SmcRegs back = t.leave(rpc);
    const uint64_t pa = join(back.a[1], back.a[2]);
    const uint64_t got_cookie = join(back.a[4], back.a[5]);
    uint8_t* host = pa != 0 ? t.call.mem->translate(pa, kRpcArgBytes) : nullptr;
    if (host == nullptr || (pa & 7) != 0) {
      log::get("monitor")->warn("RPC_FUNC_ALLOC: the normal world gave no usable memory "
                                "(PA {:#x})",
                                pa);
      if (got_cookie != 0) {
        SmcRegs free_rpc;
        free_rpc.a[0] = OPTEE_SMC_RETURN_RPC_PREFIX | OPTEE_SMC_RPC_FUNC_FREE;
        free_rpc.a[1] = back.a[4];
        free_rpc.a[2] = back.a[5];
        t.leave(free_rpc);
      }
      return nullptr;
    }
    t.alloc_arg = host;
    t.alloc_pa = pa;
    t.alloc_cookie = got_cookie;
  }
  *cookie = t.alloc_cookie;
  return t.alloc_arg;
}

// An `rpc` span on the secure thread's row: from t0 to now, the params as answered.
void trace_rpc(const SecureThreadPool::Thread& t, const char* name, uint64_t cmd, uint64_t t0,
               std::span<const RpcParam> params, uint32_t ret) {
  Tracer* tracer = t.call.tracer;
  nlohmann::json p = nlohmann::json::array();
  for (const RpcParam& q : params)
    p.push_back({q.attr, q.u[0], q.u[1], q.u[2]});
  tracer->span("rpc", name, t0, tracer->now(),
               {{"cmd", cmd}, {"secure_thread", t.index}, {"params", p}, {"ret", ret}},
               Tracer::Track::kSecureThread);
}

} // namespace

uint32_t command(uint32_t cmd, std::span<RpcParam> params) {
  SecureThreadPool::Thread* t = tl_current;
  if (t == nullptr || t->abandoned || params.size() > SecureThreadPool::kRpcMaxParams)
    return TEE_ERROR_COMMUNICATION;
  Tracer* tracer = t->call.tracer;
  const uint64_t t0 = tracer != nullptr ? tracer->now() : 0;

  uint64_t cookie = 0;
  uint8_t* arg = rpc_arg(*t, &cookie);
  if (arg == nullptr)
    return TEE_ERROR_COMMUNICATION;
  RpcArgHeader hdr{};
  hdr.cmd = cmd;
  hdr.ret = TEE_ERROR_GENERIC; // the normal world must overwrite it
  hdr.num_params = static_cast<uint32_t>(params.size());
  std::memcpy(arg, &hdr, sizeof hdr);
  if (!params.empty())
    std::memcpy(arg + kMsgArgHeaderSize, params.data(), params.size_bytes());

  SmcRegs rpc;
  rpc.a[0] = OPTEE_SMC_RETURN_RPC_PREFIX | OPTEE_SMC_RPC_FUNC_CMD;
  rpc.a[1] = cookie >> 32;
  rpc.a[2] = cookie & kLow32;
  t->leave(rpc);

  // Read the answer once; the frame must still be the one sent.
  RpcArgHeader back;
  std::memcpy(&back, arg, sizeof back);
  uint32_t ret = back.ret;
  if (back.num_params != hdr.num_params) {
    log::get("monitor")->warn("RPC {}: the normal world changed num_params from {} to {}",
                              rpc_cmd_name(cmd), hdr.num_params, back.num_params);
    ret = TEE_ERROR_COMMUNICATION;
  } else if (!params.empty()) {
    std::memcpy(params.data(), arg + kMsgArgHeaderSize, params.size_bytes());
  }
  if (tracer != nullptr)
    trace_rpc(*t, rpc_cmd_name(cmd), cmd, t0, params, ret);
  return ret;
}

Result<NsBuffer> shm_alloc(uint32_t type, uint64_t size) {
  RpcParam p[1];
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  p[0].u[0] = type;
  p[0].u[1] = size;
  p[0].u[2] = 8; // alignment, as OP-TEE asks
  const uint32_t ret = command(OPTEE_RPC_CMD_SHM_ALLOC, p);
  if (ret != TEE_SUCCESS)
    return make_error(ret == TEE_ERROR_GENERIC ? TEE_ERROR_OUT_OF_MEMORY : ret,
                      fmt::format("SHM_ALLOC of {} bytes: {:#x}", size, ret));
  NsBuffer b;
  b.pa = p[0].u[0];
  b.size = p[0].u[1];
  b.cookie = p[0].u[2];
  const SecureThreadPool::Thread* t = tl_current;
  if ((p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) == OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT &&
      (p[0].attr & OPTEE_MSG_ATTR_NONCONTIG) == 0 && b.size >= size && b.pa != 0)
    b.host = t->call.mem->translate(b.pa, size);
  if (b.host == nullptr) {
    shm_free(type, b);
    return make_error(TEE_ERROR_COMMUNICATION,
                      fmt::format("SHM_ALLOC of {} bytes: the normal world answered attr {:#x} "
                                  "PA {:#x} size {}, not memory in the shared region",
                                  size, p[0].attr, b.pa, b.size));
  }
  b.size = size;
  return b;
}

void shm_free(uint32_t type, const NsBuffer& buffer) {
  RpcParam p[1];
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  p[0].u[0] = type;
  p[0].u[1] = buffer.cookie;
  if (const uint32_t ret = command(OPTEE_RPC_CMD_SHM_FREE, p); ret != TEE_SUCCESS)
    log::get("monitor")->warn("SHM_FREE of cookie {:#x}: {:#x}", buffer.cookie, ret);
}

bool suspend(uint32_t ms) {
  RpcParam p[1];
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  p[0].u[0] = ms;
  return command(OPTEE_RPC_CMD_SUSPEND, p) == TEE_SUCCESS;
}

void notification_wait(uint32_t key, uint32_t timeout_ms) {
  RpcParam p[1];
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  p[0].u[0] = OPTEE_RPC_NOTIFICATION_WAIT;
  p[0].u[1] = key;
  p[0].u[2] = timeout_ms;
  command(OPTEE_RPC_CMD_NOTIFICATION, p);
}

void notification_send(uint32_t key) {
  RpcParam p[1];
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  p[0].u[0] = OPTEE_RPC_NOTIFICATION_SEND;
  p[0].u[1] = key;
  command(OPTEE_RPC_CMD_NOTIFICATION, p);
}

void foreign_interrupt() {
  SecureThreadPool::Thread* t = tl_current;
  if (t == nullptr || t->abandoned)
    return;
  Tracer* tracer = t->call.tracer;
  const uint64_t t0 = tracer != nullptr ? tracer->now() : 0;
  SmcRegs rpc;
  rpc.a[0] = OPTEE_SMC_RETURN_RPC_PREFIX | OPTEE_SMC_RPC_FUNC_FOREIGN_INTR;
  t->leave(rpc);
  if (tracer != nullptr)
    trace_rpc(*t, "FOREIGN_INTR", rpc.a[0], t0, {}, 0);
}

std::optional<ReeTime> ree_time() {
  RpcParam p[1];
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT;
  if (command(OPTEE_RPC_CMD_GET_TIME, p) != TEE_SUCCESS ||
      (p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT ||
      p[0].u[1] >= 1'000'000'000)
    return std::nullopt;
  return ReeTime{p[0].u[0], p[0].u[1]};
}

Result<std::vector<uint8_t>> load_ta(const Uuid& uuid, uint64_t max_bytes) {
  // First the size (a NULL output memref), then the bytes into memory asked for with
  // SHM_ALLOC (APPL: the supplicant must reach it), as OP-TEE's REE TA store does.
  RpcParam p[2];
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  std::memcpy(&p[0].u[0], uuid.octets.data(), 16);
  p[1].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
  uint32_t ret = command(OPTEE_RPC_CMD_LOAD_TA, p);
  if (ret != TEE_SUCCESS && ret != TEE_ERROR_SHORT_BUFFER)
    return make_error(ret, fmt::format("LOAD_TA {}: {:#x}", uuid.str(), ret));
  const uint64_t size = p[1].u[1];
  if (size == 0 || size > max_bytes)
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("LOAD_TA {}: the normal world's file has {} bytes (limit {})",
                                  uuid.str(), size, max_bytes));
  NsBuffer buf = SWEMU_TRY(shm_alloc(OPTEE_RPC_SHM_TYPE_APPL, size));
  std::memcpy(&p[0].u[0], uuid.octets.data(), 16);
  p[0].attr = OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  p[0].u[2] = 0;
  p[1].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
  p[1].u[0] = buf.pa;
  p[1].u[1] = size;
  p[1].u[2] = buf.cookie;
  ret = command(OPTEE_RPC_CMD_LOAD_TA, p);
  std::vector<uint8_t> bytes;
  if (ret == TEE_SUCCESS && p[1].u[1] == size)
    bytes.assign(buf.host, buf.host + size); // copied out before the memory goes back
  shm_free(OPTEE_RPC_SHM_TYPE_APPL, buf);
  if (ret != TEE_SUCCESS)
    return make_error(ret, fmt::format("LOAD_TA {}: {:#x}", uuid.str(), ret));
  if (bytes.empty())
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("LOAD_TA {}: the file changed size from {} to {} bytes",
                                  uuid.str(), size, p[1].u[1]));
  return bytes;
}

} // namespace rpc

} // namespace swemu::core
