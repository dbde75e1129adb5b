// swemu serve [--socket PATH] [--manifests DIR]... [--ta-dir DIR]... [--ta-key PEM]...
//             [--allow-unsigned] [--state-dir DIR] [--random-seed S] [--log-level L]
// The secure world as a long-running process: client programs reach it with
// `swemu run --connect PATH` (docs/normal-world.md, "The daemon"). Runs until SIGTERM or
// SIGINT, then removes the socket and exits 0.
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "bridge_log.h"
#include "commands.h"
#include "swemu/bridge/daemon.h"
#include "swemu/bridge/daemon_protocol.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/core/log.h"

namespace swemu::tools {

void add_serve_command(CLI::App& app, ServeOptions& o) {
  o.cmd = app.add_subcommand("serve", "Run the secure world as a daemon that client programs "
                                      "reach over a Unix socket (swemu run --connect).");
  auto* c = o.cmd;
  c->add_option("--socket", o.socket,
                "Listen at PATH (default: $XDG_RUNTIME_DIR/swemu.sock, else "
                "/tmp/swemu-<uid>.sock)")
      ->type_name("PATH");
  c->add_option("--manifests,--manifest-dir", o.manifest_dirs, "Manifest directory (repeatable)")
      ->type_name("DIR");
  c->add_option("--ta-dir", o.ta_dirs, "TA directory (repeatable)")->type_name("DIR");
  c->add_option("--ta-key", o.ta_keys,
                "Public key (PEM file) trusted for signed TAs (repeatable; default: OP-TEE's "
                "development key)");
  c->add_flag("--allow-unsigned", o.allow_unsigned,
              "Development mode: load unsigned TAs and unknown signing keys from TA dirs");
  c->add_option("--state-dir", o.state_dir,
                "Keep the TAs' secure storage and persistent time in DIR (default: "
                "$SWEMU_STATE_DIR; without either, in memory only)")
      ->type_name("DIR");
  c->add_option("--random-seed", o.random_seed,
                "Reproducible runs: derive every random number from this seed (testing only)");
  c->add_option("--log-level", o.log_level, "trace, debug, info, warn, error or off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  c->add_option("--secure-threads", o.secure_threads,
                fmt::format("Secure threads: calls beyond this many at once wait for one "
                            "(ETHREAD_LIMIT; default {}, at most 64)",
                            core::SecureWorldConfig::kDefaultSecureThreads))
      ->check(CLI::Range(1, 64))
      ->type_name("N");
  c->footer("Serves until SIGTERM or SIGINT: then stops accepting, cancels and finishes the "
            "calls in flight, closes every client's sessions, removes the socket and exits 0. "
            "Refuses to start when a daemon already listens at the path. See "
            "docs/normal-world.md.");
}

int run_serve(const ServeOptions& o) {
  // The daemon logs in the bridge category, registered on first use: register it before
  // the level is set, so that the level applies to it too.
  bridge::logger();
  log::set_level(o.log_level);
  bridge::DaemonOptions options;
  options.socket_path = o.socket;
  options.config = bridge::in_process_options_from_environment().config;
  if (!o.manifest_dirs.empty())
    options.config.manifest_dirs.assign(o.manifest_dirs.begin(), o.manifest_dirs.end());
  if (!o.ta_dirs.empty())
    options.config.ta_dirs.assign(o.ta_dirs.begin(), o.ta_dirs.end());
  if (o.secure_threads != 0)
    options.config.secure_threads = o.secure_threads;
  for (const auto& path : o.ta_keys) {
    std::ifstream kf(path);
    if (!kf)
      return usage_error(fmt::format("serve: cannot read key '{}'", path));
    options.config.ta_public_keys.emplace_back(std::istreambuf_iterator<char>(kf),
                                               std::istreambuf_iterator<char>());
  }
  options.config.allow_unsigned_tas = o.allow_unsigned;
  if (!o.random_seed.empty())
    options.config.random_seed = o.random_seed;
  if (!o.state_dir.empty())
    options.config.state_dir = o.state_dir;
  else if (const char* env = std::getenv("SWEMU_STATE_DIR"); env != nullptr && *env != '\0')
    options.config.state_dir = env;

  // SIGTERM and SIGINT arrive through a signalfd that the accept loop watches; blocked
  // before any thread starts, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  if (sigprocmask(SIG_BLOCK, &stop_signals, nullptr) != 0) {
    std::fprintf(stderr, "swemu: serve: cannot block signals: %s\n", std::strerror(errno));
    return 1;
  }
  signal(SIGPIPE, SIG_IGN);
  const int stop_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
  if (stop_fd < 0) {
    std::fprintf(stderr, "swemu: serve: signalfd: %s\n", std::strerror(errno));
    return 1;
  }

  auto daemon = bridge::Daemon::create(options);
  if (!daemon) {
    std::fprintf(stderr, "swemu: serve: %s\n", daemon.error().message.c_str());
    close(stop_fd);
    return 1;
  }
  auto served = (*daemon)->serve(stop_fd);
  daemon->reset();
  close(stop_fd);
  if (!served) {
    std::fprintf(stderr, "swemu: serve: %s\n", served.error().message.c_str());
    return 1;
  }
  return 0;
}

} // namespace swemu::tools
