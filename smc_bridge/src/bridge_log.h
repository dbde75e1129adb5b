// The "bridge" log category. smc_bridge may not include tee_core's logging header (it meets
// the secure world only at the SMC interface), so it registers the category with spdlog
// itself, the same way: one named logger that the global level applies to.
#pragma once

#include <memory>

#include <spdlog/logger.h>

namespace swemu::bridge {

std::shared_ptr<spdlog::logger> logger();

} // namespace swemu::bridge
