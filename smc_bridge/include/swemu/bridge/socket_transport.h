// SocketTransport: the SMC transport of a client of `swemu serve` (daemon_protocol.h).
// The client process owns its non-secure shared memory (a sealed memfd the daemon maps
// too); SMCs travel as eight registers through the doorbell page of a call connection.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sys/types.h>

#include "swemu/bridge/transport.h"
#include "swemu/core/result.h"

namespace swemu::bridge {

class SocketTransport final : public SmcTransport {
public:
  // Connects to the daemon listening at socket_path, hands it a new shm_size region
  // (rounded up to whole pages, at most kDaemonMaxClientShm) and learns its PA.
  static Result<std::unique_ptr<SocketTransport>> connect(const std::string& socket_path,
                                                          uint64_t shm_size = kDefaultShmSize);
  ~SocketTransport() override;

  // One SMC over an idle call connection of this process (a new one when every
  // connection is busy), so that calls from several threads run at once in the daemon.
  // When the daemon cannot be reached the answer is OPTEE_SMC_RETURN_UNKNOWN_FUNCTION
  // in a0, and the reason is logged.
  core::SmcRegs call(const core::SmcRegs& in) override;
  [[nodiscard]] core::NsShm shared_memory() const override;
  [[nodiscard]] int shared_memory_fd() const override { return region_.fd(); }

  // The daemon's one supplicant (daemon_protocol.h): this process's, or another's.
  Result<std::unique_ptr<SupplicantService>>
  serve_supplicant(std::shared_ptr<SupplicantQueue> queue) override;
  std::optional<uint32_t> supplicant_request(uint32_t func,
                                             std::vector<SupplicantParam>& params) override;
  // The daemon's notification table.
  std::optional<uint32_t> notification(uint64_t what, uint64_t key, uint64_t timeout_ms) override;

private:
  struct CallConnection; // a call connection's socket and doorbell page

  SocketTransport(std::string path, SharedMemoryRegion region);
  // A connection of this client of the given kind, welcomed (fd_to_pass rides along).
  Result<int> open_connection(uint16_t kind, int fd_to_pass = -1);
  Result<std::unique_ptr<CallConnection>> open_call_connection();

  std::string path_;
  SharedMemoryRegion region_;
  uint64_t pa_ = 0;
  uint64_t client_id_ = 0;
  uint8_t token_[16] = {};
  uint64_t fork_generation_ = 0; // of the process that connected; a forked child may not call
  int control_fd_ = -1;          // open for the life of the transport: the daemon's sign of life
  std::mutex idle_mutex_;
  std::vector<std::unique_ptr<CallConnection>> idle_; // call connections not in use
  // A connection whose last answer was an RPC, kept for the thread that must answer it.
  std::map<std::thread::id, std::unique_ptr<CallConnection>> rpc_pinned_;
  std::vector<int>
      idle_supplicant_requests_; // kWireSupplicantRequest connections, under idle_mutex_
};

} // namespace swemu::bridge
