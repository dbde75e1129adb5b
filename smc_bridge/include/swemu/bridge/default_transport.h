// Which secure world TEEC_InitializeContext talks to. Tests and tools install a factory;
// otherwise, when SWEMU_CONNECT names a socket, a SocketTransport to the `swemu serve`
// daemon there (which has its own TAs and options, so the variables below do not apply),
// else an InProcessTransport built from the environment:
//   SWEMU_MANIFEST_DIR  colon-separated manifest directories (default: the source tree's
//                       manifests/)
//   SWEMU_TA_DIR        colon-separated TA directories (default: the build tree's ta/)
//   SWEMU_RANDOM_SEED   if set and not empty, random numbers come from this fixed seed
//                       (reproducible runs; never for real keys)
//   SWEMU_SECURE_THREADS  the number of secure threads (1-64; default 8)
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

#include "swemu/bridge/transport.h"
#include "swemu/core/result.h"

namespace swemu::bridge {

using TransportFactory = std::function<Result<std::unique_ptr<SmcTransport>>()>;

// Replaces the process-wide factory; an empty function restores the environment default.
// Takes effect the next time a secure world is created, i.e. when no context is open.
void set_default_transport_factory(TransportFactory factory);

// Builds a transport with the installed factory, or from the environment.
Result<std::unique_ptr<SmcTransport>> make_default_transport();

// The in-process options the environment (or the compile-time defaults) describe.
InProcessOptions in_process_options_from_environment();

// Where the driver's built-in supplicant finds TAs for OPTEE_RPC_CMD_LOAD_TA: the
// SWEMU_TA_DIR directories (default: the build tree's ta/), then tee-supplicant's default
// /lib/optee_armtz.
std::vector<std::filesystem::path> supplicant_ta_dirs_from_environment();

} // namespace swemu::bridge
