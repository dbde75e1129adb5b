// OPEN_TA_SESSION (5), CLOSE_TA_SESSION (6), INVOKE_TA_COMMAND (7): a TA as the client of
// another TA (optee-abi.md §5.2; GP TEE Internal Core API v1.3.1 §4.9). The callee sees the
// login TEE_LOGIN_TRUSTED_APP with the caller's UUID.
//
// Memref parameters are bounced: each buffer of the caller's (private memory or a buffer
// it got as a parameter) is copied into a page-aligned host buffer of whole pages, which the
// runtime maps into the callee, so the callee never sees other memory of the caller or of
// the host. After the call, output buffers (at most their original size), output memref
// sizes and output values are written back into the caller's memory and utee_params. Sizes
// and values are written back whenever the callee returned (so TEE_ERROR_SHORT_BUFFER gives
// the size needed), buffer contents only on TEE_SUCCESS, nothing when the TEE itself failed
// the call or the callee died.
//
// cancel_req_to (ms) becomes the callee's cancellation deadline for this call, and a
// cancellation of the caller's operation is passed on to the callee while the call runs
// (GP TEE Internal Core API v1.3.1 §4.9.3, §4.10; CancelState).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "swemu/core/elf_loader.h"
#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

constexpr uint64_t kPage = 4096;

struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};
using PageBuffer = std::unique_ptr<uint8_t, FreeDeleter>;

// The caller's utee_params and the host side of one call.
struct Marshalled {
  uint64_t up[9] = {}; // struct utee_params: types, then a/buffer, b/size per param
  TaParams params{};
  PageBuffer bounce[TEE_NUM_PARAMS];
  uint64_t orig_size[TEE_NUM_PARAMS] = {};
};

uint32_t param_type(const uint64_t up[9], size_t n) {
  return static_cast<uint32_t>(up[0] >> (4 * n)) & 0xF;
}

// Reads the caller's utee_params at `va` (0: no parameters) and bounces its buffers.
uint32_t marshal_in(TaInstance& ta, uint64_t va, Marshalled& m) {
  if (va != 0) {
    if (auto r = ta.copy_from_ta(va, m.up, sizeof m.up); !r)
      return r.error().code;
  }
  for (size_t n = 0; n < TEE_NUM_PARAMS; ++n) {
    TaParam& p = m.params[n];
    p.type = param_type(m.up, n);
    const uint64_t a = m.up[1 + 2 * n];
    const uint64_t b = m.up[2 + 2 * n];
    switch (p.type) {
    case TEE_PARAM_TYPE_NONE:
      break;
    case TEE_PARAM_TYPE_VALUE_INPUT:
    case TEE_PARAM_TYPE_VALUE_OUTPUT:
    case TEE_PARAM_TYPE_VALUE_INOUT:
      p.a = static_cast<uint32_t>(a);
      p.b = static_cast<uint32_t>(b);
      break;
    case TEE_PARAM_TYPE_MEMREF_INPUT:
    case TEE_PARAM_TYPE_MEMREF_OUTPUT:
    case TEE_PARAM_TYPE_MEMREF_INOUT: {
      p.size = b;
      m.orig_size[n] = b;
      if (a == 0)
        break; // a NULL memref stays NULL (its size is passed on)
      const bool in = p.type != TEE_PARAM_TYPE_MEMREF_OUTPUT;
      const bool out = p.type != TEE_PARAM_TYPE_MEMREF_INPUT;
      if (auto r = ta.check_access(a, b, false); !r)
        return r.error().code;
      if (out) {
        if (auto r = ta.check_access(a, b, true); !r)
          return r.error().code;
      }
      // Whole pages, page-aligned: the runtime maps the pages around a host buffer.
      const uint64_t bytes = b == 0 ? kPage : (b + kPage - 1) & ~(kPage - 1);
      void* mem = nullptr;
      if (bytes < b || posix_memalign(&mem, kPage, bytes) != 0)
        return TEE_ERROR_OUT_OF_MEMORY;
      m.bounce[n].reset(static_cast<uint8_t*>(mem));
      std::memset(mem, 0, bytes);
      if (in && b != 0) {
        if (auto r = ta.copy_from_ta(a, mem, b); !r)
          return r.error().code;
      }
      p.host = static_cast<uint8_t*>(mem);
      break;
    }
    default:
      return TEE_ERROR_BAD_PARAMETERS;
    }
  }
  return TEE_SUCCESS;
}

// Writes outputs back to the caller: buffers (only when `data`), then the utee_params block.
uint32_t marshal_out(TaInstance& ta, uint64_t va, Marshalled& m, bool data) {
  bool changed = false;
  for (size_t n = 0; n < TEE_NUM_PARAMS; ++n) {
    const TaParam& p = m.params[n];
    if (!p.is_output())
      continue;
    changed = true;
    if (p.is_value()) {
      m.up[1 + 2 * n] = static_cast<uint32_t>(p.a);
      m.up[2 + 2 * n] = static_cast<uint32_t>(p.b);
      continue;
    }
    const uint64_t buf = m.up[1 + 2 * n];
    if (data && buf != 0 && p.host != nullptr) {
      const uint64_t len = std::min(p.size, m.orig_size[n]);
      if (len != 0) {
        if (auto r = ta.copy_to_ta(buf, p.host, len); !r)
          return r.error().code;
      }
    }
    m.up[2 + 2 * n] = p.size;
  }
  if (changed && va != 0) {
    if (auto r = ta.copy_to_ta(va, m.up, sizeof m.up); !r)
      return r.error().code;
  }
  return TEE_SUCCESS;
}

uint32_t write_u32(TaInstance& ta, uint64_t va, uint32_t v) {
  auto r = ta.copy_to_ta(va, &v, sizeof v);
  return r ? TEE_SUCCESS : r.error().code;
}

// The result of a call, with its origin written to *ret_orig.
uint32_t finish(TaInstance& ta, uint64_t ret_orig_va, uint32_t ret, uint32_t origin) {
  if (uint32_t w = write_u32(ta, ret_orig_va, origin); w != TEE_SUCCESS)
    return w;
  return ret;
}

} // namespace

// (const TEE_UUID *dest, unsigned long cancel_req_to, struct utee_params *params,
//  uint32_t *sess, uint32_t *ret_orig)
uint32_t sys_open_ta_session(TaInstance& ta, const SyscallArgs& args) {
  const EntryContext& ctx = ta.entry_context();
  const uint64_t sess_va = args.a[3];
  const uint64_t orig_va = args.a[4];
  // Both results must be writable before a session is made that could not be reported.
  for (uint64_t va : {sess_va, orig_va})
    if (auto r = ta.check_access(va, sizeof(uint32_t), true); !r)
      return r.error().code;
  if (ctx.services == nullptr)
    return finish(ta, orig_va, TEE_ERROR_NOT_SUPPORTED, TEE_ORIGIN_TEE);

  uint8_t uuid_bytes[16];
  if (auto r = ta.copy_from_ta(args.a[0], uuid_bytes, sizeof uuid_bytes); !r)
    return finish(ta, orig_va, r.error().code, TEE_ORIGIN_TEE);
  const Uuid dest = Uuid::from_tee_uuid_bytes(uuid_bytes);

  Marshalled m;
  if (uint32_t r = marshal_in(ta, args.a[2], m); r != TEE_SUCCESS)
    return finish(ta, orig_va, r, TEE_ORIGIN_TEE);

  uint32_t session = 0;
  const TaCall call{ctx.instance_id, ctx.cancel, args.a[1]};
  EntryResult res =
      ctx.services->ta_open_session(call, ta.image().head.uuid, dest, m.params, &session);
  if (res.origin == TEE_ORIGIN_TRUSTED_APP) {
    if (uint32_t w = marshal_out(ta, args.a[2], m, res.ret == TEE_SUCCESS); w != TEE_SUCCESS) {
      if (session != 0)
        ctx.services->ta_close_session(ctx.instance_id, session);
      return finish(ta, orig_va, w, TEE_ORIGIN_TEE);
    }
  }
  if (uint32_t w = write_u32(ta, sess_va, session); w != TEE_SUCCESS) {
    if (session != 0)
      ctx.services->ta_close_session(ctx.instance_id, session);
    return w;
  }
  return finish(ta, orig_va, res.ret, res.origin);
}

// (unsigned long sess)
uint32_t sys_close_ta_session(TaInstance& ta, const SyscallArgs& args) {
  const EntryContext& ctx = ta.entry_context();
  if (ctx.services == nullptr)
    return TEE_ERROR_NOT_SUPPORTED;
  if (args.a[0] == 0 || args.a[0] > UINT32_MAX)
    return TEE_ERROR_BAD_PARAMETERS;
  return ctx.services->ta_close_session(ctx.instance_id, static_cast<uint32_t>(args.a[0])).ret;
}

// (unsigned long sess, unsigned long cancel_req_to, unsigned long cmd_id,
//  struct utee_params *params, uint32_t *ret_orig)
uint32_t sys_invoke_ta_command(TaInstance& ta, const SyscallArgs& args) {
  const EntryContext& ctx = ta.entry_context();
  const uint64_t orig_va = args.a[4];
  if (auto r = ta.check_access(orig_va, sizeof(uint32_t), true); !r)
    return r.error().code;
  if (ctx.services == nullptr)
    return finish(ta, orig_va, TEE_ERROR_NOT_SUPPORTED, TEE_ORIGIN_TEE);
  if (args.a[0] == 0 || args.a[0] > UINT32_MAX)
    return finish(ta, orig_va, TEE_ERROR_BAD_PARAMETERS, TEE_ORIGIN_TEE);

  Marshalled m;
  if (uint32_t r = marshal_in(ta, args.a[3], m); r != TEE_SUCCESS)
    return finish(ta, orig_va, r, TEE_ORIGIN_TEE);
  const TaCall call{ctx.instance_id, ctx.cancel, args.a[1]};
  EntryResult res = ctx.services->ta_invoke(call, static_cast<uint32_t>(args.a[0]),
                                            static_cast<uint32_t>(args.a[2]), m.params);
  if (res.origin == TEE_ORIGIN_TRUSTED_APP) {
    if (uint32_t w = marshal_out(ta, args.a[3], m, res.ret == TEE_SUCCESS); w != TEE_SUCCESS)
      return finish(ta, orig_va, w, TEE_ORIGIN_TEE);
  }
  return finish(ta, orig_va, res.ret, res.origin);
}

} // namespace swemu::core
