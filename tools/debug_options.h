// --gdb, --gdb-ta, --trace, --trace-timeline, --coverage, --random-load-address... for swemu
// run and swemu serve.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "swemu/core/debug_tools.h"

namespace swemu::tools {

struct DebugOptions {
  std::optional<unsigned> gdb_port;       // --gdb PORT
  std::string gdb_ta;                     // --gdb-ta UUID
  bool gdb_wait = false;                  // --gdb-wait (serve)
  std::string trace;                      // --trace FILE
  std::string trace_timeline;             // --trace-timeline FILE
  std::string coverage;                   // --coverage FILE
  std::string coverage_format;            // --coverage-format drcov|lcov
  std::vector<std::string> coverage_elfs; // --coverage-elf UUID=PATH
  bool random_load_address = false;       // --random-load-address
  std::vector<CLI::Option*> options;      // all of the above, e.g. for excludes()
};

// --random-load-address (also for swemu invoke); takes no value.
CLI::Option* add_random_load_address_flag(CLI::App* cmd, bool& flag);
// `serve`: the daemon's wording, and --gdb-wait.
void add_debug_options(CLI::App* cmd, DebugOptions& o, bool serve);
// Checks the options; paths become absolute (a client may change its directory). Prints
// the usage error and returns nullopt when they are wrong.
std::optional<core::DebugSettings> debug_settings(const DebugOptions& o, const char* command,
                                                  bool serve);

} // namespace swemu::tools
