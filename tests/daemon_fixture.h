// A `swemu serve` daemon for a test, and client processes under `swemu run --connect`:
// shared by the daemon tests (daemon_test.cpp) and the libteec tests (libteec_test.cpp).
// Every wait has a deadline; a child still running at the end is killed.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace swemu::test {

// Starts argv[0] with the given stdout and stderr (-1: inherited).
inline pid_t spawn(const std::vector<std::string>& args, int out_fd = -1, int err_fd = -1) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (out_fd >= 0)
      dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0)
      dup2(err_fd, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// The exit status (WEXITSTATUS, or 128 + signal) within the timeout; nullopt and the child
// killed when it does not end in time.
inline std::optional<int> wait_exit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0)
      return std::nullopt;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

inline int connect_to(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// A temporary directory with the daemon's socket and log; the log is printed when the
// test failed.
class DaemonFixture : public ::testing::Test {
protected:
  using Clock = std::chrono::steady_clock;

  void SetUp() override {
    char tmpl[] = "/tmp/swemu-daemon-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    socket_ = (dir_ / "s.sock").string();
    log_ = (dir_ / "daemon.log").string();
  }

  void TearDown() override {
    if (daemon_ > 0) {
      kill(daemon_, SIGKILL);
      waitpid(daemon_, nullptr, 0);
    }
    if (HasFailure())
      std::printf("--- daemon log ---\n%s--- end ---\n", daemon_log().c_str());
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string daemon_log() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::vector<std::string> serve_args() const {
    return {SWEMU_TOOL_PATH,         "serve",    "--socket",        socket_,       "--manifests",
            SWEMU_TEST_MANIFEST_DIR, "--ta-dir", SWEMU_TEST_TA_DIR, "--log-level", "info"};
  }

  // Starts the daemon and waits until it accepts connections.
  void start_daemon() {
    const int log_fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    ASSERT_GE(log_fd, 0);
    daemon_ = spawn(serve_args(), log_fd, log_fd);
    close(log_fd);
    ASSERT_GT(daemon_, 0);
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      if (const int fd = connect_to(socket_); fd >= 0) {
        close(fd);
        return;
      }
      int status = 0;
      ASSERT_EQ(waitpid(daemon_, &status, WNOHANG), 0) << "the daemon exited at start";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << "the daemon did not listen within 60 s";
  }

  // SIGTERM; the daemon must exit 0 and take its socket with it.
  void stop_daemon() {
    ASSERT_EQ(kill(daemon_, SIGTERM), 0);
    const auto rc = wait_exit(daemon_, std::chrono::seconds(30));
    daemon_ = 0;
    ASSERT_TRUE(rc.has_value()) << "the daemon did not stop within 30 s of SIGTERM";
    EXPECT_EQ(*rc, 0);
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(socket_)));
  }

  // `swemu run --connect <socket> -- CLIENT ARGS` in the background.
  pid_t start_client(const std::vector<std::string>& client, int out_fd = -1) {
    std::vector<std::string> args = {SWEMU_TOOL_PATH, "run", "--connect", socket_, "--"};
    args.insert(args.end(), client.begin(), client.end());
    return spawn(args, out_fd);
  }

  std::optional<int> run_client(const std::vector<std::string>& client,
                                std::chrono::milliseconds timeout = std::chrono::seconds(120)) {
    return wait_exit(start_client(client), timeout);
  }

  // A client (by default `tee0_single_client hold`) once it says it holds hello_single's
  // only session and waits in a TA; its stdout stays readable at *out (closed by the
  // caller) when out is given.
  void start_holder(pid_t* pid, int* out = nullptr,
                    const std::vector<std::string>& client = {SWEMU_TEE0_SINGLE_CLIENT, "hold"}) {
    int pipe_fds[2];
    ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
    *pid = start_client(client, pipe_fds[1]);
    close(pipe_fds[1]);
    std::string said;
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (said.find("holding\n") == std::string::npos && Clock::now() < deadline) {
      pollfd p{pipe_fds[0], POLLIN, 0};
      if (poll(&p, 1, 100) != 1)
        continue;
      char buf[256];
      const ssize_t n = read(pipe_fds[0], buf, sizeof buf);
      if (n <= 0)
        break;
      said.append(buf, static_cast<size_t>(n));
    }
    if (out != nullptr)
      *out = pipe_fds[0];
    else
      close(pipe_fds[0]);
    ASSERT_NE(said.find("holding\n"), std::string::npos) << said;
  }

  // Kills a holder mid-call; the daemon must then cancel its call and close its sessions,
  // so that hello_single opens again (within 30 s).
  void kill_holder_and_expect_reclaim(pid_t holder) {
    ASSERT_EQ(kill(holder, SIGKILL), 0);
    EXPECT_EQ(wait_exit(holder, std::chrono::seconds(10)), std::optional<int>(128 + SIGKILL));
    std::optional<int> reopened;
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    do {
      reopened = run_client({SWEMU_TEE0_SINGLE_CLIENT, "open"}, std::chrono::seconds(60));
      if (reopened == std::optional<int>(0))
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } while (Clock::now() < deadline);
    EXPECT_EQ(reopened, std::optional<int>(0));
  }

  std::filesystem::path dir_;
  std::string socket_;
  std::string log_;
  pid_t daemon_ = 0;
};

} // namespace swemu::test
