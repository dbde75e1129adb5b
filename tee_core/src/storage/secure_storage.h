// Secure storage: GP persistent objects (GP TEE Internal Core API v1.3.1 §5.7-5.9) kept in
// SQLite, encrypted and authenticated, one transaction per change.
//
// Layout. Every TA has two object spaces, as OP-TEE has two backends: REE (what
// TEE_STORAGE_PRIVATE and TEE_STORAGE_PRIVATE_REE name) and RPMB
// (TEE_STORAGE_PRIVATE_RPMB). A space is a directory row plus one row per object:
//   dirs(ta, space, blob)            the directory: every object's id, version and info
//   objects(ta, space, name, blob)   name = HMAC-SHA256(name key, object id)
// Both blobs are AES-256-GCM (12-byte random nonce, 16-byte tag) under a key derived
// with HKDF-SHA256 from the installation's hardware unique key (HUK) and the TA's UUID. An
// object's associated data binds the TA, the space, the object id and the object's
// version, and the directory holds the version each object must have; so an edited row,
// a row moved to another name or TA, and an old row put back are all detected
// (TEE_ERROR_CORRUPT_OBJECT). Rolling back the whole database to an earlier copy is not
// detected, as with OP-TEE's REE file system without RPMB.
//
// Every change (create, write, truncate, rename, delete) is one SQLite transaction that
// writes the object row and the directory together (WAL, synchronous=FULL): a crash leaves
// the last committed state. SQLite's "full" and "read-only" errors become
// TEE_ERROR_STORAGE_NO_SPACE and TEE_ERROR_STORAGE_NOT_AVAILABLE.
//
// The HUK is 32 random bytes in <state_dir>/huk (mode 0600), made on first use. Without a
// state directory the database and the HUK live in memory (tests, fuzzing).
//
// Objects open in this secure world are shared between their handles (GP's sharing
// rules, TEE_ERROR_ACCESS_CONFLICT) and kept decrypted in memory while open.
// Thread-safe: one mutex around everything.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crypto/crypto.h"
#include "swemu/core/result.h"
#include "swemu/core/uuid.h"

struct sqlite3;

namespace swemu::core::storage {

using crypto::Bytes;
using crypto::ByteView;

enum class Space : uint8_t { kRee = 0, kRpmb = 1 };
// TEE_STORAGE_PRIVATE and _REE → kRee, _RPMB → kRpmb; nullopt for anything else
// (OP-TEE answers TEE_ERROR_ITEM_NOT_FOUND).
std::optional<Space> space_for(uint32_t storage_id);
const char* space_name(Space space);

inline constexpr size_t kMaxObjectIdLen = 64;             // TEE_OBJECT_ID_MAX_LEN
inline constexpr uint64_t kMaxDataPosition = 0xFFFF'FFFF; // TEE_DATA_MAX_POSITION
// Objects are held whole in memory while open; larger data streams are refused with
// TEE_ERROR_STORAGE_NO_SPACE.
inline constexpr uint64_t kMaxObjectData = 64ULL << 20;

// What the directory keeps about an object (and enumeration reports).
struct ObjectInfo {
  uint32_t type = 0;
  uint32_t max_size = 0;
  uint32_t key_size = 0;
  uint32_t usage = 0;
  uint32_t data_size = 0;
};

struct Options {
  // Opens the database read-only (swemu storage ls/export): every change answers
  // TEE_ERROR_STORAGE_NOT_AVAILABLE.
  bool read_only = false;
  // PRAGMA max_page_count, to make a full disk in tests; 0: SQLite's default.
  uint64_t max_pages = 0;
};

// One open persistent object, shared by every handle open on it in this secure world.
struct OpenObject;

// One handle on an open object (a TA's TEE_ObjectHandle for a persistent object).
struct Handle {
  std::shared_ptr<OpenObject> object;
  uint32_t flags = 0;    // TEE_DATA_FLAG_ACCESS_* and SHARE_*
  uint64_t position = 0; // data position
};

struct ListedObject {
  Bytes id;
  ObjectInfo info;
};

class SecureStorage {
public:
  // `state_dir` empty: in memory. Errors name the file (STORAGE_NOT_AVAILABLE).
  static Result<std::unique_ptr<SecureStorage>> open(const std::filesystem::path& state_dir,
                                                     const Options& options = {});
  ~SecureStorage();
  SecureStorage(const SecureStorage&) = delete;
  SecureStorage& operator=(const SecureStorage&) = delete;

  // The database file; empty in memory.
  const std::filesystem::path& path() const { return db_path_; }
  // Counts committed changes made through this object (a fuzzer wipes storage only when
  // an input changed it).
  uint64_t changes() const { return changes_.load(std::memory_order_relaxed); }

  // --- handles (the storage syscalls) ---

  // TEE_OpenPersistentObject: ITEM_NOT_FOUND, ACCESS_CONFLICT (sharing rules),
  // CORRUPT_OBJECT, STORAGE_NOT_AVAILABLE. `attributes` gets the object's type, sizes,
  // usage and attributes.
  Result<std::unique_ptr<Handle>> open_object(const Uuid& ta, Space space, ByteView id,
                                              uint32_t flags, crypto::Object& attributes);
  // TEE_CreatePersistentObject: `attributes` null for a pure data object. An existing
  // object is replaced only with TEE_DATA_FLAG_OVERWRITE and when no handle has it open
  // (ACCESS_CONFLICT otherwise). `quota` (0: none) bounds the bytes the TA stores.
  Result<std::unique_ptr<Handle>> create_object(const Uuid& ta, Space space, ByteView id,
                                                uint32_t flags, const crypto::Object* attributes,
                                                ByteView data, uint64_t quota);
  // Releases the handle (TEE_CloseObject).
  void close(std::unique_ptr<Handle> handle);
  // TEE_CloseAndDeletePersistentObject1: the handle needs ACCESS_WRITE_META
  // (ACCESS_CONFLICT otherwise); released on success.
  Result<void> remove(std::unique_ptr<Handle>& handle);
  // TEE_RenamePersistentObject: needs ACCESS_WRITE_META; ACCESS_CONFLICT when `new_id`
  // exists (another object, or open).
  Result<void> rename(Handle& handle, ByteView new_id);
  // Data stream (the handle's position moves): read needs ACCESS_READ, write and
  // truncate ACCESS_WRITE (ACCESS_CONFLICT otherwise).
  Result<size_t> read(Handle& handle, uint8_t* out, size_t len);
  Result<void> write(Handle& handle, ByteView data, uint64_t quota);
  Result<void> truncate(Handle& handle, uint64_t size, uint64_t quota);
  // whence: TEE_DATA_SEEK_*. A negative result position becomes 0; past
  // TEE_DATA_MAX_POSITION is TEE_ERROR_OVERFLOW.
  Result<void> seek(Handle& handle, int32_t offset, uint32_t whence);
  uint32_t data_size(const Handle& handle) const;

  // --- enumeration and tools ---

  // The objects of a TA's space, sorted by id.
  Result<std::vector<ListedObject>> list(const Uuid& ta, Space space);
  // The first object whose id sorts after `after` (nullopt: the first); nullopt at the end.
  Result<std::optional<ListedObject>> next_object(const Uuid& ta, Space space,
                                                  const std::optional<Bytes>& after);
  // The TAs with a directory in `space`.
  Result<std::vector<Uuid>> tas(Space space);
  // An object's data and attributes, for `swemu storage export`.
  Result<Bytes> export_data(const Uuid& ta, Space space, ByteView id, crypto::Object& attributes);
  // Deletes every object of `ta` (both spaces); of every TA when null. ACCESS_CONFLICT
  // while any of them is open here.
  Result<void> wipe(const Uuid* ta);

  struct Impl;

private:
  SecureStorage() = default;

  std::filesystem::path db_path_;
  std::unique_ptr<Impl> impl_;
  std::atomic<uint64_t> changes_ = 0;
};

} // namespace swemu::core::storage
