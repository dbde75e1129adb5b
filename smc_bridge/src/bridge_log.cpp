#include "bridge_log.h"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace swemu::bridge {

std::shared_ptr<spdlog::logger> logger() {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (auto existing = spdlog::get("bridge"))
    return existing;
  // Logs go to stderr so that a client's stdout stays its own.
  auto created = std::make_shared<spdlog::logger>(
      "bridge", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  created->set_level(spdlog::level::warn);
  created->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] %v");
  try {
    spdlog::register_logger(created);
  } catch (const spdlog::spdlog_ex&) {
    // Someone registered the category between our lookup and now: use theirs.
    if (auto existing = spdlog::get("bridge"))
      return existing;
  }
  return created;
}

} // namespace swemu::bridge
