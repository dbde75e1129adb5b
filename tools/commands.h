// Subcommands of the swemu command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "debug_options.h"

namespace swemu::tools {

struct CommonOptions {
  std::vector<std::string> manifest_dirs;
  std::vector<std::string> ta_dirs;
  std::string log_level = "warn";
  std::vector<std::string> ta_keys; // PEM files of keys trusted for signed TAs
  bool allow_unsigned = false;
  std::string random_seed; // non-empty: reproducible random numbers
  std::string state_dir;   // non-empty: persistent secure storage and TA time kept here
};

struct InvokeOptions {
  CLI::App* cmd = nullptr;
  std::string uuid;
  uint32_t command = 0;
  std::string login = "public";
  // Filled by CLI11; the order of the options on the command line gives the param slots.
  std::vector<std::string> values, values_in, ins, inouts, outs;
  int value_out = 0; // how many --value-out were given
  CLI::Option *opt_value = nullptr, *opt_value_in = nullptr, *opt_value_out = nullptr,
              *opt_in = nullptr, *opt_inout = nullptr, *opt_out = nullptr;
  std::string coverage;             // --coverage FILE: write the TAs' code coverage there
  std::string coverage_format;      // drcov or lcov; empty: by the file's extension
  std::string coverage_elf;         // the invoked TA's unstripped ELF, for lcov
  std::optional<unsigned> gdb_port; // --gdb PORT
  std::string gdb_ta;               // --gdb-ta UUID
  std::string trace;                // --trace FILE (JSON lines)
  std::string trace_timeline;       // --trace-timeline FILE (Chrome trace events)
  bool random_load_address = false; // --random-load-address
};

struct TaInfoOptions {
  CLI::App* ta = nullptr;
  CLI::App* info = nullptr;
  std::string file;
  std::vector<std::string> keys; // trusted public keys for a signed file
  CLI::App* sign = nullptr;
  std::string sign_key;
  std::string sign_out;
  std::string sign_algo = "pss";
  uint32_t sign_version = 0;
  std::string sign_in;
};

struct StorageOptions {
  CLI::App* storage = nullptr;
  CLI::App* ls = nullptr;
  CLI::App* export_cmd = nullptr;
  CLI::App* wipe = nullptr;
  std::string state_dir; // empty: default_state_dir()
  std::string uuid;      // empty: every TA (ls, wipe)
  std::string object_id;
  std::string space = "ree";
  std::string out; // empty: stdout
  bool hex_id = false;
  bool yes = false;
};

struct FuzzOptions {
  CLI::App* cmd = nullptr;
  std::string ta;       // a TA file or UUID
  std::string manifest; // a manifest file naming the TA
  std::vector<uint32_t> commands;
  std::string corpus, artifacts, dict;
  bool no_coverage = false;
  bool panic_is_crash = false;
  bool stop_on_crash = false;
  uint32_t max_crashes = 0; // stop (exit 0) after this many distinct crashes; 0: never
  uint32_t timeout_ms = 500;
  std::vector<std::string> replay;
  std::vector<std::string> manifest_dirs, ta_dirs;
  std::string log_level = "error";
  std::vector<std::string> libfuzzer_flags; // after --
};

struct RunOptions {
  CLI::App* cmd = nullptr;
  std::vector<std::string> manifest_dirs, ta_dirs;
  std::string state_dir;
  std::string random_seed;
  std::string connect;              // non-empty: the socket of a `swemu serve` daemon
  DebugOptions debug;               // --gdb, --trace, --coverage...
  std::vector<std::string> program; // after --
};

struct ServeOptions {
  CLI::App* cmd = nullptr;
  std::string socket; // empty: bridge::default_daemon_socket_path()
  std::vector<std::string> manifest_dirs, ta_dirs, ta_keys;
  bool allow_unsigned = false;
  std::string state_dir;
  std::string random_seed;
  std::string log_level = "info";
  uint32_t secure_threads = 0; // 0: the default
  DebugOptions debug;          // --gdb, --trace, --coverage...
};

void add_invoke_command(CLI::App& app, CommonOptions& common, InvokeOptions& o);
void add_ta_command(CLI::App& app, TaInfoOptions& o);
void add_storage_command(CLI::App& app, StorageOptions& o);
void add_fuzz_command(CLI::App& app, FuzzOptions& o);
void add_run_command(CLI::App& app, RunOptions& o);
void add_serve_command(CLI::App& app, ServeOptions& o);
int run_selected(CLI::App& app, const CommonOptions& common, const InvokeOptions& invoke,
                 const TaInfoOptions& ta_info, const StorageOptions& storage,
                 const FuzzOptions& fuzz, const RunOptions& run, const ServeOptions& serve);

int run_invoke(const CommonOptions& common, const InvokeOptions& o);
int run_ta_info(const TaInfoOptions& o);
int run_ta_sign(const TaInfoOptions& o);
int run_storage_ls(const StorageOptions& o);
int run_storage_export(const StorageOptions& o);
int run_storage_wipe(const StorageOptions& o);
int run_fuzz(const FuzzOptions& o);
// Execs the program; returns only when that fails (126/127) or the arguments are wrong.
int run_run(const RunOptions& o);
// Serves until SIGTERM or SIGINT; 0 after a clean stop, 1 when the daemon cannot start.
int run_serve(const ServeOptions& o);
// A child of `swemu fuzz -- -fork=N` or `-jobs=N`: libFuzzer starts this program again with
// its own flags only, and the options are in the environment. nullopt: not such a child.
std::optional<int> run_fuzz_child(int argc, char** argv);

// The state directory the storage commands use without --state-dir: $SWEMU_STATE_DIR, else
// $XDG_STATE_HOME/swemu, else ~/.local/state/swemu; nullopt when none of them is set.
std::optional<std::string> default_state_dir();

// Prints "swemu: <message>" on one line and returns exit code 2.
int usage_error(const std::string& message);

} // namespace swemu::tools
