// swemu run [--manifests DIR]... [--ta-dir DIR]... [--state-dir DIR] [--random-seed S]
//           [--gdb PORT [--gdb-ta UUID]] [--trace FILE] [--trace-timeline FILE]
//           [--coverage FILE ...] -- PROGRAM [ARGS...]
// swemu run --connect SOCKET -- PROGRAM [ARGS...]
// Runs an unmodified client with /dev/tee0 provided by libswemu_preload.so: LD_PRELOAD and
// the SWEMU_* variables are set, then PROGRAM replaces this process, so its exit status is
// the command's.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "commands.h"

namespace swemu::tools {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPreloadName = "libswemu_preload.so";

// $SWEMU_PRELOAD, else next to this executable in the build tree (tools/swemu and
// smc_bridge/preload/) or in an installed tree (bin/swemu and lib/swemu/), else in the
// executable's own directory.
std::optional<fs::path> find_preload(std::string* error) {
  if (const char* env = std::getenv("SWEMU_PRELOAD"); env != nullptr && *env != '\0') {
    std::error_code ec;
    if (!fs::is_regular_file(env, ec)) {
      *error = fmt::format("SWEMU_PRELOAD names '{}', which is not a file", env);
      return std::nullopt;
    }
    return fs::absolute(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    *error = fmt::format("cannot find this program's directory: {}", ec.message());
    return std::nullopt;
  }
  const fs::path dir = exe.parent_path();
  for (const fs::path& candidate :
       {dir / ".." / "smc_bridge" / "preload" / kPreloadName,
        dir / ".." / "lib" / "swemu" / kPreloadName, dir / kPreloadName}) {
    if (fs::is_regular_file(candidate, ec))
      return fs::weakly_canonical(candidate, ec);
  }
  *error = fmt::format("cannot find {} near {} (set SWEMU_PRELOAD to its path)", kPreloadName,
                       exe.string());
  return std::nullopt;
}

// Colon-separated absolute directories (the program may change its working directory
// before it opens the device); nullopt when a name holds a colon and cannot be listed.
std::optional<std::string> dir_list(const std::vector<std::string>& dirs, std::string* bad) {
  std::string out;
  for (const auto& d : dirs) {
    if (d.find(':') != std::string::npos) {
      *bad = d;
      return std::nullopt;
    }
    if (!out.empty())
      out += ':';
    out += fs::absolute(d).lexically_normal().string();
  }
  return out;
}

} // namespace

void add_run_command(CLI::App& app, RunOptions& o) {
  o.cmd = app.add_subcommand("run", "Run an unmodified client program with /dev/tee0 provided "
                                    "by an in-process secure world (LD_PRELOAD).");
  auto* c = o.cmd;
  c->add_option("--manifests,--manifest-dir", o.manifest_dirs, "Manifest directory (repeatable)")
      ->type_name("DIR");
  c->add_option("--ta-dir", o.ta_dirs, "TA directory (repeatable)")->type_name("DIR");
  c->add_option("--state-dir", o.state_dir,
                "Keep the TAs' secure storage and persistent time in DIR")
      ->type_name("DIR");
  c->add_option("--random-seed", o.random_seed,
                "Reproducible runs: derive every random number from this seed (testing only)");
  auto* connect =
      c->add_option("--connect", o.connect,
                    "Use the secure world of the `swemu serve` daemon listening at SOCKET "
                    "instead of one in the program's process")
          ->type_name("SOCKET");
  add_debug_options(c, o.debug, false);
  for (const char* in_process : {"--manifests", "--ta-dir", "--state-dir", "--random-seed"})
    connect->excludes(c->get_option(in_process));
  for (CLI::Option* debug : o.debug.options) // the daemon's own options (swemu serve --gdb ...)
    connect->excludes(debug);
  c->footer("Usage: swemu run [OPTIONS] -- PROGRAM [ARGS...]. The program runs with "
            "LD_PRELOAD=libswemu_preload.so (found next to swemu, or $SWEMU_PRELOAD) and the "
            "options as SWEMU_* variables; its exit status is passed through (127 if it "
            "cannot be found, 126 if it cannot be executed). With --gdb, --trace or --coverage "
            "the secure world in the program debugs, traces or measures its TAs; the files are "
            "written when the program exits. See docs/normal-world.md and docs/debugging.md.");
}

int run_run(const RunOptions& o) {
  if (o.program.empty())
    return usage_error("run: no program given (swemu run [OPTIONS] -- PROGRAM [ARGS...])");
  std::string error;
  const auto preload = find_preload(&error);
  if (!preload) {
    std::fprintf(stderr, "swemu: run: %s\n", error.c_str());
    return 1;
  }
  // ld.so splits LD_PRELOAD at spaces and colons.
  if (preload->string().find_first_of(": ") != std::string::npos) {
    std::fprintf(stderr, "swemu: run: the path of %s contains ':' or ' ': %s\n", kPreloadName,
                 preload->c_str());
    return 1;
  }

  const auto debug = debug_settings(o.debug, "run", false);
  if (!debug)
    return 2;

  std::string bad;
  const auto manifests = dir_list(o.manifest_dirs, &bad);
  const auto tas = dir_list(o.ta_dirs, &bad);
  if (!manifests || !tas)
    return usage_error(fmt::format("run: directory '{}' contains ':'", bad));

  std::string ld_preload = preload->string();
  if (const char* existing = std::getenv("LD_PRELOAD"); existing != nullptr && *existing != '\0')
    ld_preload += fmt::format(":{}", existing);
  setenv("LD_PRELOAD", ld_preload.c_str(), 1);
#if defined(__SANITIZE_ADDRESS__)
  // An ASan build of swemu comes with an ASan build of the library, whose runtime is then
  // loaded after the program's own libraries; the program (often not instrumented) must
  // not refuse that.
  std::string asan = "verify_asan_link_order=0";
  if (const char* existing = std::getenv("ASAN_OPTIONS"); existing != nullptr && *existing != '\0')
    asan = fmt::format("{}:{}", existing, asan);
  setenv("ASAN_OPTIONS", asan.c_str(), 1);
#endif
  if (!o.manifest_dirs.empty())
    setenv("SWEMU_MANIFEST_DIR", manifests->c_str(), 1);
  if (!o.ta_dirs.empty())
    setenv("SWEMU_TA_DIR", tas->c_str(), 1);
  if (!o.state_dir.empty())
    setenv("SWEMU_STATE_DIR", fs::absolute(o.state_dir).lexically_normal().c_str(), 1);
  if (!o.random_seed.empty())
    setenv("SWEMU_RANDOM_SEED", o.random_seed.c_str(), 1);
  if (!o.connect.empty())
    setenv("SWEMU_CONNECT", fs::absolute(o.connect).lexically_normal().c_str(), 1);
  // The preload library makes the debugging tools with the secure world (preload.cpp).
  for (const auto& [name, value] : core::debug_settings_environment(*debug))
    setenv(name.c_str(), value.c_str(), 1);

  std::vector<char*> argv;
  for (const auto& a : o.program)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::fflush(nullptr);
  execvp(argv[0], argv.data());
  const int err = errno;
  std::fprintf(stderr, "swemu: run: cannot execute '%s': %s\n", argv[0], std::strerror(err));
  return err == ENOENT ? 127 : 126;
}

} // namespace swemu::tools
