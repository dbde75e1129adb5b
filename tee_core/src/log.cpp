#include "swemu/core/log.h"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace swemu::log {
namespace {

std::mutex g_mutex;
spdlog::level::level_enum g_level = spdlog::level::warn;

spdlog::sink_ptr shared_sink() {
  // Logs go to stderr so that command output on stdout stays machine-readable.
  static auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  return sink;
}

} // namespace

std::shared_ptr<spdlog::logger> get(const std::string& category) {
  std::lock_guard lock(g_mutex);
  if (auto existing = spdlog::get(category))
    return existing;
  auto logger = std::make_shared<spdlog::logger>(category, shared_sink());
  logger->set_level(g_level);
  logger->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] %v");
  spdlog::register_logger(logger);
  return logger;
}

void set_level(const std::string& level) {
  std::lock_guard lock(g_mutex);
  g_level = spdlog::level::from_str(level);
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->set_level(g_level); });
}

} // namespace swemu::log
