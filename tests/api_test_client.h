// The host side of the api_test TA (tas/api_test): a secure world in this process, a
// session, and one helper per TA command. Shared by tests/api_*_test.cpp.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "test_world.h"

#include "../tas/api_test/api_test_ta.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/core/uuid.h"
#include "tee_client_api.h"

namespace swemu::test {

namespace fs = std::filesystem;

// Which build of the api_test TA the suites talk to: SWEMU_API_TEST_ARCH=arm32 selects
// api_test32 (tests/CMakeLists.txt registers a second run of the suites that way).
inline bool api_test_arm32() {
  const char* arch = std::getenv("SWEMU_API_TEST_ARCH");
  return arch != nullptr && std::string_view(arch) == "arm32";
}
inline const TEEC_UUID& api_test_uuid() {
  static const TEEC_UUID k64 = API_TEST64_TA_UUID;
  static const TEEC_UUID k32 = API_TEST32_TA_UUID;
  return api_test_arm32() ? k32 : k64;
}
inline std::string api_test_uuid_text() {
  return api_test_arm32() ? API_TEST32_TA_UUID_STR : API_TEST64_TA_UUID_STR;
}

// Property set pseudo-handles, as the TA command takes them.
inline constexpr uint32_t kSetTee = 0xFFFFFFFD;
inline constexpr uint32_t kSetClient = 0xFFFFFFFE;
inline constexpr uint32_t kSetTa = 0xFFFFFFFF;
inline constexpr uint32_t kEnumerator = API_TEST_USE_ENUMERATOR;

// Every TEEC_InitializeContext after this gets a fresh secure world with this config.

// A directory of its own under the system's temp directory, removed at the end.
class TempDir {
public:
  explicit TempDir(const std::string& tag)
      : path_(fs::temp_directory_path() /
              ("swemu_" + tag + "_" + std::to_string(getpid()) + "_" + std::to_string(++count_))) {
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
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }

private:
  static inline int count_ = 0;
  fs::path path_;
};

inline TEEC_Operation operation(uint32_t types) {
  TEEC_Operation op{};
  op.paramTypes = types;
  return op;
}

// One client of the api_test TA.
class ApiTaClient {
public:
  ~ApiTaClient() { stop(); }

  TEEC_Result start(uint32_t login = TEEC_LOGIN_PUBLIC, const void* login_data = nullptr) {
    TEEC_Result res = TEEC_InitializeContext(nullptr, &ctx_);
    if (res != TEEC_SUCCESS)
      return res;
    have_ctx_ = true;
    res =
        TEEC_OpenSession(&ctx_, &session_, &api_test_uuid(), login, login_data, nullptr, &origin_);
    have_session_ = res == TEEC_SUCCESS;
    return res;
  }
  void stop() {
    if (have_session_)
      TEEC_CloseSession(&session_);
    if (have_ctx_)
      TEEC_FinalizeContext(&ctx_);
    have_session_ = have_ctx_ = false;
  }
  // A second session on the same context (a new instance: the TA is multi-instance).
  TEEC_Result open_another(TEEC_Session* s) {
    return TEEC_OpenSession(&ctx_, s, &api_test_uuid(), TEEC_LOGIN_PUBLIC, nullptr, nullptr,
                            &origin_);
  }

  TEEC_Result invoke(uint32_t cmd, TEEC_Operation* op, TEEC_Session* s = nullptr) {
    origin_ = 0;
    return TEEC_InvokeCommand(s != nullptr ? s : &session_, cmd, op, &origin_);
  }
  uint32_t origin() const { return origin_; }
  TEEC_Session* session() { return &session_; }

  // --- Properties ---------------------------------------------------------------------

  struct Text {
    TEEC_Result res = 0;
    std::string value;   // without the NUL
    size_t reported = 0; // the size the TA reported, NUL included
  };
  // TEE_GetPropertyAsString into a buffer of `room` bytes (0: a NULL buffer).
  Text string(uint32_t set, const std::string& name, size_t room = 512) {
    std::vector<char> buf(room + 1, '\x5A');
    TEEC_Operation op = property_op(set, name, TEEC_MEMREF_TEMP_OUTPUT);
    op.params[2].tmpref.buffer = room != 0 ? buf.data() : nullptr;
    op.params[2].tmpref.size = room;
    Text t;
    t.res = invoke(API_TEST_CMD_GET_STRING, &op);
    t.reported = op.params[2].tmpref.size;
    if (t.res == TEEC_SUCCESS && t.reported > 0 && t.reported <= room)
      t.value.assign(buf.data(), strnlen(buf.data(), t.reported));
    return t;
  }

  struct Bytes {
    TEEC_Result res = 0;
    std::vector<uint8_t> value;
    size_t reported = 0;
  };
  Bytes binary(uint32_t set, const std::string& name, size_t room = 256) {
    return bytes(API_TEST_CMD_GET_BINARY, set, name, room);
  }
  Bytes uuid(uint32_t set, const std::string& name) {
    return bytes(API_TEST_CMD_GET_UUID, set, name, 16);
  }
  Bytes identity(uint32_t set, const std::string& name) {
    return bytes(API_TEST_CMD_GET_IDENTITY, set, name, 20);
  }

  struct Value {
    TEEC_Result res = 0;
    uint64_t value = 0;
  };
  Value boolean(uint32_t set, const std::string& name) {
    return value(API_TEST_CMD_GET_BOOL, set, name);
  }
  Value u32(uint32_t set, const std::string& name) {
    return value(API_TEST_CMD_GET_U32, set, name);
  }
  Value u64(uint32_t set, const std::string& name) {
    return value(API_TEST_CMD_GET_U64, set, name);
  }

  struct Listing {
    TEEC_Result res = 0;
    std::vector<std::string> names;
    uint32_t count = 0;
    uint32_t readable = 0;
  };
  Listing enumerate(uint32_t set) {
    std::vector<char> buf(8192);
    TEEC_Operation op = operation(
        TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_OUTPUT, TEEC_NONE));
    op.params[0].value.a = set;
    op.params[1].tmpref.buffer = buf.data();
    op.params[1].tmpref.size = buf.size();
    Listing l;
    l.res = invoke(API_TEST_CMD_ENUMERATE, &op);
    std::string all(buf.data(), std::min(op.params[1].tmpref.size, buf.size()));
    for (size_t start = 0, nl; (nl = all.find('\n', start)) != std::string::npos; start = nl + 1)
      l.names.push_back(all.substr(start, nl - start));
    l.count = op.params[2].value.a;
    l.readable = op.params[2].value.b;
    return l;
  }
  // Points the session's enumerator at `name` in `set` (set 0: reset it).
  TEEC_Result seek(uint32_t set, const std::string& name) {
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE));
    op.params[0].value.a = set;
    op.params[1].tmpref.buffer = const_cast<char*>(name.data());
    op.params[1].tmpref.size = name.size();
    return invoke(API_TEST_CMD_ENUM_SEEK, &op);
  }

  // --- Time and cancellation ----------------------------------------------------------

  struct Time {
    TEEC_Result res = 0;
    uint64_t ms = 0; // seconds * 1000 + millis
    uint32_t seconds = 0;
    uint32_t millis = 0;
  };
  Time get_ta_time() { return time_value(API_TEST_CMD_GET_TA_TIME); }
  Time ree_time() { return time_value(API_TEST_CMD_REE_TIME); }
  TEEC_Result set_ta_time(uint32_t seconds, uint32_t millis) {
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
    op.params[0].value.a = seconds;
    op.params[0].value.b = millis;
    return invoke(API_TEST_CMD_SET_TA_TIME, &op);
  }
  // The previous mask.
  uint32_t set_mask(bool masked, TEEC_Result* res = nullptr) {
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE));
    op.params[0].value.a = masked ? 1 : 0;
    TEEC_Result r = invoke(API_TEST_CMD_SET_MASK, &op);
    if (res != nullptr)
      *res = r;
    return op.params[1].value.a;
  }
  uint32_t cancel_flag(TEEC_Result* res = nullptr) {
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
    TEEC_Result r = invoke(API_TEST_CMD_CANCEL_FLAG, &op);
    if (res != nullptr)
      *res = r;
    return op.params[0].value.a;
  }

private:
  TEEC_Operation property_op(uint32_t set, const std::string& name, uint32_t out_type) {
    name_ = name;
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_INPUT, out_type, TEEC_NONE));
    op.params[0].value.a = set;
    op.params[1].tmpref.buffer = name_.empty() ? nullptr : name_.data();
    op.params[1].tmpref.size = name_.size();
    return op;
  }
  Bytes bytes(uint32_t cmd, uint32_t set, const std::string& name, size_t room) {
    std::vector<uint8_t> buf(room + 1, 0x5A);
    TEEC_Operation op = property_op(set, name, TEEC_MEMREF_TEMP_OUTPUT);
    op.params[2].tmpref.buffer = room != 0 ? buf.data() : nullptr;
    op.params[2].tmpref.size = room;
    Bytes b;
    b.res = invoke(cmd, &op);
    b.reported = op.params[2].tmpref.size;
    if (b.res == TEEC_SUCCESS && b.reported <= room)
      b.value.assign(buf.begin(), buf.begin() + static_cast<long>(b.reported));
    return b;
  }
  Value value(uint32_t cmd, uint32_t set, const std::string& name) {
    TEEC_Operation op = property_op(set, name, TEEC_VALUE_OUTPUT);
    Value v;
    v.res = invoke(cmd, &op);
    v.value = uint64_t{op.params[2].value.a} | uint64_t{op.params[2].value.b} << 32;
    return v;
  }
  Time time_value(uint32_t cmd) {
    TEEC_Operation op =
        operation(TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE));
    Time t;
    t.res = invoke(cmd, &op);
    t.seconds = op.params[0].value.a;
    t.millis = op.params[0].value.b;
    t.ms = uint64_t{t.seconds} * 1000 + t.millis;
    return t;
  }

  TEEC_Context ctx_{};
  TEEC_Session session_{};
  bool have_ctx_ = false;
  bool have_session_ = false;
  uint32_t origin_ = 0;
  std::string name_;
};

// The TEE_UUID struct bytes of a UUID written as text.
inline std::array<uint8_t, 16> tee_uuid_bytes(const std::string& text) {
  std::array<uint8_t, 16> out{};
  auto u = Uuid::parse(text);
  EXPECT_TRUE(u.has_value()) << text;
  if (u)
    u->to_tee_uuid_bytes(out.data());
  return out;
}

inline std::vector<uint8_t> as_vector(const std::array<uint8_t, 16>& a) {
  return {a.begin(), a.end()};
}

} // namespace swemu::test
