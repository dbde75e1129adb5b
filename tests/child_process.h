// Child processes for the tests that drive programs in the background (swemu serve, clients
// under swemu run, gdb): every wait has a deadline, and a child that overruns it is killed.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0)
      return std::nullopt;
    if (Clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

} // namespace swemu::test
