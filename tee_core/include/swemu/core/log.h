// One logger for the whole secure world, with categories ("monitor", "session",
// "ta:<name>", ...). Library code logs only through this.
#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace swemu::log {

// A logger for one category; created on first use and shared afterwards.
std::shared_ptr<spdlog::logger> get(const std::string& category);

// Global verbosity: "trace", "debug", "info", "warn", "error", "off".
void set_level(const std::string& level);

} // namespace swemu::log
