#include "msg.h"

#include <cstring>

#include <fmt/format.h>

namespace swemu::core {
namespace {

using namespace swemu::abi;

// Field offsets inside optee_msg_arg and optee_msg_param (optee-abi.md §2.2, §2.3).
constexpr size_t kOffCmd = 0;
constexpr size_t kOffFunc = 4;
constexpr size_t kOffSession = 8;
constexpr size_t kOffCancelId = 12;
constexpr size_t kOffRet = 20;
constexpr size_t kOffRetOrigin = 24;
constexpr size_t kOffNumParams = 28;
constexpr size_t kParamOffAttr = 0;
constexpr size_t kParamOffA = 8;  // value.a / tmem.buf_ptr
constexpr size_t kParamOffB = 16; // value.b / tmem.size
constexpr size_t kPageSize = 4096;

template <class T> T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T> void store(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

uint8_t* param_ptr(const MsgLocation& loc, uint32_t i) {
  return loc.arg + kMsgArgHeaderSize + static_cast<size_t>(i) * kMsgParamSize;
}

Error bad_param(std::string msg) {
  return make_error(TEE_ERROR_BAD_PARAMETERS, std::move(msg), TEE_ORIGIN_TEE);
}

// One parameter as received: raw attr and the three union words.
struct RawParam {
  uint64_t attr, a, b, c;
};

RawParam read_param(const uint8_t* p) {
  return {load<uint64_t>(p + kParamOffAttr), load<uint64_t>(p + kParamOffA),
          load<uint64_t>(p + kParamOffB), load<uint64_t>(p + 24)};
}

Result<TaParam> decode_ta_param(const NsMemory& mem, const RawParam& raw, uint32_t index) {
  // Only the type and cache bits may be set on a TA parameter.
  constexpr uint64_t kAllowed =
      OPTEE_MSG_ATTR_TYPE_MASK | (OPTEE_MSG_ATTR_CACHE_MASK << OPTEE_MSG_ATTR_CACHE_SHIFT);
  if (raw.attr & OPTEE_MSG_ATTR_META)
    return bad_param(fmt::format("param {}: META attribute on a non-leading param", index));
  if (raw.attr & OPTEE_MSG_ATTR_NONCONTIG)
    return bad_param(fmt::format("param {}: non-contiguous memory is not supported", index));
  if (raw.attr & ~kAllowed)
    return bad_param(fmt::format("param {}: unknown attribute bits {:#x}", index, raw.attr));

  TaParam p;
  switch (raw.attr & OPTEE_MSG_ATTR_TYPE_MASK) {
  case OPTEE_MSG_ATTR_TYPE_NONE:
    return p;
  case OPTEE_MSG_ATTR_TYPE_VALUE_INPUT:
  case OPTEE_MSG_ATTR_TYPE_VALUE_OUTPUT:
  case OPTEE_MSG_ATTR_TYPE_VALUE_INOUT:
    p.type = static_cast<uint32_t>(raw.attr & OPTEE_MSG_ATTR_TYPE_MASK);
    // Only a and b reach the TA; value.c is dropped (optee-abi.md §2.1).
    if (p.type != TEE_PARAM_TYPE_VALUE_OUTPUT) {
      p.a = raw.a;
      p.b = raw.b;
    }
    return p;
  case OPTEE_MSG_ATTR_TYPE_TMEM_INPUT:
  case OPTEE_MSG_ATTR_TYPE_TMEM_OUTPUT:
  case OPTEE_MSG_ATTR_TYPE_TMEM_INOUT: {
    p.type = static_cast<uint32_t>((raw.attr & OPTEE_MSG_ATTR_TYPE_MASK) -
                                   OPTEE_MSG_ATTR_TYPE_TMEM_INPUT + TEE_PARAM_TYPE_MEMREF_INPUT);
    p.pa = raw.a;
    p.size = raw.b;
    if (raw.a == 0) // NULL memref
      return p;
    p.host = mem.translate(raw.a, raw.b == 0 ? 1 : raw.b);
    if (p.host == nullptr)
      return bad_param(fmt::format("param {}: memref [{:#x}, +{:#x}) is outside shared memory",
                                   index, raw.a, raw.b));
    return p;
  }
  case OPTEE_MSG_ATTR_TYPE_RMEM_INPUT:
  case OPTEE_MSG_ATTR_TYPE_RMEM_OUTPUT:
  case OPTEE_MSG_ATTR_TYPE_RMEM_INOUT:
    return bad_param(fmt::format("param {}: registered shared memory is not supported", index));
  default:
    return bad_param(
        fmt::format("param {}: unknown type {:#x}", index, raw.attr & OPTEE_MSG_ATTR_TYPE_MASK));
  }
}

} // namespace

uint8_t* NsMemory::translate(uint64_t pa, uint64_t size) const {
  if (pa < shm_.pa)
    return nullptr;
  uint64_t off = pa - shm_.pa;
  if (off > shm_.size || size > shm_.size - off)
    return nullptr;
  return shm_.host + off;
}

Result<MsgLocation> locate_msg_arg(const NsMemory& mem, uint64_t pa) {
  auto bad_addr = [&](const char* why) {
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("msg arg at {:#x}: {}", pa, why),
                      TEE_ORIGIN_COMMS);
  };
  if (pa % 8 != 0)
    return bad_addr("not 8-byte aligned");
  uint8_t* hdr = mem.translate(pa, kMsgArgHeaderSize);
  if (hdr == nullptr)
    return bad_addr("header outside shared memory");
  uint32_t n = load<uint32_t>(hdr + kOffNumParams);
  if (n > OPTEE_MSG_MAX_NUM_PARAMS)
    return bad_addr("num_params above OPTEE_MSG_MAX_NUM_PARAMS");
  uint64_t size = optee_msg_get_arg_size(n);
  if ((pa % kPageSize) + size > kPageSize)
    return bad_addr("frame crosses a 4 KiB page");
  if (mem.translate(pa, size) == nullptr)
    return bad_addr("params outside shared memory");
  return MsgLocation{hdr, n};
}

Result<MsgFrame> decode_msg_arg(const NsMemory& mem, const MsgLocation& loc) {
  MsgFrame f;
  f.cmd = load<uint32_t>(loc.arg + kOffCmd);
  f.func = load<uint32_t>(loc.arg + kOffFunc);
  f.session = load<uint32_t>(loc.arg + kOffSession);
  f.cancel_id = load<uint32_t>(loc.arg + kOffCancelId);
  // The count was checked by locate_msg_arg; use that value, not a re-read.
  f.num_params = loc.num_params;

  uint32_t first_ta_param = 0;
  switch (f.cmd) {
  case OPTEE_MSG_CMD_OPEN_SESSION: {
    if (f.num_params < 2)
      return bad_param("open session: fewer than the two meta params");
    RawParam ta = read_param(param_ptr(loc, 0));
    RawParam client = read_param(param_ptr(loc, 1));
    constexpr uint64_t kMetaValueIn = OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
    if (ta.attr != kMetaValueIn || client.attr != kMetaValueIn)
      return bad_param("open session: params 0 and 1 must be META|VALUE_INPUT");
    // The UUID octets are the memory bytes of value.a then value.b (§2.5).
    f.ta_uuid = Uuid::from_octets(param_ptr(loc, 0) + kParamOffA);
    f.client_uuid = Uuid::from_octets(param_ptr(loc, 1) + kParamOffA);
    if (client.c > 0xFFFFFFFFu)
      return bad_param("open session: login does not fit 32 bits");
    f.login = static_cast<uint32_t>(client.c);
    switch (f.login) {
    case TEE_LOGIN_PUBLIC:
    case TEE_LOGIN_REE_KERNEL:
      f.client_uuid = Uuid{};
      break;
    case TEE_LOGIN_USER:
    case TEE_LOGIN_GROUP:
    case TEE_LOGIN_APPLICATION:
    case TEE_LOGIN_APPLICATION_USER:
    case TEE_LOGIN_APPLICATION_GROUP:
      break;
    default:
      return bad_param(fmt::format("open session: unknown login {:#x}", f.login));
    }
    first_ta_param = 2;
    break;
  }
  case OPTEE_MSG_CMD_INVOKE_COMMAND:
    break;
  case OPTEE_MSG_CMD_CLOSE_SESSION:
  case OPTEE_MSG_CMD_CANCEL:
    if (f.num_params != 0)
      return bad_param("close/cancel: num_params must be 0");
    return f;
  default:
    return make_error(TEE_ERROR_NOT_IMPLEMENTED, fmt::format("unknown msg cmd {}", f.cmd),
                      TEE_ORIGIN_COMMS);
  }

  uint32_t n_ta = f.num_params - first_ta_param;
  if (n_ta > TEE_NUM_PARAMS)
    return bad_param(fmt::format("{} TA params, at most 4 allowed", n_ta));
  for (uint32_t i = 0; i < n_ta; ++i)
    f.params[i] =
        SWEMU_TRY(decode_ta_param(mem, read_param(param_ptr(loc, first_ta_param + i)), i));
  return f;
}

void encode_msg_error(const MsgLocation& loc, uint32_t ret, uint32_t origin) {
  store<uint32_t>(loc.arg + kOffRet, ret);
  store<uint32_t>(loc.arg + kOffRetOrigin, origin);
}

void encode_msg_result(const MsgLocation& loc, const MsgFrame& frame, uint32_t ret,
                       uint32_t origin) {
  encode_msg_error(loc, ret, origin);
  store<uint32_t>(loc.arg + kOffSession, frame.session);
  uint32_t first = frame.cmd == OPTEE_MSG_CMD_OPEN_SESSION ? 2 : 0;
  for (uint32_t i = 0; i + first < frame.num_params && i < TEE_NUM_PARAMS; ++i) {
    const TaParam& p = frame.params[i];
    uint8_t* raw = param_ptr(loc, first + i);
    if (p.is_value() && p.is_output()) {
      store<uint64_t>(raw + kParamOffA, p.a);
      store<uint64_t>(raw + kParamOffB, p.b);
    } else if (p.is_memref() && p.is_output()) {
      store<uint64_t>(raw + kParamOffB, p.size);
    }
  }
}

} // namespace swemu::core
