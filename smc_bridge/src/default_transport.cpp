#include "swemu/bridge/default_transport.h"

#include "swemu/bridge/socket_transport.h"

#include <cstdlib>
#include <mutex>
#include <string_view>
#include <vector>

#ifndef SWEMU_DEFAULT_MANIFEST_DIR
#define SWEMU_DEFAULT_MANIFEST_DIR ""
#endif
#ifndef SWEMU_DEFAULT_TA_DIR
#define SWEMU_DEFAULT_TA_DIR ""
#endif

namespace swemu::bridge {
namespace {

std::mutex g_factory_mutex;
TransportFactory& factory_slot() {
  static auto* slot = new TransportFactory; // outlives static destruction
  return *slot;
}

// The variable's colon-separated directories, or the fallback when it is unset or empty.
std::vector<std::filesystem::path> dir_list(const char* variable, std::string_view fallback) {
  const char* env = std::getenv(variable);
  std::string_view text = env != nullptr && *env != '\0' ? std::string_view(env) : fallback;
  std::vector<std::filesystem::path> dirs;
  while (!text.empty()) {
    const size_t colon = text.find(':');
    const std::string_view item = text.substr(0, colon);
    if (!item.empty())
      dirs.emplace_back(item);
    if (colon == std::string_view::npos)
      break;
    text.remove_prefix(colon + 1);
  }
  return dirs;
}

} // namespace

void set_default_transport_factory(TransportFactory factory) {
  std::lock_guard lock(g_factory_mutex);
  factory_slot() = std::move(factory);
}

InProcessOptions in_process_options_from_environment() {
  InProcessOptions options;
  options.config.manifest_dirs = dir_list("SWEMU_MANIFEST_DIR", SWEMU_DEFAULT_MANIFEST_DIR);
  options.config.ta_dirs = dir_list("SWEMU_TA_DIR", SWEMU_DEFAULT_TA_DIR);
  if (const char* seed = std::getenv("SWEMU_RANDOM_SEED"); seed != nullptr)
    options.config.random_seed = seed;
  // Out of range (or not a number): left to SecureWorld::create, which names the problem.
  if (const char* n = std::getenv("SWEMU_SECURE_THREADS"); n != nullptr && *n != '\0')
    options.config.secure_threads = static_cast<uint32_t>(std::strtoul(n, nullptr, 10));
  return options;
}

std::vector<std::filesystem::path> supplicant_ta_dirs_from_environment() {
  auto dirs = dir_list("SWEMU_TA_DIR", SWEMU_DEFAULT_TA_DIR);
  dirs.emplace_back("/lib/optee_armtz");
  return dirs;
}

Result<std::unique_ptr<SmcTransport>> make_default_transport() {
  TransportFactory factory;
  {
    std::lock_guard lock(g_factory_mutex);
    factory = factory_slot();
  }
  if (factory)
    return factory();
  if (const char* socket = std::getenv("SWEMU_CONNECT"); socket != nullptr && *socket != '\0') {
    auto remote = SWEMU_TRY(SocketTransport::connect(socket));
    return std::unique_ptr<SmcTransport>(std::move(remote));
  }
  auto transport = SWEMU_TRY(InProcessTransport::create(in_process_options_from_environment()));
  return std::unique_ptr<SmcTransport>(std::move(transport));
}

} // namespace swemu::bridge
