// The storage syscalls (41-53; optee-abi.md §5.2), as OP-TEE's core/tee/tee_svc_storage.c
// serves them, over storage/secure_storage.h. A persistent object lives in the instance's
// object table like a transient one (so TEE_GetObjectInfo1, TEE_CloseObject and the
// attribute and key functions work on it) and has an open storage handle beside it.
//
// Error codes follow OP-TEE: an unknown object handle is TEE_ERROR_BAD_STATE, an unknown
// enumerator TEE_ERROR_BAD_PARAMETERS, an unknown storage id TEE_ERROR_ITEM_NOT_FOUND, a
// data call on a transient object TEE_ERROR_BAD_STATE, a missing access right
// TEE_ERROR_ACCESS_CONFLICT (libutee turns what GP does not list into a panic).
#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "crypto/crypto.h"
#include "storage/secure_storage.h"
#include "swemu/core/tee_abi.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core {

namespace {

using namespace swemu::abi;
using crypto::Bytes;
using crypto::ByteView;
using storage::SecureStorage;

constexpr uint32_t kOpenFlags = TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
                                TEE_DATA_FLAG_ACCESS_WRITE_META | TEE_DATA_FLAG_SHARE_READ |
                                TEE_DATA_FLAG_SHARE_WRITE;
constexpr uint32_t kCreateFlags = kOpenFlags | TEE_DATA_FLAG_OVERWRITE;
constexpr size_t kMaxEnumsPerInstance = 256;

Result<SecureStorage*> storage_of(TaInstance& ta) {
  if (!ta.crypto().storage)
    return make_error(TEE_ERROR_STORAGE_NOT_AVAILABLE, "this secure world has no secure storage");
  return ta.crypto().storage.get();
}

Result<storage::Space> space_of(uint64_t storage_id) {
  auto space = storage_id > std::numeric_limits<uint32_t>::max()
                   ? std::nullopt
                   : storage::space_for(static_cast<uint32_t>(storage_id));
  if (!space)
    return make_error(TEE_ERROR_ITEM_NOT_FOUND,
                      fmt::format("unknown storage id {:#x}", storage_id));
  return *space;
}

Result<uint32_t> flags_of(uint64_t flags, uint32_t allowed) {
  if (flags & ~static_cast<uint64_t>(allowed))
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("flags {:#x} not allowed", flags));
  return static_cast<uint32_t>(flags);
}

Result<Bytes> read_id(const TaInstance& ta, uint64_t va, uint64_t len) {
  if (len > storage::kMaxObjectIdLen)
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("object id of {} bytes (at most {})",
                                                            len, storage::kMaxObjectIdLen));
  Bytes id(len);
  if (len != 0)
    SWEMU_TRY_VOID(ta.copy_from_ta(va, id.data(), len));
  return id;
}

// Data from the TA: read in place when it is a parameter buffer, else copied.
Result<ByteView> read_data(const TaInstance& ta, uint64_t va, uint64_t len, Bytes& copy) {
  if (len == 0)
    return ByteView{};
  if (len > storage::kMaxObjectData)
    return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                      fmt::format("{} bytes is more than an object may hold", len));
  if (const uint8_t* host = ta.param_host(va, len))
    return ByteView(host, len);
  SWEMU_TRY_VOID(ta.check_access(va, len, false));
  copy.resize(len);
  SWEMU_TRY_VOID(ta.copy_from_ta(va, copy.data(), len));
  return ByteView(copy);
}

Result<storage::Handle*> find_persistent(TaInstance& ta, uint64_t handle) {
  CryptoTables& t = ta.crypto();
  if (handle <= std::numeric_limits<uint32_t>::max()) {
    auto h = static_cast<uint32_t>(handle);
    if (auto p = t.persistent.find(h); p != t.persistent.end())
      return p->second.get();
    if (t.objects.count(h))
      return make_error(TEE_ERROR_BAD_STATE, fmt::format("object {:#x} is transient", handle));
  }
  return make_error(TEE_ERROR_BAD_STATE, fmt::format("no object with handle {:#x}", handle));
}

Result<CryptoTables::Enumerator*> find_enum(TaInstance& ta, uint64_t handle) {
  auto& enums = ta.crypto().enums;
  auto it = handle > std::numeric_limits<uint32_t>::max()
                ? enums.end()
                : enums.find(static_cast<uint32_t>(handle));
  if (it == enums.end())
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("no enumerator {:#x}", handle));
  return &it->second;
}

// Puts an open storage handle into the instance's tables and gives the TA its handle;
// closes it again if the TA's out pointer cannot take it.
Result<void> install(TaInstance& ta, std::unique_ptr<storage::Handle> handle,
                     std::unique_ptr<crypto::Object> object, uint64_t out_va) {
  CryptoTables& t = ta.crypto();
  uint32_t h = t.take_handle();
  if (h == 0) {
    t.storage->close(std::move(handle));
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "object handles exhausted");
  }
  auto r = copy_to_ta_private(ta, out_va, &h, sizeof h);
  if (!r) {
    t.storage->close(std::move(handle));
    return r.take_error();
  }
  t.objects.emplace(h, std::move(object));
  t.persistent.emplace(h, std::move(handle));
  return {};
}

Result<void> check_room(TaInstance& ta) {
  if (ta.crypto().objects.size() >= CryptoTables::kMaxObjects)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "too many objects in this instance");
  return {};
}

const Uuid& ta_uuid(const TaInstance& ta) {
  return ta.image().head.uuid;
}

// --- objects -------------------------------------------------------------------------

Result<void> obj_open(TaInstance& ta, const SyscallArgs& args) {
  SecureStorage* st = SWEMU_TRY(storage_of(ta));
  uint32_t flags = SWEMU_TRY(flags_of(args.a[3], kOpenFlags));
  storage::Space space = SWEMU_TRY(space_of(args.a[0]));
  Bytes id = SWEMU_TRY(read_id(ta, args.a[1], args.a[2]));
  SWEMU_TRY_VOID(check_room(ta));
  SWEMU_TRY_VOID(ta.check_access(args.a[4], sizeof(uint32_t), true));
  auto object = std::make_unique<crypto::Object>();
  auto handle = SWEMU_TRY(st->open_object(ta_uuid(ta), space, id, flags, *object));
  return install(ta, std::move(handle), std::move(object), args.a[4]);
}

Result<void> obj_create(TaInstance& ta, const SyscallArgs& args) {
  SecureStorage* st = SWEMU_TRY(storage_of(ta));
  uint32_t flags = SWEMU_TRY(flags_of(args.a[3], kCreateFlags));
  storage::Space space = SWEMU_TRY(space_of(args.a[0]));
  Bytes id = SWEMU_TRY(read_id(ta, args.a[1], args.a[2]));
  CryptoTables& t = ta.crypto();
  const uint64_t attr = args.a[4];
  const uint64_t out_va = args.a[7];
  crypto::Object* source = nullptr;
  if (attr != 0) {
    auto it = attr > std::numeric_limits<uint32_t>::max()
                  ? t.objects.end()
                  : t.objects.find(static_cast<uint32_t>(attr));
    if (it == t.objects.end())
      return make_error(TEE_ERROR_BAD_STATE, fmt::format("no object with handle {:#x}", attr));
    source = it->second.get();
    if (!source->initialized())
      return make_error(TEE_ERROR_BAD_PARAMETERS, "the attribute object is not initialized");
  }
  Bytes copy;
  ByteView data = SWEMU_TRY(read_data(ta, args.a[5], args.a[6], copy));
  // OP-TEE: without an out handle, a transient attribute object becomes the persistent
  // object itself; otherwise the object is created and closed.
  const bool convert =
      out_va == 0 && source != nullptr && !(source->handle_flags & crypto::kHandleFlagPersistent);
  if (out_va != 0) {
    SWEMU_TRY_VOID(check_room(ta));
    SWEMU_TRY_VOID(ta.check_access(out_va, sizeof(uint32_t), true));
  }
  auto handle =
      SWEMU_TRY(st->create_object(ta_uuid(ta), space, id, flags, source, data, ta.storage_quota()));
  if (convert) {
    source->handle_flags = crypto::kHandleFlagPersistent | crypto::kHandleFlagInitialized | flags;
    t.persistent.emplace(static_cast<uint32_t>(attr), std::move(handle));
    return {};
  }
  if (out_va == 0) {
    st->close(std::move(handle));
    return {};
  }
  auto object = std::make_unique<crypto::Object>();
  if (source) {
    *object = *source;
  } else {
    object->type = TEE_TYPE_DATA;
    object->usage = 0xFFFF'FFFF;
  }
  object->handle_flags = crypto::kHandleFlagPersistent | crypto::kHandleFlagInitialized | flags;
  return install(ta, std::move(handle), std::move(object), out_va);
}

Result<void> obj_del(TaInstance& ta, const SyscallArgs& args) {
  storage::Handle* h = SWEMU_TRY(find_persistent(ta, args.a[0]));
  if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
    return make_error(TEE_ERROR_ACCESS_CONFLICT, "deleting needs TEE_DATA_FLAG_ACCESS_WRITE_META");
  CryptoTables& t = ta.crypto();
  const auto handle = static_cast<uint32_t>(args.a[0]);
  SWEMU_TRY_VOID(t.storage->remove(t.persistent[handle]));
  t.persistent.erase(handle);
  t.objects.erase(handle);
  return {};
}

Result<void> obj_rename(TaInstance& ta, const SyscallArgs& args) {
  Bytes id = SWEMU_TRY(read_id(ta, args.a[1], args.a[2]));
  storage::Handle* h = SWEMU_TRY(find_persistent(ta, args.a[0]));
  if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
    return make_error(TEE_ERROR_BAD_STATE, "renaming needs TEE_DATA_FLAG_ACCESS_WRITE_META");
  return ta.crypto().storage->rename(*h, id);
}

// --- enumerators ---------------------------------------------------------------------

Result<void> enum_alloc(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables& t = ta.crypto();
  if (t.enums.size() >= kMaxEnumsPerInstance)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "too many enumerators in this instance");
  SWEMU_TRY_VOID(ta.check_access(args.a[0], sizeof(uint32_t), true));
  uint32_t h = t.take_handle();
  if (h == 0)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, "handles exhausted");
  SWEMU_TRY_VOID(copy_to_ta_private(ta, args.a[0], &h, sizeof h));
  t.enums.emplace(h, CryptoTables::Enumerator{});
  return {};
}

Result<void> enum_free(TaInstance& ta, const SyscallArgs& args) {
  SWEMU_TRY(find_enum(ta, args.a[0]));
  ta.crypto().enums.erase(static_cast<uint32_t>(args.a[0]));
  return {};
}

Result<void> enum_reset(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::Enumerator* e = SWEMU_TRY(find_enum(ta, args.a[0]));
  *e = CryptoTables::Enumerator{};
  return {};
}

Result<void> enum_start(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::Enumerator* e = SWEMU_TRY(find_enum(ta, args.a[0]));
  *e = CryptoTables::Enumerator{};
  SWEMU_TRY(storage_of(ta));
  storage::Space space = SWEMU_TRY(space_of(args.a[1]));
  e->space = static_cast<int>(space);
  return {};
}

// Objects come in id order; each call returns the first object whose id sorts after the
// one returned last, so objects added or deleted during an enumeration never make it
// fail or repeat an object.
Result<void> enum_next(TaInstance& ta, const SyscallArgs& args) {
  CryptoTables::Enumerator* e = SWEMU_TRY(find_enum(ta, args.a[0]));
  SWEMU_TRY_VOID(ta.check_access(args.a[1], sizeof(UteeObjectInfo), true));
  SWEMU_TRY_VOID(ta.check_access(args.a[2], storage::kMaxObjectIdLen, true));
  if (e->space < 0)
    return make_error(TEE_ERROR_ITEM_NOT_FOUND, "the enumerator is not started");
  SecureStorage* st = SWEMU_TRY(storage_of(ta));
  std::optional<Bytes> after;
  if (e->last)
    after = crypto::to_bytes(*e->last);
  auto next = SWEMU_TRY(st->next_object(ta_uuid(ta), static_cast<storage::Space>(e->space), after));
  if (!next)
    return make_error(TEE_ERROR_ITEM_NOT_FOUND, "no more objects");
  const storage::ObjectInfo& i = next->info;
  UteeObjectInfo info{i.type,
                      i.key_size,
                      i.max_size,
                      i.usage,
                      i.data_size,
                      0,
                      crypto::kHandleFlagPersistent | crypto::kHandleFlagInitialized};
  SWEMU_TRY_VOID(ta.copy_to_ta(args.a[1], &info, sizeof info));
  if (!next->id.empty())
    SWEMU_TRY_VOID(ta.copy_to_ta(args.a[2], next->id.data(), next->id.size()));
  uint64_t len = next->id.size();
  SWEMU_TRY_VOID(copy_to_ta_private(ta, args.a[3], &len, sizeof len));
  e->last = std::vector<uint8_t>(next->id.begin(), next->id.end());
  return {};
}

// --- data stream ---------------------------------------------------------------------

Result<void> obj_read(TaInstance& ta, const SyscallArgs& args) {
  storage::Handle* h = SWEMU_TRY(find_persistent(ta, args.a[0]));
  if (!(h->flags & TEE_DATA_FLAG_ACCESS_READ))
    return make_error(TEE_ERROR_ACCESS_CONFLICT, "reading needs TEE_DATA_FLAG_ACCESS_READ");
  const uint64_t va = args.a[1];
  const uint64_t len = args.a[2];
  if (h->position + len < h->position)
    return make_error(TEE_ERROR_OVERFLOW, "read length overflows the position");
  SWEMU_TRY_VOID(ta.check_access(va, len, true));
  SecureStorage* st = ta.crypto().storage.get();
  const uint64_t size = st->data_size(*h);
  const uint64_t n = h->position >= size ? 0 : std::min(len, size - h->position);
  size_t got = 0;
  if (uint8_t* host = n ? ta.param_host(va, n) : nullptr) {
    got = SWEMU_TRY(st->read(*h, host, n));
  } else {
    Bytes buf(n);
    got = SWEMU_TRY(st->read(*h, buf.data(), n));
    if (got != 0)
      SWEMU_TRY_VOID(ta.copy_to_ta(va, buf.data(), got));
  }
  uint64_t count = got;
  return copy_to_ta_private(ta, args.a[3], &count, sizeof count);
}

Result<void> obj_write(TaInstance& ta, const SyscallArgs& args) {
  storage::Handle* h = SWEMU_TRY(find_persistent(ta, args.a[0]));
  if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE))
    return make_error(TEE_ERROR_ACCESS_CONFLICT, "writing needs TEE_DATA_FLAG_ACCESS_WRITE");
  if (h->position + args.a[2] > storage::kMaxDataPosition || args.a[2] > storage::kMaxDataPosition)
    return make_error(TEE_ERROR_OVERFLOW, "write past TEE_DATA_MAX_POSITION");
  Bytes copy;
  ByteView data = SWEMU_TRY(read_data(ta, args.a[1], args.a[2], copy));
  return ta.crypto().storage->write(*h, data, ta.storage_quota());
}

Result<void> obj_trunc(TaInstance& ta, const SyscallArgs& args) {
  storage::Handle* h = SWEMU_TRY(find_persistent(ta, args.a[0]));
  if (!(h->flags & TEE_DATA_FLAG_ACCESS_WRITE))
    return make_error(TEE_ERROR_ACCESS_CONFLICT, "truncating needs TEE_DATA_FLAG_ACCESS_WRITE");
  return ta.crypto().storage->truncate(*h, args.a[1], ta.storage_quota());
}

Result<void> obj_seek(TaInstance& ta, const SyscallArgs& args) {
  storage::Handle* h = SWEMU_TRY(find_persistent(ta, args.a[0]));
  // The offset is an int32_t argument: its low 32 bits, sign-extended.
  const auto offset = static_cast<int32_t>(static_cast<uint32_t>(args.a[1]));
  if (args.a[2] > std::numeric_limits<uint32_t>::max())
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("whence {:#x}", args.a[2]));
  return ta.crypto().storage->seek(*h, offset, static_cast<uint32_t>(args.a[2]));
}

} // namespace

uint32_t sys_storage_obj_open(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_OPEN", obj_open(ta, args));
}
uint32_t sys_storage_obj_create(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_CREATE", obj_create(ta, args));
}
uint32_t sys_storage_obj_del(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_DEL", obj_del(ta, args));
}
uint32_t sys_storage_obj_rename(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_RENAME", obj_rename(ta, args));
}
uint32_t sys_storage_alloc_enum(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_ENUM_ALLOC", enum_alloc(ta, args));
}
uint32_t sys_storage_free_enum(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_ENUM_FREE", enum_free(ta, args));
}
uint32_t sys_storage_reset_enum(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_ENUM_RESET", enum_reset(ta, args));
}
uint32_t sys_storage_start_enum(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_ENUM_START", enum_start(ta, args));
}
uint32_t sys_storage_next_enum(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_ENUM_NEXT", enum_next(ta, args));
}
uint32_t sys_storage_obj_read(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_READ", obj_read(ta, args));
}
uint32_t sys_storage_obj_write(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_WRITE", obj_write(ta, args));
}
uint32_t sys_storage_obj_trunc(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_TRUNC", obj_trunc(ta, args));
}
uint32_t sys_storage_obj_seek(TaInstance& ta, const SyscallArgs& args) {
  return syscall_status(ta, "STORAGE_OBJ_SEEK", obj_seek(ta, args));
}

} // namespace swemu::core
