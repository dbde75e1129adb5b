// One open of /dev/tee0 (or /dev/teepriv0) with the Linux TEE subsystem's ioctl semantics
// (linux/tee.h; optee-abi.md §1, libteec-contract.md §1-2), over a DriverContext.
//
// ioctl() takes the request number and the argument pointer exactly as user space passes
// them; every pointer in it (and in the buffers it names) is a pointer into this process
// and is read and written with checked copies, so a bad one is EFAULT, not a crash. The
// result is what the ioctl returns (>= 0) or -errno.
//
// Shared memory follows the kernel's lifetime rule: a TeeShm lives while anyone holds it —
// the file descriptor SHM_ALLOC/SHM_REGISTER return, each mapping of it, a call in flight —
// and its id names it only while it lives. The device keeps no strong reference: it hands
// each new object to an installer (the preload layer's fd table) and looks ids up weakly.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "swemu/bridge/driver.h"
#include "swemu/bridge/shm_pool.h"
#include "swemu/bridge/supplicant_queue.h"

namespace swemu::bridge {

// Where the memory of an SHM_ALLOC object can be mapped again: a file (the pool's memfd),
// the byte offset of the object in it (page-aligned) and the mappable length (whole pages).
struct ShmMapping {
  int fd = -1;
  uint64_t offset = 0;
  uint64_t length = 0;
};

// A tee_shm: memory from SHM_ALLOC (a page-aligned pool block the secure world sees
// directly), or user memory from SHM_REGISTER (mirrored by a pool block of the same size:
// the bytes a call's memrefs cover are copied in before and, for output, out after it).
class TeeShm {
public:
  ~TeeShm();
  TeeShm(const TeeShm&) = delete;
  TeeShm& operator=(const TeeShm&) = delete;

  int32_t id() const { return id_; }
  // The size the ioctl reported: SHM_ALLOC rounds up to whole pages, SHM_REGISTER keeps the
  // length. Memrefs must lie inside [0, size()).
  uint64_t size() const { return size_; }
  bool registered() const { return user_addr_ != 0; }
  uintptr_t user_addr() const { return user_addr_; }
  // The pool block: the memory itself (SHM_ALLOC) or the mirror (SHM_REGISTER).
  uint8_t* host() const { return block_.host(); }
  // SHM_ALLOC only, and only when the pool is file-backed; nullopt otherwise (the kernel
  // refuses to mmap registered memory, EINVAL).
  std::optional<ShmMapping> mapping() const;

private:
  friend class TeeDevice;
  struct Registry;
  TeeShm() = default;

  std::shared_ptr<Driver> driver_; // first: the block goes back before the pool may go
  ShmBuffer block_;
  int32_t id_ = 0;
  uint64_t size_ = 0;
  uintptr_t user_addr_ = 0;
  std::weak_ptr<Registry> registry_;
};

// Gives a new shared-memory object a file descriptor and keeps it alive under it. Returns
// the fd, or -errno (the object is then dropped).
using ShmInstaller = std::function<int(std::shared_ptr<TeeShm>)>;

struct TeeDeviceOptions {
  // TEE_GEN_CAP_* bits reported by TEE_IOC_VERSION. REG_MEM enables SHM_REGISTER and
  // MEMREF_NULL enables c = TEE_MEMREF_NULL, as in the kernel. PRIVILEGED is set for the
  // supplicant device whatever this says.
  uint32_t gen_caps = 0;
  bool privileged = false; // /dev/teepriv0
};

// The caps a device reports by default: GP | REG_MEM, plus MEMREF_NULL when the secure world
// takes NULL memrefs; or SWEMU_TEE_GEN_CAPS (a number, e.g. 0x1 or 13) if it is set, with
// unknown bits dropped and GP always kept (without it libteec refuses the device);
// MEMREF_NULL is dropped with a warning when the secure world cannot take NULL memrefs.
uint32_t tee_gen_caps_from_environment(const Driver& driver);

class TeeDevice {
public:
  TeeDevice(std::shared_ptr<Driver> driver, TeeDeviceOptions options, ShmInstaller installer);
  // A privileged device attaches to the driver's supplicant queue if no other supplicant
  // is attached (see supplicant_attached()).
  // Closes the sessions still open (the kernel does on the last close of the fd). Shared
  // memory stays valid for whoever still holds it, but its id no longer names anything. A
  // supplicant detaches: the requests it has not answered fail (TEEC_ERROR_COMMUNICATION).
  ~TeeDevice();
  TeeDevice(const TeeDevice&) = delete;
  TeeDevice& operator=(const TeeDevice&) = delete;

  // Thread-safe: several threads may call it at once, as libteec clients do.
  long ioctl(unsigned long request, void* arg);

  uint32_t gen_caps() const { return gen_caps_; }
  size_t session_count() const { return context_.session_count(); }
  // The live shared memory with this id, if it belongs to this device.
  std::shared_ptr<TeeShm> find_shm(int32_t id) const;
  // A privileged device that is the supplicant: TEE_IOC_SUPPL_RECV/SEND serve the driver's
  // supplicant queue. False for a second supplicant device (its open is EBUSY in the
  // kernel) and for /dev/tee0. Through a daemon the supplicant is one for all its client
  // processes: a second one in another process is not attached either.
  bool supplicant_attached() const { return supplicant_ != nullptr; }
  // What closing the supplicant's fd does (optee_supp_release), also while one of its
  // threads waits in SUPPL_RECV (which then fails with EINTR): the requests queued or in
  // service fail with TEEC_ERROR_COMMUNICATION and another supplicant may attach. Further
  // SUPPL_RECV/SEND are EINVAL.
  void release_supplicant();

private:
  struct Call;

  long version(void* arg);
  long shm_alloc(void* arg);
  long shm_register(void* arg);
  long open_session(void* arg);
  long invoke(void* arg);
  long cancel(void* arg);
  long close_session(void* arg);
  long supp_recv(void* arg);
  long supp_send(void* arg);
  bool copy_supplicant_shm(bool to_shm, const SupplicantParam& p);

  long install(std::shared_ptr<TeeShm> shm);
  std::shared_ptr<TeeShm> new_shm();
  long run_call(Call& call);

  uint32_t gen_caps_;
  ShmInstaller installer_;
  std::shared_ptr<TeeShm::Registry> registry_;
  std::shared_ptr<SupplicantQueue> supplicant_; // set while this device is the supplicant
  std::mutex service_mutex_;
  std::unique_ptr<SupplicantService> supplicant_service_; // serving other processes too
  DriverContext context_; // last: sessions close before anything else goes
};

} // namespace swemu::bridge
