// The normal-world TEE driver: the semantics of the Linux TEE subsystem and its OP-TEE
// back end (linux/tee.h; optee-abi.md §1.7, §2, §3), without ioctls. It builds
// optee_msg_arg frames in the shared-memory pool, issues CALL_WITH_ARG, serves the RPCs a
// call returns with, and reads the results back.
//
// Like an ioctl, every call either fails before or around the secure world (an Error with
// origin TEE_ORIGIN_COMMS, params untouched) or returns the secure world's answer
// (ret/origin, and the output params written back, also when ret is an error such as
// TEE_ERROR_SHORT_BUFFER).
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "swemu/bridge/shm_pool.h"
#include "swemu/bridge/supplicant_queue.h"
#include "swemu/bridge/transport.h"
#include "swemu/core/result.h"
#include "swemu/core/tee_abi.h"
#include "swemu/core/uuid.h"

namespace swemu::bridge {

// One TA parameter, with the TEE_PARAM_TYPE_* numbers. Values carry a, b, c; memrefs carry
// a host pointer inside a live block of the driver's pool (nullptr: a NULL memref) and a
// size. On return, VALUE_OUTPUT/INOUT get a, b, c and MEMREF_OUTPUT/INOUT get size.
struct Param {
  uint32_t type = abi::TEE_PARAM_TYPE_NONE;
  uint64_t a = 0;
  uint64_t b = 0;
  uint64_t c = 0;
  uint8_t* buffer = nullptr;
  uint64_t size = 0;

  static Param none() { return {}; }
  static Param value(uint32_t type, uint64_t a, uint64_t b) {
    Param p;
    p.type = type;
    p.a = a;
    p.b = b;
    return p;
  }
  static Param memref(uint32_t type, uint8_t* buffer, uint64_t size) {
    Param p;
    p.type = type;
    p.buffer = buffer;
    p.size = size;
    return p;
  }
};

// struct optee_msg_param as words (optee-abi.md §2.2): attr, then value a/b/c or tmem
// buf_ptr/size/shm_ref.
struct MsgParamWords {
  uint64_t attr;
  uint64_t u[3];
};

// The secure world's answer to one call.
struct Reply {
  uint32_t ret = abi::TEE_SUCCESS;
  uint32_t origin = abi::TEE_ORIGIN_TEE;
  uint32_t session = 0; // OPEN_SESSION only; 0 on failure
};

struct OpenSessionRequest {
  Uuid ta;
  uint32_t login = abi::TEE_LOGIN_PUBLIC;
  // As tee_ioctl_open_session_arg.clnt_uuid: for GROUP(_APPLICATION) logins the gid in the first
  // four bytes, native order; ignored otherwise.
  std::array<uint8_t, 16> client_data{};
  uint32_t cancel_id = 0;
};

// The client identity the Linux TEE core derives for a login (optee-abi.md §1.4): nil for
// PUBLIC, a UUIDv5 of "uid=<hex euid>" / "gid=<hex gid>" in the TEE client namespace for
// USER / GROUP (GROUP only for a group the caller is in); for the application-based logins
// (as Linux's application-login patch and OP-TEE's xtest define them) "app=<executable>",
// "uid=<hex euid>:app=<executable>" and "gid=<hex gid>:app=<executable>". The REE_KERNEL
// range is refused (TEE_ERROR_BAD_PARAMETERS, origin COMMS).
Result<Uuid> client_uuid_for_login(uint32_t login, const std::array<uint8_t, 16>& client_data);

// UUIDv5 (RFC 4122 §4.3, SHA-1) of `name` in namespace 58ac9ca0-2086-4683-a1b8-ec4bc08e01b6.
Uuid tee_client_uuid_v5(std::string_view name);

class Driver {
public:
  // Probes the secure world like the Linux OP-TEE driver: API UID and revision,
  // EXCHANGE_CAPABILITIES, GET_SHM_CONFIG (which must lie inside the transport's memory);
  // then builds the pool over the reserved shared memory.
  static Result<std::shared_ptr<Driver>> create(std::unique_ptr<SmcTransport> transport);
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  ShmPool& pool() { return *pool_; }
  uint32_t secure_caps() const { return sec_caps_; }
  bool memref_null() const { return (sec_caps_ & abi::OPTEE_SMC_SEC_CAP_MEMREF_NULL) != 0; }
  bool reserved_shm() const { return (sec_caps_ & abi::OPTEE_SMC_SEC_CAP_HAVE_RESERVED_SHM) != 0; }

  Result<Reply> open_session(const OpenSessionRequest& request, std::span<Param> params);
  Result<Reply> invoke(uint32_t session, uint32_t func, uint32_t cancel_id,
                       std::span<Param> params);
  Result<Reply> close_session(uint32_t session);
  Result<Reply> cancel(uint32_t session, uint32_t cancel_id);

  // The file behind the shared memory (SmcTransport::shared_memory_fd) and the offset of
  // `host` in it; nullopt when the memory is not file-backed or `host` is outside it.
  struct ShmFileOffset {
    int fd = -1;
    uint64_t offset = 0;
  };
  std::optional<ShmFileOffset> shared_memory_file(const void* host) const;

  // RPC blocks the secure world allocated and has not freed yet (for tests and stats).
  size_t rpc_allocations() const;
  // Blocks of the pool kept for the next calls' frames (at most 8 of 512 bytes).
  size_t cached_frame_buffers() const;

  // Where the built-in supplicant looks for `<uuid>.ta` files when the secure world asks
  // for a TA with OPTEE_RPC_CMD_LOAD_TA (default: supplicant_ta_dirs_from_environment()).
  void set_supplicant_ta_dirs(std::vector<std::filesystem::path> dirs);

  // Where the supplicant's commands go when a supplicant (a /dev/teepriv0) is attached to
  // it (default: SupplicantQueue::process_wide()); without one the built-in supplicant
  // serves them.
  std::shared_ptr<SupplicantQueue> supplicant_queue() const;
  void set_supplicant_queue(std::shared_ptr<SupplicantQueue> queue);
  // SmcTransport::serve_supplicant: the supplicant attached to `queue` serves the other
  // processes of a secure world shared with them.
  Result<std::unique_ptr<SupplicantService>>
  serve_supplicant(std::shared_ptr<SupplicantQueue> queue);

private:
  struct Frame;

  Driver(std::unique_ptr<SmcTransport> transport, uint32_t sec_caps, core::NsShm pool_region);

  Result<Reply> call(Frame& frame, std::span<Param> params, uint32_t first_param);
  Result<void> std_call(Frame& frame);
  struct PendingCall;
  core::SmcRegs serve_rpc(const core::SmcRegs& rpc, PendingCall& call);
  void serve_rpc_cmd(uint64_t cookie, PendingCall& call);
  uint32_t serve_notification(std::span<MsgParamWords> p);
  uint32_t serve_load_ta(std::span<MsgParamWords> p);
  std::optional<uint32_t> forward_to_supplicant(uint32_t cmd, std::span<MsgParamWords> p);
  std::optional<uint32_t> supplicant_request(uint32_t func, std::vector<SupplicantParam>& params);
  uint32_t serve_shm_alloc(std::span<MsgParamWords> p);
  uint32_t serve_shm_free(std::span<MsgParamWords> p);
  void free_supplicant_shm(uint64_t id);
  uint64_t rpc_alloc(uint64_t size, uint64_t align, uint64_t* pa_out);
  // Under rpc_mutex_: the block lent to the secure world under `cookie` when
  // [pa, pa + size) lies inside it, else null.
  const ShmBuffer* lent_block(uint64_t cookie, uint64_t pa, uint64_t size) const;
  // The memory of one call's optee_msg_arg (and its RPC argument): frames up to
  // kCachedFrameBytes come from a few kept blocks, zeroed, instead of the pool.
  Result<ShmBuffer> take_frame_buffer(uint64_t bytes);
  void give_back_frame_buffer(ShmBuffer buffer);

  static constexpr uint64_t kCachedFrameBytes = 512;
  static constexpr size_t kCachedFrames = 8;

  std::unique_ptr<SmcTransport> transport_;
  uint32_t sec_caps_;
  std::unique_ptr<ShmPool> pool_;
  mutable std::mutex frame_cache_mutex_;
  std::vector<ShmBuffer> frame_cache_; // destroyed before pool_

  mutable std::mutex rpc_mutex_;
  uint64_t next_cookie_ = 1;
  std::map<uint64_t, ShmBuffer> rpc_blocks_; // cookie -> memory lent to the secure world
  // Under rpc_mutex_: the calls in progress (a cancellation wakes their SUSPEND), the
  // NOTIFICATION keys sent and not yet waited for, and the supplicant's TA directories.
  // rpc_cv_ signals a cancellation, a notification and the end of a call.
  std::condition_variable rpc_cv_;
  std::vector<PendingCall*> pending_;
  std::set<uint64_t> notified_;
  std::vector<std::filesystem::path> supplicant_ta_dirs_;
  // Under rpc_mutex_: the supplicant's shm id for each APPL block allocated while a
  // supplicant was attached (the block the secure world sees stays in this pool; the
  // supplicant's bytes are copied to and from it).
  std::map<uint64_t, uint64_t> supplicant_shm_ids_;
  std::shared_ptr<SupplicantQueue> supplicant_;
};

// One open of the device (an fd on /dev/tee0): the sessions opened through it belong to it,
// other contexts cannot use them, and they are closed when the context goes away.
class DriverContext {
public:
  explicit DriverContext(std::shared_ptr<Driver> driver) : driver_(std::move(driver)) {}
  ~DriverContext();
  DriverContext(const DriverContext&) = delete;
  DriverContext& operator=(const DriverContext&) = delete;

  Driver& driver() { return *driver_; }
  const std::shared_ptr<Driver>& shared_driver() const { return driver_; }

  Result<Reply> open_session(const OpenSessionRequest& request, std::span<Param> params);
  Result<Reply> invoke(uint32_t session, uint32_t func, uint32_t cancel_id,
                       std::span<Param> params);
  Result<Reply> close_session(uint32_t session);
  Result<Reply> cancel(uint32_t session, uint32_t cancel_id);
  size_t session_count() const;

private:
  bool owns(uint32_t session) const;

  std::shared_ptr<Driver> driver_;
  mutable std::mutex mutex_;
  std::set<uint32_t> sessions_;
};

} // namespace swemu::bridge
