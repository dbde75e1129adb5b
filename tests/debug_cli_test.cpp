// Debugging a client's TAs from the command line, end to end: `swemu run --gdb` with an
// unmodified /dev/tee0 client (tests/clients/tee0_hello_client.c) and gdb-multiarch in
// batch mode; `swemu serve --gdb` with gdb attached before any TA runs and two instances
// as two threads; --trace, --trace-timeline and --coverage of both commands, validated;
// and the crash report a faulting TA leaves on a `swemu run` user's terminal. Every wait
// has a deadline; children still running at the end are killed.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "daemon_fixture.h"
#include "hello_ta.h"
#include "shell_command.h"
#include "trace_schema.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using swemu::test::spawn;
using swemu::test::wait_exit;

constexpr const char* kHelloUuid = "8296e59f-0c73-418b-8e62-20011adec8d6";

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// The port in "gdb: listening on 127.0.0.1:PORT" once `file` says it (within 30 s).
std::optional<int> wait_for_port(const fs::path& file) {
  const std::string key = "listening on 127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string text = read_file(file);
    if (const size_t at = text.find(key); at != std::string::npos) {
      const int port = std::atoi(text.c_str() + at + key.size());
      if (port > 0)
        return port;
    }
    std::this_thread::sleep_for(20ms);
  }
  return std::nullopt;
}

// Whether `file` says `text` within 30 s.
bool wait_for_text(const fs::path& file, const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!contains(read_file(file), text)) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

// What `swemu run --gdb` says once the first instance waits at its first instruction. gdb
// connects after it, so that the stop it finds there is not its first `continue`'s.
constexpr const char* kWaitingForGdb = "TA stopped at its first instruction; waiting for gdb";

int open_out(const fs::path& p) {
  return ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

class DebugCli : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(std::system("gdb-multiarch --version > /dev/null 2>&1"), 0)
        << "gdb-multiarch is not installed (scripts/bootstrap.sh installs it)";
    dir_ = fs::temp_directory_path() /
           ("swemu-debug-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    for (pid_t pid : children_)
      wait_exit(pid, 1ms); // kills what is left
    fs::remove_all(dir_);
  }

  // Starts `args` with stdout and stderr into dir_/<name>.out and .err.
  pid_t start(const std::vector<std::string>& args, const std::string& name) {
    const int out = open_out(dir_ / (name + ".out"));
    const int err = open_out(dir_ / (name + ".err"));
    const pid_t pid = spawn(args, out, err);
    ::close(out);
    ::close(err);
    children_.push_back(pid);
    return pid;
  }

  // gdb-multiarch in batch mode on `commands` (after pagination and confirmations are
  // off); what it printed. Bounded by `timeout`.
  std::string gdb(const std::vector<std::string>& commands) {
    const fs::path script = dir_ / "script.gdb";
    {
      std::ofstream out(script);
      out << "set pagination off\nset confirm off\n";
      for (const auto& c : commands)
        out << c << "\n";
    }
    return swemu::test::run_shell("timeout 120 gdb-multiarch -nx -batch -x " + script.string() +
                                  " 2>&1")
        .out;
  }

  // A shell command line that runs the two-session client against the daemon at `socket`
  // in the background: output in dir_/client.out, exit status in dir_/client.rc.
  std::string fmt_client(const std::string& socket, const std::string& args = "--sessions 2 0 41") {
    const std::string d = dir_.string();
    return "(" + std::string(SWEMU_TOOL_PATH) + " run --connect " + socket + " -- " +
           SWEMU_TEE0_HELLO_CLIENT + " " + args + " > " + d + "/client.out 2>&1; echo $? > " + d +
           "/client.rc.tmp; mv " + d + "/client.rc.tmp " + d + "/client.rc) < /dev/null > " +
           "/dev/null 2>&1 &";
  }

  fs::path dir_;
  std::vector<pid_t> children_;
};

std::string hello_elf(bool arm32 = false) {
  return std::string(SWEMU_TEST_TA_DIR) + (arm32 ? "/hello32.elf" : "/hello.elf");
}

TEST_F(DebugCli, RunGdbHitsABreakpointSetBeforeTheTaRunsThenTheClientCompletes) {
  const pid_t run = start({SWEMU_TOOL_PATH, "run", "--gdb", "0", "--", SWEMU_TEE0_HELLO_CLIENT,
                           std::to_string(HELLO_CMD_INC_VALUE), "41"},
                          "run");
  const auto port = wait_for_port(dir_ / "run.err");
  ASSERT_TRUE(port) << read_file(dir_ / "run.err");
  EXPECT_TRUE(contains(read_file(dir_ / "run.err"), "loaded at 0x400000"));
  ASSERT_TRUE(wait_for_text(dir_ / "run.err", kWaitingForGdb)) << read_file(dir_ / "run.err");
  const std::string out = gdb({"file " + hello_elf(), "break TA_InvokeCommandEntryPoint",
                               "target remote 127.0.0.1:" + std::to_string(*port), "continue", "bt",
                               "printf \"a=%u\\n\", params[0].value.a", "printf \"x2=%d\\n\", $x2",
                               "set var params[0].value.a = 1000", "continue"});
  EXPECT_TRUE(contains(out, "Breakpoint 1, TA_InvokeCommandEntryPoint")) << out;
  EXPECT_TRUE(contains(out, "in invoke_command")) << out; // the caller, in the backtrace
  EXPECT_TRUE(contains(out, "a=41\n")) << out;
  EXPECT_TRUE(contains(out, "x2=3\n")) << out; // param_types: VALUE_INOUT
  EXPECT_TRUE(contains(out, "exited normally")) << out;
  EXPECT_EQ(wait_exit(run, 60s), 0) << read_file(dir_ / "run.err");
  EXPECT_TRUE(contains(read_file(dir_ / "run.out"), "session 0: ret=0x0 a=1001"))
      << read_file(dir_ / "run.out");
}

// --random-load-address reaches the client's secure world with --gdb: the banner no longer
// names 0x400000, and the client runs to completion once gdb lets it.
TEST_F(DebugCli, RunGdbWithRandomLoadAddressSaysSoAndRuns) {
  const pid_t run = start({SWEMU_TOOL_PATH, "run", "--gdb", "0", "--random-load-address", "--",
                           SWEMU_TEE0_HELLO_CLIENT, std::to_string(HELLO_CMD_INC_VALUE), "41"},
                          "run");
  const auto port = wait_for_port(dir_ / "run.err");
  ASSERT_TRUE(port) << read_file(dir_ / "run.err");
  const std::string banner = read_file(dir_ / "run.err");
  EXPECT_TRUE(contains(banner, "each instance loaded at a random address")) << banner;
  EXPECT_FALSE(contains(banner, "0x400000")) << banner;
  ASSERT_TRUE(wait_for_text(dir_ / "run.err", kWaitingForGdb)) << read_file(dir_ / "run.err");
  EXPECT_TRUE(contains(read_file(dir_ / "run.err"), "[load]")) << read_file(dir_ / "run.err");
  const std::string out =
      gdb({"file " + hello_elf(), "target remote 127.0.0.1:" + std::to_string(*port), "continue"});
  EXPECT_TRUE(contains(out, "exited normally")) << out;
  EXPECT_EQ(wait_exit(run, 60s), 0) << read_file(dir_ / "run.err");
  EXPECT_TRUE(contains(read_file(dir_ / "run.out"), "session 0: ret=0x0 a=42"))
      << read_file(dir_ / "run.out");
}

TEST_F(DebugCli, ServeGdbAttachesFirstAndSeesTwoInstancesAsTwoThreads) {
  const std::string socket = (dir_ / "s.sock").string();
  const pid_t serve =
      start({SWEMU_TOOL_PATH, "serve", "--socket", socket, "--gdb", "0", "--gdb-ta", kHelloUuid},
            "serve");
  const auto port = wait_for_port(dir_ / "serve.err");
  ASSERT_TRUE(port) << read_file(dir_ / "serve.err");
  const std::string client = fmt_client(socket);
  const std::string out =
      gdb({"file " + hello_elf(), "target remote 127.0.0.1:" + std::to_string(*port),
           "break TA_InvokeCommandEntryPoint", "shell " + client, "continue", "info threads",
           "continue", "info threads", "delete", "detach"});
  EXPECT_EQ(count(out, "Breakpoint 1, TA_InvokeCommandEntryPoint"), 2u) << out;
  // Both instances are threads, named after the TA and its instance.
  EXPECT_TRUE(contains(out, "Thread 2 (hello " + std::string(kHelloUuid))) << out;
  EXPECT_TRUE(contains(out, "Thread 3 (hello " + std::string(kHelloUuid))) << out;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!fs::exists(dir_ / "client.rc") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(read_file(dir_ / "client.rc"), "0\n") << read_file(dir_ / "client.out");
  EXPECT_EQ(count(read_file(dir_ / "client.out"), "ret=0x0 a=42"), 2u)
      << read_file(dir_ / "client.out");
  kill(serve, SIGTERM);
  EXPECT_EQ(wait_exit(serve, 30s), 0) << read_file(dir_ / "serve.err");
}

TEST_F(DebugCli, ServeGdbSetsAPendingBreakpointOnAnAArch32Ta) {
  const std::string socket = (dir_ / "s.sock").string();
  const pid_t serve = start({SWEMU_TOOL_PATH, "serve", "--socket", socket, "--gdb", "0"}, "serve");
  const auto port = wait_for_port(dir_ / "serve.err");
  ASSERT_TRUE(port) << read_file(dir_ / "serve.err");
  const std::string out =
      gdb({"file " + hello_elf(true), "target remote 127.0.0.1:" + std::to_string(*port),
           "break TA_InvokeCommandEntryPoint",
           "shell " + fmt_client(socket, "--arm32 " + std::to_string(HELLO_CMD_INC_VALUE) + " 7"),
           "continue", "printf \"a=%u\\n\", params[0].value.a", "delete", "detach"});
  EXPECT_TRUE(contains(out, "Breakpoint 1, TA_InvokeCommandEntryPoint")) << out;
  EXPECT_TRUE(contains(out, "a=7\n")) << out;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!fs::exists(dir_ / "client.rc") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(read_file(dir_ / "client.rc"), "0\n") << read_file(dir_ / "client.out");
  kill(serve, SIGTERM);
  EXPECT_EQ(wait_exit(serve, 30s), 0) << read_file(dir_ / "serve.err");
}

// The JSON lines match docs/trace.schema.json and the timeline has its three kinds of row.
void expect_valid_trace(const fs::path& lines, const fs::path& timeline) {
  std::ifstream schema_file(fs::path(SWEMU_TEST_SOURCE_DIR) / "docs" / "trace.schema.json");
  const json schema = json::parse(schema_file);
  std::ifstream in(lines);
  std::set<std::string> types;
  size_t n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    const json l = json::parse(line);
    EXPECT_EQ(swemu::test::validate(l, schema), "") << l.dump();
    types.insert(l["type"].get<std::string>());
  }
  EXPECT_GT(n, 0u);
  for (const char* t : {"smc", "msg", "session", "entry", "syscall"})
    EXPECT_EQ(types.count(t), 1u) << t;
  std::ifstream tin(timeline);
  const json doc = json::parse(tin);
  std::set<std::string> processes;
  size_t spans = 0;
  for (const auto& ev : doc["traceEvents"]) {
    if (ev["ph"] == "M" && ev["name"] == "process_name")
      processes.insert(ev["args"]["name"].get<std::string>());
    spans += ev["ph"] == "X" ? 1 : 0;
  }
  EXPECT_EQ(spans, n);
  EXPECT_EQ(processes,
            (std::set<std::string>{"normal world", "secure world threads", "TA instances"}));
}

TEST_F(DebugCli, RunWritesTraceTimelineAndCoverageWhenTheProgramExits) {
  const pid_t run =
      start({SWEMU_TOOL_PATH, "run", "--trace", (dir_ / "t.jsonl").string(), "--trace-timeline",
             (dir_ / "t.json").string(), "--coverage", (dir_ / "c.info").string(), "--",
             SWEMU_TEE0_HELLO_CLIENT, "--sessions", "2", std::to_string(HELLO_CMD_INC_VALUE), "1"},
            "run");
  ASSERT_EQ(wait_exit(run, 60s), 0) << read_file(dir_ / "run.err");
  expect_valid_trace(dir_ / "t.jsonl", dir_ / "t.json");
  const std::string lcov = read_file(dir_ / "c.info");
  EXPECT_TRUE(contains(lcov, "hello_ta.c")) << lcov.substr(0, 400);
  EXPECT_TRUE(contains(lcov, "FNDA:2,TA_InvokeCommandEntryPoint")) << lcov.substr(0, 400);
  EXPECT_TRUE(contains(read_file(dir_ / "run.err"), "coverage (lcov): "))
      << read_file(dir_ / "run.err");
}

TEST_F(DebugCli, ServeWritesTraceTimelineAndCoverageWhenItStops) {
  const std::string socket = (dir_ / "s.sock").string();
  const pid_t serve = start({SWEMU_TOOL_PATH, "serve", "--socket", socket, "--trace",
                             (dir_ / "t.jsonl").string(), "--trace-timeline",
                             (dir_ / "t.json").string(), "--coverage", (dir_ / "c.drcov").string()},
                            "serve");
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!fs::exists(socket) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  const pid_t client = start({SWEMU_TOOL_PATH, "run", "--connect", socket, "--",
                              SWEMU_TEE0_HELLO_CLIENT, std::to_string(HELLO_CMD_INC_VALUE), "1"},
                             "client");
  EXPECT_EQ(wait_exit(client, 60s), 0) << read_file(dir_ / "client.err");
  EXPECT_FALSE(fs::exists(dir_ / "c.drcov")); // written at shutdown
  kill(serve, SIGTERM);
  ASSERT_EQ(wait_exit(serve, 30s), 0) << read_file(dir_ / "serve.err");
  expect_valid_trace(dir_ / "t.jsonl", dir_ / "t.json");
  const std::string drcov = read_file(dir_ / "c.drcov");
  EXPECT_EQ(drcov.rfind("DRCOV VERSION: 2\n", 0), 0u) << drcov.substr(0, 200);
  EXPECT_TRUE(contains(drcov, "hello")) << drcov.substr(0, 400);
}

TEST_F(DebugCli, RunShowsTheCrashReportOfAFaultingTa) {
  const pid_t run = start({SWEMU_TOOL_PATH, "run", "--", SWEMU_TEE0_HELLO_CLIENT,
                           std::to_string(HELLO_CMD_FAULT_UNMAPPED), "0"},
                          "run");
  EXPECT_EQ(wait_exit(run, 60s), 3); // the invoke failed: TEE_ERROR_TARGET_DEAD
  const std::string err = read_file(dir_ / "run.err");
  EXPECT_TRUE(contains(err, "crash: ")) << err;
  // symbol+offset (the command's function is inlined into the entry point)
  EXPECT_TRUE(contains(err, "crash: memory-write at TA_InvokeCommandEntryPoint+0x")) << err;
  EXPECT_TRUE(contains(err, "backtrace:")) << err;
  EXPECT_TRUE(contains(err, "instruction: ")) << err;
  EXPECT_TRUE(contains(err, "registers:")) << err;
  EXPECT_TRUE(contains(read_file(dir_ / "run.out"), "ret=0xffff3024"))
      << read_file(dir_ / "run.out");
}

TEST_F(DebugCli, RunRejectsDebugOptionsWithConnectAndGdbTaWithoutGdb) {
  EXPECT_EQ(swemu::test::run_shell(std::string(SWEMU_TOOL_PATH) +
                                   " run --connect /tmp/x.sock --gdb 0 -- true 2>&1")
                .status,
            2);
  EXPECT_EQ(swemu::test::run_shell(std::string(SWEMU_TOOL_PATH) + " run --gdb-ta " + kHelloUuid +
                                   " -- true 2>&1")
                .status,
            2);
  // The variables the preload library reads.
  const auto r = swemu::test::run_shell(
      std::string(SWEMU_TOOL_PATH) + " run --gdb 0 --gdb-ta " + kHelloUuid +
      " --trace /tmp/t.jsonl --coverage c.info -- sh -c 'echo "
      "\"$SWEMU_GDB|$SWEMU_GDB_TA|$SWEMU_GDB_WAIT|$SWEMU_TRACE|$SWEMU_COVERAGE\"' 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, "0|" + std::string(kHelloUuid) + "|1|/tmp/t.jsonl|" +
                                  (fs::current_path() / "c.info").string()))
      << r.out;
}

} // namespace
