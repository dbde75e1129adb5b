#include "swemu/bridge/driver.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <thread>
#include <vector>

#include <boost/container/small_vector.hpp>
#include <fmt/format.h>
#include <linux/tee.h>

#include "bridge_log.h"
#include "swemu/bridge/default_transport.h"

namespace swemu::bridge {

using namespace swemu::abi;

namespace {

// The RPC argument CALL_WITH_RPC_ARG reserves after the call's (optee-abi.md §3.4).
constexpr uint32_t kRpcArgParams = 4;
// A TA file the built-in supplicant serves is at most this big.
constexpr uint64_t kMaxTaFileBytes = 64ull << 20;
// How long a call that found every secure thread busy waits before it retries, at most.
constexpr auto kThreadLimitRetry = std::chrono::milliseconds(2);

// The supplicant's other RPC commands (optee-abi.md §2.9), which only ever reach it.
constexpr uint32_t kRpcCmdGprof = 9;
constexpr uint32_t kRpcCmdSocket = 10;
constexpr uint32_t kRpcCmdFtrace = 11;
constexpr uint32_t kRpcCmdSuppPlugin = 12;

// struct optee_msg_arg header and struct optee_msg_param (optee-abi.md §2.2, §2.3).
using MsgArgHeader = OpteeMsgArgHeader;

using MsgParam = MsgParamWords;
static_assert(sizeof(MsgParam) == kMsgParamSize);

// The registers are SMC32: codes and 32-bit halves live in the low word.
uint32_t w(uint64_t reg) {
  return static_cast<uint32_t>(reg);
}
uint64_t join(uint64_t hi, uint64_t lo) {
  return uint64_t{w(hi)} << 32 | w(lo);
}

uint64_t arg_alignment(uint64_t bytes) {
  // A power of two at least as large as the arg keeps it inside one 4 KiB page.
  uint64_t align = ShmPool::kGranule;
  while (align < bytes && align < kPageSize)
    align <<= 1;
  return align;
}

Error comms(uint32_t code, std::string message) {
  return make_error(code, std::move(message), TEE_ORIGIN_COMMS);
}

core::SmcRegs fast_call(SmcTransport& t, uint32_t fid, uint64_t a1 = 0) {
  core::SmcRegs in;
  in.a[0] = fid;
  in.a[1] = a1;
  return t.call(in);
}

bool is_memref(uint32_t type) {
  return type >= TEE_PARAM_TYPE_MEMREF_INPUT && type <= TEE_PARAM_TYPE_MEMREF_INOUT;
}
bool is_value(uint32_t type) {
  return type >= TEE_PARAM_TYPE_VALUE_INPUT && type <= TEE_PARAM_TYPE_VALUE_INOUT;
}

} // namespace

// The params live inline for the usual call (two meta params and four GP params), so a
// call allocates nothing on the host heap.
struct Driver::Frame {
  MsgArgHeader hdr{};
  boost::container::small_vector<MsgParam, 6> params;
};

// One call in progress: what a cancellation through this driver wakes from a SUSPEND.
struct Driver::PendingCall {
  uint32_t session = 0; // 0 for OPEN_SESSION
  uint32_t cancel_id = 0;
  uint8_t* rpc_arg = nullptr; // CALL_WITH_RPC_ARG: the RPC argument after the frame
  bool cancelled = false;     // under rpc_mutex_
};

Driver::Driver(std::unique_ptr<SmcTransport> transport, uint32_t sec_caps, core::NsShm pool_region)
    : transport_(std::move(transport)), sec_caps_(sec_caps),
      pool_(std::make_unique<ShmPool>(pool_region)),
      supplicant_ta_dirs_(supplicant_ta_dirs_from_environment()),
      supplicant_(SupplicantQueue::process_wide()) {}

Driver::~Driver() {
  // Blocks lent to the secure world go back before the pool disappears.
  std::lock_guard lock(rpc_mutex_);
  rpc_blocks_.clear();
}

Result<std::shared_ptr<Driver>> Driver::create(std::unique_ptr<SmcTransport> transport) {
  if (!transport)
    return comms(TEE_ERROR_BAD_PARAMETERS, "no SMC transport");
  const core::NsShm shm = transport->shared_memory();
  if (shm.host == nullptr || shm.size == 0)
    return comms(TEE_ERROR_BAD_PARAMETERS, "the transport has no shared memory");

  // Is it OP-TEE, speaking a message ABI we know?
  auto uid = fast_call(*transport, OPTEE_SMC_CALLS_UID);
  for (int i = 0; i < 4; ++i)
    if (w(uid.a[i]) != kOpteeApiUid[i])
      return comms(TEE_ERROR_NOT_SUPPORTED,
                   fmt::format("secure world API UID {:08x}-{:08x}-{:08x}-{:08x} is not OP-TEE's",
                               w(uid.a[0]), w(uid.a[1]), w(uid.a[2]), w(uid.a[3])));
  auto rev = fast_call(*transport, OPTEE_SMC_CALLS_REVISION);
  if (w(rev.a[0]) != kOpteeApiRevisionMajor || w(rev.a[1]) < kOpteeApiRevisionMinor)
    return comms(TEE_ERROR_NOT_SUPPORTED,
                 fmt::format("optee_msg API revision {}.{} unsupported", w(rev.a[0]), w(rev.a[1])));
  auto os_rev = fast_call(*transport, OPTEE_SMC_CALL_GET_OS_REVISION);

  auto caps = fast_call(*transport, OPTEE_SMC_EXCHANGE_CAPABILITIES, 0);
  if (w(caps.a[0]) != OPTEE_SMC_RETURN_OK)
    return comms(TEE_ERROR_COMMUNICATION,
                 fmt::format("EXCHANGE_CAPABILITIES failed: {:#x}", w(caps.a[0])));
  const uint32_t sec_caps = w(caps.a[1]);
  if ((sec_caps & OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM) == 0)
    logger()->warn("secure world does not advertise reserved shared memory; asking anyway");

  // This driver passes memory by physical address inside the reserved region only.
  auto cfg = fast_call(*transport, OPTEE_SMC_GET_SHM_CONFIG);
  if (w(cfg.a[0]) != OPTEE_SMC_RETURN_OK)
    return comms(TEE_ERROR_COMMUNICATION, fmt::format("GET_SHM_CONFIG failed: {:#x}", w(cfg.a[0])));
  const uint64_t pa = cfg.a[1];
  const uint64_t size = cfg.a[2];
  if (size == 0 || pa < shm.pa || pa - shm.pa > shm.size || size > shm.size - (pa - shm.pa))
    return comms(TEE_ERROR_COMMUNICATION,
                 fmt::format("secure world shared memory [{:#x}, +{:#x}) is not inside the "
                             "transport's [{:#x}, +{:#x})",
                             pa, size, shm.pa, shm.size));

  logger()->debug("OP-TEE {}.{} caps {:#x}, shared memory {:#x}+{:#x}", w(os_rev.a[0]),
                  w(os_rev.a[1]), sec_caps, pa, size);
  core::NsShm region{shm.host + (pa - shm.pa), pa, size};
  return std::shared_ptr<Driver>(new Driver(std::move(transport), sec_caps, region));
}

Result<Reply> Driver::open_session(const OpenSessionRequest& request, std::span<Param> params) {
  const Uuid client = SWEMU_TRY(client_uuid_for_login(request.login, request.client_data));

  Frame frame;
  frame.hdr.cmd = OPTEE_MSG_CMD_OPEN_SESSION;
  frame.hdr.cancel_id = request.cancel_id;
  // Two meta params lead (optee-abi.md §2.5): the TA UUID octets in value.a/b, then the
  // client UUID octets in value.a/b and the login in value.c.
  MsgParam ta{};
  ta.attr = OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  std::memcpy(&ta.u[0], request.ta.octets.data(), 16);
  MsgParam clnt{};
  clnt.attr = OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
  std::memcpy(&clnt.u[0], client.octets.data(), 16);
  clnt.u[2] = request.login;
  frame.params = {ta, clnt};
  return call(frame, params, 2);
}

Result<Reply> Driver::invoke(uint32_t session, uint32_t func, uint32_t cancel_id,
                             std::span<Param> params) {
  Frame frame;
  frame.hdr.cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
  frame.hdr.func = func;
  frame.hdr.session = session;
  frame.hdr.cancel_id = cancel_id;
  return call(frame, params, 0);
}

Result<Reply> Driver::close_session(uint32_t session) {
  Frame frame;
  frame.hdr.cmd = OPTEE_MSG_CMD_CLOSE_SESSION;
  frame.hdr.session = session;
  return call(frame, {}, 0);
}

Result<Reply> Driver::cancel(uint32_t session, uint32_t cancel_id) {
  // A call of this session sleeping in a SUSPEND RPC here wakes up to see the flag.
  {
    std::lock_guard lock(rpc_mutex_);
    for (PendingCall* call : pending_)
      if ((session != 0 && call->session == session) ||
          (call->session == 0 && cancel_id != 0 && call->cancel_id == cancel_id))
        call->cancelled = true;
  }
  rpc_cv_.notify_all();
  Frame frame;
  frame.hdr.cmd = OPTEE_MSG_CMD_CANCEL;
  frame.hdr.session = session;
  frame.hdr.cancel_id = cancel_id;
  return call(frame, {}, 0);
}

Result<Reply> Driver::call(Frame& frame, std::span<Param> params, uint32_t first_param) {
  frame.params.reserve(frame.params.size() + params.size());
  // Encode: VALUE → attr 1..3 with a/b/c; memref → TMEM 9..11 by PA (optee-abi.md §2.1).
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    MsgParam m{};
    if (p.type == TEE_PARAM_TYPE_NONE) {
      m.attr = OPTEE_MSG_ATTR_TYPE_NONE;
    } else if (is_value(p.type)) {
      m.attr = p.type;
      m.u[0] = p.a;
      m.u[1] = p.b;
      m.u[2] = p.c;
    } else if (is_memref(p.type)) {
      m.attr = OPTEE_MSG_ATTR_TYPE_TMEM_INPUT + (p.type - TEE_PARAM_TYPE_MEMREF_INPUT);
      if (p.buffer == nullptr) {
        if (!memref_null())
          return comms(
              TEE_ERROR_BAD_PARAMETERS,
              fmt::format("param {}: NULL memref, but the secure world does not take them", i));
        m.u[0] = 0; // a NULL memref is a TMEM with buf_ptr 0
      } else {
        auto pa = pool_->pa_of(p.buffer, p.size);
        if (!pa)
          return comms(
              TEE_ERROR_BAD_PARAMETERS,
              fmt::format("param {}: memref of {} bytes is not inside shared memory", i, p.size));
        m.u[0] = *pa;
      }
      m.u[1] = p.size;
      m.u[2] = 0; // shm_ref: no cookie for static shared memory
    } else {
      return comms(TEE_ERROR_BAD_PARAMETERS,
                   fmt::format("param {}: unknown parameter type {}", i, p.type));
    }
    frame.params.push_back(m);
  }
  frame.hdr.num_params = static_cast<uint32_t>(frame.params.size());
  boost::container::small_vector<uint64_t, 6> sent_attrs;
  for (const MsgParam& m : frame.params)
    sent_attrs.push_back(m.attr);

  SWEMU_TRY_VOID(std_call(frame));

  // Decode: only what the ABI says comes back, by the type we sent.
  for (size_t i = 0; i < frame.params.size(); ++i)
    if (frame.params[i].attr != sent_attrs[i])
      return comms(TEE_ERROR_COMMUNICATION,
                   fmt::format("secure world changed param {} attr {:#x} to {:#x}", i,
                               sent_attrs[i], frame.params[i].attr));
  for (size_t i = 0; i < params.size(); ++i) {
    Param& p = params[i];
    const MsgParam& m = frame.params[first_param + i];
    if (p.type == TEE_PARAM_TYPE_VALUE_OUTPUT || p.type == TEE_PARAM_TYPE_VALUE_INOUT) {
      p.a = m.u[0];
      p.b = m.u[1];
      p.c = m.u[2];
    } else if (p.type == TEE_PARAM_TYPE_MEMREF_OUTPUT || p.type == TEE_PARAM_TYPE_MEMREF_INOUT) {
      p.size = m.u[1]; // may exceed the buffer: the size needed, with SHORT_BUFFER
    }
  }

  Reply reply;
  reply.ret = frame.hdr.ret;
  reply.origin = frame.hdr.ret_origin;
  if (reply.origin < TEE_ORIGIN_API || reply.origin > TEE_ORIGIN_TRUSTED_APP) {
    if (reply.ret != TEE_SUCCESS)
      logger()->warn("secure world returned {:#x} with unknown origin {}", reply.ret, reply.origin);
    reply.origin = TEE_ORIGIN_TEE;
  }
  if (frame.hdr.cmd == OPTEE_MSG_CMD_OPEN_SESSION)
    reply.session = reply.ret == TEE_SUCCESS ? frame.hdr.session : 0;
  return reply;
}

Result<void> Driver::std_call(Frame& frame) {
  const uint64_t bytes = optee_msg_get_arg_size(frame.params.size());
  if (bytes > kPageSize)
    return comms(TEE_ERROR_BAD_PARAMETERS,
                 fmt::format("{} params do not fit one optee_msg_arg page", frame.params.size()));
  // With SEC_CAP_RPC_ARG the RPC argument rides after the frame (CALL_WITH_RPC_ARG), as
  // Linux does; otherwise the secure world asks for it with RPC_FUNC_ALLOC.
  const bool rpc_arg = (sec_caps_ & OPTEE_SMC_SEC_CAP_RPC_ARG) != 0;
  const uint64_t total = bytes + (rpc_arg ? optee_msg_get_arg_size(kRpcArgParams) : 0);
  struct FrameMemory {
    Driver* d;
    ShmBuffer buffer;
    ~FrameMemory() { d->give_back_frame_buffer(std::move(buffer)); }
  } memory{this, SWEMU_TRY(take_frame_buffer(total))};
  const ShmBuffer& arg = memory.buffer;
  std::memcpy(arg.host(), &frame.hdr, sizeof frame.hdr);
  if (!frame.params.empty())
    std::memcpy(arg.host() + kMsgArgHeaderSize, frame.params.data(),
                frame.params.size() * kMsgParamSize);

  core::SmcRegs call;
  call.a[0] = rpc_arg ? OPTEE_SMC_CALL_WITH_RPC_ARG : OPTEE_SMC_CALL_WITH_ARG;
  call.a[1] = arg.pa() >> 32;
  call.a[2] = arg.pa() & 0xFFFFFFFF;

  PendingCall pending;
  pending.session = frame.hdr.cmd == OPTEE_MSG_CMD_OPEN_SESSION ? 0 : frame.hdr.session;
  pending.cancel_id = frame.hdr.cancel_id;
  pending.rpc_arg = rpc_arg ? arg.host() + bytes : nullptr;
  {
    std::lock_guard lock(rpc_mutex_);
    pending_.push_back(&pending);
  }
  struct Unlist {
    Driver* d;
    PendingCall* p;
    ~Unlist() {
      {
        std::lock_guard lock(d->rpc_mutex_);
        d->pending_.erase(std::find(d->pending_.begin(), d->pending_.end(), p));
      }
      // A secure thread is free again: wake a call that found none (ETHREAD_LIMIT).
      d->rpc_cv_.notify_all();
    }
  } unlist{this, &pending};

  core::SmcRegs in = call;
  for (;;) {
    const core::SmcRegs out = transport_->call(in);
    const uint32_t code = w(out.a[0]);
    if (code == OPTEE_SMC_RETURN_OK)
      break;
    if (optee_smc_return_is_rpc(code)) {
      in = serve_rpc(out, pending);
      continue;
    }
    if (code == OPTEE_SMC_RETURN_ETHREAD_LIMIT) {
      // Every secure thread is busy: wait until a call of this driver ends (or a while,
      // for calls of other processes sharing the daemon), then retry, as Linux does.
      std::unique_lock lock(rpc_mutex_);
      rpc_cv_.wait_for(lock, kThreadLimitRetry);
      in = call;
      continue;
    }
    return comms(TEE_ERROR_COMMUNICATION,
                 fmt::format("{} (cmd {}) failed with SMC code {:#x}",
                             rpc_arg ? "CALL_WITH_RPC_ARG" : "CALL_WITH_ARG", frame.hdr.cmd, code));
  }

  // Read the answer once, then check it: the header must still describe the frame we sent.
  MsgArgHeader hdr;
  std::memcpy(&hdr, arg.host(), sizeof hdr);
  if (hdr.num_params != frame.hdr.num_params)
    return comms(TEE_ERROR_COMMUNICATION,
                 fmt::format("secure world changed num_params from {} to {}", frame.hdr.num_params,
                             hdr.num_params));
  if (!frame.params.empty())
    std::memcpy(frame.params.data(), arg.host() + kMsgArgHeaderSize,
                frame.params.size() * kMsgParamSize);
  frame.hdr.ret = hdr.ret;
  frame.hdr.ret_origin = hdr.ret_origin;
  frame.hdr.session = hdr.session;
  return {};
}

Result<ShmBuffer> Driver::take_frame_buffer(uint64_t bytes) {
  if (bytes > kCachedFrameBytes)
    return ShmBuffer::allocate(*pool_, bytes, arg_alignment(bytes));
  {
    std::lock_guard lock(frame_cache_mutex_);
    if (!frame_cache_.empty()) {
      ShmBuffer buffer = std::move(frame_cache_.back());
      frame_cache_.pop_back();
      std::memset(buffer.host(), 0, buffer.size());
      return buffer;
    }
  }
  return ShmBuffer::allocate(*pool_, kCachedFrameBytes, arg_alignment(kCachedFrameBytes));
}

size_t Driver::cached_frame_buffers() const {
  std::lock_guard lock(frame_cache_mutex_);
  return frame_cache_.size();
}

void Driver::give_back_frame_buffer(ShmBuffer buffer) {
  if (!buffer || buffer.size() != kCachedFrameBytes)
    return; // freed here
  std::lock_guard lock(frame_cache_mutex_);
  if (frame_cache_.size() < kCachedFrames)
    frame_cache_.push_back(std::move(buffer));
}

uint64_t Driver::rpc_alloc(uint64_t size, uint64_t align, uint64_t* pa_out) {
  auto buffer = ShmBuffer::allocate(*pool_, size, align);
  if (!buffer) {
    logger()->warn("RPC allocation of {} bytes failed: {}", size, buffer.error().message);
    return 0;
  }
  std::lock_guard lock(rpc_mutex_);
  const uint64_t cookie = next_cookie_++;
  *pa_out = buffer->pa();
  rpc_blocks_.emplace(cookie, std::move(buffer).value());
  return cookie;
}

core::SmcRegs Driver::serve_rpc(const core::SmcRegs& rpc, PendingCall& call) {
  core::SmcRegs resume;
  resume.a[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
  resume.a[3] = rpc.a[3]; // the secure thread to resume

  const uint32_t func = w(rpc.a[0]) & ~OPTEE_SMC_RETURN_RPC_PREFIX_MASK;
  switch (func) {
  case OPTEE_SMC_RPC_FUNC_ALLOC: {
    // Memory for an RPC optee_msg_arg: a1 = bytes; back a1:a2 = PA, a4:a5 = cookie.
    const uint64_t size = w(rpc.a[1]);
    uint64_t pa = 0;
    const uint64_t cookie = rpc_alloc(size, arg_alignment(size), &pa);
    if (cookie != 0) {
      resume.a[1] = pa >> 32;
      resume.a[2] = pa & 0xFFFFFFFF;
      resume.a[4] = cookie >> 32;
      resume.a[5] = cookie & 0xFFFFFFFF;
    }
    break;
  }
  case OPTEE_SMC_RPC_FUNC_FREE: {
    std::lock_guard lock(rpc_mutex_);
    if (rpc_blocks_.erase(join(rpc.a[1], rpc.a[2])) == 0)
      logger()->warn("RPC free of unknown cookie {:#x}", join(rpc.a[1], rpc.a[2]));
    break;
  }
  case OPTEE_SMC_RPC_FUNC_FOREIGN_INTR:
    break; // nothing to handle here; just resume
  case OPTEE_SMC_RPC_FUNC_CMD:
    serve_rpc_cmd(join(rpc.a[1], rpc.a[2]), call);
    break;
  default:
    logger()->warn("unknown RPC function {:#x}; resuming with nothing done", func);
    break;
  }
  return resume;
}

void Driver::serve_rpc_cmd(uint64_t cookie, PendingCall& call) {
  uint8_t* host = nullptr;
  uint64_t capacity = 0;
  if (call.rpc_arg != nullptr) {
    // CALL_WITH_RPC_ARG: the argument is the one after the call's frame, whatever a1:a2.
    host = call.rpc_arg;
    capacity = optee_msg_get_arg_size(kRpcArgParams);
  } else {
    std::lock_guard lock(rpc_mutex_);
    auto it = rpc_blocks_.find(cookie);
    if (it != rpc_blocks_.end()) {
      host = it->second.host();
      capacity = it->second.size();
    }
  }
  if (host == nullptr || capacity < kMsgArgHeaderSize) {
    logger()->warn("RPC command in unknown shared memory (cookie {:#x})", cookie);
    return;
  }

  MsgArgHeader hdr;
  std::memcpy(&hdr, host, sizeof hdr);
  if (hdr.num_params > (capacity - kMsgArgHeaderSize) / kMsgParamSize) {
    hdr.ret = TEE_ERROR_BAD_PARAMETERS;
    std::memcpy(host, &hdr, sizeof hdr);
    return;
  }
  std::vector<MsgParam> p(hdr.num_params);
  if (!p.empty())
    std::memcpy(p.data(), host + kMsgArgHeaderSize, p.size() * kMsgParamSize);

  auto type = [&](size_t i) { return p[i].attr & OPTEE_MSG_ATTR_TYPE_MASK; };
  hdr.ret = TEE_ERROR_NOT_SUPPORTED;
  switch (hdr.cmd) {
  case OPTEE_RPC_CMD_GET_TIME:
    if (p.size() == 1 && type(0) == OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT) {
      timespec ts{};
      clock_gettime(CLOCK_REALTIME, &ts);
      p[0].u[0] = static_cast<uint64_t>(ts.tv_sec);
      p[0].u[1] = static_cast<uint64_t>(ts.tv_nsec);
      hdr.ret = TEE_SUCCESS;
    } else {
      hdr.ret = TEE_ERROR_BAD_PARAMETERS;
    }
    break;
  case OPTEE_RPC_CMD_SHM_ALLOC:
    hdr.ret = serve_shm_alloc(p);
    break;
  case OPTEE_RPC_CMD_SHM_FREE:
    hdr.ret = serve_shm_free(p);
    break;
  case OPTEE_RPC_CMD_SUSPEND:
    // p0 VALUE_INPUT a = milliseconds. Linux sleeps interruptibly; here a cancellation of
    // the call through this driver ends the sleep too (the secure world then sees it).
    if (p.size() == 1 && type(0) == OPTEE_MSG_ATTR_TYPE_VALUE_INPUT) {
      const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(w(p[0].u[0]));
      std::unique_lock lock(rpc_mutex_);
      rpc_cv_.wait_until(lock, until, [&] { return call.cancelled; });
      // One wake-up per cancellation: a TA that masks it sleeps normally afterwards.
      call.cancelled = false;
      hdr.ret = TEE_SUCCESS;
    } else {
      hdr.ret = TEE_ERROR_BAD_PARAMETERS;
    }
    break;
  case OPTEE_RPC_CMD_NOTIFICATION:
    hdr.ret = serve_notification(p);
    break;
  case OPTEE_RPC_CMD_LOAD_TA:
  case OPTEE_RPC_CMD_RPMB:
  case OPTEE_RPC_CMD_FS:
  case kRpcCmdGprof:
  case kRpcCmdSocket:
  case kRpcCmdFtrace:
  case kRpcCmdSuppPlugin:
    // The supplicant's commands: to the attached supplicant, else the built-in one, which
    // only loads TAs (the REE file system, RPMB, sockets, ... are not provided).
    if (auto ret = forward_to_supplicant(hdr.cmd, p))
      hdr.ret = *ret;
    else if (hdr.cmd == OPTEE_RPC_CMD_LOAD_TA)
      hdr.ret = serve_load_ta(p);
    else
      logger()->debug("RPC command {} not supported without a supplicant", hdr.cmd);
    break;
  default:
    logger()->debug("RPC command {} not supported", hdr.cmd);
    break;
  }
  std::memcpy(host, &hdr, sizeof hdr);
  if (!p.empty())
    std::memcpy(host + kMsgArgHeaderSize, p.data(), p.size() * kMsgParamSize);
}

uint32_t Driver::serve_shm_alloc(std::span<MsgParamWords> p) {
  // p0 VALUE_INPUT a = type, b = size, c = alignment; back p0 = TMEM_OUTPUT
  // {PA, size, cookie}.
  if (p.size() != 1 || (p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_VALUE_INPUT)
    return TEE_ERROR_BAD_PARAMETERS;
  const uint64_t size = p[0].u[1];
  const uint64_t align = p[0].u[2];
  // Memory of type APPL is the supplicant's (optee_rpc_cmd_alloc_suppl): it allocates its
  // own shm and names it by id (VALUE_INOUT a = APPL, b = size; back c = the id). The
  // block the secure world sees is still this driver's; the id is remembered with it.
  std::optional<uint64_t> supplicant_id;
  if (p[0].u[0] == OPTEE_RPC_SHM_TYPE_APPL) {
    std::vector<SupplicantParam> sp(1);
    sp[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
    sp[0].a = OPTEE_RPC_SHM_TYPE_APPL;
    sp[0].b = size;
    if (auto ret = supplicant_request(OPTEE_RPC_CMD_SHM_ALLOC, sp)) {
      if (*ret != TEE_SUCCESS) {
        logger()->debug("supplicant SHM_ALLOC of {} bytes: {:#x}", size, *ret);
        return TEE_ERROR_OUT_OF_MEMORY;
      }
      supplicant_id = sp[0].c;
    }
  }
  uint64_t pa = 0;
  const uint64_t cookie =
      rpc_alloc(size, align != 0 && (align & (align - 1)) == 0 ? align : 8, &pa);
  if (cookie == 0) {
    if (supplicant_id)
      free_supplicant_shm(*supplicant_id);
    return TEE_ERROR_OUT_OF_MEMORY;
  }
  if (supplicant_id) {
    std::lock_guard lock(rpc_mutex_);
    supplicant_shm_ids_[cookie] = *supplicant_id;
  }
  p[0].attr = OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT;
  p[0].u[0] = pa;
  p[0].u[1] = size;
  p[0].u[2] = cookie;
  return TEE_SUCCESS;
}

const ShmBuffer* Driver::lent_block(uint64_t cookie, uint64_t pa, uint64_t size) const {
  auto it = rpc_blocks_.find(cookie);
  if (it == rpc_blocks_.end() || pa < it->second.pa() || pa - it->second.pa() > it->second.size() ||
      size > it->second.size() - (pa - it->second.pa()))
    return nullptr;
  return &it->second;
}

uint32_t Driver::serve_shm_free(std::span<MsgParamWords> p) {
  // p0 VALUE_INPUT a = type, b = cookie. The supplicant's shm goes too
  // (optee_rpc_cmd_free_suppl: VALUE_INOUT a = APPL, b = the id).
  if (p.size() != 1 || (p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_VALUE_INPUT)
    return TEE_ERROR_BAD_PARAMETERS;
  std::optional<uint64_t> supplicant_id;
  {
    std::lock_guard lock(rpc_mutex_);
    if (rpc_blocks_.erase(p[0].u[1]) == 0)
      return TEE_ERROR_BAD_PARAMETERS;
    if (auto it = supplicant_shm_ids_.find(p[0].u[1]); it != supplicant_shm_ids_.end()) {
      supplicant_id = it->second;
      supplicant_shm_ids_.erase(it);
    }
  }
  if (supplicant_id)
    free_supplicant_shm(*supplicant_id);
  return TEE_SUCCESS;
}

void Driver::free_supplicant_shm(uint64_t id) {
  // optee_rpc_cmd_free_suppl: SHM_FREE with VALUE_INOUT a = APPL, b = the id. A supplicant
  // that went away meanwhile has freed it anyway.
  std::vector<SupplicantParam> sp(1);
  sp[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
  sp[0].a = OPTEE_RPC_SHM_TYPE_APPL;
  sp[0].b = id;
  auto ret = supplicant_request(OPTEE_RPC_CMD_SHM_FREE, sp);
  if (ret && *ret != TEE_SUCCESS)
    logger()->debug("supplicant SHM_FREE of shm {}: {:#x}", id, *ret);
}

std::optional<uint32_t> Driver::supplicant_request(uint32_t func,
                                                   std::vector<SupplicantParam>& params) {
  // This process's supplicant first, then one that serves several processes (a daemon's).
  if (auto ret = supplicant_queue()->request(func, params))
    return ret;
  return transport_->supplicant_request(func, params);
}

Result<std::unique_ptr<SupplicantService>>
Driver::serve_supplicant(std::shared_ptr<SupplicantQueue> queue) {
  return transport_->serve_supplicant(std::move(queue));
}

std::optional<uint32_t> Driver::forward_to_supplicant(uint32_t cmd, std::span<MsgParamWords> p) {
  // optee_msg params as the supplicant sees them (optee-abi.md §7.1): values as they are;
  // a temporary memref as {a = offset, b = size, c = shm id} in the supplicant's shm for
  // its block, or {0, size, TEE_MEMREF_NULL} for a NULL one (LOAD_TA's size query).
  std::vector<SupplicantParam> sp(p.size());
  {
    std::lock_guard lock(rpc_mutex_);
    for (size_t i = 0; i < p.size(); ++i) {
      const uint64_t type = p[i].attr & OPTEE_MSG_ATTR_TYPE_MASK;
      SupplicantParam& s = sp[i];
      if (type == OPTEE_MSG_ATTR_TYPE_NONE)
        continue;
      if (type >= OPTEE_MSG_ATTR_TYPE_VALUE_INPUT && type <= OPTEE_MSG_ATTR_TYPE_VALUE_INOUT) {
        s.attr = type;
        s.a = p[i].u[0];
        s.b = p[i].u[1];
        s.c = p[i].u[2];
        continue;
      }
      if (type < OPTEE_MSG_ATTR_TYPE_TMEM_INPUT || type > OPTEE_MSG_ATTR_TYPE_TMEM_INOUT)
        return TEE_ERROR_BAD_PARAMETERS;
      s.attr = TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT + (type - OPTEE_MSG_ATTR_TYPE_TMEM_INPUT);
      const uint64_t pa = p[i].u[0];
      const uint64_t size = p[i].u[1];
      s.b = size;
      if (pa == 0) {
        s.c = TEE_MEMREF_NULL;
        continue;
      }
      const ShmBuffer* block = lent_block(p[i].u[2], pa, size);
      if (block == nullptr)
        return TEE_ERROR_BAD_PARAMETERS;
      auto id = supplicant_shm_ids_.find(p[i].u[2]);
      if (id == supplicant_shm_ids_.end())
        return std::nullopt; // allocated before the supplicant came: the built-in one's
      s.a = pa - block->pa();
      s.c = id->second;
      s.data = block->host() + s.a;
      s.data_size = size;
    }
  }
  auto ret = supplicant_request(cmd, sp);
  if (!ret)
    return std::nullopt; // no supplicant, or it went before the request was queued
  // Back: values of the output directions, and the size of output memrefs.
  for (size_t i = 0; i < p.size(); ++i) {
    const uint64_t type = p[i].attr & OPTEE_MSG_ATTR_TYPE_MASK;
    if (type == OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT || type == OPTEE_MSG_ATTR_TYPE_VALUE_INOUT) {
      p[i].u[0] = sp[i].a;
      p[i].u[1] = sp[i].b;
      p[i].u[2] = sp[i].c;
    } else if (type == OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT || type == OPTEE_MSG_ATTR_TYPE_TMEM_INOUT) {
      p[i].u[1] = sp[i].b;
    }
  }
  return *ret;
}

uint32_t Driver::serve_notification(std::span<MsgParamWords> p) {
  // p0 VALUE_INPUT: a = WAIT or SEND, b = the key, c = WAIT's timeout in ms (0: none). A
  // SEND before its WAIT is kept, so the WAIT returns at once, as Linux's optee_notif.
  if (p.size() != 1 || (p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_VALUE_INPUT)
    return TEE_ERROR_BAD_PARAMETERS;
  const uint64_t key = p[0].u[1];
  // Processes sharing a secure world share one table (a daemon's), as they would share
  // the one driver on Linux.
  if (auto ret = transport_->notification(p[0].u[0], key, p[0].u[2]))
    return *ret;
  std::unique_lock lock(rpc_mutex_);
  switch (p[0].u[0]) {
  case OPTEE_RPC_NOTIFICATION_SEND:
    notified_.insert(key);
    lock.unlock();
    rpc_cv_.notify_all();
    return TEE_SUCCESS;
  case OPTEE_RPC_NOTIFICATION_WAIT: {
    auto ready = [&] { return notified_.count(key) != 0; };
    bool woken = true;
    if (p[0].u[2] == 0)
      rpc_cv_.wait(lock, ready);
    else
      woken = rpc_cv_.wait_for(lock, std::chrono::milliseconds(p[0].u[2]), ready);
    notified_.erase(key);
    return woken ? TEE_SUCCESS : TEE_ERROR_TIMEOUT;
  }
  default:
    return TEE_ERROR_BAD_PARAMETERS;
  }
}

uint32_t Driver::serve_load_ta(std::span<MsgParamWords> p) {
  // The built-in supplicant (optee-abi.md §7.2, §7.3): p0 VALUE_INPUT = the UUID octets,
  // p1 TMEM_OUTPUT = where the file goes (NULL: only its size is asked).
  if (p.size() != 2 || (p[0].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_VALUE_INPUT ||
      (p[1].attr & OPTEE_MSG_ATTR_TYPE_MASK) != OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT)
    return TEE_ERROR_BAD_PARAMETERS;
  Uuid uuid;
  std::memcpy(uuid.octets.data(), &p[0].u[0], 16);
  const std::string name = uuid.str();
  std::string without_last_dash = name;
  without_last_dash.erase(23, 1);
  std::vector<uint8_t> bytes;
  bool found = false;
  std::vector<std::filesystem::path> dirs;
  {
    std::lock_guard lock(rpc_mutex_);
    dirs = supplicant_ta_dirs_;
  }
  for (const auto& dir : dirs) {
    for (const std::string& file : {name + ".ta", without_last_dash + ".ta"}) {
      std::ifstream in(dir / file, std::ios::binary);
      if (!in)
        continue;
      bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (bytes.size() > kMaxTaFileBytes) {
        logger()->warn("LOAD_TA: {} is larger than {} bytes", (dir / file).string(),
                       kMaxTaFileBytes);
        return TEE_ERROR_OUT_OF_MEMORY;
      }
      logger()->debug("LOAD_TA {}: {} ({} bytes)", name, (dir / file).string(), bytes.size());
      found = true;
      break;
    }
    if (found)
      break;
  }
  if (!found)
    return TEE_ERROR_ITEM_NOT_FOUND;
  const uint64_t pa = p[1].u[0];
  const uint64_t room = p[1].u[1];
  p[1].u[1] = bytes.size();
  if (pa == 0)
    return TEE_SUCCESS; // the size query
  // The buffer must be memory this driver lent with SHM_ALLOC (shm_ref = its cookie).
  uint8_t* host = nullptr;
  {
    std::lock_guard lock(rpc_mutex_);
    if (const ShmBuffer* block = lent_block(p[1].u[2], pa, room))
      host = block->host() + (pa - block->pa());
  }
  if (host == nullptr)
    return TEE_ERROR_BAD_PARAMETERS;
  if (room < bytes.size())
    return TEE_ERROR_SHORT_BUFFER;
  std::memcpy(host, bytes.data(), bytes.size());
  return TEE_SUCCESS;
}

void Driver::set_supplicant_ta_dirs(std::vector<std::filesystem::path> dirs) {
  std::lock_guard lock(rpc_mutex_);
  supplicant_ta_dirs_ = std::move(dirs);
}

std::shared_ptr<SupplicantQueue> Driver::supplicant_queue() const {
  std::lock_guard lock(rpc_mutex_);
  return supplicant_;
}

void Driver::set_supplicant_queue(std::shared_ptr<SupplicantQueue> queue) {
  std::lock_guard lock(rpc_mutex_);
  supplicant_ = std::move(queue);
}

std::optional<Driver::ShmFileOffset> Driver::shared_memory_file(const void* host) const {
  const int fd = transport_->shared_memory_fd();
  const core::NsShm shm = transport_->shared_memory();
  const auto p = reinterpret_cast<uintptr_t>(host);
  const auto start = reinterpret_cast<uintptr_t>(shm.host);
  if (fd < 0 || p < start || p - start >= shm.size)
    return std::nullopt;
  return ShmFileOffset{fd, p - start};
}

size_t Driver::rpc_allocations() const {
  std::lock_guard lock(rpc_mutex_);
  return rpc_blocks_.size();
}

// --- DriverContext -------------------------------------------------------------------

DriverContext::~DriverContext() {
  // Closing the device closes what was left open through it.
  std::set<uint32_t> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(sessions_);
  }
  for (uint32_t s : left) {
    auto r = driver_->close_session(s);
    if (!r)
      logger()->warn("closing session {:#x} at context teardown: {}", s, r.error().message);
  }
}

bool DriverContext::owns(uint32_t session) const {
  std::lock_guard lock(mutex_);
  return sessions_.count(session) != 0;
}

size_t DriverContext::session_count() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

Result<Reply> DriverContext::open_session(const OpenSessionRequest& request,
                                          std::span<Param> params) {
  Reply reply = SWEMU_TRY(driver_->open_session(request, params));
  if (reply.ret == TEE_SUCCESS) {
    std::lock_guard lock(mutex_);
    if (!sessions_.insert(reply.session).second)
      logger()->warn("secure world reused live session id {:#x}", reply.session);
  }
  return reply;
}

Result<Reply> DriverContext::invoke(uint32_t session, uint32_t func, uint32_t cancel_id,
                                    std::span<Param> params) {
  if (!owns(session))
    return comms(TEE_ERROR_BAD_PARAMETERS,
                 fmt::format("session {:#x} is not open in this context", session));
  return driver_->invoke(session, func, cancel_id, params);
}

Result<Reply> DriverContext::close_session(uint32_t session) {
  {
    std::lock_guard lock(mutex_);
    if (sessions_.erase(session) == 0)
      return comms(TEE_ERROR_BAD_PARAMETERS,
                   fmt::format("session {:#x} is not open in this context", session));
  }
  return driver_->close_session(session);
}

Result<Reply> DriverContext::cancel(uint32_t session, uint32_t cancel_id) {
  // Session 0 with a cancel id: an OPEN_SESSION of this context still in progress (Linux
  // insists on an open session; the secure world finds the open by its cancel id).
  if (session == 0 && cancel_id != 0)
    return driver_->cancel(0, cancel_id);
  if (!owns(session))
    return comms(TEE_ERROR_BAD_PARAMETERS,
                 fmt::format("session {:#x} is not open in this context", session));
  return driver_->cancel(session, cancel_id);
}

} // namespace swemu::bridge
