// SMC transports: how the normal world reaches the secure world. A transport carries the
// eight SMC registers and owns the non-secure shared memory that both worlds address by
// "physical address" (optee-abi.md §3). Only InProcessTransport knows that the secure world
// runs in this process; everything above the transport sees registers and memory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "swemu/bridge/supplicant_queue.h"
#include "swemu/core/result.h"
#include "swemu/core/smc.h"

namespace swemu::bridge {

inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kDefaultShmSize = uint64_t{4} * 1024 * 1024;
// A fake "physical" base, page-aligned, so that PAs never look like host pointers.
inline constexpr uint64_t kDefaultShmPa = 0x42000000;

// While it lives, a supplicant of this process serves the requests of other processes
// (SmcTransport::serve_supplicant).
class SupplicantService {
public:
  virtual ~SupplicantService() = default;
};

class SmcTransport {
public:
  virtual ~SmcTransport() = default;

  // Performs one SMC and returns the registers the secure world answered with.
  // Must be safe to call from several threads at once.
  virtual core::SmcRegs call(const core::SmcRegs& in) = 0;

  // The non-secure shared memory: host mapping, PA of its first byte, size. Fixed for the
  // transport's lifetime.
  [[nodiscard]] virtual core::NsShm shared_memory() const = 0;

  // The file whose offset 0 is shared_memory().host, when that memory is file-backed (a
  // memfd), so that a part of it can be mapped a second time (mmap of a tee shm fd); -1
  // when it is not.
  [[nodiscard]] virtual int shared_memory_fd() const { return -1; }

  // A secure world shared by several processes (a daemon) has one supplicant for all of
  // them, as on Linux. serve_supplicant offers the supplicant attached to `queue` (this
  // process's /dev/teepriv0) to the others: an error when another process's supplicant
  // is attached, no service (null) when there are no other processes. The other
  // processes' requests are then queued to it until the service is destroyed; `queue`
  // must be detached first, so that requests in service end.
  virtual Result<std::unique_ptr<SupplicantService>>
  serve_supplicant(std::shared_ptr<SupplicantQueue> queue) {
    (void)queue;
    return std::unique_ptr<SupplicantService>{};
  }
  // NOTIFICATION (optee-abi.md §2.9: what = WAIT or SEND, the key, WAIT's timeout in ms,
  // 0 for none) in the notification table shared by those processes, as Linux's one
  // driver has one: a SEND in one process wakes a WAIT in another. nullopt when there is
  // no such table (the driver keeps its own).
  virtual std::optional<uint32_t> notification(uint64_t what, uint64_t key, uint64_t timeout_ms) {
    (void)what;
    (void)key;
    (void)timeout_ms;
    return std::nullopt;
  }
  // A request of this process for the shared supplicant, as SupplicantQueue::request:
  // params[i].data, if set, points into shared_memory(). nullopt when none is attached.
  virtual std::optional<uint32_t> supplicant_request(uint32_t func,
                                                     std::vector<SupplicantParam>& params) {
    (void)func;
    (void)params;
    return std::nullopt;
  }
};

// A page-aligned read/write mapping backed by a memfd (so that a later daemon transport can
// hand the same memory to another process), or by anonymous shared memory where memfd is
// unavailable. Move-only; unmapped on destruction.
class SharedMemoryRegion {
public:
  // size is rounded up to whole pages; 0 is an error.
  static Result<SharedMemoryRegion> create(uint64_t size);

  SharedMemoryRegion(SharedMemoryRegion&& other) noexcept;
  SharedMemoryRegion& operator=(SharedMemoryRegion&& other) noexcept;
  SharedMemoryRegion(const SharedMemoryRegion&) = delete;
  SharedMemoryRegion& operator=(const SharedMemoryRegion&) = delete;
  ~SharedMemoryRegion();

  [[nodiscard]] uint8_t* host() const { return host_; }
  [[nodiscard]] uint64_t size() const { return size_; }
  [[nodiscard]] int fd() const { return fd_; } // -1 when the region is not memfd-backed

private:
  SharedMemoryRegion(uint8_t* host, uint64_t size, int fd) : host_(host), size_(size), fd_(fd) {}
  void reset();

  uint8_t* host_ = nullptr;
  uint64_t size_ = 0;
  int fd_ = -1;
};

struct InProcessOptions {
  core::SecureWorldConfig config;
  uint64_t shm_size = kDefaultShmSize; // rounded up to whole pages
  uint64_t shm_pa = kDefaultShmPa;     // must be page-aligned
};

// Creates the shared memory and a core::SecureWorld over it, and calls smc() directly.
class InProcessTransport final : public SmcTransport {
public:
  static Result<std::unique_ptr<InProcessTransport>> create(const InProcessOptions& options);
  ~InProcessTransport() override;

  core::SmcRegs call(const core::SmcRegs& in) override;
  [[nodiscard]] core::NsShm shared_memory() const override;
  [[nodiscard]] int shared_memory_fd() const override { return region_.fd(); }

private:
  InProcessTransport(SharedMemoryRegion region, uint64_t pa);

  // Declaration order matters: the secure world goes away before the memory it addresses.
  SharedMemoryRegion region_;
  uint64_t pa_;
  std::unique_ptr<core::SecureWorld> world_;
};

} // namespace swemu::bridge
