// Debugging and measuring a whole secure world, set up from plain values: a gdb stub, a
// trace and code coverage (tee_core/src/debug/). For the programs that build a secure world
// from command-line options or the environment: swemu invoke, swemu serve and the preload
// library of swemu run, which gets its settings as SWEMU_* environment variables. The
// tools go into a SecureWorldConfig; finish() writes the files when the run is over.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/smc.h"
#include "swemu/core/uuid.h"

namespace swemu::core {

struct DebugSettings {
  std::optional<uint16_t> gdb_port; // gdb on 127.0.0.1:PORT (0: any free port); unset: none
  std::optional<Uuid> gdb_ta;       // only this TA's instances are debugged; unset: every TA
  // The first debugged instance stops at its first instruction until gdb connects (swemu
  // invoke and run); false: TAs run until gdb attaches (swemu serve without --gdb-wait).
  bool gdb_wait = true;
  std::filesystem::path trace;          // JSON lines; empty: none
  std::filesystem::path trace_timeline; // Chrome trace events; empty: none
  std::filesystem::path coverage;       // drcov or lcov file; empty: none
  std::string coverage_format;          // "drcov" or "lcov"; empty: by the file's extension
  // Unstripped ELF files to read line tables from for lcov, by TA.
  std::vector<std::pair<Uuid, std::filesystem::path>> coverage_elfs;
  // Each TA instance at its own random load address (SecureWorldConfig::random_load_address).
  bool random_load_address = false;

  bool any() const {
    return gdb_port || !trace.empty() || !trace_timeline.empty() || !coverage.empty() ||
           random_load_address;
  }
};

// The settings as SWEMU_* environment variables (SWEMU_GDB, SWEMU_GDB_TA, SWEMU_GDB_WAIT,
// SWEMU_TRACE, SWEMU_TRACE_TIMELINE, SWEMU_COVERAGE, SWEMU_COVERAGE_FORMAT,
// SWEMU_COVERAGE_ELF as UUID=PATH items separated by ':', SWEMU_RANDOM_LOAD_ADDRESS=1), and
// back.
std::vector<std::pair<std::string, std::string>> debug_settings_environment(const DebugSettings& s);
Result<DebugSettings> debug_settings_from_environment();

// The info lines of log category `category` are shown even at the default level (warn):
// "load" (where each instance was loaded) with random load addresses, "gdb" (waiting for
// gdb, connected, detached) with --gdb. An explicit error or off level stays.
void show_info_lines(const char* category);
// Where the TAs are loaded, for the user: "loaded at 0x400000", or that every instance has
// a random address of its own.
std::string gdb_load_address_text(bool random);

class GdbStub;
class Tracer;
class Coverage;

class DebugTools {
public:
  // Starts listening for gdb and opens the trace files; fails with a message naming what
  // could not be done.
  static Result<std::unique_ptr<DebugTools>> create(const DebugSettings& settings);
  ~DebugTools();
  DebugTools(const DebugTools&) = delete;
  DebugTools& operator=(const DebugTools&) = delete;

  // Sets the configuration's debugger, debug_ta, tracer, coverage and random_load_address.
  void configure(SecureWorldConfig& config) const;
  // Where gdb can connect and what it debugs, for the user (empty without gdb).
  std::string gdb_banner() const;
  // The run is over with exit status `status`: gdb is told, the coverage file is written
  // and the trace finished. Returns what was written ("coverage (lcov): FILE"), or the
  // first failure (everything else is still done). Idempotent.
  Result<std::string> finish(int status);
  // Lets instances stopped or waiting for gdb run on; no gdb can connect any more.
  void release_gdb();

private:
  DebugTools() = default;
  DebugSettings settings_;
  std::shared_ptr<GdbStub> gdb_;
  std::shared_ptr<Tracer> tracer_;
  std::shared_ptr<Coverage> coverage_;
  bool finished_ = false;
};

} // namespace swemu::core
