// Points the GP Client API at a fresh in-process secure world: every
// TEEC_InitializeContext after a call gets one with this configuration.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "swemu/bridge/default_transport.h"

namespace swemu::test {

// The configuration starts with the build's TA directory; `configure` finishes it.
inline void use_secure_world(std::function<void(core::SecureWorldConfig&)> configure) {
  bridge::set_default_transport_factory(
      [configure = std::move(configure)]() -> Result<std::unique_ptr<bridge::SmcTransport>> {
        bridge::InProcessOptions o;
        o.config.ta_dirs = {SWEMU_TEST_TA_DIR};
        configure(o.config);
        auto t = bridge::InProcessTransport::create(o);
        if (!t)
          return t.take_error();
        return std::unique_ptr<bridge::SmcTransport>(std::move(t.value()));
      });
}

inline void use_secure_world(std::vector<std::filesystem::path> manifests,
                             std::filesystem::path state_dir = {}) {
  use_secure_world([manifests = std::move(manifests),
                    state_dir = std::move(state_dir)](core::SecureWorldConfig& c) {
    c.manifest_dirs = manifests;
    c.state_dir = state_dir;
  });
}

} // namespace swemu::test
