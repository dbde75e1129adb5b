// Invoke round trip of the hello TA's INC_VALUE by each way a normal-world client reaches
// the secure world, in one run, with main() printing the ratios (issue #4):
//   (a) BM_A_LibteecInProcess      our libteec, in-process secure world (the floor of (b)
//                                  and (c); swemu_bench's BM_ClientInvokeRoundTrip)
//   (b) BM_B_Tee0UnderPreload      an unmodified client: the raw ioctls on /dev/tee0 of
//                                  tests/clients/tee0_raw_client.c, served by
//                                  libswemu_preload.so with its in-process secure world
//   (c) BM_C_LibteecThroughDaemon  our libteec with SWEMU_CONNECT naming the socket of a
//                                  `swemu serve` that main() starts and stops
//   (c') BM_C2_Tee0ThroughDaemon   (b)'s ioctls through that daemon, as under
//                                  `swemu run --connect`, in a re-executed child
//   BM_Floor_BareEmuStart          the bare uc_emu_start of the same TA code (bare_floor.h)
//
// The program is linked against libswemu_preload.so (bench/CMakeLists.txt), which is then
// a DT_NEEDED library ahead of libc: its exported open/ioctl/mmap/munmap/close come first
// in the lookup scope of the whole program, as under LD_PRELOAD (no other library here
// defines them), and reach libc through RTLD_NEXT. (b) checks that the descriptor it gets
// is the library's (a memfd named swemu-tee0), so it cannot silently measure nothing. For
// everything else the interposed calls only add a check of an empty fd table, and (a) and
// (c) make none of them inside their timed loops.
//
// The preload library makes its secure world at the first open of /dev/tee0 and keeps it
// (reading SWEMU_CONNECT then), so (c) uses our libteec rather than the device (SWEMU_CONNECT
// is set only while (c) creates its context, never when (b) opens the device), and (c')
// runs in a child process of its own.
#include <fcntl.h>
#include <linux/tee.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <benchmark/benchmark.h>

#include "bare_floor.h"
#include "bench_support.h"
#include "hello_ta.h"
#include "swemu/bridge/default_transport.h"
#include "tee_client_api.h"

namespace {

using namespace swemu;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const TEEC_UUID kHello = HELLO_TA_UUID;
constexpr uint8_t kHelloUuidBytes[16] = {0x82, 0x96, 0xe5, 0x9f, 0x0c, 0x73, 0x41, 0x8b,
                                         0x8e, 0x62, 0x20, 0x01, 0x1a, 0xde, 0xc8, 0xd6};
constexpr uint32_t kNumParams = 4;

std::string g_socket; // the daemon's socket; empty when it did not start

// --- the daemon ------------------------------------------------------------------------

bool can_connect(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

class Daemon {
public:
  // `swemu serve` with the bundled manifests and TAs, its output in dir/daemon.log; true
  // once it accepts connections (within 60 s).
  bool start() {
    char tmpl[] = "/tmp/swemu-client-paths-XXXXXX";
    if (mkdtemp(tmpl) == nullptr)
      return false;
    dir_ = tmpl;
    socket_ = dir_ + "/s.sock";
    const std::string log = dir_ + "/daemon.log";
    std::vector<std::string> args = {
        SWEMU_BENCH_TOOL_PATH,    "serve",    "--socket",        socket_, "--manifests",
        SWEMU_BENCH_MANIFEST_DIR, "--ta-dir", SWEMU_BENCH_TA_DIR};
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    pid_ = fork();
    if (pid_ == 0) {
      if (log_fd >= 0) {
        dup2(log_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    if (log_fd >= 0)
      close(log_fd);
    if (pid_ < 0)
      return false;
    const auto deadline = Clock::now() + 60s;
    while (Clock::now() < deadline) {
      if (can_connect(socket_))
        return true;
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = 0;
        std::fprintf(stderr, "swemu serve exited at start; see %s\n", log.c_str());
        return false;
      }
      std::this_thread::sleep_for(20ms);
    }
    std::fprintf(stderr, "swemu serve did not listen within 60 s; see %s\n", log.c_str());
    return false;
  }

  const std::string& socket_path() const { return socket_; }

  // SIGTERM, then SIGKILL if it has not exited within 30 s; the directory goes with it.
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      const auto deadline = Clock::now() + 30s;
      while (waitpid(pid_, nullptr, WNOHANG) == 0) {
        if (Clock::now() > deadline) {
          std::fprintf(stderr, "swemu serve ignored SIGTERM for 30 s: killed\n");
          kill(pid_, SIGKILL);
          waitpid(pid_, nullptr, 0);
          break;
        }
        std::this_thread::sleep_for(10ms);
      }
      pid_ = 0;
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

private:
  pid_t pid_ = 0;
  std::string dir_;
  std::string socket_;
};

// --- (a) and (c): our libteec ------------------------------------------------------------

// INC_VALUE through TEEC_InvokeCommand on a session opened with the current default
// transport.
void run_libteec(benchmark::State& state) {
  TEEC_Context ctx;
  TEEC_Session sess;
  uint32_t origin;
  if (TEEC_InitializeContext(nullptr, &ctx) != TEEC_SUCCESS) {
    state.SkipWithError("TEEC_InitializeContext failed");
    return;
  }
  if (TEEC_OpenSession(&ctx, &sess, &kHello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin) !=
      TEEC_SUCCESS) {
    TEEC_FinalizeContext(&ctx);
    state.SkipWithError("cannot open a session to hello");
    return;
  }
  TEEC_Operation op{};
  op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
  for (auto _ : state) {
    op.params[0].value.a = 41;
    if (TEEC_InvokeCommand(&sess, HELLO_CMD_INC_VALUE, &op, &origin) != TEEC_SUCCESS ||
        op.params[0].value.a != 42) {
      state.SkipWithError("invoke failed");
      break;
    }
  }
  TEEC_CloseSession(&sess);
  TEEC_FinalizeContext(&ctx);
}

void BM_A_LibteecInProcess(benchmark::State& state) {
  bench::use_bundled_secure_world();
  run_libteec(state);
}

void BM_C_LibteecThroughDaemon(benchmark::State& state) {
  if (g_socket.empty()) {
    state.SkipWithError("no daemon");
    return;
  }
  // The environment default, as for any client: SWEMU_CONNECT is read when the context
  // creates its secure world, and unset again before (b) could open the device.
  bridge::set_default_transport_factory({});
  setenv("SWEMU_CONNECT", g_socket.c_str(), 1);
  struct Unset {
    ~Unset() { unsetenv("SWEMU_CONNECT"); }
  } unset;
  run_libteec(state);
}

// --- (b): the raw ioctls of an unmodified client -------------------------------------------

// An arg struct followed by its params, as libteec lays them out.
union OpenBuf {
  tee_ioctl_open_session_arg arg;
  uint8_t bytes[sizeof(tee_ioctl_open_session_arg) + kNumParams * sizeof(tee_ioctl_param)];
  uint64_t align;
};
union InvokeBuf {
  tee_ioctl_invoke_arg arg;
  uint8_t bytes[sizeof(tee_ioctl_invoke_arg) + kNumParams * sizeof(tee_ioctl_param)];
  uint64_t align;
};

// True when fd is one libswemu_preload.so handed out (its memfd), not some real device.
bool is_preload_device(int fd) {
  std::array<char, 256> target{};
  const std::string link = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = readlink(link.c_str(), target.data(), target.size() - 1);
  return n > 0 &&
         std::string_view(target.data(), static_cast<size_t>(n)).starts_with("/memfd:swemu-tee0");
}

// The device and a session on hello, opened the way an unmodified client does.
class Tee0Client {
public:
  // nullptr on success, else what failed.
  const char* open_session() {
    fd_ = open("/dev/tee0", O_RDWR);
    if (fd_ < 0)
      return "open(/dev/tee0) failed: is libswemu_preload.so linked in?";
    if (!is_preload_device(fd_))
      return "/dev/tee0 is not the preload library's";
    OpenBuf ob{};
    tee_ioctl_buf_data odata{reinterpret_cast<uintptr_t>(&ob), sizeof ob};
    std::memcpy(ob.arg.uuid, kHelloUuidBytes, sizeof kHelloUuidBytes);
    ob.arg.clnt_login = TEE_IOCTL_LOGIN_PUBLIC;
    ob.arg.num_params = kNumParams;
    if (ioctl(fd_, TEE_IOC_OPEN_SESSION, &odata) != 0 || ob.arg.ret != 0)
      return "OPEN_SESSION of hello failed";
    session_ = ob.arg.session;
    has_session_ = true;
    return nullptr;
  }

  // One INC_VALUE, doing what libteec's TEEC_InvokeCommand does around the ioctl: a fresh
  // arg block with the params copied in, and the results copied out.
  bool invoke() {
    std::memset(&b_, 0, sizeof b_);
    b_.arg.func = HELLO_CMD_INC_VALUE;
    b_.arg.session = session_;
    b_.arg.num_params = kNumParams;
    b_.arg.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT;
    b_.arg.params[0].a = 41;
    tee_ioctl_buf_data data{reinterpret_cast<uintptr_t>(&b_), sizeof b_};
    const bool ok =
        ioctl(fd_, TEE_IOC_INVOKE, &data) == 0 && b_.arg.ret == 0 && b_.arg.params[0].a == 42;
    benchmark::DoNotOptimize(b_.arg.params[0].a);
    return ok;
  }

  ~Tee0Client() {
    if (has_session_) {
      tee_ioctl_close_session_arg c{session_};
      ioctl(fd_, TEE_IOC_CLOSE_SESSION, &c);
    }
    if (fd_ >= 0)
      close(fd_);
  }

private:
  int fd_ = -1;
  uint32_t session_ = 0;
  bool has_session_ = false;
  InvokeBuf b_{};
};

void BM_B_Tee0UnderPreload(benchmark::State& state) {
  Tee0Client client;
  if (const char* error = client.open_session()) {
    state.SkipWithError(error);
    return;
  }
  for (auto _ : state) {
    if (!client.invoke()) {
      state.SkipWithError("INVOKE failed");
      break;
    }
  }
}

// --- (c'): the unmodified client through the daemon ----------------------------------------

// What `swemu run --connect` gives a client: (b)'s ioctls with SWEMU_CONNECT set when the
// preload library makes its secure world. That happens once per process, so each
// iteration re-executes this program (--tee0-child, see main) with SWEMU_CONNECT set, and
// the child times kChildInvokes invokes after its first one; the iteration's time is the
// child's (manual time), main() divides by kChildInvokes.
constexpr int kChildInvokes = 5000;

// The child's side: prints the nanoseconds of kChildInvokes invokes; exit 1 on failure.
int tee0_child() {
  Tee0Client client;
  if (const char* error = client.open_session()) {
    std::fprintf(stderr, "%s\n", error);
    return 1;
  }
  if (!client.invoke())
    return 1;
  const auto start = Clock::now();
  for (int i = 0; i < kChildInvokes; ++i)
    if (!client.invoke())
      return 1;
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start);
  std::printf("%lld\n", static_cast<long long>(ns.count()));
  return 0;
}

// Runs the child with SWEMU_CONNECT; its time in nanoseconds, or -1 (killed after 60 s).
long long run_tee0_child() {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0)
    return -1;
  char self[] = "/proc/self/exe";
  char flag[] = "--tee0-child";
  char* argv[] = {self, flag, nullptr};
  const std::string env = "SWEMU_CONNECT=" + g_socket;
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e)
    if (!std::string_view(*e).starts_with("SWEMU_CONNECT="))
      envp.push_back(*e);
  envp.push_back(const_cast<char*>(env.c_str()));
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    execve(self, argv, envp.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string out;
  const auto deadline = Clock::now() + 60s;
  char buf[64];
  for (;;) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) != 1)
      break;
    const ssize_t n = read(pipe_fds[0], buf, sizeof buf);
    if (n <= 0)
      break;
    out.append(buf, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  if (pid < 0)
    return -1;
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == 0) {
    // Still running: it had a minute, or closed its stdout without exiting.
    std::this_thread::sleep_for(100ms);
    if (waitpid(pid, &status, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || out.empty())
    return -1;
  return std::atoll(out.c_str());
}

void BM_C2_Tee0ThroughDaemon(benchmark::State& state) {
  if (g_socket.empty()) {
    state.SkipWithError("no daemon");
    return;
  }
  for (auto _ : state) {
    const long long ns = run_tee0_child();
    if (ns <= 0) {
      state.SkipWithError("the --tee0-child run failed");
      break;
    }
    state.SetIterationTime(static_cast<double>(ns) * 1e-9);
  }
}

void BM_Floor_BareEmuStart(benchmark::State& state) {
  bench::bare_emu_start_floor(state);
}

BENCHMARK(BM_Floor_BareEmuStart);
BENCHMARK(BM_A_LibteecInProcess);
BENCHMARK(BM_B_Tee0UnderPreload);
BENCHMARK(BM_C_LibteecThroughDaemon);
BENCHMARK(BM_C2_Tee0ThroughDaemon)->UseManualTime();

} // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--tee0-child")
    return tee0_child();
  // On a shared machine one pass of each benchmark drifts with the load, so by default
  // every benchmark runs five times, interleaved at random, and the ratios use medians.
  std::vector<char*> args(argv, argv + argc);
  const bool own_repetitions = std::any_of(args.begin(), args.end(), [](const char* a) {
    return std::string_view(a).starts_with("--benchmark_repetitions");
  });
  std::string repetitions = "--benchmark_repetitions=5";
  std::string interleave = "--benchmark_enable_random_interleaving=true";
  std::string aggregates = "--benchmark_report_aggregates_only=true";
  if (!own_repetitions)
    for (std::string* a : {&repetitions, &interleave, &aggregates})
      args.push_back(a->data());
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());

  Daemon daemon;
  if (daemon.start())
    g_socket = daemon.socket_path();
  swemu::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  daemon.stop();

  const double floor = reporter.ns("BM_Floor_BareEmuStart");
  const double a = reporter.ns("BM_A_LibteecInProcess");
  const double b = reporter.ns("BM_B_Tee0UnderPreload");
  const double c = reporter.ns("BM_C_LibteecThroughDaemon");
  const double c2 = reporter.ns("BM_C2_Tee0ThroughDaemon/manual_time") / kChildInvokes;
  std::printf("\n");
  if (a > 0 && b > 0)
    std::printf("(b) unmodified client under the preload library / (a) = %.2fx (target <= 1.5x)\n",
                b / a);
  if (a > 0 && c > 0)
    std::printf("(c) libteec through the daemon / (a) = %.2fx (target <= 6x)\n", c / a);
  if (a > 0 && c2 > 0)
    std::printf("(c') unmodified client through the daemon / (a) = %.2fx (%.0f ns per invoke; "
                "target <= 6x)\n",
                c2 / a, c2);
  if (floor > 0 && a > 0)
    std::printf("(a) libteec in-process / bare uc_emu_start floor = %.2fx (swemu_bench: <= 3x)\n",
                a / floor);
  benchmark::Shutdown();
  return 0;
}
