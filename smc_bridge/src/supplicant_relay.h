// The client-process ends of supplicant requests through `swemu serve` (daemon_protocol.h):
// a process asking the daemon's supplicant (relay_supplicant_request), and the process
// whose /dev/teepriv0 is that supplicant (SupplicantRelay).
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "swemu/bridge/daemon_protocol.h"
#include "swemu/bridge/supplicant_queue.h"
#include "swemu/bridge/transport.h"
#include "swemu/core/smc.h"

namespace swemu::bridge {

// One request over a kWireSupplicantRequest connection: params[i].data must lie in
// `region`, whose bytes the daemon reads and writes while the request is served. nullopt
// when the daemon has no supplicant. *broken is set when the connection is unusable
// afterwards (the answer is then TEE_ERROR_COMMUNICATION).
std::optional<uint32_t> relay_supplicant_request(int fd, const core::NsShm& region, uint32_t func,
                                                 std::vector<SupplicantParam>& params,
                                                 bool* broken);

// Serves the daemon's requests on a kWireSupplicant connection (after its welcome) by
// queueing each to `queue`, on a thread of its own, so that a slow request does not hold
// up the others. The destructor closes the connection (the daemon fails what is pending)
// and waits for its threads: the queue must be detached first.
class SupplicantRelay final : public SupplicantService {
public:
  SupplicantRelay(int fd, std::shared_ptr<SupplicantQueue> queue);
  ~SupplicantRelay() override;
  SupplicantRelay(const SupplicantRelay&) = delete;
  SupplicantRelay& operator=(const SupplicantRelay&) = delete;

private:
  struct Worker {
    std::thread thread;
    std::atomic<bool> done{false};
  };
  void read_requests();
  void serve(const WireSupplicantCall& call, int memfd);
  void answer(WireSupplicantCall& call, uint32_t status, uint32_t ret);

  int fd_;
  std::shared_ptr<SupplicantQueue> queue_;
  std::mutex send_mutex_;
  std::mutex workers_mutex_;
  std::list<Worker> workers_;
  std::thread reader_;
};

} // namespace swemu::bridge
