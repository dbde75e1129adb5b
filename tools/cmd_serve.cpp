// swemu serve [--socket PATH] [--manifests DIR]... [--ta-dir DIR]... [--ta-key PEM]...
//             [--allow-unsigned] [--state-dir DIR] [--random-seed S] [--log-level L]
//             [--gdb PORT [--gdb-ta UUID] [--gdb-wait]] [--trace FILE] [--trace-timeline FILE]
//             [--coverage FILE [--coverage-format F] [--coverage-elf UUID=PATH]...]
// The secure world as a long-running process: client programs reach it with
// `swemu run --connect PATH` (docs/normal-world.md, "The daemon"). Runs until SIGTERM or
// SIGINT, then removes the socket and exits 0.
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include <fmt/format.h>

#include "bridge_log.h"
#include "commands.h"
#include "swemu/bridge/daemon.h"
#include "swemu/bridge/daemon_protocol.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/core/debug_tools.h"
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
  add_debug_options(c, o.debug, true);
  c->footer("Serves until SIGTERM or SIGINT: then lets TAs stopped in gdb run on, stops "
            "accepting, cancels and finishes the calls in flight, closes every client's "
            "sessions, writes the --trace-timeline and --coverage files, removes the socket and "
            "exits 0. "
            "Refuses to start when a daemon already listens at the path. See "
            "docs/normal-world.md.");
}

int run_serve(const ServeOptions& o) {
  // The daemon logs in the bridge category, registered on first use: register it before
  // the level is set, so that the level applies to it too.
  bridge::logger();
  log::set_level(o.log_level);
  const auto settings = debug_settings(o.debug, "serve", true);
  if (!settings)
    return 2;
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

  std::unique_ptr<core::DebugTools> tools;
  if (settings->any()) {
    auto made = core::DebugTools::create(*settings);
    if (!made) {
      std::fprintf(stderr, "swemu: serve: %s\n", made.error().message.c_str());
      close(stop_fd);
      return 1;
    }
    tools = std::move(made).value();
    tools->configure(options.config);
  }

  auto daemon = bridge::Daemon::create(options);
  if (!daemon) {
    std::fprintf(stderr, "swemu: serve: %s\n", daemon.error().message.c_str());
    close(stop_fd);
    return 1;
  }
  if (tools) {
    if (const std::string banner = tools->gdb_banner(); !banner.empty()) {
      std::fprintf(stderr, "swemu: %s\n", banner.c_str());
      std::fflush(stderr);
    }
  }
  // The daemon stops when `daemon_stop` fires: after a signal, once gdb has let go of the
  // TAs it holds (the daemon waits for the calls in flight, which include them).
  const int daemon_stop = eventfd(0, EFD_CLOEXEC);
  const int quit = eventfd(0, EFD_CLOEXEC);
  if (daemon_stop < 0 || quit < 0) {
    std::fprintf(stderr, "swemu: serve: eventfd: %s\n", std::strerror(errno));
    return 1;
  }
  std::thread watcher([&] {
    pollfd fds[2] = {{stop_fd, POLLIN, 0}, {quit, POLLIN, 0}};
    while (poll(fds, 2, -1) < 0 && errno == EINTR) {
    }
    if (tools)
      tools->release_gdb();
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(daemon_stop, &one, sizeof one);
  });
  auto served = (*daemon)->serve(daemon_stop);
  const uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(quit, &one, sizeof one);
  watcher.join();
  daemon->reset();
  close(stop_fd);
  close(daemon_stop);
  close(quit);
  int rc = 0;
  if (!served) {
    std::fprintf(stderr, "swemu: serve: %s\n", served.error().message.c_str());
    rc = 1;
  }
  if (tools) {
    auto finished = tools->finish(rc);
    if (!finished) {
      std::fprintf(stderr, "swemu: serve: %s\n", finished.error().message.c_str());
      rc = 1;
    } else if (!finished->empty()) {
      std::fprintf(stderr, "swemu: %s\n", finished->c_str());
    }
  }
  return rc;
}

} // namespace swemu::tools
