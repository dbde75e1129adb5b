// --trace and --trace-timeline: the hello TA invoked with a tracer; every JSON line is
// checked against docs/trace.schema.json (by a small validator for the keywords that
// schema uses), the spans are checked for what happened and how they nest, and the Chrome
// trace-event file is parsed.
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "debug/trace.h"
#include "test_world.h"
#include "trace_schema.h"

#include "../tas/api_test/api_test_ta.h"
#include "../tas/ta2ta_test/ta2ta_test_ta.h"
#include "hello_ta.h"
#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using swemu::test::validate;

class Trace : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("swemu-trace-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Opens `ta`, runs `body` on the session, closes; all traced.
  void run_traced(TEEC_UUID ta, const std::function<void(TEEC_Session&)>& body) {
    auto t = swemu::core::Tracer::open(dir_ / "t.jsonl", dir_ / "t.json");
    ASSERT_TRUE(t.ok()) << t.error().message;
    std::shared_ptr<swemu::core::Tracer> tracer = std::move(t).value();
    swemu::test::use_secure_world([&](swemu::core::SecureWorldConfig& c) {
      c.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
      c.tracer = tracer;
    });
    TEEC_Context ctx{};
    TEEC_Session s{};
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
    ASSERT_EQ(TEEC_OpenSession(&ctx, &s, &ta, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr),
              TEEC_SUCCESS);
    body(s);
    TEEC_CloseSession(&s);
    TEEC_FinalizeContext(&ctx);
    ASSERT_TRUE(tracer->finish().ok());
    std::ifstream in(dir_ / "t.jsonl");
    for (std::string line; std::getline(in, line);)
      lines_.push_back(json::parse(line));
  }

  // Opens hello, invokes INC_VALUE, closes; all traced.
  void run_hello() {
    run_traced(HELLO_TA_UUID, [](TEEC_Session& s) {
      TEEC_Operation op{};
      op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
      op.params[0].value.a = 41;
      ASSERT_EQ(TEEC_InvokeCommand(&s, HELLO_CMD_INC_VALUE, &op, nullptr), TEEC_SUCCESS);
    });
  }

  std::vector<json> of_type(const std::string& type) const {
    std::vector<json> out;
    for (const auto& l : lines_)
      if (l["type"] == type)
        out.push_back(l);
    return out;
  }

  void expect_foreign_interrupts(const TEEC_UUID& ta);

  fs::path dir_;
  std::vector<json> lines_;
};

TEST_F(Trace, EveryLineMatchesTheSchema) {
  run_hello();
  std::ifstream schema_file(fs::path(SWEMU_TEST_SOURCE_DIR) / "docs" / "trace.schema.json");
  const json schema = json::parse(schema_file);
  ASSERT_FALSE(lines_.empty());
  for (const auto& l : lines_)
    EXPECT_EQ(validate(l, schema), "") << l.dump();
  // The validator is not vacuous: a line without its fields fails.
  EXPECT_NE(validate(json{{"type", "syscall"}, {"name", "LOG"}}, schema), "");
  EXPECT_NE(validate(json{{"type", "smc"},
                          {"name", "x"},
                          {"ts_ns", 1},
                          {"dur_ns", -1},
                          {"thread", 1},
                          {"fid", 1},
                          {"a_in", json::array()},
                          {"a_out", json::array()}},
                     schema),
            "");
}

TEST_F(Trace, RecordsTheCallsAndTheyNest) {
  run_hello();
  auto msgs = of_type("msg");
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0]["name"], "OPEN_SESSION");
  EXPECT_EQ(msgs[1]["name"], "INVOKE_COMMAND");
  EXPECT_EQ(msgs[2]["name"], "CLOSE_SESSION");
  auto sessions = of_type("session");
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0]["name"], "open");
  EXPECT_EQ(sessions[0]["ta"], HELLO_TA_UUID_STR);
  EXPECT_EQ(sessions[1]["name"], "close");
  EXPECT_EQ(sessions[0]["session"], sessions[1]["session"]);

  auto entries = of_type("entry");
  ASSERT_EQ(entries.size(), 3u);
  const json& invoke = entries[1];
  EXPECT_EQ(invoke["name"], "INVOKE_COMMAND");
  EXPECT_EQ(invoke["cmd"], HELLO_CMD_INC_VALUE);
  EXPECT_EQ(invoke["ret"], 0);
  // Every syscall lies inside an entry of its instance; each entry ends with RETURN.
  auto syscalls = of_type("syscall");
  ASSERT_FALSE(syscalls.empty());
  EXPECT_EQ(syscalls.front()["name"], "CRYP_RANDOM_NUMBER_GENERATE"); // the stack canary
  for (const auto& sc : syscalls) {
    bool inside = false;
    for (const auto& e : entries) {
      const uint64_t s = e["ts_ns"], end = s + e["dur_ns"].get<uint64_t>();
      inside |= e["instance"] == sc["instance"] && sc["ts_ns"].get<uint64_t>() >= s &&
                sc["ts_ns"].get<uint64_t>() + sc["dur_ns"].get<uint64_t>() <= end;
    }
    EXPECT_TRUE(inside) << sc.dump();
  }
  int returns = 0;
  for (const auto& sc : syscalls)
    returns += sc["name"] == "RETURN" ? 1 : 0;
  EXPECT_EQ(returns, 3);
  // The invoke's msg lies inside a CALL_WITH_RPC_ARG SMC (our driver's call, as Linux's).
  bool in_smc = false;
  for (const auto& smc : of_type("smc"))
    in_smc |= smc["name"] == "CALL_WITH_RPC_ARG" && msgs[1]["ts_ns"] >= smc["ts_ns"] &&
              msgs[1]["ts_ns"].get<uint64_t>() + msgs[1]["dur_ns"].get<uint64_t>() <=
                  smc["ts_ns"].get<uint64_t>() + smc["dur_ns"].get<uint64_t>();
  EXPECT_TRUE(in_smc);
}

TEST_F(Trace, TimelineIsAChromeTraceWithOneRowPerInstance) {
  run_hello();
  std::ifstream in(dir_ / "t.json");
  const json doc = json::parse(in);
  ASSERT_TRUE(doc["traceEvents"].is_array());
  std::set<std::string> processes;
  bool instance_row = false;
  size_t spans = 0;
  for (const auto& ev : doc["traceEvents"]) {
    ASSERT_TRUE(ev.contains("ph") && ev.contains("pid") && ev.contains("tid")) << ev.dump();
    if (ev["ph"] == "M" && ev["name"] == "process_name")
      processes.insert(ev["args"]["name"].get<std::string>());
    if (ev["ph"] == "M" && ev["name"] == "thread_name" && ev["pid"] == 3)
      instance_row |= ev["args"]["name"].get<std::string>().find("hello") != std::string::npos;
    if (ev["ph"] == "X") {
      ++spans;
      EXPECT_TRUE(ev["ts"].is_number() && ev["dur"].is_number() && ev["dur"] >= 0) << ev.dump();
    }
  }
  EXPECT_EQ(spans, lines_.size()); // the same spans as the JSON lines
  EXPECT_EQ(processes,
            (std::set<std::string>{"normal world", "secure world threads", "TA instances"}));
  EXPECT_TRUE(instance_row);
}

TEST(TraceOpen, UnwritableFileIsAClearError) {
  auto t = swemu::core::Tracer::open("/nonexistent-dir/t.jsonl", {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("/nonexistent-dir/t.jsonl"), std::string::npos);
  EXPECT_FALSE(swemu::core::Tracer::open({}, {}).ok());
}

TEST_F(Trace, RecordsRpcsToTheNormalWorld) {
  // TEE_GetREETime asks the normal world (GET_TIME); a 30 ms TEE_Wait sleeps there
  // (SUSPEND, at most 20 ms at a time).
  run_traced(API_TEST_TA_UUID, [](TEEC_Session& s) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    ASSERT_EQ(TEEC_InvokeCommand(&s, API_TEST_CMD_REE_TIME, &op, nullptr), TEEC_SUCCESS);
    op = TEEC_Operation{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = 30;
    ASSERT_EQ(TEEC_InvokeCommand(&s, API_TEST_CMD_WAIT, &op, nullptr), TEEC_SUCCESS);
  });
  std::ifstream schema_file(fs::path(SWEMU_TEST_SOURCE_DIR) / "docs" / "trace.schema.json");
  const json schema = json::parse(schema_file);
  auto rpcs = of_type("rpc");
  ASSERT_GE(rpcs.size(), 3u);
  EXPECT_EQ(rpcs[0]["name"], "GET_TIME");
  EXPECT_EQ(rpcs[0]["ret"], 0);
  EXPECT_EQ(rpcs[0]["params"][0][0], 2) << "VALUE_OUTPUT";
  size_t suspends = 0;
  for (const auto& r : rpcs) {
    EXPECT_EQ(validate(r, schema), "") << r.dump();
    if (r["name"] == "SUSPEND") {
      ++suspends;
      EXPECT_LE(r["params"][0][1].get<uint64_t>(), 20u);
    }
  }
  EXPECT_GE(suspends, 2u);
  // Each RPC happened inside the TA entry that made it.
  for (const auto& r : rpcs) {
    bool inside = false;
    for (const auto& e : of_type("entry"))
      inside |=
          r["ts_ns"] >= e["ts_ns"] && r["ts_ns"].get<uint64_t>() + r["dur_ns"].get<uint64_t>() <=
                                          e["ts_ns"].get<uint64_t>() + e["dur_ns"].get<uint64_t>();
    EXPECT_TRUE(inside) << r.dump();
  }
}

// A TA entry of more than a slice (110 ms) leaves the SMC with FOREIGN_INTR now and then
// and continues where it was: the loop's count comes out right.
void Trace::expect_foreign_interrupts(const TEEC_UUID& ta) {
  run_traced(ta, [](TEEC_Session& s) {
    auto loop = [&](uint32_t n) {
      TEEC_Operation op{};
      op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
      op.params[0].value.a = n;
      op.params[0].value.b = 7;
      ASSERT_EQ(TEEC_InvokeCommand(&s, API_TEST_CMD_SYSCALL_LOOP, &op, nullptr), TEEC_SUCCESS);
      EXPECT_EQ(op.params[0].value.b, 0u) << "no cancellation was requested";
    };
    // Sized from a first, short loop, so that the second runs about half a second on this
    // build (the watchdog looks at the slices every 100 ms).
    constexpr uint32_t kProbe = 5'000;
    const auto t0 = std::chrono::steady_clock::now();
    loop(kProbe);
    const double probe_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    const double n = kProbe * 500.0 / std::max(probe_ms, 0.01);
    loop(static_cast<uint32_t>(std::clamp(n, double{kProbe}, 50e6)));
  });
  std::ifstream schema_file(fs::path(SWEMU_TEST_SOURCE_DIR) / "docs" / "trace.schema.json");
  const json schema = json::parse(schema_file);
  size_t interrupts = 0;
  for (const auto& r : of_type("rpc"))
    if (r["name"] == "FOREIGN_INTR") {
      ++interrupts;
      EXPECT_EQ(validate(r, schema), "") << r.dump();
      EXPECT_EQ(r["cmd"], 0xFFFF0004u);
    }
  EXPECT_GE(interrupts, 1u);
  size_t invokes = 0;
  for (const auto& e : of_type("entry"))
    if (e["name"] == "INVOKE_COMMAND") {
      ++invokes;
      EXPECT_EQ(e["ret"], 0) << e.dump();
    }
  EXPECT_EQ(invokes, 2u);
}

TEST_F(Trace, ALongEntryLetsTheNormalWorldTakeForeignInterruptsAArch64) {
  expect_foreign_interrupts(API_TEST64_TA_UUID);
}

TEST_F(Trace, ALongEntryLetsTheNormalWorldTakeForeignInterruptsAArch32) {
  expect_foreign_interrupts(API_TEST32_TA_UUID);
}

// ta2ta_test is single-instance: an open while its one instance runs an entry waits, as
// OP-TEE's wait queues do, in the normal world (NOTIFICATION WAIT); the call that frees the
// instance sends NOTIFICATION SEND.
TEST_F(Trace, AnOpenWaitingForABusyInstanceSleepsInTheNormalWorld) {
  const TEEC_UUID ta2ta = TA2TA_TEST_TA_UUID;
  run_traced(ta2ta, [&](TEEC_Session& s) {
    std::thread busy([&] {
      TEEC_Operation op{};
      op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
      op.params[0].value.a = 1; // the peer is ta2ta_test32
      op.params[0].value.b = 400;
      EXPECT_EQ(TEEC_InvokeCommand(&s, TA2TA_CMD_CALL_PEER, &op, nullptr), TEEC_SUCCESS);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    TEEC_Session second{};
    EXPECT_EQ(
        TEEC_OpenSession(s.imp.ctx, &second, &ta2ta, TEEC_LOGIN_PUBLIC, nullptr, nullptr, nullptr),
        TEEC_SUCCESS);
    busy.join();
    TEEC_CloseSession(&second);
  });
  size_t waits = 0, sends = 0;
  for (const auto& r : of_type("rpc"))
    if (r["name"] == "NOTIFICATION") {
      const uint64_t what = r["params"][0][1];
      waits += what == 0 ? 1 : 0; // OPTEE_RPC_NOTIFICATION_WAIT
      sends += what == 1 ? 1 : 0; // OPTEE_RPC_NOTIFICATION_SEND
      EXPECT_EQ(r["params"][0][2], r["params"][0][2].get<uint64_t>() % 256) << "key <= 255";
    }
  EXPECT_GE(waits, 1u);
  EXPECT_GE(sends, 1u);
}

} // namespace
