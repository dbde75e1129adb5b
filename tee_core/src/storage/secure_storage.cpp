// Secure storage over SQLite; the design is in secure_storage.h.
#include "storage/secure_storage.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <mbedtls/gcm.h>
#include <mbedtls/hkdf.h>
#include <mbedtls/md.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <tuple>

#include "swemu/core/tee_abi.h"

namespace swemu::core::storage {

using namespace swemu::abi;

std::optional<Space> space_for(uint32_t storage_id) {
  switch (storage_id) {
  case TEE_STORAGE_PRIVATE:
  case TEE_STORAGE_PRIVATE_REE:
    return Space::kRee;
  case TEE_STORAGE_PRIVATE_RPMB:
    return Space::kRpmb;
  default:
    return std::nullopt;
  }
}

const char* space_name(Space space) {
  return space == Space::kRee ? "ree" : "rpmb";
}

namespace {

constexpr size_t kKeyLen = 32;
constexpr size_t kNonceLen = 12;
constexpr size_t kTagLen = 16;
constexpr uint32_t kFormat = 1;
constexpr int kBusyTimeoutMs = 10'000;

Error unavailable(std::string message) {
  return make_error(TEE_ERROR_STORAGE_NOT_AVAILABLE, std::move(message));
}
Error corrupt(std::string message) {
  return make_error(TEE_ERROR_CORRUPT_OBJECT, std::move(message));
}
Error conflict(std::string message) {
  return make_error(TEE_ERROR_ACCESS_CONFLICT, std::move(message));
}

// An SQLite result code as a TEE result: a full database or disk is NO_SPACE, everything
// else (read-only, I/O error, locked too long) NOT_AVAILABLE; a damaged file CORRUPT.
Error sql_error(sqlite3* db, int rc, const char* what) {
  const int primary = rc & 0xFF;
  std::string msg =
      fmt::format("storage: {}: {}", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  if (primary == SQLITE_FULL)
    return make_error(TEE_ERROR_STORAGE_NO_SPACE, std::move(msg));
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    return corrupt(std::move(msg));
  return unavailable(std::move(msg));
}

// --- little-endian encoding ---

void put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(Bytes& b, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// Reads from a decrypted (authenticated) blob; any overrun marks the reader bad.
class Reader {
public:
  explicit Reader(ByteView b) : b_(b) {}
  uint32_t u32() {
    uint32_t v = 0;
    if (!take(4))
      return 0;
    for (int i = 0; i < 4; ++i)
      v |= static_cast<uint32_t>(b_[pos_ - 4 + i]) << (8 * i);
    return v;
  }
  uint64_t u64() {
    uint64_t v = 0;
    if (!take(8))
      return 0;
    for (int i = 0; i < 8; ++i)
      v |= static_cast<uint64_t>(b_[pos_ - 8 + i]) << (8 * i);
    return v;
  }
  ByteView bytes(size_t n) {
    if (!take(n))
      return {};
    return b_.subspan(pos_ - n, n);
  }
  ByteView rest() {
    ByteView r = b_.subspan(pos_);
    pos_ = b_.size();
    return r;
  }
  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == b_.size(); }

private:
  bool take(size_t n) {
    if (!ok_ || b_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }
  ByteView b_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// --- SQLite helpers ---

class Stmt {
public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool prepared() const { return rc_ == SQLITE_OK; }
  int prepare_rc() const { return rc_; }
  Stmt& text(int i, const std::string& s) {
    sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& integer(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& blob(int i, ByteView b) {
    sqlite3_bind_blob64(st_, i, b.data(), b.size(), SQLITE_STATIC);
    return *this;
  }
  // SQLITE_ROW or SQLITE_DONE, or an error.
  int step() { return sqlite3_step(st_); }
  ByteView column_blob(int i) {
    const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st_, i));
    return ByteView(p, static_cast<size_t>(sqlite3_column_bytes(st_, i)));
  }
  std::string column_text(int i) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, i));
    return p ? std::string(p) : std::string();
  }

private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  int rc_;
};

Result<void> exec(sqlite3* db, const char* sql) {
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return sql_error(db, rc, sql);
  return {};
}

// --- crypto helpers ---

struct TaKeys {
  std::array<uint8_t, kKeyLen> data{}; // encrypts directory and object blobs
  std::array<uint8_t, kKeyLen> name{}; // HMAC key for row names
  ~TaKeys() {
    crypto::wipe(data.data(), data.size());
    crypto::wipe(name.data(), name.size());
  }
};

Result<void> hkdf(ByteView huk, const std::string& label, const Uuid& ta, uint8_t* out) {
  static const char kSalt[] = "swemu secure storage v1";
  Bytes info(label.begin(), label.end());
  info.insert(info.end(), ta.octets.begin(), ta.octets.end());
  int rc = mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
                        reinterpret_cast<const uint8_t*>(kSalt), sizeof(kSalt) - 1, huk.data(),
                        huk.size(), info.data(), info.size(), out, kKeyLen);
  if (rc != 0)
    return make_error(TEE_ERROR_GENERIC, fmt::format("storage: HKDF failed ({})", rc));
  return {};
}

Result<void> random_bytes(uint8_t* out, size_t len) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = getrandom(out + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return make_error(TEE_ERROR_GENERIC, fmt::format("getrandom: {}", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

// nonce || ciphertext || tag. The nonce is fresh host randomness every time, never from
// the (possibly seeded, reproducible) DRBG the TAs use.
Result<Bytes> seal(const std::array<uint8_t, kKeyLen>& key, ByteView aad, ByteView plain) {
  Bytes out(kNonceLen + plain.size() + kTagLen);
  SWEMU_TRY_VOID(random_bytes(out.data(), kNonceLen));
  mbedtls_gcm_context gcm;
  mbedtls_gcm_init(&gcm);
  int rc = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key.data(), kKeyLen * 8);
  if (rc == 0)
    rc = mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, plain.size(), out.data(), kNonceLen,
                                   aad.data(), aad.size(), plain.data(), out.data() + kNonceLen,
                                   kTagLen, out.data() + kNonceLen + plain.size());
  mbedtls_gcm_free(&gcm);
  if (rc != 0)
    return make_error(TEE_ERROR_GENERIC, fmt::format("storage: AES-GCM failed ({})", rc));
  return out;
}

Result<Bytes> unseal(const std::array<uint8_t, kKeyLen>& key, ByteView aad, ByteView sealed,
                     const std::string& what) {
  if (sealed.size() < kNonceLen + kTagLen)
    return corrupt(fmt::format("storage: {} is truncated", what));
  const size_t len = sealed.size() - kNonceLen - kTagLen;
  Bytes plain(len);
  mbedtls_gcm_context gcm;
  mbedtls_gcm_init(&gcm);
  int rc = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key.data(), kKeyLen * 8);
  if (rc == 0)
    rc = mbedtls_gcm_auth_decrypt(&gcm, len, sealed.data(), kNonceLen, aad.data(), aad.size(),
                                  sealed.data() + kNonceLen + len, kTagLen,
                                  sealed.data() + kNonceLen, plain.data());
  mbedtls_gcm_free(&gcm);
  if (rc != 0)
    return corrupt(fmt::format("storage: {} fails authentication", what));
  return plain;
}

// --- records ---

struct DirEntry {
  uint64_t version = 0;
  uint64_t stored = 0; // plaintext bytes of the object's record, for the quota
  ObjectInfo info;
};

using IdKey = std::vector<uint8_t>; // object ids as map keys (not secret)

struct Directory {
  uint64_t next_version = 1;
  std::map<IdKey, DirEntry> entries;

  uint64_t stored_total() const {
    uint64_t sum = 0;
    for (const auto& [id, e] : entries)
      sum += e.stored;
    return sum;
  }
};

IdKey key_of(ByteView id) {
  return IdKey(id.begin(), id.end());
}

Bytes encode_directory(const Directory& dir) {
  Bytes b;
  put32(b, kFormat);
  put64(b, dir.next_version);
  put32(b, static_cast<uint32_t>(dir.entries.size()));
  for (const auto& [id, e] : dir.entries) {
    put32(b, static_cast<uint32_t>(id.size()));
    b.insert(b.end(), id.begin(), id.end());
    put64(b, e.version);
    put64(b, e.stored);
    put32(b, e.info.type);
    put32(b, e.info.max_size);
    put32(b, e.info.key_size);
    put32(b, e.info.usage);
    put32(b, e.info.data_size);
  }
  return b;
}

Result<Directory> decode_directory(ByteView plain) {
  Reader r(plain);
  Directory dir;
  if (r.u32() != kFormat)
    return corrupt("storage: directory has an unknown format");
  dir.next_version = r.u64();
  uint32_t count = r.u32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    uint32_t len = r.u32();
    if (len > kMaxObjectIdLen)
      return corrupt("storage: directory entry has an overlong id");
    IdKey id = key_of(r.bytes(len));
    DirEntry e;
    e.version = r.u64();
    e.stored = r.u64();
    e.info.type = r.u32();
    e.info.max_size = r.u32();
    e.info.key_size = r.u32();
    e.info.usage = r.u32();
    e.info.data_size = r.u32();
    dir.entries.emplace(std::move(id), e);
  }
  if (!r.done())
    return corrupt("storage: directory is malformed");
  return dir;
}

// An object's plaintext record: its header, attributes and data.
Bytes encode_attributes(const crypto::Object* obj) {
  Bytes b;
  if (!obj) {
    put32(b, 0);
    return b;
  }
  put32(b, static_cast<uint32_t>(obj->attrs.size()));
  for (const auto& a : obj->attrs) {
    put32(b, a.id);
    if (crypto::is_value_attribute(a.id)) {
      put32(b, a.a);
      put32(b, a.b);
    } else {
      put32(b, static_cast<uint32_t>(a.ref.size()));
      b.insert(b.end(), a.ref.begin(), a.ref.end());
    }
  }
  return b;
}

Result<void> decode_attributes(ByteView blob, std::vector<crypto::Attribute>& out) {
  Reader r(blob);
  uint32_t count = r.u32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    crypto::Attribute a;
    a.id = r.u32();
    if (crypto::is_value_attribute(a.id)) {
      a.a = r.u32();
      a.b = r.u32();
    } else {
      uint32_t len = r.u32();
      a.ref = crypto::to_bytes(r.bytes(len));
    }
    out.push_back(std::move(a));
  }
  if (!r.done())
    return corrupt("storage: object attributes are malformed");
  return {};
}

Bytes encode_record(const ObjectInfo& info, ByteView attrs, ByteView data) {
  Bytes b;
  b.reserve(28 + attrs.size() + data.size());
  put32(b, kFormat);
  put32(b, info.type);
  put32(b, info.max_size);
  put32(b, info.key_size);
  put32(b, info.usage);
  put32(b, static_cast<uint32_t>(attrs.size()));
  b.insert(b.end(), attrs.begin(), attrs.end());
  put32(b, static_cast<uint32_t>(data.size()));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

std::string ta_key(const Uuid& ta) {
  return ta.str();
}

// A path as the path part of an SQLite file: URI (RFC 3986 percent-encoding).
std::string uri_escape(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

Bytes dir_aad(const Uuid& ta, Space space) {
  static const char kLabel[] = "swemu-dir";
  Bytes b(kLabel, kLabel + sizeof(kLabel) - 1);
  b.insert(b.end(), ta.octets.begin(), ta.octets.end());
  b.push_back(static_cast<uint8_t>(space));
  return b;
}

Bytes object_aad(const Uuid& ta, Space space, ByteView id, uint64_t version) {
  static const char kLabel[] = "swemu-obj";
  Bytes b(kLabel, kLabel + sizeof(kLabel) - 1);
  b.insert(b.end(), ta.octets.begin(), ta.octets.end());
  b.push_back(static_cast<uint8_t>(space));
  b.push_back(static_cast<uint8_t>(id.size()));
  b.insert(b.end(), id.begin(), id.end());
  put64(b, version);
  return b;
}

} // namespace

struct OpenObject {
  Uuid ta;
  Space space = Space::kRee;
  IdKey id;
  ObjectInfo info; // data_size tracks `data`
  Bytes attrs;     // encoded attributes (immutable for a persistent object)
  Bytes data;
  uint64_t version = 0;
  std::vector<uint32_t> handle_flags; // one per open handle
};

struct SecureStorage::Impl {
  std::atomic<uint64_t>* changes = nullptr;
  sqlite3* db = nullptr;
  Bytes huk;
  bool read_only = false;
  std::mutex mu;
  std::map<std::tuple<Uuid, Space, IdKey>, std::shared_ptr<OpenObject>> open;
  std::map<Uuid, std::unique_ptr<TaKeys>> keys;

  ~Impl() { sqlite3_close(db); }

  Result<const TaKeys*> keys_for(const Uuid& ta) {
    auto it = keys.find(ta);
    if (it != keys.end())
      return it->second.get();
    auto k = std::make_unique<TaKeys>();
    SWEMU_TRY_VOID(hkdf(huk, "data key", ta, k->data.data()));
    SWEMU_TRY_VOID(hkdf(huk, "name key", ta, k->name.data()));
    return keys.emplace(ta, std::move(k)).first->second.get();
  }

  Result<Bytes> row_name(const Uuid& ta, ByteView id) {
    const TaKeys* k = SWEMU_TRY(keys_for(ta));
    Bytes mac(32);
    int rc = mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), k->name.data(),
                             k->name.size(), id.data(), id.size(), mac.data());
    if (rc != 0)
      return make_error(TEE_ERROR_GENERIC, "storage: HMAC failed");
    return mac;
  }

  Result<Directory> load_directory(const Uuid& ta, Space space) {
    Stmt st(db, "SELECT blob FROM dirs WHERE ta = ?1 AND space = ?2");
    if (!st.prepared())
      return sql_error(db, st.prepare_rc(), "reading the directory");
    st.text(1, ta_key(ta)).integer(2, static_cast<int>(space));
    int rc = st.step();
    if (rc == SQLITE_DONE)
      return Directory{};
    if (rc != SQLITE_ROW)
      return sql_error(db, rc, "reading the directory");
    const TaKeys* k = SWEMU_TRY(keys_for(ta));
    Bytes plain = SWEMU_TRY(unseal(k->data, dir_aad(ta, space), st.column_blob(0),
                                   fmt::format("the directory of TA {}", ta.str())));
    return decode_directory(plain);
  }

  Result<void> store_directory(const Uuid& ta, Space space, const Directory& dir) {
    const TaKeys* k = SWEMU_TRY(keys_for(ta));
    Bytes sealed = SWEMU_TRY(seal(k->data, dir_aad(ta, space), encode_directory(dir)));
    Stmt st(db, "INSERT OR REPLACE INTO dirs(ta, space, blob) VALUES(?1, ?2, ?3)");
    if (!st.prepared())
      return sql_error(db, st.prepare_rc(), "writing the directory");
    st.text(1, ta_key(ta)).integer(2, static_cast<int>(space)).blob(3, sealed);
    int rc = st.step();
    if (rc != SQLITE_DONE)
      return sql_error(db, rc, "writing the directory");
    return {};
  }

  Result<void> store_object(const Uuid& ta, Space space, ByteView id, uint64_t version,
                            ByteView record) {
    const TaKeys* k = SWEMU_TRY(keys_for(ta));
    Bytes sealed = SWEMU_TRY(seal(k->data, object_aad(ta, space, id, version), record));
    Bytes name = SWEMU_TRY(row_name(ta, id));
    Stmt st(db, "INSERT OR REPLACE INTO objects(ta, space, name, blob) VALUES(?1, ?2, ?3, ?4)");
    if (!st.prepared())
      return sql_error(db, st.prepare_rc(), "writing an object");
    st.text(1, ta_key(ta)).integer(2, static_cast<int>(space)).blob(3, name).blob(4, sealed);
    int rc = st.step();
    if (rc != SQLITE_DONE)
      return sql_error(db, rc, "writing an object");
    return {};
  }

  Result<void> delete_object_row(const Uuid& ta, Space space, ByteView id) {
    Bytes name = SWEMU_TRY(row_name(ta, id));
    Stmt st(db, "DELETE FROM objects WHERE ta = ?1 AND space = ?2 AND name = ?3");
    if (!st.prepared())
      return sql_error(db, st.prepare_rc(), "deleting an object");
    st.text(1, ta_key(ta)).integer(2, static_cast<int>(space)).blob(3, name);
    int rc = st.step();
    if (rc != SQLITE_DONE)
      return sql_error(db, rc, "deleting an object");
    return {};
  }

  // The decrypted record of an object the directory lists.
  Result<Bytes> load_object(const Uuid& ta, Space space, ByteView id, const DirEntry& entry) {
    Bytes name = SWEMU_TRY(row_name(ta, id));
    Stmt st(db, "SELECT blob FROM objects WHERE ta = ?1 AND space = ?2 AND name = ?3");
    if (!st.prepared())
      return sql_error(db, st.prepare_rc(), "reading an object");
    st.text(1, ta_key(ta)).integer(2, static_cast<int>(space)).blob(3, name);
    int rc = st.step();
    if (rc == SQLITE_DONE)
      return corrupt(fmt::format("storage: an object of TA {} is missing", ta.str()));
    if (rc != SQLITE_ROW)
      return sql_error(db, rc, "reading an object");
    const TaKeys* k = SWEMU_TRY(keys_for(ta));
    return unseal(k->data, object_aad(ta, space, id, entry.version), st.column_blob(0),
                  fmt::format("an object of TA {}", ta.str()));
  }

  // Runs `body` in one write transaction; rolled back if it fails.
  template <class F> Result<void> transaction(F&& body) {
    if (read_only)
      return unavailable("storage: the database is open read-only");
    SWEMU_TRY_VOID(exec(db, "BEGIN IMMEDIATE"));
    Result<void> r = body();
    if (r.ok()) {
      int rc = sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      if (rc == SQLITE_OK) {
        changes->fetch_add(1, std::memory_order_relaxed);
        return {};
      }
      r = sql_error(db, rc, "commit");
    }
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return r;
  }

  // Writes `obj`'s new state (record from `info`, its attributes and `data`) as a new
  // version, checking the quota; on success updates `obj`.
  Result<void> commit_object(OpenObject& obj, Bytes data, uint64_t quota) {
    if (data.size() > kMaxObjectData)
      return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                        fmt::format("storage: objects are limited to {} bytes", kMaxObjectData));
    ObjectInfo info = obj.info;
    info.data_size = static_cast<uint32_t>(data.size());
    Bytes record = encode_record(info, obj.attrs, data);
    uint64_t version = 0;
    SWEMU_TRY_VOID(transaction([&]() -> Result<void> {
      Directory dir = SWEMU_TRY(load_directory(obj.ta, obj.space));
      auto it = dir.entries.find(obj.id);
      if (it == dir.entries.end() || it->second.version != obj.version)
        return corrupt("storage: the object changed under an open handle");
      if (quota != 0 && dir.stored_total() - it->second.stored + record.size() > quota)
        return make_error(TEE_ERROR_STORAGE_NO_SPACE, "storage: the TA's quota is used up");
      version = dir.next_version++;
      it->second = DirEntry{version, record.size(), info};
      SWEMU_TRY_VOID(store_object(obj.ta, obj.space, obj.id, version, record));
      return store_directory(obj.ta, obj.space, dir);
    }));
    obj.version = version;
    obj.info = info;
    obj.data = std::move(data);
    return {};
  }

  static bool compatible(uint32_t existing, uint32_t wanted) {
    // GP v1.3.1 §5.7.1: WRITE_META is exclusive; if any handle reads (writes), all must
    // share reading (writing); and the share flags of all handles must agree.
    if ((existing | wanted) & TEE_DATA_FLAG_ACCESS_WRITE_META)
      return false;
    for (auto [access, share] :
         {std::pair{TEE_DATA_FLAG_ACCESS_READ, TEE_DATA_FLAG_SHARE_READ},
          std::pair{TEE_DATA_FLAG_ACCESS_WRITE, TEE_DATA_FLAG_SHARE_WRITE}}) {
      if (((existing | wanted) & access) && !(existing & wanted & share))
        return false;
      if ((existing & share) != (wanted & share))
        return false;
    }
    return true;
  }
};

Result<std::unique_ptr<SecureStorage>> SecureStorage::open(const std::filesystem::path& state_dir,
                                                           const Options& options) {
  std::unique_ptr<SecureStorage> s(new SecureStorage());
  s->impl_ = std::make_unique<Impl>();
  Impl& impl = *s->impl_;
  impl.changes = &s->changes_;
  impl.read_only = options.read_only;
  impl.huk.resize(kKeyLen);

  std::string uri = ":memory:";
  if (!state_dir.empty()) {
    std::error_code ec;
    if (!options.read_only)
      std::filesystem::create_directories(state_dir, ec);
    if (ec)
      return unavailable(
          fmt::format("storage: cannot create {}: {}", state_dir.string(), ec.message()));
    // The HUK: made once, atomically (written to a temporary file, then linked into place
    // so that two secure worlds starting together agree on one key).
    const std::filesystem::path huk_path = state_dir / "huk";
    int fd = ::open(huk_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && !options.read_only) {
      Bytes fresh(kKeyLen);
      SWEMU_TRY_VOID(random_bytes(fresh.data(), fresh.size()));
      std::filesystem::path tmp = state_dir / fmt::format("huk.{}.tmp", getpid());
      int w = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      bool written = w >= 0 &&
                     ::write(w, fresh.data(), fresh.size()) == static_cast<ssize_t>(fresh.size()) &&
                     ::fsync(w) == 0;
      if (w >= 0)
        ::close(w);
      if (written && ::link(tmp.c_str(), huk_path.c_str()) != 0 && errno != EEXIST)
        written = false;
      ::unlink(tmp.c_str());
      if (!written)
        return unavailable(
            fmt::format("storage: cannot write {}: {}", huk_path.string(), std::strerror(errno)));
      fd = ::open(huk_path.c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0)
      return unavailable(
          fmt::format("storage: cannot open {}: {}", huk_path.string(), std::strerror(errno)));
    ssize_t n = ::read(fd, impl.huk.data(), impl.huk.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(kKeyLen))
      return unavailable(fmt::format("storage: {} must hold {} bytes", huk_path.string(), kKeyLen));
    s->db_path_ = state_dir / "storage.db";
    uri = s->db_path_.string();
    if (options.read_only) {
      // A read-only connection to a WAL database would leave -wal and -shm files behind
      // (owned by whoever ran it). Without a -wal file no writer is active and everything
      // is in the main file, so it can be opened as immutable: no locks, no side files.
      std::error_code wal_ec;
      const bool wal = std::filesystem::exists(state_dir / "storage.db-wal", wal_ec);
      uri = "file:" + uri_escape(uri) + (wal ? "?mode=ro" : "?immutable=1");
    }
  } else {
    SWEMU_TRY_VOID(random_bytes(impl.huk.data(), impl.huk.size()));
  }

  const int flags = (options.read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(uri.c_str(), &impl.db, flags, nullptr);
  if (rc != SQLITE_OK)
    return unavailable(fmt::format("storage: cannot open {}: {}", uri,
                                   impl.db ? sqlite3_errmsg(impl.db) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(impl.db, kBusyTimeoutMs);
  if (!state_dir.empty() && !options.read_only) {
    ::chmod(uri.c_str(), 0600);
    SWEMU_TRY_VOID(exec(impl.db, "PRAGMA journal_mode=WAL"));
  }
  SWEMU_TRY_VOID(exec(impl.db, "PRAGMA synchronous=FULL"));
  if (options.max_pages != 0)
    SWEMU_TRY_VOID(
        exec(impl.db, fmt::format("PRAGMA max_page_count={}", options.max_pages).c_str()));
  if (!options.read_only) {
    SWEMU_TRY_VOID(exec(impl.db, "CREATE TABLE IF NOT EXISTS dirs(ta TEXT NOT NULL, space INTEGER "
                                 "NOT NULL, blob BLOB NOT NULL, PRIMARY KEY(ta, space))"));
    SWEMU_TRY_VOID(exec(impl.db, "CREATE TABLE IF NOT EXISTS objects(ta TEXT NOT NULL, space "
                                 "INTEGER NOT NULL, name BLOB NOT NULL, blob BLOB NOT NULL, "
                                 "PRIMARY KEY(ta, space, name))"));
  }
  return s;
}

SecureStorage::~SecureStorage() = default;

namespace {

// Fills a crypto object from an open object's header and attributes.
Result<void> fill_attributes(const OpenObject& obj, crypto::Object& out, uint32_t flags) {
  out = crypto::Object{};
  out.type = obj.info.type;
  out.max_size = obj.info.max_size;
  out.key_size = obj.info.key_size;
  out.usage = obj.info.usage;
  out.handle_flags = crypto::kHandleFlagPersistent | crypto::kHandleFlagInitialized | flags;
  return decode_attributes(obj.attrs, out.attrs);
}

} // namespace

Result<std::unique_ptr<Handle>> SecureStorage::open_object(const Uuid& ta, Space space, ByteView id,
                                                           uint32_t flags,
                                                           crypto::Object& attributes) {
  std::lock_guard lock(impl_->mu);
  auto key = std::make_tuple(ta, space, key_of(id));
  std::shared_ptr<OpenObject> obj;
  if (auto it = impl_->open.find(key); it != impl_->open.end()) {
    for (uint32_t existing : it->second->handle_flags)
      if (!Impl::compatible(existing, flags))
        return conflict("storage: the object is open with flags that do not allow this");
    obj = it->second;
  } else {
    Directory dir = SWEMU_TRY(impl_->load_directory(ta, space));
    auto e = dir.entries.find(key_of(id));
    if (e == dir.entries.end())
      return make_error(TEE_ERROR_ITEM_NOT_FOUND, "storage: no such object");
    Bytes record = SWEMU_TRY(impl_->load_object(ta, space, id, e->second));
    Reader r(record);
    obj = std::make_shared<OpenObject>();
    obj->ta = ta;
    obj->space = space;
    obj->id = key_of(id);
    obj->version = e->second.version;
    if (r.u32() != kFormat)
      return corrupt("storage: object has an unknown format");
    obj->info.type = r.u32();
    obj->info.max_size = r.u32();
    obj->info.key_size = r.u32();
    obj->info.usage = r.u32();
    obj->attrs = crypto::to_bytes(r.bytes(r.u32()));
    uint32_t data_len = r.u32();
    obj->data = crypto::to_bytes(r.bytes(data_len));
    obj->info.data_size = data_len;
    if (!r.done())
      return corrupt("storage: object record is malformed");
    impl_->open.emplace(key, obj);
  }
  Result<void> filled = fill_attributes(*obj, attributes, flags);
  if (!filled.ok()) {
    if (obj->handle_flags.empty())
      impl_->open.erase(key);
    return filled.take_error();
  }
  obj->handle_flags.push_back(flags);
  auto h = std::make_unique<Handle>();
  h->object = std::move(obj);
  h->flags = flags;
  return h;
}

Result<std::unique_ptr<Handle>> SecureStorage::create_object(const Uuid& ta, Space space,
                                                             ByteView id, uint32_t flags,
                                                             const crypto::Object* attributes,
                                                             ByteView data, uint64_t quota) {
  std::lock_guard lock(impl_->mu);
  auto key = std::make_tuple(ta, space, key_of(id));
  if (impl_->open.count(key))
    return conflict("storage: an object with this id is open");
  if (data.size() > kMaxObjectData)
    return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                      fmt::format("storage: objects are limited to {} bytes", kMaxObjectData));
  auto obj = std::make_shared<OpenObject>();
  obj->ta = ta;
  obj->space = space;
  obj->id = key_of(id);
  if (attributes) {
    obj->info.type = attributes->type;
    obj->info.max_size = attributes->max_size;
    obj->info.key_size = attributes->key_size;
    obj->info.usage = attributes->usage;
  } else {
    obj->info.type = TEE_TYPE_DATA;
    obj->info.usage = 0xFFFF'FFFF;
  }
  obj->attrs = encode_attributes(attributes);
  obj->data = crypto::to_bytes(data);
  obj->info.data_size = static_cast<uint32_t>(data.size());
  Bytes record = encode_record(obj->info, obj->attrs, obj->data);

  SWEMU_TRY_VOID(impl_->transaction([&]() -> Result<void> {
    Directory dir = SWEMU_TRY(impl_->load_directory(ta, space));
    auto it = dir.entries.find(obj->id);
    uint64_t others = dir.stored_total();
    if (it != dir.entries.end()) {
      if (!(flags & TEE_DATA_FLAG_OVERWRITE))
        return conflict("storage: an object with this id exists");
      others -= it->second.stored;
    }
    if (quota != 0 && others + record.size() > quota)
      return make_error(TEE_ERROR_STORAGE_NO_SPACE, "storage: the TA's quota is used up");
    obj->version = dir.next_version++;
    dir.entries[obj->id] = DirEntry{obj->version, record.size(), obj->info};
    SWEMU_TRY_VOID(impl_->store_object(ta, space, id, obj->version, record));
    return impl_->store_directory(ta, space, dir);
  }));
  obj->handle_flags.push_back(flags);
  impl_->open.emplace(key, obj);
  auto h = std::make_unique<Handle>();
  h->object = std::move(obj);
  h->flags = flags;
  return h;
}

void SecureStorage::close(std::unique_ptr<Handle> handle) {
  if (!handle)
    return;
  std::lock_guard lock(impl_->mu);
  OpenObject& obj = *handle->object;
  auto it = std::find(obj.handle_flags.begin(), obj.handle_flags.end(), handle->flags);
  if (it != obj.handle_flags.end())
    obj.handle_flags.erase(it);
  if (obj.handle_flags.empty())
    impl_->open.erase(std::make_tuple(obj.ta, obj.space, obj.id));
}

Result<void> SecureStorage::remove(std::unique_ptr<Handle>& handle) {
  if (!(handle->flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
    return conflict("storage: deleting needs TEE_DATA_FLAG_ACCESS_WRITE_META");
  {
    std::lock_guard lock(impl_->mu);
    OpenObject& obj = *handle->object;
    SWEMU_TRY_VOID(impl_->transaction([&]() -> Result<void> {
      Directory dir = SWEMU_TRY(impl_->load_directory(obj.ta, obj.space));
      dir.entries.erase(obj.id);
      SWEMU_TRY_VOID(impl_->delete_object_row(obj.ta, obj.space, obj.id));
      return impl_->store_directory(obj.ta, obj.space, dir);
    }));
  }
  close(std::move(handle));
  return {};
}

Result<void> SecureStorage::rename(Handle& handle, ByteView new_id) {
  if (!(handle.flags & TEE_DATA_FLAG_ACCESS_WRITE_META))
    return conflict("storage: renaming needs TEE_DATA_FLAG_ACCESS_WRITE_META");
  std::lock_guard lock(impl_->mu);
  OpenObject& obj = *handle.object;
  IdKey to = key_of(new_id);
  if (to == obj.id)
    return {};
  auto new_key = std::make_tuple(obj.ta, obj.space, to);
  if (impl_->open.count(new_key))
    return conflict("storage: an object with the new id is open");
  Bytes record = encode_record(obj.info, obj.attrs, obj.data);
  uint64_t version = 0;
  SWEMU_TRY_VOID(impl_->transaction([&]() -> Result<void> {
    Directory dir = SWEMU_TRY(impl_->load_directory(obj.ta, obj.space));
    if (dir.entries.count(to))
      return conflict("storage: an object with the new id exists");
    auto it = dir.entries.find(obj.id);
    if (it == dir.entries.end() || it->second.version != obj.version)
      return corrupt("storage: the object changed under an open handle");
    DirEntry e = it->second;
    dir.entries.erase(it);
    version = dir.next_version++;
    e.version = version;
    dir.entries.emplace(to, e);
    SWEMU_TRY_VOID(impl_->delete_object_row(obj.ta, obj.space, obj.id));
    SWEMU_TRY_VOID(impl_->store_object(obj.ta, obj.space, new_id, version, record));
    return impl_->store_directory(obj.ta, obj.space, dir);
  }));
  auto node = impl_->open.extract(std::make_tuple(obj.ta, obj.space, obj.id));
  obj.id = to;
  obj.version = version;
  node.key() = new_key;
  impl_->open.insert(std::move(node));
  return {};
}

Result<size_t> SecureStorage::read(Handle& handle, uint8_t* out, size_t len) {
  if (!(handle.flags & TEE_DATA_FLAG_ACCESS_READ))
    return conflict("storage: reading needs TEE_DATA_FLAG_ACCESS_READ");
  std::lock_guard lock(impl_->mu);
  const Bytes& data = handle.object->data;
  if (handle.position >= data.size())
    return size_t{0};
  size_t n = std::min<uint64_t>(len, data.size() - handle.position);
  std::memcpy(out, data.data() + handle.position, n);
  handle.position += n;
  return n;
}

Result<void> SecureStorage::write(Handle& handle, ByteView src, uint64_t quota) {
  if (!(handle.flags & TEE_DATA_FLAG_ACCESS_WRITE))
    return conflict("storage: writing needs TEE_DATA_FLAG_ACCESS_WRITE");
  if (handle.position + src.size() > kMaxDataPosition)
    return make_error(TEE_ERROR_OVERFLOW, "storage: write past TEE_DATA_MAX_POSITION");
  std::lock_guard lock(impl_->mu);
  OpenObject& obj = *handle.object;
  const uint64_t end = handle.position + src.size();
  if (end > kMaxObjectData)
    return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                      fmt::format("storage: objects are limited to {} bytes", kMaxObjectData));
  Bytes data = obj.data;
  if (data.size() < end)
    data.resize(end, 0);
  std::copy(src.begin(), src.end(), data.begin() + static_cast<ptrdiff_t>(handle.position));
  SWEMU_TRY_VOID(impl_->commit_object(obj, std::move(data), quota));
  handle.position = end;
  return {};
}

Result<void> SecureStorage::truncate(Handle& handle, uint64_t size, uint64_t quota) {
  if (!(handle.flags & TEE_DATA_FLAG_ACCESS_WRITE))
    return conflict("storage: truncating needs TEE_DATA_FLAG_ACCESS_WRITE");
  if (size > kMaxDataPosition)
    return make_error(TEE_ERROR_OVERFLOW, "storage: size past TEE_DATA_MAX_POSITION");
  if (size > kMaxObjectData)
    return make_error(TEE_ERROR_STORAGE_NO_SPACE,
                      fmt::format("storage: objects are limited to {} bytes", kMaxObjectData));
  std::lock_guard lock(impl_->mu);
  OpenObject& obj = *handle.object;
  Bytes data = obj.data;
  data.resize(size, 0);
  return impl_->commit_object(obj, std::move(data), quota);
}

Result<void> SecureStorage::seek(Handle& handle, int32_t offset, uint32_t whence) {
  std::lock_guard lock(impl_->mu);
  int64_t base = 0;
  switch (whence) {
  case TEE_DATA_SEEK_SET:
    break;
  case TEE_DATA_SEEK_CUR:
    base = static_cast<int64_t>(handle.position);
    break;
  case TEE_DATA_SEEK_END:
    base = static_cast<int64_t>(handle.object->data.size());
    break;
  default:
    return make_error(TEE_ERROR_BAD_PARAMETERS, fmt::format("storage: whence {}", whence));
  }
  int64_t pos = std::max<int64_t>(0, base + offset);
  if (static_cast<uint64_t>(pos) > kMaxDataPosition)
    return make_error(TEE_ERROR_OVERFLOW, "storage: seek past TEE_DATA_MAX_POSITION");
  handle.position = static_cast<uint64_t>(pos);
  return {};
}

uint32_t SecureStorage::data_size(const Handle& handle) const {
  std::lock_guard lock(impl_->mu);
  return static_cast<uint32_t>(handle.object->data.size());
}

Result<std::vector<ListedObject>> SecureStorage::list(const Uuid& ta, Space space) {
  std::lock_guard lock(impl_->mu);
  Directory dir = SWEMU_TRY(impl_->load_directory(ta, space));
  std::vector<ListedObject> out;
  for (const auto& [id, e] : dir.entries)
    out.push_back(ListedObject{crypto::to_bytes(id), e.info});
  return out;
}

Result<std::optional<ListedObject>> SecureStorage::next_object(const Uuid& ta, Space space,
                                                               const std::optional<Bytes>& after) {
  std::lock_guard lock(impl_->mu);
  Directory dir = SWEMU_TRY(impl_->load_directory(ta, space));
  auto it =
      after ? dir.entries.upper_bound(IdKey(after->begin(), after->end())) : dir.entries.begin();
  if (it == dir.entries.end())
    return std::optional<ListedObject>{};
  return std::optional<ListedObject>{ListedObject{crypto::to_bytes(it->first), it->second.info}};
}

Result<std::vector<Uuid>> SecureStorage::tas(Space space) {
  std::lock_guard lock(impl_->mu);
  Stmt st(impl_->db, "SELECT ta FROM dirs WHERE space = ?1 ORDER BY ta");
  if (!st.prepared())
    return sql_error(impl_->db, st.prepare_rc(), "listing TAs");
  st.integer(1, static_cast<int>(space));
  std::vector<Uuid> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW)
    if (auto u = Uuid::parse(st.column_text(0)))
      out.push_back(*u);
  if (rc != SQLITE_DONE)
    return sql_error(impl_->db, rc, "listing TAs");
  return out;
}

Result<Bytes> SecureStorage::export_data(const Uuid& ta, Space space, ByteView id,
                                         crypto::Object& attributes) {
  auto h = SWEMU_TRY(
      open_object(ta, space, id, TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_SHARE_READ, attributes));
  Bytes data;
  {
    std::lock_guard lock(impl_->mu);
    data = h->object->data;
  }
  close(std::move(h));
  return data;
}

Result<void> SecureStorage::wipe(const Uuid* ta) {
  std::lock_guard lock(impl_->mu);
  for (const auto& [key, obj] : impl_->open)
    if (!ta || std::get<0>(key) == *ta)
      return conflict("storage: an object of the TA is open");
  return impl_->transaction([&]() -> Result<void> {
    for (const char* table : {"objects", "dirs"}) {
      std::string sql = ta ? fmt::format("DELETE FROM {} WHERE ta = ?1", table)
                           : fmt::format("DELETE FROM {}", table);
      Stmt st(impl_->db, sql.c_str());
      if (!st.prepared())
        return sql_error(impl_->db, st.prepare_rc(), "wiping");
      if (ta)
        st.text(1, ta_key(*ta));
      int rc = st.step();
      if (rc != SQLITE_DONE)
        return sql_error(impl_->db, rc, "wiping");
    }
    return {};
  });
}

} // namespace swemu::core::storage
