// The swemu daemon (`swemu serve`): one secure world serving many client processes over a
// Unix socket (daemon_protocol.h, docs/normal-world.md "The daemon"). Each client process
// gets its own entry to the secure world (core::SecureWorld::open_entry) over the memfd
// region it handed over, at its own PA window; one thread serves each connection.
#pragma once

#include <memory>
#include <string>

#include "swemu/core/result.h"
#include "swemu/core/smc.h"

namespace swemu::bridge {

struct DaemonOptions {
  core::SecureWorldConfig config;
  std::string socket_path; // empty: default_daemon_socket_path()
};

class Daemon {
public:
  // Builds the secure world and listens: the socket is created with mode 0600. Fails when
  // a daemon already answers at the path, or the path is something other than a socket;
  // a stale socket (nobody listening) is replaced.
  static Result<std::unique_ptr<Daemon>> create(const DaemonOptions& options);
  virtual ~Daemon() = default;

  [[nodiscard]] virtual const std::string& socket_path() const = 0;

  // Serves until stop_fd becomes readable (a signalfd, an eventfd, a pipe), then stops
  // accepting, removes the socket, asks the running TA entries of every client to cancel,
  // waits for the calls in flight and closes every client's sessions.
  virtual Result<void> serve(int stop_fd) = 0;
};

} // namespace swemu::bridge
