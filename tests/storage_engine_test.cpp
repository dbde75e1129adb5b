// The secure storage engine (tee_core/src/storage) on its own: GP's object rules as the
// syscalls see them, encryption and tamper detection on the SQLite rows, quotas, full and
// read-only databases, and crash consistency under SIGKILL.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "storage/secure_storage.h"
#include "swemu/core/tee_abi.h"

namespace {

namespace fs = std::filesystem;
using namespace swemu;
using namespace swemu::abi;
using core::crypto::Bytes;
using core::storage::Handle;
using core::storage::SecureStorage;
using core::storage::Space;

constexpr uint32_t kRead = TEE_DATA_FLAG_ACCESS_READ;
constexpr uint32_t kWrite = TEE_DATA_FLAG_ACCESS_WRITE;
constexpr uint32_t kMeta = TEE_DATA_FLAG_ACCESS_WRITE_META;
constexpr uint32_t kShareRead = TEE_DATA_FLAG_SHARE_READ;
constexpr uint32_t kShareWrite = TEE_DATA_FLAG_SHARE_WRITE;
constexpr uint32_t kOverwrite = TEE_DATA_FLAG_OVERWRITE;
constexpr uint32_t kAll = kRead | kWrite | kMeta;

const Uuid kTaA = *Uuid::parse("11111111-2222-3333-4444-555555555555");
const Uuid kTaB = *Uuid::parse("66666666-7777-8888-9999-aaaaaaaaaaaa");

Bytes b(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

class TempDir {
public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("swemu_storage_" + std::to_string(getpid()) + "_" + std::to_string(++count_))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

private:
  static inline int count_ = 0;
  fs::path path_;
};

std::unique_ptr<SecureStorage> open_storage(const fs::path& dir = {},
                                            const core::storage::Options& o = {}) {
  auto s = SecureStorage::open(dir, o);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? std::move(s).value() : nullptr;
}

// The value of a result that must have succeeded.
template <class T> T must(Result<T> r) {
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? std::move(r).value() : T{};
}

uint32_t code(const Result<void>& r) {
  return r.ok() ? TEE_SUCCESS : r.error().code;
}
template <class T> uint32_t code(const Result<T>& r) {
  return r.ok() ? TEE_SUCCESS : r.error().code;
}

// Creates `id` with `data` and closes it.
void put(SecureStorage& s, const Uuid& ta, const std::string& id, const Bytes& data,
         Space space = Space::kRee) {
  auto h = s.create_object(ta, space, b(id), kAll | kOverwrite, nullptr, data, 0);
  ASSERT_TRUE(h.ok()) << h.error().message;
  s.close(std::move(h).value());
}

// The whole data stream of `id`, or the error opening it gave.
Result<Bytes> get(SecureStorage& s, const Uuid& ta, const std::string& id,
                  Space space = Space::kRee) {
  core::crypto::Object attrs;
  auto h = SWEMU_TRY(s.open_object(ta, space, b(id), kRead | kShareRead, attrs));
  Bytes out(s.data_size(*h));
  auto n = s.read(*h, out.data(), out.size());
  s.close(std::move(h));
  if (!n.ok())
    return n.take_error();
  return out;
}

// --- direct access to the database, as an attacker with the file would have ---

struct Db {
  explicit Db(const fs::path& file) { EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK); }
  ~Db() { sqlite3_close(db); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // rowid → blob of every object row of a TA.
  std::map<int64_t, std::vector<uint8_t>> object_rows(const Uuid& ta) {
    std::map<int64_t, std::vector<uint8_t>> out;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT rowid, blob FROM objects WHERE ta = ?1", -1, &st, nullptr);
    std::string t = ta.str();
    sqlite3_bind_text(st, 1, t.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st, 1));
      out[sqlite3_column_int64(st, 0)] = std::vector<uint8_t>(p, p + sqlite3_column_bytes(st, 1));
    }
    sqlite3_finalize(st);
    return out;
  }
  void set_blob(const char* table, int64_t rowid, const std::vector<uint8_t>& blob) {
    sqlite3_stmt* st = nullptr;
    std::string sql = std::string("UPDATE ") + table + " SET blob = ?1 WHERE rowid = ?2";
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    sqlite3_bind_blob(st, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, rowid);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
  }
  std::vector<uint8_t> dir_blob(const Uuid& ta, int64_t* rowid) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT rowid, blob FROM dirs WHERE ta = ?1 AND space = 0", -1, &st,
                       nullptr);
    std::string t = ta.str();
    sqlite3_bind_text(st, 1, t.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<uint8_t> out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      *rowid = sqlite3_column_int64(st, 0);
      const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(st, 1));
      out.assign(p, p + sqlite3_column_bytes(st, 1));
    }
    sqlite3_finalize(st);
    return out;
  }
  sqlite3* db = nullptr;
};

// --- objects and data streams --------------------------------------------------------

TEST(StorageEngine, CreateOpenReadWriteInMemory) {
  auto s = open_storage();
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->path().empty());
  put(*s, kTaA, "greeting", b("hello"));
  auto data = get(*s, kTaA, "greeting");
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, b("hello"));
  EXPECT_EQ(code(get(*s, kTaA, "nothing")), TEE_ERROR_ITEM_NOT_FOUND);
}

TEST(StorageEngine, DataStreamRules) {
  auto s = open_storage();
  core::crypto::Object attrs;
  auto h =
      std::move(s->create_object(kTaA, Space::kRee, b("o"), kAll, nullptr, b("abcdef"), 0)).value();
  // Writing past the end fills the gap with zeros; the position follows the write.
  ASSERT_TRUE(s->seek(*h, 8, TEE_DATA_SEEK_SET).ok());
  ASSERT_TRUE(s->write(*h, b("XY"), 0).ok());
  EXPECT_EQ(h->position, 10u);
  EXPECT_EQ(s->data_size(*h), 10u);
  Bytes out(16);
  ASSERT_TRUE(s->seek(*h, 0, TEE_DATA_SEEK_SET).ok());
  EXPECT_EQ(must(s->read(*h, out.data(), out.size())), 10u);
  EXPECT_EQ(Bytes(out.begin(), out.begin() + 10),
            (Bytes{'a', 'b', 'c', 'd', 'e', 'f', 0, 0, 'X', 'Y'}));
  // Reading at or past the end gives nothing.
  EXPECT_EQ(must(s->read(*h, out.data(), out.size())), 0u);
  ASSERT_TRUE(s->seek(*h, 100, TEE_DATA_SEEK_END).ok());
  EXPECT_EQ(must(s->read(*h, out.data(), 4)), 0u);
  // Seeks: CUR and END relative, negative results clamp to 0, past the maximum overflow.
  ASSERT_TRUE(s->seek(*h, -3, TEE_DATA_SEEK_END).ok());
  EXPECT_EQ(h->position, 7u);
  ASSERT_TRUE(s->seek(*h, 2, TEE_DATA_SEEK_CUR).ok());
  EXPECT_EQ(h->position, 9u);
  ASSERT_TRUE(s->seek(*h, -100, TEE_DATA_SEEK_CUR).ok());
  EXPECT_EQ(h->position, 0u);
  EXPECT_EQ(code(s->seek(*h, 0, 7)), TEE_ERROR_BAD_PARAMETERS);
  h->position = 0xFFFF'FFF0;
  EXPECT_EQ(code(s->seek(*h, 0x20, TEE_DATA_SEEK_CUR)), TEE_ERROR_OVERFLOW);
  EXPECT_EQ(code(s->write(*h, Bytes(0x20), 0)), TEE_ERROR_OVERFLOW);
  h->position = 0;
  // Truncate shrinks and extends with zeros, and leaves the position alone.
  ASSERT_TRUE(s->seek(*h, 5, TEE_DATA_SEEK_SET).ok());
  ASSERT_TRUE(s->truncate(*h, 3, 0).ok());
  EXPECT_EQ(s->data_size(*h), 3u);
  ASSERT_TRUE(s->truncate(*h, 6, 0).ok());
  EXPECT_EQ(h->position, 5u);
  s->close(std::move(h));
  EXPECT_EQ(must(get(*s, kTaA, "o")), (Bytes{'a', 'b', 'c', 0, 0, 0}));
}

TEST(StorageEngine, AccessRightsOfAHandle) {
  auto s = open_storage();
  put(*s, kTaA, "o", b("data"));
  core::crypto::Object attrs;
  auto h = std::move(s->open_object(kTaA, Space::kRee, b("o"), 0, attrs)).value();
  Bytes out(4);
  EXPECT_EQ(code(s->read(*h, out.data(), 4)), TEE_ERROR_ACCESS_CONFLICT);
  EXPECT_EQ(code(s->write(*h, b("x"), 0)), TEE_ERROR_ACCESS_CONFLICT);
  EXPECT_EQ(code(s->truncate(*h, 0, 0)), TEE_ERROR_ACCESS_CONFLICT);
  EXPECT_EQ(code(s->rename(*h, b("p"))), TEE_ERROR_ACCESS_CONFLICT);
  EXPECT_EQ(code(s->remove(h)), TEE_ERROR_ACCESS_CONFLICT);
  ASSERT_TRUE(h);
  s->close(std::move(h));
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("data"));
}

// GP v1.3.1 §5.7.1, as OP-TEE applies it to every pair of handles.
TEST(StorageEngine, SharingRules) {
  struct Case {
    uint32_t first, second;
    bool allowed;
  };
  const Case cases[] = {
      {kRead | kShareRead, kRead | kShareRead, true},
      {kRead, kRead | kShareRead, false},
      {kRead | kShareRead, kRead, false},
      {kRead | kShareRead | kShareWrite, kWrite | kShareRead | kShareWrite, true},
      {kRead | kShareRead, kWrite | kShareRead, false},
      {kWrite | kShareWrite, kWrite | kShareWrite, true},
      {kWrite | kShareWrite, kRead | kShareWrite, false},
      {kShareRead, kRead | kShareRead, true},
      {0, kRead | kShareRead, false},
      {0, 0, true},
      {kShareRead, 0, false},
      {kMeta, 0, false},
      {kRead | kShareRead | kShareWrite, kMeta | kShareRead | kShareWrite, false},
  };
  auto s = open_storage();
  put(*s, kTaA, "o", b("x"));
  for (const Case& c : cases) {
    SCOPED_TRACE(::testing::Message() << std::hex << c.first << " then " << c.second);
    core::crypto::Object attrs;
    auto first = std::move(s->open_object(kTaA, Space::kRee, b("o"), c.first, attrs)).value();
    auto second = s->open_object(kTaA, Space::kRee, b("o"), c.second, attrs);
    EXPECT_EQ(code(second), c.allowed ? TEE_SUCCESS : TEE_ERROR_ACCESS_CONFLICT);
    if (second.ok())
      s->close(std::move(second).value());
    s->close(std::move(first));
  }
  // Once every handle is closed, anything goes again.
  core::crypto::Object attrs;
  auto h = s->open_object(kTaA, Space::kRee, b("o"), kAll, attrs);
  EXPECT_TRUE(h.ok());
}

TEST(StorageEngine, CreateOverwriteAndConflicts) {
  auto s = open_storage();
  put(*s, kTaA, "o", b("one"));
  EXPECT_EQ(code(s->create_object(kTaA, Space::kRee, b("o"), kAll, nullptr, b("two"), 0)),
            TEE_ERROR_ACCESS_CONFLICT);
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("one"));
  // OVERWRITE replaces it, unless a handle has it open.
  core::crypto::Object attrs;
  auto h = std::move(s->open_object(kTaA, Space::kRee, b("o"), kRead | kShareRead, attrs)).value();
  EXPECT_EQ(
      code(s->create_object(kTaA, Space::kRee, b("o"), kAll | kOverwrite, nullptr, b("two"), 0)),
      TEE_ERROR_ACCESS_CONFLICT);
  s->close(std::move(h));
  put(*s, kTaA, "o", b("two"));
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("two"));
}

TEST(StorageEngine, RenameAndDelete) {
  auto s = open_storage();
  put(*s, kTaA, "a", b("A"));
  put(*s, kTaA, "b", b("B"));
  core::crypto::Object attrs;
  auto h = std::move(s->open_object(kTaA, Space::kRee, b("a"), kAll, attrs)).value();
  // Onto an existing id: refused, both objects unchanged.
  EXPECT_EQ(code(s->rename(*h, b("b"))), TEE_ERROR_ACCESS_CONFLICT);
  ASSERT_TRUE(s->rename(*h, b("c")).ok());
  // The renamed handle keeps working under the new id.
  ASSERT_TRUE(s->write(*h, b("C"), 0).ok());
  s->close(std::move(h));
  EXPECT_EQ(code(get(*s, kTaA, "a")), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_EQ(must(get(*s, kTaA, "b")), b("B"));
  EXPECT_EQ(must(get(*s, kTaA, "c")), b("C"));
  h = std::move(s->open_object(kTaA, Space::kRee, b("c"), kMeta, attrs)).value();
  ASSERT_TRUE(s->remove(h).ok());
  EXPECT_FALSE(h);
  EXPECT_EQ(code(get(*s, kTaA, "c")), TEE_ERROR_ITEM_NOT_FOUND);
  auto listed = s->list(kTaA, Space::kRee);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, b("b"));
}

TEST(StorageEngine, SpacesAndTasAreSeparate) {
  auto s = open_storage();
  put(*s, kTaA, "o", b("ree"));
  put(*s, kTaA, "o", b("rpmb"), Space::kRpmb);
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("ree"));
  EXPECT_EQ(must(get(*s, kTaA, "o", Space::kRpmb)), b("rpmb"));
  EXPECT_EQ(code(get(*s, kTaB, "o")), TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_TRUE(s->list(kTaB, Space::kRee)->empty());
  EXPECT_EQ(core::storage::space_for(TEE_STORAGE_PRIVATE), Space::kRee);
  EXPECT_EQ(core::storage::space_for(TEE_STORAGE_PRIVATE_REE), Space::kRee);
  EXPECT_EQ(core::storage::space_for(TEE_STORAGE_PRIVATE_RPMB), Space::kRpmb);
  EXPECT_EQ(core::storage::space_for(0x8000'0200), std::nullopt);
  EXPECT_EQ(core::storage::space_for(0), std::nullopt);
}

TEST(StorageEngine, AttributesRoundTrip) {
  auto s = open_storage();
  core::crypto::Object key;
  key.type = 0xA000'0010; // TEE_TYPE_AES
  key.max_size = 256;
  key.key_size = 128;
  key.usage = 0x6;
  key.handle_flags = core::crypto::kHandleFlagInitialized;
  core::crypto::Attribute secret;
  secret.id = 0xC000'0000;
  secret.ref = Bytes(16, 0x5A);
  key.attrs.push_back(secret);
  core::crypto::Attribute value;
  value.id = 0xF000'0441; // a value attribute
  value.a = 7;
  value.b = 9;
  key.attrs.push_back(value);
  auto h = s->create_object(kTaA, Space::kRee, b("key"), kAll, &key, b("payload"), 0);
  ASSERT_TRUE(h.ok());
  s->close(std::move(h).value());
  core::crypto::Object got;
  auto o = s->open_object(kTaA, Space::kRee, b("key"), kRead, got);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(got.type, key.type);
  EXPECT_EQ(got.max_size, 256u);
  EXPECT_EQ(got.key_size, 128u);
  EXPECT_EQ(got.usage, 0x6u);
  EXPECT_EQ(got.handle_flags,
            core::crypto::kHandleFlagPersistent | core::crypto::kHandleFlagInitialized | kRead);
  ASSERT_EQ(got.attrs.size(), 2u);
  EXPECT_EQ(got.attrs[0].ref, secret.ref);
  EXPECT_EQ(got.attrs[1].a, 7u);
  EXPECT_EQ(got.attrs[1].b, 9u);
  auto listed = s->list(kTaA, Space::kRee);
  EXPECT_EQ((*listed)[0].info.data_size, 7u);
  EXPECT_EQ((*listed)[0].info.key_size, 128u);
}

TEST(StorageEngine, EnumerationWhileObjectsComeAndGo) {
  auto s = open_storage();
  for (const char* id : {"b", "d", "f"})
    put(*s, kTaA, id, b(id));
  auto first = s->next_object(kTaA, Space::kRee, std::nullopt);
  ASSERT_TRUE(first.ok() && *first);
  EXPECT_EQ((*first)->id, b("b"));
  // Added after the cursor: seen; added before it: not; deleted before reached: not.
  put(*s, kTaA, "a", b("a"));
  put(*s, kTaA, "e", b("e"));
  core::crypto::Object attrs;
  auto d = std::move(s->open_object(kTaA, Space::kRee, b("d"), kMeta, attrs)).value();
  ASSERT_TRUE(s->remove(d).ok());
  std::vector<Bytes> seen;
  std::optional<Bytes> cursor = (*first)->id;
  while (true) {
    auto n = s->next_object(kTaA, Space::kRee, cursor);
    ASSERT_TRUE(n.ok());
    if (!*n)
      break;
    seen.push_back((*n)->id);
    cursor = (*n)->id;
  }
  EXPECT_EQ(seen, (std::vector<Bytes>{b("e"), b("f")}));
}

// --- persistence, keys and tampering -------------------------------------------------

TEST(StorageEngine, PersistsAcrossRestartsWithPrivateFiles) {
  TempDir dir;
  {
    auto s = open_storage(dir.path());
    put(*s, kTaA, "o", b("kept"));
  }
  struct stat st {};
  ASSERT_EQ(stat((dir.path() / "huk").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  ASSERT_EQ(stat((dir.path() / "storage.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto s = open_storage(dir.path());
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("kept"));
  EXPECT_EQ(s->tas(Space::kRee)->size(), 1u);
}

TEST(StorageEngine, NothingInTheDatabaseIsPlaintext) {
  TempDir dir;
  {
    auto s = open_storage(dir.path());
    put(*s, kTaA, "secret-name", b("secret-payload-0123456789"));
  }
  // Checkpoint the WAL so the file holds everything, then look for the bytes.
  {
    Db db(dir.path() / "storage.db");
    sqlite3_exec(db.db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  }
  std::string raw;
  for (const char* f : {"storage.db", "storage.db-wal"}) {
    std::FILE* fp = std::fopen((dir.path() / f).c_str(), "rb");
    if (!fp)
      continue;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, fp)) > 0)
      raw.append(buf, n);
    std::fclose(fp);
  }
  ASSERT_FALSE(raw.empty());
  EXPECT_EQ(raw.find("secret-payload"), std::string::npos);
  EXPECT_EQ(raw.find("secret-name"), std::string::npos);
}

TEST(StorageEngine, AnotherInstallationsKeyCannotRead) {
  TempDir one, two;
  {
    auto s = open_storage(one.path());
    put(*s, kTaA, "o", b("mine"));
  }
  { auto s = open_storage(two.path()); } // its own HUK
  fs::copy_file(one.path() / "storage.db", two.path() / "storage.db",
                fs::copy_options::overwrite_existing);
  fs::remove(two.path() / "storage.db-wal");
  fs::remove(two.path() / "storage.db-shm");
  auto s = open_storage(two.path());
  EXPECT_EQ(code(get(*s, kTaA, "o")), TEE_ERROR_CORRUPT_OBJECT);
}

TEST(StorageEngine, FlippedBytesAreDetected) {
  TempDir dir;
  { put(*open_storage(dir.path()), kTaA, "o", b("0123456789abcdef")); }
  {
    Db db(dir.path() / "storage.db");
    auto rows = db.object_rows(kTaA);
    ASSERT_EQ(rows.size(), 1u);
    // Every byte of the row, nonce, ciphertext and tag alike.
    auto [rowid, blob] = *rows.begin();
    for (size_t i = 0; i < blob.size(); ++i) {
      auto bad = blob;
      bad[i] ^= 0x01;
      db.set_blob("objects", rowid, bad);
      auto s = open_storage(dir.path());
      ASSERT_EQ(code(get(*s, kTaA, "o")), TEE_ERROR_CORRUPT_OBJECT) << "byte " << i;
    }
    db.set_blob("objects", rowid, blob);
    int64_t dir_row = 0;
    auto d = db.dir_blob(kTaA, &dir_row);
    d[d.size() / 2] ^= 0x80;
    db.set_blob("dirs", dir_row, d);
  }
  auto s = open_storage(dir.path());
  EXPECT_EQ(code(get(*s, kTaA, "o")), TEE_ERROR_CORRUPT_OBJECT);
  EXPECT_EQ(code(s->list(kTaA, Space::kRee)), TEE_ERROR_CORRUPT_OBJECT);
}

TEST(StorageEngine, SwappedRowsAreDetected) {
  TempDir dir;
  {
    auto s = open_storage(dir.path());
    put(*s, kTaA, "first", b("one"));
    put(*s, kTaA, "second", b("two"));
  }
  {
    Db db(dir.path() / "storage.db");
    auto rows = db.object_rows(kTaA);
    ASSERT_EQ(rows.size(), 2u);
    auto a = rows.begin();
    auto c = std::next(a);
    db.set_blob("objects", a->first, c->second);
    db.set_blob("objects", c->first, a->second);
  }
  auto s = open_storage(dir.path());
  EXPECT_EQ(code(get(*s, kTaA, "first")), TEE_ERROR_CORRUPT_OBJECT);
  EXPECT_EQ(code(get(*s, kTaA, "second")), TEE_ERROR_CORRUPT_OBJECT);
}

TEST(StorageEngine, AnotherTasDirectoryIsDetected) {
  TempDir dir;
  {
    auto s = open_storage(dir.path());
    put(*s, kTaA, "o", b("A's"));
    put(*s, kTaB, "o", b("B's"));
  }
  {
    Db db(dir.path() / "storage.db");
    int64_t row_a = 0, row_b = 0;
    auto dir_a = db.dir_blob(kTaA, &row_a);
    db.dir_blob(kTaB, &row_b);
    db.set_blob("dirs", row_b, dir_a);
  }
  auto s = open_storage(dir.path());
  EXPECT_EQ(code(get(*s, kTaB, "o")), TEE_ERROR_CORRUPT_OBJECT);
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("A's"));
}

TEST(StorageEngine, ReplayedOldRowIsDetected) {
  TempDir dir;
  { put(*open_storage(dir.path()), kTaA, "counter", b("1")); }
  std::vector<uint8_t> old;
  int64_t rowid = 0;
  {
    Db db(dir.path() / "storage.db");
    auto rows = db.object_rows(kTaA);
    rowid = rows.begin()->first;
    old = rows.begin()->second;
  }
  {
    auto s = open_storage(dir.path());
    core::crypto::Object attrs;
    auto h = std::move(s->open_object(kTaA, Space::kRee, b("counter"), kAll, attrs)).value();
    ASSERT_TRUE(s->write(*h, b("2"), 0).ok());
    s->close(std::move(h));
  }
  {
    Db db(dir.path() / "storage.db");
    db.set_blob("objects", db.object_rows(kTaA).begin()->first, old);
  }
  auto s = open_storage(dir.path());
  EXPECT_EQ(code(get(*s, kTaA, "counter")), TEE_ERROR_CORRUPT_OBJECT);
  (void)rowid;
}

// --- limits and failures -------------------------------------------------------------

TEST(StorageEngine, QuotaIsEnforcedAndFailedWritesChangeNothing) {
  auto s = open_storage();
  constexpr uint64_t kQuota = 4096;
  auto h =
      std::move(s->create_object(kTaA, Space::kRee, b("a"), kAll, nullptr, Bytes(1000, 1), kQuota))
          .value();
  EXPECT_EQ(
      code(s->create_object(kTaA, Space::kRee, b("b"), kAll, nullptr, Bytes(4000, 2), kQuota)),
      TEE_ERROR_STORAGE_NO_SPACE);
  ASSERT_TRUE(s->seek(*h, 0, TEE_DATA_SEEK_END).ok());
  EXPECT_EQ(code(s->write(*h, Bytes(4000, 3), kQuota)), TEE_ERROR_STORAGE_NO_SPACE);
  EXPECT_EQ(h->position, 1000u);
  EXPECT_EQ(code(s->truncate(*h, 5000, kQuota)), TEE_ERROR_STORAGE_NO_SPACE);
  EXPECT_EQ(s->data_size(*h), 1000u);
  ASSERT_TRUE(s->write(*h, Bytes(2000, 3), kQuota).ok());
  s->close(std::move(h));
  EXPECT_EQ(get(*s, kTaA, "a")->size(), 3000u);
  // The quota is per TA.
  put(*s, kTaB, "b", Bytes(4000, 4));
}

TEST(StorageEngine, FullDatabaseIsNoSpaceAndLosesNothing) {
  TempDir dir;
  { put(*open_storage(dir.path()), kTaA, "keep", b("committed")); }
  core::storage::Options o;
  o.max_pages = 16; // a few pages over what is there: a full disk
  auto s = open_storage(dir.path(), o);
  uint32_t rc = TEE_SUCCESS;
  for (int i = 0; i < 64 && rc == TEE_SUCCESS; ++i) {
    auto h = s->create_object(kTaA, Space::kRee, b("fill" + std::to_string(i)), kAll, nullptr,
                              Bytes(8192, static_cast<uint8_t>(i)), 0);
    rc = code(h);
    if (h.ok())
      s->close(std::move(h).value());
  }
  EXPECT_EQ(rc, TEE_ERROR_STORAGE_NO_SPACE);
  EXPECT_EQ(must(get(*s, kTaA, "keep")), b("committed"));
  s.reset();
  auto again = open_storage(dir.path());
  EXPECT_EQ(must(get(*again, kTaA, "keep")), b("committed"));
  for (const auto& o2 : must(again->list(kTaA, Space::kRee)))
    EXPECT_TRUE(get(*again, kTaA, std::string(o2.id.begin(), o2.id.end())).ok());
}

TEST(StorageEngine, ReadOnlyDatabaseIsNotAvailableForChanges) {
  TempDir dir;
  { put(*open_storage(dir.path()), kTaA, "o", b("x")); }
  core::storage::Options o;
  o.read_only = true;
  auto s = open_storage(dir.path(), o);
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("x"));
  EXPECT_EQ(code(s->create_object(kTaA, Space::kRee, b("n"), kAll, nullptr, b("y"), 0)),
            TEE_ERROR_STORAGE_NOT_AVAILABLE);
  core::crypto::Object attrs;
  auto h = std::move(s->open_object(kTaA, Space::kRee, b("o"), kAll, attrs)).value();
  EXPECT_EQ(code(s->write(*h, b("z"), 0)), TEE_ERROR_STORAGE_NOT_AVAILABLE);
  s->close(std::move(h));
  EXPECT_EQ(must(get(*s, kTaA, "o")), b("x"));
}

TEST(StorageEngine, UnusableStateDirectoryIsReported) {
  TempDir dir;
  std::FILE* f = std::fopen((dir.path() / "file").c_str(), "w");
  std::fclose(f);
  auto s = SecureStorage::open(dir.path() / "file" / "sub");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, TEE_ERROR_STORAGE_NOT_AVAILABLE);
  EXPECT_NE(s.error().message.find("file"), std::string::npos);
}

TEST(StorageEngine, Wipe) {
  auto s = open_storage();
  put(*s, kTaA, "a", b("1"));
  put(*s, kTaA, "r", b("2"), Space::kRpmb);
  put(*s, kTaB, "b", b("3"));
  core::crypto::Object attrs;
  auto h = std::move(s->open_object(kTaB, Space::kRee, b("b"), kRead, attrs)).value();
  EXPECT_EQ(code(s->wipe(&kTaB)), TEE_ERROR_ACCESS_CONFLICT);
  ASSERT_TRUE(s->wipe(&kTaA).ok());
  EXPECT_TRUE(s->list(kTaA, Space::kRee)->empty());
  EXPECT_TRUE(s->list(kTaA, Space::kRpmb)->empty());
  s->close(std::move(h));
  EXPECT_EQ(must(get(*s, kTaB, "b")), b("3"));
  ASSERT_TRUE(s->wipe(nullptr).ok());
  EXPECT_TRUE(s->tas(Space::kRee)->empty());
}

// --- crash consistency ----------------------------------------------------------------

// The bytes object `k` holds at version `v`: a length and fill that differ per version.
Bytes payload(int k, int v) {
  std::mt19937 gen(static_cast<uint32_t>(k * 100'003 + v));
  Bytes out(1 + gen() % 20'000);
  for (auto& x : out)
    x = static_cast<uint8_t>(gen());
  return out;
}

// The writer: for ever, version v of object k (k = v % kObjects) is committed either by a
// create with OVERWRITE, or by writing tmp-k, deleting obj-k and renaming tmp-k to obj-k.
// Before each step it reports "k v" (in flight) on `out`, after it "k v done".
constexpr int kObjects = 3;
[[noreturn]] void crash_writer(const fs::path& dir, int out, int start) {
  auto opened = SecureStorage::open(dir);
  if (!opened.ok())
    _exit(3);
  SecureStorage& s = *opened.value();
  for (int v = start;; ++v) {
    const int k = v % kObjects;
    const std::string id = "obj-" + std::to_string(k);
    const std::string tmp = "tmp-" + std::to_string(k);
    std::string line = std::to_string(k) + " " + std::to_string(v) + "\n";
    if (::write(out, line.data(), line.size()) < 0)
      _exit(4);
    if (v % 2 == 0) {
      auto h =
          s.create_object(kTaA, Space::kRee, b(id), kAll | kOverwrite, nullptr, payload(k, v), 0);
      if (!h.ok())
        _exit(5);
      s.close(std::move(h).value());
    } else {
      auto h =
          s.create_object(kTaA, Space::kRee, b(tmp), kAll | kOverwrite, nullptr, payload(k, v), 0);
      if (!h.ok())
        _exit(6);
      core::crypto::Object attrs;
      auto old = s.open_object(kTaA, Space::kRee, b(id), kMeta, attrs);
      if (old.ok() && !s.remove(old.value()).ok())
        _exit(7);
      if (!s.rename(*h.value(), b(id)).ok())
        _exit(8);
      s.close(std::move(h).value());
    }
    line = std::to_string(k) + " " + std::to_string(v) + " done\n";
    if (::write(out, line.data(), line.size()) < 0)
      _exit(4);
  }
}

TEST(StorageCrash, KilledWriterNeverTearsOrLosesACommittedObject) {
  TempDir dir;
  { open_storage(dir.path()); }
  std::mt19937 rng(20261127);
  std::map<int, int> committed; // k → last version reported done
  int next_version = 0;
  constexpr int kKills = 300;
  for (int round = 0; round < kKills; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      crash_writer(dir.path(), fds[1], next_version);
    }
    close(fds[1]);
    // Let it run through a random number of steps, then kill it mid-way.
    std::map<int, int> in_flight;
    const int steps = static_cast<int>(rng() % 4);
    std::string buf;
    int done_seen = 0;
    char c;
    while (done_seen < steps && read(fds[0], &c, 1) == 1) {
      if (c != '\n') {
        buf += c;
        continue;
      }
      int k = 0, v = 0;
      char word[8] = {};
      int n = std::sscanf(buf.c_str(), "%d %d %7s", &k, &v, word);
      if (n == 3) {
        committed[k] = v;
        in_flight.erase(k);
        ++done_seen;
      } else if (n == 2) {
        in_flight[k] = v;
      }
      next_version = std::max(next_version, v + 1);
      buf.clear();
    }
    usleep(static_cast<useconds_t>(rng() % 3000));
    kill(pid, SIGKILL);
    // Whatever it printed before dying counts too.
    while (read(fds[0], &c, 1) == 1) {
      if (c != '\n') {
        buf += c;
        continue;
      }
      int k = 0, v = 0;
      char word[8] = {};
      int n = std::sscanf(buf.c_str(), "%d %d %7s", &k, &v, word);
      if (n == 3) {
        committed[k] = v;
        in_flight.erase(k);
      } else if (n == 2) {
        in_flight[k] = v;
      }
      next_version = std::max(next_version, v + 1);
      buf.clear();
    }
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited with " << WEXITSTATUS(status);

    // Every object is its last committed version or the one that was in flight; a rename
    // interrupted between delete and rename leaves the new version under tmp-k.
    auto s = open_storage(dir.path());
    ASSERT_TRUE(s);
    for (int k = 0; k < kObjects; ++k) {
      SCOPED_TRACE(::testing::Message() << "round " << round << ", object " << k);
      auto obj = get(*s, kTaA, "obj-" + std::to_string(k));
      if (!obj.ok()) {
        ASSERT_EQ(obj.error().code, TEE_ERROR_ITEM_NOT_FOUND);
        obj = get(*s, kTaA, "tmp-" + std::to_string(k));
      }
      if (!committed.count(k) && !obj.ok())
        continue; // nothing committed yet
      ASSERT_TRUE(obj.ok()) << "object lost: " << obj.error().message;
      bool is_committed = committed.count(k) && *obj == payload(k, committed[k]);
      bool is_in_flight = in_flight.count(k) && *obj == payload(k, in_flight[k]);
      ASSERT_TRUE(is_committed || is_in_flight) << "torn or stale object";
      if (is_in_flight)
        committed[k] = in_flight[k];
    }
  }
  EXPECT_GE(next_version, kKills / 2); // the writer made progress
}

} // namespace
