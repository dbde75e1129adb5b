// Runs a command line through the shell for the tests that drive programs (swemu, gdb):
// what it printed on stdout and its exit status.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace swemu::test {

struct ShellResult {
  int status = -1; // the exit status; -1 if it did not exit normally or did not start
  std::string out; // stdout (redirect stderr in the command line to keep it)
};

inline ShellResult run_shell(const std::string& command) {
  ShellResult r;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr)
    return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
    r.out.append(buf.data(), n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

} // namespace swemu::test
