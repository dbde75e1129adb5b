#include "swemu/core/debug_tools.h"

#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

#include "debug/coverage.h"
#include "debug/gdb_stub.h"
#include "debug/trace.h"
#include "swemu/core/log.h"
#include "swemu/core/tee_abi.h"
#include "ta_runtime.h"

namespace swemu::core {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

Error bad(const std::string& what) {
  return make_error(abi::TEE_ERROR_BAD_PARAMETERS, what);
}

} // namespace

std::vector<std::pair<std::string, std::string>>
debug_settings_environment(const DebugSettings& s) {
  std::vector<std::pair<std::string, std::string>> out;
  if (s.gdb_port) {
    out.emplace_back("SWEMU_GDB", std::to_string(*s.gdb_port));
    if (s.gdb_ta)
      out.emplace_back("SWEMU_GDB_TA", s.gdb_ta->str());
    out.emplace_back("SWEMU_GDB_WAIT", s.gdb_wait ? "1" : "0");
  }
  if (!s.trace.empty())
    out.emplace_back("SWEMU_TRACE", s.trace.string());
  if (!s.trace_timeline.empty())
    out.emplace_back("SWEMU_TRACE_TIMELINE", s.trace_timeline.string());
  if (!s.coverage.empty())
    out.emplace_back("SWEMU_COVERAGE", s.coverage.string());
  if (!s.coverage_format.empty())
    out.emplace_back("SWEMU_COVERAGE_FORMAT", s.coverage_format);
  std::string elfs;
  for (const auto& [uuid, path] : s.coverage_elfs)
    elfs += fmt::format("{}{}={}", elfs.empty() ? "" : ":", uuid.str(), path.string());
  if (!elfs.empty())
    out.emplace_back("SWEMU_COVERAGE_ELF", elfs);
  if (s.random_load_address)
    out.emplace_back("SWEMU_RANDOM_LOAD_ADDRESS", "1");
  return out;
}

Result<DebugSettings> debug_settings_from_environment() {
  DebugSettings s;
  if (const std::string port = env("SWEMU_GDB"); !port.empty()) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(port.c_str(), &end, 10);
    if (*end != '\0' || v > 65535)
      return bad(fmt::format("SWEMU_GDB='{}' is not a port number", port));
    s.gdb_port = static_cast<uint16_t>(v);
  }
  if (const std::string ta = env("SWEMU_GDB_TA"); !ta.empty()) {
    s.gdb_ta = Uuid::parse(ta);
    if (!s.gdb_ta)
      return bad(fmt::format("SWEMU_GDB_TA='{}' is not a UUID", ta));
  }
  s.gdb_wait = env("SWEMU_GDB_WAIT") != "0";
  s.trace = env("SWEMU_TRACE");
  s.trace_timeline = env("SWEMU_TRACE_TIMELINE");
  s.coverage = env("SWEMU_COVERAGE");
  s.coverage_format = env("SWEMU_COVERAGE_FORMAT");
  if (!s.coverage_format.empty() && s.coverage_format != "drcov" && s.coverage_format != "lcov")
    return bad(fmt::format("SWEMU_COVERAGE_FORMAT='{}' is not drcov or lcov", s.coverage_format));
  const std::string elfs = env("SWEMU_COVERAGE_ELF");
  std::string_view rest = elfs;
  while (!rest.empty()) {
    const size_t colon = rest.find(':');
    const std::string_view item = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    if (item.empty())
      continue;
    const size_t eq = item.find('=');
    const auto uuid = Uuid::parse(std::string(item.substr(0, eq)));
    if (eq == std::string_view::npos || !uuid)
      return bad(fmt::format("SWEMU_COVERAGE_ELF item '{}' is not UUID=PATH", item));
    s.coverage_elfs.emplace_back(*uuid, std::string(item.substr(eq + 1)));
  }
  if (const std::string random = env("SWEMU_RANDOM_LOAD_ADDRESS"); !random.empty()) {
    if (random != "0" && random != "1")
      return bad(fmt::format("SWEMU_RANDOM_LOAD_ADDRESS='{}' is not 0 or 1", random));
    s.random_load_address = random == "1";
  }
  return s;
}

Result<std::unique_ptr<DebugTools>> DebugTools::create(const DebugSettings& settings) {
  std::unique_ptr<DebugTools> tools(new DebugTools);
  tools->settings_ = settings;
  if (settings.random_load_address)
    show_info_lines("load");
  if (!settings.coverage.empty()) {
    tools->coverage_ = std::make_shared<Coverage>();
    for (const auto& [uuid, path] : settings.coverage_elfs)
      tools->coverage_->set_debug_elf(uuid, path);
  }
  if (!settings.trace.empty() || !settings.trace_timeline.empty())
    tools->tracer_ = SWEMU_TRY(Tracer::open(settings.trace, settings.trace_timeline));
  if (settings.gdb_port) {
    tools->gdb_ = SWEMU_TRY(GdbStub::listen(*settings.gdb_port, settings.gdb_wait));
    show_info_lines("gdb");
  }
  return tools;
}

DebugTools::~DebugTools() {
  if (gdb_)
    gdb_->abandon();
}

void DebugTools::configure(SecureWorldConfig& config) const {
  config.coverage = coverage_;
  config.debugger = gdb_;
  config.debug_ta = settings_.gdb_ta;
  config.tracer = tracer_;
  config.random_load_address = settings_.random_load_address;
}

void show_info_lines(const char* category) {
  const auto logger = log::get(category);
  if (logger->level() == spdlog::level::warn)
    logger->set_level(spdlog::level::info);
}

std::string gdb_load_address_text(bool random) {
  return random ? std::string("each instance loaded at a random address (printed, and told to "
                              "gdb for the current thread)")
                : fmt::format("loaded at {:#x}", kTaImageBase);
}

std::string DebugTools::gdb_banner() const {
  if (!gdb_)
    return {};
  return fmt::format("gdb: listening on 127.0.0.1:{} for {}, {}; in gdb-multiarch: "
                     "file <the TA's ELF>, then target remote :{}",
                     gdb_->port(),
                     settings_.gdb_ta ? "TA " + settings_.gdb_ta->str() : std::string("every TA"),
                     gdb_load_address_text(settings_.random_load_address), gdb_->port());
}

Result<std::string> DebugTools::finish(int status) {
  if (finished_)
    return std::string();
  finished_ = true;
  std::optional<Error> failed;
  std::string written;
  if (coverage_) {
    const std::string format = settings_.coverage_format.empty()
                                   ? coverage_format_for(settings_.coverage)
                                   : settings_.coverage_format;
    auto done = format == "lcov" ? coverage_->write_lcov(settings_.coverage)
                                 : coverage_->write_drcov(settings_.coverage);
    if (done)
      written = fmt::format("coverage ({}): {}", format, settings_.coverage.string());
    else
      failed = make_error(done.error().code, "coverage: " + done.error().message);
  }
  if (tracer_) {
    if (auto done = tracer_->finish(); !done && !failed)
      failed = done.error();
  }
  if (gdb_)
    gdb_->exited(status);
  if (failed)
    return *failed;
  return written;
}

void DebugTools::release_gdb() {
  if (gdb_)
    gdb_->abandon();
}

} // namespace swemu::core
