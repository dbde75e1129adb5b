#include "debug_options.h"

#include <filesystem>

#include <fmt/format.h>

#include "commands.h"

namespace swemu::tools {

void add_debug_options(CLI::App* c, DebugOptions& o, bool serve) {
  const char* gdb_help =
      serve ? "Debug TAs with gdb: listen on 127.0.0.1:PORT (0: any free port); every TA "
              "instance is a thread; gdb may attach at any time, TAs run until it does"
            : "Debug TAs with gdb: listen on 127.0.0.1:PORT (0: any free port) and stop the "
              "first TA instance at its first instruction until gdb (target remote :PORT) "
              "continues; every instance is a thread";
  o.options.push_back(
      c->add_option("--gdb", o.gdb_port, gdb_help)->type_name("PORT")->check(CLI::Range(0, 65535)));
  o.options.push_back(
      c->add_option("--gdb-ta", o.gdb_ta,
                    "With --gdb: debug only the instances of this TA (default: every TA)")
          ->type_name("UUID"));
  if (serve)
    o.options.push_back(c->add_flag("--gdb-wait", o.gdb_wait,
                                    "With --gdb: the first TA instance waits at its first "
                                    "instruction until gdb connects"));
  const std::string when = serve ? "when the daemon stops" : "when the program exits";
  o.options.push_back(
      c->add_option("--trace", o.trace,
                    "Write a JSON-lines trace of SMCs, optee_msg commands, sessions, TA entries "
                    "and syscalls to FILE (docs/debugging.md)")
          ->type_name("FILE"));
  o.options.push_back(c->add_option("--trace-timeline", o.trace_timeline,
                                    "Write the same trace in Chrome trace-event format to FILE "
                                    "(Perfetto, chrome://tracing), " +
                                        when)
                          ->type_name("FILE"));
  o.options.push_back(c->add_option("--coverage", o.coverage,
                                    "Write the TA code that ran to FILE " + when +
                                        ": an lcov tracefile for *.info and *.lcov, else a "
                                        "drcov log")
                          ->type_name("FILE"));
  o.options.push_back(
      c->add_option("--coverage-format", o.coverage_format,
                    "Format of --coverage: drcov (Lighthouse, bncov) or lcov (genhtml)")
          ->check(CLI::IsMember({"drcov", "lcov"})));
  o.options.push_back(
      c->add_option("--coverage-elf", o.coverage_elfs,
                    "lcov: read this TA's line table from an unstripped ELF (repeatable; "
                    "default: the file it was loaded from, or <name>.elf next to <name>.ta)")
          ->type_name("UUID=PATH"));
  o.options.push_back(add_random_load_address_flag(c, o.random_load_address));
}

CLI::Option* add_random_load_address_flag(CLI::App* c, bool& flag) {
  return c
      ->add_flag("--random-load-address", flag,
                 "Load each TA instance at its own random address (from --random-seed when "
                 "given) instead of the fixed 0x400000; every address is logged and told to gdb")
      ->disable_flag_override();
}

std::optional<core::DebugSettings> debug_settings(const DebugOptions& o, const char* command,
                                                  bool serve) {
  namespace fs = std::filesystem;
  auto fail = [&](const std::string& what) {
    usage_error(fmt::format("{}: {}", command, what));
    return std::nullopt;
  };
  auto absolute = [](const std::string& p) {
    return p.empty() ? fs::path() : fs::absolute(p).lexically_normal();
  };
  core::DebugSettings s;
  if (!o.gdb_ta.empty() && !o.gdb_port)
    return fail("--gdb-ta needs --gdb PORT");
  if (o.gdb_wait && !o.gdb_port)
    return fail("--gdb-wait needs --gdb PORT");
  if (o.coverage.empty() && (!o.coverage_format.empty() || !o.coverage_elfs.empty()))
    return fail("--coverage-format and --coverage-elf need --coverage FILE");
  if (o.gdb_port)
    s.gdb_port = static_cast<uint16_t>(*o.gdb_port);
  if (!o.gdb_ta.empty()) {
    s.gdb_ta = Uuid::parse(o.gdb_ta);
    if (!s.gdb_ta)
      return fail(fmt::format("--gdb-ta '{}' is not a UUID", o.gdb_ta));
  }
  s.gdb_wait = !serve || o.gdb_wait;
  s.trace = absolute(o.trace);
  s.trace_timeline = absolute(o.trace_timeline);
  s.coverage = absolute(o.coverage);
  s.coverage_format = o.coverage_format;
  for (const auto& item : o.coverage_elfs) {
    const size_t eq = item.find('=');
    const auto uuid = Uuid::parse(item.substr(0, eq));
    if (eq == std::string::npos || !uuid)
      return fail(fmt::format("--coverage-elf '{}' is not UUID=PATH", item));
    const fs::path path = absolute(item.substr(eq + 1));
    if (path.string().find(':') != std::string::npos)
      return fail(fmt::format("--coverage-elf path '{}' contains ':'", path.string()));
    s.coverage_elfs.emplace_back(*uuid, path);
  }
  s.random_load_address = o.random_load_address;
  return s;
}

} // namespace swemu::tools
