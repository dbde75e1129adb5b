// GP persistent objects end to end: the storage_test TA (tas/storage_test, AArch64 and
// AArch32 builds) drives the Trusted Storage API through the SDK and the storage syscalls
// into the SQLite engine, and these tests check what each call returned.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "storage_test_ta.h"
#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

constexpr uint32_t kSuccess = 0;
constexpr uint32_t kItemNotFound = 0xFFFF0008;
constexpr uint32_t kAccessConflict = 0xFFFF0003;
constexpr uint32_t kNoSpace = 0xFFFF3041;
constexpr uint32_t kOverflow = 0xFFFF300F;
constexpr uint32_t kTargetDead = 0xFFFF3024;

constexpr uint32_t kPrivate = 0x0000'0001;
constexpr uint32_t kPrivateRee = 0x8000'0000;
constexpr uint32_t kPrivateRpmb = 0x8000'0100;
constexpr uint32_t kSqlReserved = 0x8000'0200;
constexpr uint32_t kRead = 0x001, kWrite = 0x002, kMeta = 0x004;
constexpr uint32_t kShareRead = 0x010, kShareWrite = 0x020, kOverwrite = 0x400;
constexpr uint32_t kAll = kRead | kWrite | kMeta;
constexpr uint32_t kFlagPersistent = 0x0001'0000;
constexpr uint32_t kFlagInitialized = 0x0002'0000;
constexpr uint32_t kTypeData = 0xA000'00BF;
constexpr uint32_t kTypeAes = 0xA000'0010;
constexpr uint32_t kTypeHmacSha256 = 0xA000'0004;
constexpr uint32_t kAttrSecret = 0xC000'0000;
constexpr uint32_t kAlgAesEcb = 0x1000'0010;
constexpr uint32_t kAlgHmacSha256 = 0x3000'0004;
constexpr uint32_t kSeekSet = 0, kSeekCur = 1, kSeekEnd = 2;

Bytes b(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// A program for STORAGE_CMD_RUN.
class Program {
public:
  Program& op(uint32_t code, uint32_t slot, uint32_t a = 0, uint32_t b_ = 0, uint32_t c = 0,
              const Bytes& one = {}, const Bytes& two = {}) {
    for (uint32_t v : {code, slot, a, b_, c})
      put(v);
    put(static_cast<uint32_t>(one.size()));
    bytes_.insert(bytes_.end(), one.begin(), one.end());
    put(static_cast<uint32_t>(two.size()));
    bytes_.insert(bytes_.end(), two.begin(), two.end());
    return *this;
  }
  Program& open(uint32_t slot, const std::string& id, uint32_t flags, uint32_t storage = kPrivate) {
    return op(STORAGE_OP_OPEN, slot, storage, flags, 0, b(id));
  }
  Program& create(uint32_t slot, const std::string& id, uint32_t flags, const Bytes& data = {},
                  uint32_t attr_slot_plus_one = 0, uint32_t storage = kPrivate) {
    return op(STORAGE_OP_CREATE, slot, storage, flags, attr_slot_plus_one, b(id), data);
  }
  Program& close(uint32_t slot) { return op(STORAGE_OP_CLOSE, slot); }
  Program& del(uint32_t slot) { return op(STORAGE_OP_DELETE, slot); }
  Program& rename(uint32_t slot, const std::string& id) {
    return op(STORAGE_OP_RENAME, slot, 0, 0, 0, b(id));
  }
  Program& read(uint32_t slot, uint32_t n) { return op(STORAGE_OP_READ, slot, n); }
  Program& write(uint32_t slot, const Bytes& data) {
    return op(STORAGE_OP_WRITE, slot, 0, 0, 0, data);
  }
  Program& trunc(uint32_t slot, uint32_t n) { return op(STORAGE_OP_TRUNC, slot, n); }
  Program& seek(uint32_t slot, int32_t off, uint32_t whence) {
    return op(STORAGE_OP_SEEK, slot, static_cast<uint32_t>(off), whence);
  }
  Program& info(uint32_t slot) { return op(STORAGE_OP_INFO, slot); }
  const Bytes& bytes() const { return bytes_; }

private:
  void put(uint32_t v) {
    for (int i = 0; i < 4; ++i)
      bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  Bytes bytes_;
};

struct OpResult {
  uint32_t result = 0;
  Bytes out;
  uint32_t word(size_t i) const {
    uint32_t v = 0;
    std::memcpy(&v, out.data() + 4 * i, 4);
    return v;
  }
};

struct Outcome {
  TEEC_Result invoke = 0;
  std::vector<OpResult> ops;
  uint32_t at(size_t i) const { return i < ops.size() ? ops[i].result : 0xDEADBEEF; }
};

struct Arch {
  const char* name;
  TEEC_UUID uuid;
};
const Arch kArm64{"aarch64", STORAGE_TEST_TA_UUID};
const Arch kArm32{"aarch32", STORAGE_TEST32_TA_UUID};

class Session {
public:
  Session(TEEC_Context& ctx, const TEEC_UUID& uuid) {
    uint32_t origin = 0;
    open_ = TEEC_OpenSession(&ctx, &s_, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin);
    EXPECT_EQ(open_, TEEC_SUCCESS);
  }
  ~Session() {
    if (open_ == TEEC_SUCCESS)
      TEEC_CloseSession(&s_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  Outcome run(const Program& p, size_t out_room = 64 << 10) {
    Outcome r;
    Bytes in = p.bytes();
    Bytes out(out_room);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT,
                                     TEEC_VALUE_OUTPUT, TEEC_NONE);
    op.params[0].tmpref.buffer = in.data();
    op.params[0].tmpref.size = in.size();
    op.params[1].tmpref.buffer = out.data();
    op.params[1].tmpref.size = out.size();
    uint32_t origin = 0;
    r.invoke = TEEC_InvokeCommand(&s_, STORAGE_CMD_RUN, &op, &origin);
    size_t pos = 0;
    const size_t end = std::min(op.params[1].tmpref.size, out.size());
    for (uint32_t i = 0; i < op.params[2].value.a && pos + 8 <= end; ++i) {
      OpResult o;
      uint32_t len = 0;
      std::memcpy(&o.result, out.data() + pos, 4);
      std::memcpy(&len, out.data() + pos + 4, 4);
      pos += 8;
      if (pos + len > end)
        break;
      o.out.assign(out.begin() + static_cast<ptrdiff_t>(pos),
                   out.begin() + static_cast<ptrdiff_t>(pos + len));
      pos += len;
      r.ops.push_back(std::move(o));
    }
    return r;
  }

private:
  TEEC_Session s_{};
  TEEC_Result open_ = TEEC_ERROR_GENERIC;
};

class StorageTa : public ::testing::TestWithParam<Arch> {
protected:
  void SetUp() override { start({SWEMU_TEST_MANIFEST_DIR}); }
  void TearDown() override { stop(); }
  void start(std::vector<fs::path> manifests, fs::path state_dir = {}) {
    swemu::test::use_secure_world(std::move(manifests), std::move(state_dir));
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx_), TEEC_SUCCESS);
    started_ = true;
  }
  void stop() {
    if (started_)
      TEEC_FinalizeContext(&ctx_);
    started_ = false;
  }
  std::unique_ptr<Session> session(const TEEC_UUID* uuid = nullptr) {
    return std::make_unique<Session>(ctx_, uuid ? *uuid : GetParam().uuid);
  }
  const TEEC_UUID& other_ta() const {
    return std::strcmp(GetParam().name, "aarch64") == 0 ? kArm32.uuid : kArm64.uuid;
  }

  TEEC_Context ctx_{};
  bool started_ = false;
};

TEST_P(StorageTa, ObjectLifecycle) {
  auto s = session();
  Outcome r = s->run(Program()
                         .create(0, "doc", kAll, b("hello"))
                         .info(0)
                         .seek(0, 0, kSeekEnd)
                         .write(0, b(", world"))
                         .seek(0, -5, kSeekCur)
                         .read(0, 100)
                         .info(0)
                         .trunc(0, 4)
                         .seek(0, 0, kSeekSet)
                         .read(0, 100)
                         .rename(0, "renamed")
                         .close(0)
                         .open(1, "doc", kRead)
                         .open(1, "renamed", kRead | kMeta)
                         .read(1, 100)
                         .del(1)
                         .open(2, "renamed", kRead));
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  ASSERT_EQ(r.ops.size(), 17u);
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15})
    EXPECT_EQ(r.at(i), kSuccess) << "op " << i;
  const OpResult& info = r.ops[1];
  EXPECT_EQ(info.word(0), kTypeData);
  EXPECT_EQ(info.word(1), 0u); // objectSize
  EXPECT_EQ(info.word(4), 5u); // dataSize
  EXPECT_EQ(info.word(5), 0u); // dataPosition
  EXPECT_EQ(info.word(6), kFlagPersistent | kFlagInitialized | kAll);
  EXPECT_EQ(r.ops[5].out, b("world"));
  EXPECT_EQ(r.ops[6].word(4), 12u);
  EXPECT_EQ(r.ops[6].word(5), 12u);
  EXPECT_EQ(r.ops[9].out, b("hell"));
  EXPECT_EQ(r.at(12), kItemNotFound); // the old name is gone
  EXPECT_EQ(r.ops[14].out, b("hell"));
  EXPECT_EQ(r.at(16), kItemNotFound); // deleted
}

TEST_P(StorageTa, WriteAndSeekBeyondTheEnd) {
  auto s = session();
  Outcome r = s->run(Program()
                         .create(0, "sparse", kAll)
                         .seek(0, 4, kSeekSet)
                         .write(0, b("xy"))
                         .seek(0, 0, kSeekSet)
                         .read(0, 16)
                         .seek(0, -100, kSeekSet) // negative: position 0
                         .info(0)
                         .trunc(0, 8) // extends with zeros
                         .seek(0, 0, kSeekSet)
                         .read(0, 16)
                         .seek(0, 0x7FFF'FFFF, kSeekSet)
                         .seek(0, 0x7FFF'FFFF, kSeekCur)
                         .seek(0, 2, kSeekCur) // past TEE_DATA_MAX_POSITION
                         .write(0, b("z"))     // position + 1 still fits: the size limit stops it
                         .info(0));
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  EXPECT_EQ(r.ops[4].out, (Bytes{0, 0, 0, 0, 'x', 'y'}));
  EXPECT_EQ(r.at(5), kSuccess);
  EXPECT_EQ(r.ops[6].word(5), 0u);
  EXPECT_EQ(r.ops[9].out, (Bytes{0, 0, 0, 0, 'x', 'y', 0, 0}));
  EXPECT_EQ(r.at(10), kSuccess);
  EXPECT_EQ(r.at(11), kSuccess);
  EXPECT_EQ(r.at(12), kOverflow);
  EXPECT_EQ(r.at(13), kNoSpace);
  EXPECT_EQ(r.ops[14].word(4), 8u); // nothing changed
  EXPECT_EQ(r.ops[14].word(5), 0xFFFF'FFFEu);
}

TEST_P(StorageTa, CreateRulesAndRenameOntoAnExistingId) {
  auto s = session();
  Outcome r = s->run(Program()
                         .create(STORAGE_NO_SLOT, "a", kAll, b("A"))
                         .create(STORAGE_NO_SLOT, "b", kAll, b("B"))
                         .create(0, "a", kAll, b("again"))           // exists, no OVERWRITE
                         .create(0, "a", kAll | kOverwrite, b("A2")) // replaced
                         .create(1, "a", kAll | kOverwrite, b("A3")) // open: conflict
                         .rename(0, "b")                             // b exists
                         .seek(0, 0, kSeekSet)
                         .read(0, 10)
                         .close(0)
                         .open(2, "b", kRead)
                         .read(2, 10));
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  EXPECT_EQ(r.at(0), kSuccess);
  EXPECT_EQ(r.at(1), kSuccess);
  EXPECT_EQ(r.at(2), kAccessConflict);
  EXPECT_EQ(r.at(3), kSuccess);
  EXPECT_EQ(r.at(4), kAccessConflict);
  EXPECT_EQ(r.at(5), kAccessConflict);
  EXPECT_EQ(r.ops[7].out, b("A2"));
  EXPECT_EQ(r.ops[10].out, b("B"));
}

TEST_P(StorageTa, SharingAcrossSessions) {
  auto one = session();
  auto two = session(); // a second instance of the same TA
  ASSERT_EQ(one->run(Program().create(0, "shared", kAll | kShareRead | kOverwrite, b("s"))).at(0),
            kSuccess);
  // Open with WRITE_META: exclusive.
  EXPECT_EQ(two->run(Program().open(0, "shared", kRead | kShareRead)).at(0), kAccessConflict);
  ASSERT_EQ(one->run(Program().close(0).open(0, "shared", kRead | kShareRead)).at(1), kSuccess);
  Outcome r = two->run(Program()
                           .open(0, "shared", kRead | kShareRead)
                           .open(1, "shared", kWrite | kShareRead)
                           .open(2, "shared", kRead)
                           .read(0, 4));
  EXPECT_EQ(r.at(0), kSuccess);
  EXPECT_EQ(r.at(1), kAccessConflict);
  EXPECT_EQ(r.at(2), kAccessConflict);
  EXPECT_EQ(r.ops[3].out, b("s"));
  // Delete needs the object to itself.
  EXPECT_EQ(two->run(Program().open(3, "shared", kMeta)).at(0), kAccessConflict);
}

TEST_P(StorageTa, SharedWritersSeeEachOthersData) {
  auto one = session();
  auto two = session();
  const uint32_t flags = kRead | kWrite | kShareRead | kShareWrite;
  ASSERT_EQ(one->run(Program().create(0, "log", flags, b("0123456789"))).at(0), kSuccess);
  ASSERT_EQ(two->run(Program().open(0, "log", flags).seek(0, 2, kSeekSet).write(0, b("AB"))).at(2),
            kSuccess);
  Outcome r = one->run(Program().seek(0, 0, kSeekSet).read(0, 20).info(0));
  EXPECT_EQ(r.ops[1].out, b("01AB456789"));
  EXPECT_EQ(r.ops[2].word(5), 10u); // each handle has its own position
}

TEST_P(StorageTa, PersistentKeysWorkInCryptoOperations) {
  const Bytes key(16, 0x2B);
  const Bytes block = b("sixteen byte msg");
  auto s = session();
  Outcome r = s->run(Program()
                         .op(STORAGE_OP_POPULATE, 0, kTypeAes, 256, kAttrSecret, key)
                         .create(1, "aes", kAll | kOverwrite, b("meta"), 1)
                         .op(STORAGE_OP_USE_KEY, 0, kAlgAesEcb, 0, 0, block)
                         .op(STORAGE_OP_USE_KEY, 1, kAlgAesEcb, 0, 0, block)
                         .info(1)
                         .op(STORAGE_OP_GET_ATTR, 1, kAttrSecret)
                         .op(STORAGE_OP_GEN_KEY, 2, kTypeHmacSha256, 256)
                         .create(3, "hmac", kAll | kOverwrite, {}, 3)
                         .op(STORAGE_OP_USE_KEY, 2, kAlgHmacSha256, 0, 0, block)
                         .op(STORAGE_OP_USE_KEY, 3, kAlgHmacSha256, 0, 0, block));
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  for (size_t i = 0; i < r.ops.size(); ++i)
    EXPECT_EQ(r.at(i), kSuccess) << "op " << i;
  ASSERT_EQ(r.ops.size(), 10u);
  ASSERT_EQ(r.ops[2].out.size(), 16u);
  EXPECT_EQ(r.ops[2].out, r.ops[3].out);
  EXPECT_EQ(r.ops[4].word(0), kTypeAes);
  EXPECT_EQ(r.ops[4].word(1), 128u);
  EXPECT_EQ(r.ops[4].word(2), 256u);
  EXPECT_EQ(r.ops[4].word(4), 4u);
  EXPECT_EQ(r.ops[4].word(6), kFlagPersistent | kFlagInitialized | kAll | kOverwrite);
  EXPECT_EQ(r.ops[5].out, key);
  ASSERT_EQ(r.ops[8].out.size(), 32u);
  EXPECT_EQ(r.ops[8].out, r.ops[9].out);
  // In a new instance, reopened from storage, the keys still give the same results.
  ASSERT_EQ(s->run(Program().close(1).close(3)).invoke, TEEC_SUCCESS);
  auto fresh = session();
  Outcome again = fresh->run(Program()
                                 .open(0, "aes", kRead)
                                 .op(STORAGE_OP_USE_KEY, 0, kAlgAesEcb, 0, 0, block)
                                 .open(1, "hmac", kRead)
                                 .op(STORAGE_OP_USE_KEY, 1, kAlgHmacSha256, 0, 0, block)
                                 .read(0, 16));
  ASSERT_EQ(again.invoke, TEEC_SUCCESS);
  EXPECT_EQ(again.ops[1].out, r.ops[2].out);
  EXPECT_EQ(again.ops[3].out, r.ops[8].out);
  EXPECT_EQ(again.ops[4].out, b("meta"));
}

TEST_P(StorageTa, CreateWithoutHandleConvertsTheTransientObject) {
  auto s = session();
  Outcome r = s->run(Program()
                         .op(STORAGE_OP_POPULATE, 0, kTypeAes, 128, kAttrSecret, Bytes(16, 7))
                         .create(STORAGE_NO_SLOT, "converted", kRead | kShareRead, {}, 1)
                         .info(0)
                         .open(1, "converted", kRead | kShareRead)
                         .close(0)
                         .close(1));
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  EXPECT_EQ(r.at(1), kSuccess);
  EXPECT_EQ(r.ops[2].word(6), kFlagPersistent | kFlagInitialized | kRead | kShareRead);
  EXPECT_EQ(r.at(3), kSuccess);
}

TEST_P(StorageTa, StorageIdsAndTaIsolation) {
  auto s = session();
  Outcome r =
      s->run(Program()
                 .create(STORAGE_NO_SLOT, "id", kAll | kOverwrite, b("ree"), 0, kPrivate)
                 .create(STORAGE_NO_SLOT, "id", kAll | kOverwrite, b("rpmb"), 0, kPrivateRpmb)
                 .open(0, "id", kRead, kPrivateRee)
                 .read(0, 10)
                 .open(1, "id", kRead, kPrivateRpmb)
                 .read(1, 10)
                 .open(2, "id", kRead, kSqlReserved)
                 .create(2, "id", kAll, {}, 0, kSqlReserved));
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  EXPECT_EQ(r.ops[3].out, b("ree")); // PRIVATE and PRIVATE_REE are one space
  EXPECT_EQ(r.ops[5].out, b("rpmb"));
  EXPECT_EQ(r.at(6), kItemNotFound);
  EXPECT_EQ(r.at(7), kItemNotFound);
  // Another TA (the other architecture's build has its own UUID) sees none of it.
  auto other = session(&other_ta());
  Outcome o = other->run(Program()
                             .open(0, "id", kRead)
                             .op(STORAGE_OP_ENUM_ALLOC, 0)
                             .op(STORAGE_OP_ENUM_START, 0, kPrivate)
                             .op(STORAGE_OP_ENUM_NEXT, 0));
  EXPECT_EQ(o.at(0), kItemNotFound);
  EXPECT_EQ(o.at(3), kItemNotFound);
}

TEST_P(StorageTa, EnumeratorWhileObjectsAreAddedAndDeleted) {
  auto s = session();
  Outcome r = s->run(Program()
                         .create(STORAGE_NO_SLOT, "b", kAll, b("1"))
                         .create(STORAGE_NO_SLOT, "d", kAll, b("22"))
                         .create(STORAGE_NO_SLOT, "f", kAll, b("333"))
                         .op(STORAGE_OP_ENUM_ALLOC, 0)
                         .op(STORAGE_OP_ENUM_NEXT, 0) // not started
                         .op(STORAGE_OP_ENUM_START, 0, kPrivate)
                         .op(STORAGE_OP_ENUM_NEXT, 0)                // b
                         .create(STORAGE_NO_SLOT, "a", kAll, b("x")) // before the cursor
                         .create(STORAGE_NO_SLOT, "e", kAll, b("y")) // after it
                         .open(0, "d", kMeta)
                         .del(0)
                         .op(STORAGE_OP_ENUM_NEXT, 0) // e
                         .op(STORAGE_OP_ENUM_NEXT, 0) // f
                         .op(STORAGE_OP_ENUM_NEXT, 0) // end
                         .op(STORAGE_OP_ENUM_RESET, 0)
                         .op(STORAGE_OP_ENUM_NEXT, 0) // reset: not started
                         .op(STORAGE_OP_ENUM_START, 0, kPrivateRee)
                         .op(STORAGE_OP_ENUM_NEXT, 0) // a
                         .op(STORAGE_OP_ENUM_FREE, 0));
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  auto id_of = [&](size_t i) { return Bytes(r.ops[i].out.begin() + 28, r.ops[i].out.end()); };
  EXPECT_EQ(r.at(4), kItemNotFound);
  EXPECT_EQ(id_of(6), b("b"));
  EXPECT_EQ(r.ops[6].word(0), kTypeData);
  EXPECT_EQ(r.ops[6].word(4), 1u); // dataSize
  EXPECT_EQ(r.ops[6].word(6) & (kFlagPersistent | kFlagInitialized),
            kFlagPersistent | kFlagInitialized);
  EXPECT_EQ(id_of(11), b("e"));
  EXPECT_EQ(id_of(12), b("f"));
  EXPECT_EQ(r.ops[12].word(4), 3u);
  EXPECT_EQ(r.at(13), kItemNotFound);
  EXPECT_EQ(r.at(15), kItemNotFound);
  EXPECT_EQ(id_of(17), b("a"));
  EXPECT_EQ(r.at(18), kSuccess);
}

TEST_P(StorageTa, LongestIdsAndMisuseThatPanics) {
  const std::string longest(64, 'L');
  auto s = session();
  Outcome ok = s->run(Program().create(0, longest, kAll | kOverwrite, b("x")).read(0, 1).close(0));
  EXPECT_EQ(ok.at(0), kSuccess);
  // GP: each of these panics the TA.
  for (const Program& p : {Program().create(0, std::string(65, 'L'), kAll),
                           Program().open(0, longest, kWrite).read(0, 1),
                           Program().open(0, longest, kRead).write(0, b("y")),
                           Program().open(0, longest, kRead).trunc(0, 0),
                           Program().open(0, longest, kRead | kWrite).rename(0, "z"),
                           Program().open(0, longest, kRead).del(0)}) {
    auto victim = session();
    EXPECT_EQ(victim->run(p).invoke, kTargetDead);
  }
  // Nothing of that changed the object.
  EXPECT_EQ(session()->run(Program().open(0, longest, kRead).read(0, 8)).ops[1].out, b("x"));
}

TEST_P(StorageTa, LargeObjectsThroughSharedMemory) {
  Bytes big(1 << 20);
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<uint8_t>(i * 7 + (i >> 12));
  auto s = session();
  Outcome r = s->run(Program()
                         .create(0, "big", kAll | kOverwrite, big)
                         .seek(0, 0, kSeekSet)
                         .read(0, static_cast<uint32_t>(big.size()) + 10),
                     big.size() + 4096);
  ASSERT_EQ(r.invoke, TEEC_SUCCESS);
  EXPECT_EQ(r.at(0), kSuccess);
  EXPECT_EQ(r.ops[2].out, big);
}

TEST_P(StorageTa, QuotaFromTheManifest) {
  stop();
  // A manifest directory with this TA under a 4 KiB quota.
  const fs::path dir =
      fs::temp_directory_path() / ("swemu_quota_" + std::to_string(getpid()) + GetParam().name);
  fs::create_directories(dir);
  const char* name =
      std::strcmp(GetParam().name, "aarch64") == 0 ? "storage_test" : "storage_test32";
  const char* uuid = std::strcmp(GetParam().name, "aarch64") == 0 ? STORAGE_TEST_TA_UUID_STR
                                                                  : STORAGE_TEST32_TA_UUID_STR;
  std::ofstream(dir / "quota.json") << "{\"uuid\": \"" << uuid << "\", \"binary\": \"" << name
                                    << ".elf\", \"storage_quota\": 4096}";
  start({dir});
  auto s = session();
  Outcome r = s->run(Program()
                         .create(0, "a", kAll, Bytes(3000, 1))
                         .create(1, "b", kAll, Bytes(2000, 2))
                         .seek(0, 0, kSeekEnd)
                         .write(0, Bytes(2000, 3))
                         .write(0, Bytes(500, 4))
                         .info(0));
  EXPECT_EQ(r.at(0), kSuccess);
  EXPECT_EQ(r.at(1), kNoSpace);
  EXPECT_EQ(r.at(3), kNoSpace);
  EXPECT_EQ(r.at(4), kSuccess);
  EXPECT_EQ(r.ops[5].word(4), 3500u);
  fs::remove_all(dir);
}

TEST_P(StorageTa, ObjectsOutliveTheSecureWorld) {
  stop();
  const fs::path state =
      fs::temp_directory_path() / ("swemu_state_" + std::to_string(getpid()) + GetParam().name);
  fs::remove_all(state);
  start({SWEMU_TEST_MANIFEST_DIR}, state);
  ASSERT_EQ(
      session()->run(Program().create(STORAGE_NO_SLOT, "kept", kAll, b("across restarts"))).at(0),
      kSuccess);
  stop();
  start({SWEMU_TEST_MANIFEST_DIR}, state);
  Outcome r = session()->run(Program().open(0, "kept", kRead).read(0, 64));
  EXPECT_EQ(r.at(0), kSuccess);
  EXPECT_EQ(r.ops[1].out, b("across restarts"));
  stop();
  fs::remove_all(state);
  start({SWEMU_TEST_MANIFEST_DIR});
}

TEST_P(StorageTa, ConcurrentSessionsOfDifferentTas) {
  auto mine = session();
  auto theirs = session(&other_ta());
  auto work = [](Session* s, const std::string& tag, uint32_t* failures) {
    for (int i = 0; i < 40; ++i) {
      std::string id = tag + std::to_string(i % 5);
      Outcome r = s->run(Program()
                             .create(0, id, kAll | kOverwrite, b(tag + std::to_string(i)))
                             .seek(0, 0, kSeekSet)
                             .read(0, 64)
                             .close(0));
      if (r.invoke != TEEC_SUCCESS || r.at(0) != kSuccess ||
          r.ops[2].out != b(tag + std::to_string(i)))
        ++*failures;
    }
  };
  uint32_t f1 = 0, f2 = 0;
  std::thread t1(work, mine.get(), "mine-", &f1);
  std::thread t2(work, theirs.get(), "theirs-", &f2);
  t1.join();
  t2.join();
  EXPECT_EQ(f1, 0u);
  EXPECT_EQ(f2, 0u);
  Outcome r = mine->run(Program().open(0, "theirs-0", kRead));
  EXPECT_EQ(r.at(0), kItemNotFound);
}

INSTANTIATE_TEST_SUITE_P(Arch, StorageTa, ::testing::Values(kArm64, kArm32),
                         [](const auto& info) { return std::string(info.param.name); });

} // namespace
