// SPDX-License-Identifier: BSD-2-Clause
/*
 * Copyright (c) 2025, the swemu authors
 *
 * Redistribution and use in source and binary forms, with or without modification, are
 * permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this list of
 *    conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice, this list of
 *    conditions and the following disclaimer in the documentation and/or other materials
 *    provided with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY
 * EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE
 * COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
 * EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF
 * SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION)
 * HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR
 * TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 * SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */

// The GP TEE Client API over swemu's driver. Behaviour follows OP-TEE's libteec without
// TEE_GEN_CAP_REG_MEM (optee-abi.md §8.5, libteec-contract.md §2): shared memory comes
// from the static pool, a registered or temporary client buffer is mirrored by a shadow
// block with copies around each operation, and errors carry the origin GP assigns
// (API for arguments refused here, COMMS for the path to the TEE, else the TEE's own).
//
// Contexts are small integers (imp.fd) into a process-wide table; all contexts share one
// driver and secure world, made on the first TEEC_InitializeContext and destroyed when the
// last context and the last shared memory that uses it are gone.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <sys/types.h>

#include "bridge_log.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/bridge/driver.h"

// Last: it defines TEE_ERROR_* macros that would clash with swemu/core/tee_abi.h.
#include "tee_client_api.h"
#include "tee_client_api_extensions.h"

// Checks our structs against the libteec.so.2 layouts at compile time.
#include "swemu/bridge/teec_layout.h"

namespace swemu::bridge {
namespace {

// TEEC_SharedMemory.imp.flags (optee-abi.md §8.4).
constexpr uint32_t kBufferAlloced = 0x1;
constexpr uint32_t kShadowBufferAlloced = 0x2;

// One allocated or registered TEEC_SharedMemory.
struct ShmRecord {
  std::shared_ptr<Driver> driver; // declared first: the block returns to its pool first
  int context_fd = -1;
  bool shadow = false; // registered client memory, mirrored by `block`
  uint64_t size = 0;   // usable bytes (the request, 0 counted as 8)
  ShmBuffer block;
};

struct Library {
  std::mutex mutex; // guards everything below and TEEC_Operation.imp.session
  std::map<int, std::shared_ptr<DriverContext>> contexts;
  std::map<int, std::shared_ptr<ShmRecord>> shms;
  std::weak_ptr<Driver> driver;
  int next_fd = 1;
  int next_shm_id = 1;

  std::mutex create_mutex; // one secure world, even when contexts are made concurrently
};

Library& lib() {
  static auto* l = new Library; // never destroyed: TEEC calls may come from atexit
  return *l;
}

TEEC_Result finish(uint32_t* origin_out, TEEC_Result code, uint32_t origin) {
  if (origin_out != nullptr)
    *origin_out = origin;
  return code;
}

std::shared_ptr<DriverContext> find_context(const TEEC_Context* context) {
  if (context == nullptr)
    return nullptr;
  auto& l = lib();
  std::lock_guard lock(l.mutex);
  auto it = l.contexts.find(context->imp.fd);
  return it == l.contexts.end() ? nullptr : it->second;
}

bool valid_shm_flags(uint32_t flags) {
  return flags != 0 && (flags & ~uint32_t{TEEC_MEM_INPUT | TEEC_MEM_OUTPUT}) == 0;
}

// GP TEEC_UUID fields to RFC 4122 octets: the three integers big-endian, then the bytes.
Uuid to_uuid(const TEEC_UUID& u) {
  Uuid out;
  auto& o = out.octets;
  o[0] = static_cast<uint8_t>(u.timeLow >> 24);
  o[1] = static_cast<uint8_t>(u.timeLow >> 16);
  o[2] = static_cast<uint8_t>(u.timeLow >> 8);
  o[3] = static_cast<uint8_t>(u.timeLow);
  o[4] = static_cast<uint8_t>(u.timeMid >> 8);
  o[5] = static_cast<uint8_t>(u.timeMid);
  o[6] = static_cast<uint8_t>(u.timeHiAndVersion >> 8);
  o[7] = static_cast<uint8_t>(u.timeHiAndVersion);
  std::copy(std::begin(u.clockSeqAndNode), std::end(u.clockSeqAndNode), o.begin() + 8);
  return out;
}

std::shared_ptr<Driver> acquire_driver() {
  auto& l = lib();
  std::lock_guard create(l.create_mutex);
  {
    std::lock_guard lock(l.mutex);
    if (auto d = l.driver.lock())
      return d;
  }
  auto transport = make_default_transport();
  if (!transport) {
    logger()->error("no secure world: {}", transport.error().message);
    return nullptr;
  }
  auto driver = Driver::create(std::move(transport).value());
  if (!driver) {
    logger()->error("secure world unusable: {}", driver.error().message);
    return nullptr;
  }
  std::lock_guard lock(l.mutex);
  l.driver = *driver;
  return *driver;
}

Result<std::shared_ptr<ShmRecord>> new_shm(int context_fd, const std::shared_ptr<Driver>& driver,
                                           size_t size, bool shadow, int* id_out) {
  auto record = std::make_shared<ShmRecord>();
  record->driver = driver;
  record->context_fd = context_fd;
  record->shadow = shadow;
  record->size = size == 0 ? 8 : size;
  record->block = SWEMU_TRY(ShmBuffer::allocate(driver->pool(), record->size));
  auto& l = lib();
  std::lock_guard lock(l.mutex);
  // Ids stay positive and are not reused soon, so a stale struct cannot name a new block.
  do {
    *id_out = l.next_shm_id;
    l.next_shm_id = l.next_shm_id == INT32_MAX ? 1 : l.next_shm_id + 1;
  } while (l.shms.count(*id_out) != 0);
  l.shms.emplace(*id_out, record);
  return record;
}

// The record behind a TEEC_SharedMemory, if the struct still names a live block.
std::shared_ptr<ShmRecord> find_shm(const TEEC_SharedMemory* shm) {
  auto& l = lib();
  std::lock_guard lock(l.mutex);
  auto it = l.shms.find(shm->imp.id);
  if (it == l.shms.end())
    return nullptr;
  const void* named = it->second->shadow ? shm->imp.shadow_buffer : shm->buffer;
  return named == it->second->block.host() ? it->second : nullptr;
}

Error api_error(uint32_t code, std::string message) {
  return make_error(code, std::move(message), TEEC_ORIGIN_API);
}

// Turns a TEEC_Operation into four driver params and back (libteec-contract.md §2.4, §2.5).
class Marshal {
public:
  Marshal(DriverContext& context, int context_fd) : context_(context), context_fd_(context_fd) {}

  Result<void> prepare(const TEEC_Operation* op) {
    if (op == nullptr)
      return {}; // four NONE params
    for (size_t i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; ++i)
      SWEMU_TRY_VOID(prepare_one(*op, i));
    return {};
  }

  std::span<Param> params() { return params_; }

  // The secure world answered: values, sizes and shadow copies go back to the client.
  void complete(TEEC_Operation* op) {
    if (op == nullptr)
      return;
    for (size_t i = 0; i < TEEC_CONFIG_PAYLOAD_REF_COUNT; ++i)
      complete_one(*op, i);
  }

private:
  struct Slot {
    ShmBuffer temp;                    // TEMP memrefs: this call's block
    std::shared_ptr<ShmRecord> parent; // WHOLE/PARTIAL: the shared memory used
    uint64_t size = 0;                 // size passed in
  };

  Result<void> prepare_one(const TEEC_Operation& op, size_t i) {
    const uint32_t type = TEEC_PARAM_TYPE_GET(op.paramTypes, i);
    const TEEC_Parameter& in = op.params[i];
    Param& p = params_[i];
    Slot& s = slots_[i];
    switch (type) {
    case TEEC_NONE:
      p = Param::none();
      return {};
    case TEEC_VALUE_INPUT:
    case TEEC_VALUE_OUTPUT:
    case TEEC_VALUE_INOUT:
      p = Param::value(type, in.value.a, in.value.b);
      return {};
    case TEEC_MEMREF_TEMP_INPUT:
    case TEEC_MEMREF_TEMP_OUTPUT:
    case TEEC_MEMREF_TEMP_INOUT:
      return prepare_temp(type, in.tmpref, p, s, i);
    case TEEC_MEMREF_WHOLE:
      return prepare_whole(in.memref, p, s, i);
    case TEEC_MEMREF_PARTIAL_INPUT:
    case TEEC_MEMREF_PARTIAL_OUTPUT:
    case TEEC_MEMREF_PARTIAL_INOUT:
      return prepare_partial(type, in.memref, p, s, i);
    default:
      return api_error(TEEC_ERROR_BAD_PARAMETERS,
                       fmt::format("param {}: unknown parameter type {:#x}", i, type));
    }
  }

  Result<void> prepare_temp(uint32_t type, const TEEC_TempMemoryReference& ref, Param& p, Slot& s,
                            size_t i) {
    // TEEC_MEMREF_TEMP_* and TEE_PARAM_TYPE_MEMREF_* share the numbers 5..7.
    if (ref.buffer == nullptr) {
      if (ref.size != 0)
        return api_error(TEEC_ERROR_BAD_PARAMETERS,
                         fmt::format("param {}: NULL temporary buffer with size {}", i, ref.size));
      if (context_.driver().memref_null()) {
        p = Param::memref(type, nullptr, 0);
        return {};
      }
      // No NULL memrefs in the secure world: pass an empty buffer instead.
      s.temp = SWEMU_TRY(temp_block(8, i));
      p = Param::memref(type, s.temp.host(), 0);
      return {};
    }
    s.temp = SWEMU_TRY(temp_block(ref.size, i));
    s.size = ref.size;
    // Copied in for every direction, as libteec does with a shadow.
    std::memcpy(s.temp.host(), ref.buffer, ref.size);
    p = Param::memref(type, s.temp.host(), ref.size);
    return {};
  }

  Result<ShmBuffer> temp_block(size_t size, size_t i) {
    auto block = ShmBuffer::allocate(context_.driver().pool(), size == 0 ? 8 : size);
    if (!block)
      return api_error(block.error().code,
                       fmt::format("param {}: no shared memory for a {}-byte temporary buffer: {}",
                                   i, size, block.error().message));
    return std::move(block).value();
  }

  Result<std::shared_ptr<ShmRecord>> parent_of(const TEEC_RegisteredMemoryReference& ref,
                                               size_t i) {
    if (ref.parent == nullptr)
      return api_error(TEEC_ERROR_BAD_PARAMETERS, fmt::format("param {}: no parent", i));
    auto record = find_shm(ref.parent);
    // Unknown, released or another context's memory: the kernel refuses these (EINVAL).
    if (!record || record->context_fd != context_fd_)
      return make_error(TEEC_ERROR_BAD_PARAMETERS,
                        fmt::format("param {}: shared memory is not registered in this context", i),
                        TEEC_ORIGIN_COMMS);
    if (ref.parent->size > record->size)
      return api_error(TEEC_ERROR_BAD_PARAMETERS,
                       fmt::format("param {}: shared memory grew from {} to {} bytes", i,
                                   record->size, ref.parent->size));
    if (record->shadow && ref.parent->buffer == nullptr)
      return api_error(TEEC_ERROR_BAD_PARAMETERS,
                       fmt::format("param {}: registered buffer is NULL", i));
    return record;
  }

  Result<void> prepare_whole(const TEEC_RegisteredMemoryReference& ref, Param& p, Slot& s,
                             size_t i) {
    s.parent = SWEMU_TRY(parent_of(ref, i));
    const TEEC_SharedMemory& shm = *ref.parent;
    const uint32_t dir = shm.flags & (TEEC_MEM_INPUT | TEEC_MEM_OUTPUT);
    uint32_t type = 0;
    if (dir == (TEEC_MEM_INPUT | TEEC_MEM_OUTPUT))
      type = TEEC_MEMREF_TEMP_INOUT;
    else if (dir == TEEC_MEM_INPUT)
      type = TEEC_MEMREF_TEMP_INPUT;
    else if (dir == TEEC_MEM_OUTPUT)
      type = TEEC_MEMREF_TEMP_OUTPUT;
    else
      return api_error(
          TEEC_ERROR_BAD_PARAMETERS,
          fmt::format("param {}: shared memory flags {:#x} give no direction", i, shm.flags));
    s.size = shm.size;
    if (s.parent->shadow && (dir & TEEC_MEM_INPUT) != 0)
      std::memcpy(s.parent->block.host(), shm.buffer, shm.size);
    p = Param::memref(type, s.parent->block.host(), shm.size);
    return {};
  }

  Result<void> prepare_partial(uint32_t type, const TEEC_RegisteredMemoryReference& ref, Param& p,
                               Slot& s, size_t i) {
    if (ref.parent == nullptr)
      return api_error(TEEC_ERROR_BAD_PARAMETERS, fmt::format("param {}: no parent", i));
    // The direction must be allowed by the parent's flags (GP TEE Client API §4.3.x).
    uint32_t need = 0;
    if (type != TEEC_MEMREF_PARTIAL_OUTPUT)
      need |= TEEC_MEM_INPUT;
    if (type != TEEC_MEMREF_PARTIAL_INPUT)
      need |= TEEC_MEM_OUTPUT;
    if ((ref.parent->flags & need) != need)
      return api_error(TEEC_ERROR_BAD_PARAMETERS,
                       fmt::format("param {}: partial type {:#x} not allowed by flags {:#x}", i,
                                   type, ref.parent->flags));
    if (ref.offset > ref.parent->size || ref.size > ref.parent->size - ref.offset)
      return api_error(TEEC_ERROR_BAD_PARAMETERS,
                       fmt::format("param {}: [{}, +{}) is outside {} bytes of shared memory", i,
                                   ref.offset, ref.size, ref.parent->size));
    s.parent = SWEMU_TRY(parent_of(ref, i));
    s.size = ref.size;
    uint8_t* window = s.parent->block.host() + ref.offset;
    if (s.parent->shadow && type != TEEC_MEMREF_PARTIAL_OUTPUT)
      std::memcpy(window, static_cast<const uint8_t*>(ref.parent->buffer) + ref.offset, ref.size);
    // PARTIAL_INPUT/OUTPUT/INOUT (0xD..0xF) map to MEMREF_INPUT/OUTPUT/INOUT (5..7).
    p = Param::memref(type - 8, window, ref.size);
    return {};
  }

  void complete_one(TEEC_Operation& op, size_t i) {
    const uint32_t type = TEEC_PARAM_TYPE_GET(op.paramTypes, i);
    TEEC_Parameter& out = op.params[i];
    const Param& p = params_[i];
    Slot& s = slots_[i];
    switch (type) {
    case TEEC_VALUE_OUTPUT:
    case TEEC_VALUE_INOUT:
      out.value.a = static_cast<uint32_t>(p.a);
      out.value.b = static_cast<uint32_t>(p.b);
      break;
    case TEEC_MEMREF_TEMP_OUTPUT:
    case TEEC_MEMREF_TEMP_INOUT:
      // The returned size may exceed the buffer (SHORT_BUFFER: the size needed); only what
      // fits is copied.
      if (out.tmpref.buffer != nullptr && s.temp)
        std::memcpy(out.tmpref.buffer, s.temp.host(), std::min<uint64_t>(p.size, s.size));
      out.tmpref.size = static_cast<size_t>(p.size);
      break;
    case TEEC_MEMREF_WHOLE:
      if ((out.memref.parent->flags & TEEC_MEM_OUTPUT) != 0) {
        copy_out(*out.memref.parent, s, 0, p.size);
        out.memref.size = static_cast<size_t>(p.size);
      }
      break;
    case TEEC_MEMREF_PARTIAL_OUTPUT:
    case TEEC_MEMREF_PARTIAL_INOUT:
      copy_out(*out.memref.parent, s, out.memref.offset, p.size);
      out.memref.size = static_cast<size_t>(p.size);
      break;
    default:
      break;
    }
  }

  // A shadowed registration gets the secure world's bytes back only when the returned size
  // fits what was passed: with SHORT_BUFFER the shadow may hold nothing new.
  static void copy_out(TEEC_SharedMemory& shm, const Slot& s, size_t offset, uint64_t returned) {
    if (!s.parent || !s.parent->shadow || returned > s.size)
      return;
    std::memcpy(static_cast<uint8_t*>(shm.buffer) + offset, s.parent->block.host() + offset,
                returned);
  }

  DriverContext& context_;
  int context_fd_;
  std::array<Param, TEEC_CONFIG_PAYLOAD_REF_COUNT> params_{};
  std::array<Slot, TEEC_CONFIG_PAYLOAD_REF_COUNT> slots_{};
};

TEEC_Result register_shm(TEEC_Context* context, TEEC_SharedMemory* shm, bool shadow) {
  if (context == nullptr || shm == nullptr)
    return TEEC_ERROR_BAD_PARAMETERS;
  if (!valid_shm_flags(shm->flags) || (shadow && shm->buffer == nullptr))
    return TEEC_ERROR_BAD_PARAMETERS;
  auto ctx = find_context(context);
  if (!ctx)
    return TEEC_ERROR_BAD_PARAMETERS;

  int id = -1;
  auto record = new_shm(context->imp.fd, ctx->shared_driver(), shm->size, shadow, &id);
  if (!record) {
    logger()->warn("shared memory of {} bytes: {}", shm->size, record.error().message);
    return record.error().code;
  }
  uint8_t* host = (*record)->block.host();
  shm->imp.id = id;
  shm->imp.alloced_size = static_cast<size_t>((*record)->size);
  shm->imp.registered_fd = -1;
  if (shadow) {
    shm->imp.shadow_buffer = host;
    shm->imp.flags = kShadowBufferAlloced;
  } else {
    shm->buffer = host;
    shm->imp.shadow_buffer = nullptr;
    shm->imp.flags = kBufferAlloced;
  }
  return TEEC_SUCCESS;
}

} // namespace
} // namespace swemu::bridge

using namespace swemu::bridge;

extern "C" {

TEEC_Result TEEC_InitializeContext(const char* name, TEEC_Context* context) {
  if (context == nullptr)
    return TEEC_ERROR_BAD_PARAMETERS;
  // libteec accepts no name or OP-TEE's; any other TEE is "not found".
  if (name != nullptr && std::strcmp(name, "optee-tz") != 0)
    return TEEC_ERROR_ITEM_NOT_FOUND;
  auto driver = acquire_driver();
  if (!driver)
    return TEEC_ERROR_ITEM_NOT_FOUND;

  auto entry = std::make_shared<DriverContext>(driver);
  auto& l = lib();
  std::lock_guard lock(l.mutex);
  int fd = l.next_fd;
  while (l.contexts.count(fd) != 0 || fd <= 0)
    fd = fd == INT32_MAX ? 1 : fd + 1;
  l.next_fd = fd == INT32_MAX ? 1 : fd + 1;
  l.contexts.emplace(fd, std::move(entry));
  context->imp.fd = fd;
  context->imp.reg_mem = false; // client memory is never shared in place
  context->imp.memref_null = driver->memref_null();
  return TEEC_SUCCESS;
}

void TEEC_FinalizeContext(TEEC_Context* context) {
  if (context == nullptr)
    return;
  std::shared_ptr<DriverContext> entry;
  {
    auto& l = lib();
    std::lock_guard lock(l.mutex);
    auto it = l.contexts.find(context->imp.fd);
    if (it == l.contexts.end())
      return;
    entry = std::move(it->second);
    l.contexts.erase(it);
  }
  context->imp.fd = -1;
  // Dropping the entry closes the sessions left open, like closing the device does; the
  // last reference to the driver takes the secure world with it.
  entry.reset();
}

TEEC_Result TEEC_OpenSession(TEEC_Context* context, TEEC_Session* session,
                             const TEEC_UUID* destination, uint32_t connectionMethod,
                             const void* connectionData, TEEC_Operation* operation,
                             uint32_t* returnOrigin) {
  if (context == nullptr || session == nullptr || destination == nullptr)
    return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  auto ctx = find_context(context);
  if (!ctx)
    return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);

  OpenSessionRequest request;
  request.ta = to_uuid(*destination);
  request.login = connectionMethod;
  if (connectionMethod == TEEC_LOGIN_GROUP || connectionMethod == TEEC_LOGIN_GROUP_APPLICATION) {
    // The group to log in as: a gid_t at connectionData.
    if (connectionData == nullptr)
      return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
    std::memcpy(request.client_data.data(), connectionData, sizeof(gid_t));
  }

  Marshal marshal(*ctx, context->imp.fd);
  if (auto prepared = marshal.prepare(operation); !prepared) {
    logger()->debug("TEEC_OpenSession: {}", prepared.error().message);
    return finish(returnOrigin, prepared.error().code, prepared.error().origin);
  }
  auto reply = ctx->open_session(request, marshal.params());
  if (!reply) {
    logger()->warn("TEEC_OpenSession: {}", reply.error().message);
    return finish(returnOrigin, reply.error().code, reply.error().origin);
  }
  marshal.complete(operation);
  if (reply->ret == TEEC_SUCCESS) {
    session->imp.ctx = context;
    session->imp.session_id = reply->session;
  }
  return finish(returnOrigin, reply->ret, reply->origin);
}

void TEEC_CloseSession(TEEC_Session* session) {
  if (session == nullptr || session->imp.ctx == nullptr)
    return;
  if (auto ctx = find_context(session->imp.ctx)) {
    auto r = ctx->close_session(session->imp.session_id);
    if (!r)
      logger()->warn("TEEC_CloseSession: {}", r.error().message);
  }
  session->imp.ctx = nullptr; // a second close is a no-op
}

TEEC_Result TEEC_InvokeCommand(TEEC_Session* session, uint32_t commandID, TEEC_Operation* operation,
                               uint32_t* returnOrigin) {
  if (session == nullptr || session->imp.ctx == nullptr)
    return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);
  const int fd = session->imp.ctx->imp.fd;
  auto ctx = find_context(session->imp.ctx);
  if (!ctx)
    return finish(returnOrigin, TEEC_ERROR_BAD_PARAMETERS, TEEC_ORIGIN_API);

  auto& l = lib();
  if (operation != nullptr) {
    // Lets TEEC_RequestCancellation find the session while the command runs.
    std::lock_guard lock(l.mutex);
    operation->imp.session = session;
  }
  TEEC_Result result = TEEC_SUCCESS;
  uint32_t origin = TEEC_ORIGIN_API;
  {
    Marshal marshal(*ctx, fd);
    if (auto prepared = marshal.prepare(operation); !prepared) {
      logger()->debug("TEEC_InvokeCommand: {}", prepared.error().message);
      result = prepared.error().code;
      origin = prepared.error().origin;
    } else if (auto reply = ctx->invoke(session->imp.session_id, commandID, 0, marshal.params());
               !reply) {
      logger()->warn("TEEC_InvokeCommand: {}", reply.error().message);
      result = reply.error().code;
      origin = reply.error().origin;
    } else {
      marshal.complete(operation);
      result = reply->ret;
      origin = reply->origin;
    }
  }
  if (operation != nullptr) {
    std::lock_guard lock(l.mutex);
    operation->imp.session = nullptr;
  }
  return finish(returnOrigin, result, origin);
}

TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context* context, TEEC_SharedMemory* sharedMem) {
  return register_shm(context, sharedMem, false);
}

TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context* context, TEEC_SharedMemory* sharedMem) {
  return register_shm(context, sharedMem, true);
}

void TEEC_ReleaseSharedMemory(TEEC_SharedMemory* sharedMemory) {
  if (sharedMemory == nullptr || sharedMemory->imp.id == -1)
    return;
  std::shared_ptr<ShmRecord> record = find_shm(sharedMemory);
  if (record) {
    auto& l = lib();
    std::lock_guard lock(l.mutex);
    l.shms.erase(sharedMemory->imp.id);
  }
  if ((sharedMemory->imp.flags & kBufferAlloced) != 0)
    sharedMemory->buffer = nullptr;
  sharedMemory->imp.id = -1;
  sharedMemory->imp.shadow_buffer = nullptr;
  sharedMemory->imp.alloced_size = 0;
  sharedMemory->imp.registered_fd = -1;
  sharedMemory->imp.flags = 0;
  // The block (and perhaps the secure world) goes when `record` does, outside the lock.
}

TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context* context,
                                                    TEEC_SharedMemory* sharedMem, int fd) {
  (void)context;
  (void)sharedMem;
  (void)fd;
  return TEEC_ERROR_NOT_SUPPORTED;
}

void TEEC_RequestCancellation(TEEC_Operation* operation) {
  if (operation == nullptr)
    return;
  std::shared_ptr<DriverContext> ctx;
  uint32_t session_id = 0;
  {
    auto& l = lib();
    std::lock_guard lock(l.mutex);
    const TEEC_Session* session = operation->imp.session;
    if (session == nullptr || session->imp.ctx == nullptr)
      return; // not running: nothing to cancel
    auto it = l.contexts.find(session->imp.ctx->imp.fd);
    if (it == l.contexts.end())
      return;
    ctx = it->second;
    session_id = session->imp.session_id;
  }
  // OP-TEE cancels by session (optee-abi.md §2.4); cancel_id is 0 as in libteec.
  auto r = ctx->cancel(session_id, 0);
  if (!r)
    logger()->debug("TEEC_RequestCancellation: {}", r.error().message);
}

} // extern "C"
