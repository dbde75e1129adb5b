// The daemon's side of supplicant requests between client processes (daemon_protocol.h):
// at most one client's /dev/teepriv0 is the supplicant; the others' requests are queued to
// it, their memref bytes copied through a memfd that goes with each request. NOTIFICATION
// requests the daemon serves itself, from one table for all its clients.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "swemu/bridge/daemon_protocol.h"
#include "swemu/bridge/supplicant_queue.h"
#include "swemu/core/smc.h"

namespace swemu::bridge {

// OPTEE_RPC_CMD_NOTIFICATION's table (as Linux's optee_notif): a SEND is kept until a WAIT
// for its key takes it.
class NotificationTable {
public:
  // WAIT: TEE_SUCCESS once the key is sent, TEE_ERROR_TIMEOUT after timeout_ms (0: no
  // limit), TEE_ERROR_COMMUNICATION when the asking connection (fd) closes or the table
  // stops meanwhile.
  uint32_t wait(uint64_t key, uint64_t timeout_ms, int fd);
  void send(uint64_t key);
  // Ends every wait, now and later.
  void stop();

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::set<uint64_t> sent_;
  bool stopped_ = false;
};

class SupplicantHub {
public:
  // Makes the connection fd (of client `client_id`, welcomed) the supplicant; false when
  // another one is. serve_supplicant then reads its answers until it closes or misbehaves,
  // and fails what is still pending.
  bool attach(int fd, uint64_t client_id);
  void serve_supplicant(int fd);
  // The client whose supplicant is attached; 0 for none.
  uint64_t supplicant_client() const;

  // Serves the requests of one client (region: its shared memory) on fd until it closes.
  void serve_requests(int fd, const core::NsShm& region, uint64_t client_id);
  // Ends the waits for notifications (the daemon stops).
  void stop() { notifications_.stop(); }
  // The client is gone, its secure-world activity over: the supplicant memory it had
  // allocated (SHM_ALLOC of type APPL) and not freed is freed for it, as the secure world
  // would have.
  void client_gone(uint64_t client_id);

private:
  struct Link;
  struct Pending {
    std::shared_ptr<Link> link;
    bool done = false;     // answered, or the link went
    bool answered = false; // answer holds the supplicant's answer
    WireSupplicantCall answer;
  };
  void serve_one(WireSupplicantCall& call, const core::NsShm& region, uint64_t client_id);
  void serve_notification(WireSupplicantCall& call, int fd);
  void note_shm(const WireSupplicantCall& answered, uint64_t client_id);
  // Sends the request to the supplicant; its answer is awaited (done, answered) through
  // the Pending. False when it cannot be sent.
  bool send_request(const std::shared_ptr<Link>& link, WireSupplicantCall& request, int memfd,
                    const std::shared_ptr<Pending>& pending);
  void detach(const std::shared_ptr<Link>& link);

  mutable std::mutex mutex_;
  std::condition_variable answered_cv_;
  std::shared_ptr<Link> link_;
  uint64_t next_id_ = 1;
  std::map<uint64_t, std::shared_ptr<Pending>> pending_;
  // The supplicant's shm ids each client has allocated and not freed (of link_).
  std::map<uint64_t, std::set<uint64_t>> held_;
  NotificationTable notifications_;
};

} // namespace swemu::bridge
