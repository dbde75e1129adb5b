#include "swemu/bridge/transport.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bridge_log.h"

namespace swemu::bridge {

using abi::TEE_ERROR_BAD_PARAMETERS;
using abi::TEE_ERROR_OUT_OF_MEMORY;
using abi::TEE_ORIGIN_COMMS;

Result<SharedMemoryRegion> SharedMemoryRegion::create(uint64_t size) {
  if (size == 0 || size > (uint64_t{1} << 40))
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("shared memory size {:#x} out of range", size), TEE_ORIGIN_COMMS);
  size = (size + kPageSize - 1) & ~(kPageSize - 1);

  // A memfd lets SocketTransport pass this memory to the daemon with SCM_RIGHTS. Its size
  // is sealed: the daemon maps it too, and a file shrunk under a mapping would fault the
  // daemon (SIGBUS) when it touches the lost pages.
  int fd = memfd_create("swemu-nsec-shm", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd >= 0 && (ftruncate(fd, static_cast<off_t>(size)) != 0 ||
                  fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0)) {
    close(fd);
    fd = -1;
  }
  void* p = fd >= 0
                ? mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
                : mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    int err = errno;
    if (fd >= 0)
      close(fd);
    return make_error(
        TEE_ERROR_OUT_OF_MEMORY,
        fmt::format("cannot map {} bytes of shared memory: {}", size, std::strerror(err)),
        TEE_ORIGIN_COMMS);
  }
  return SharedMemoryRegion(static_cast<uint8_t*>(p), size, fd);
}

SharedMemoryRegion::SharedMemoryRegion(SharedMemoryRegion&& other) noexcept
    : host_(std::exchange(other.host_, nullptr)), size_(std::exchange(other.size_, 0)),
      fd_(std::exchange(other.fd_, -1)) {}

SharedMemoryRegion& SharedMemoryRegion::operator=(SharedMemoryRegion&& other) noexcept {
  if (this != &other) {
    reset();
    host_ = std::exchange(other.host_, nullptr);
    size_ = std::exchange(other.size_, 0);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

SharedMemoryRegion::~SharedMemoryRegion() {
  reset();
}

void SharedMemoryRegion::reset() {
  if (host_ != nullptr)
    munmap(host_, size_);
  if (fd_ >= 0)
    close(fd_);
  host_ = nullptr;
  size_ = 0;
  fd_ = -1;
}

InProcessTransport::InProcessTransport(SharedMemoryRegion region, uint64_t pa)
    : region_(std::move(region)), pa_(pa) {}

InProcessTransport::~InProcessTransport() = default;

Result<std::unique_ptr<InProcessTransport>>
InProcessTransport::create(const InProcessOptions& options) {
  if (options.shm_pa % kPageSize != 0)
    return make_error(TEE_ERROR_BAD_PARAMETERS,
                      fmt::format("shared memory PA {:#x} is not page-aligned", options.shm_pa),
                      TEE_ORIGIN_COMMS);
  auto region = SWEMU_TRY(SharedMemoryRegion::create(options.shm_size));
  if (options.shm_pa + region.size() < options.shm_pa)
    return make_error(TEE_ERROR_BAD_PARAMETERS, "shared memory PA range wraps around",
                      TEE_ORIGIN_COMMS);

  std::unique_ptr<InProcessTransport> t(new InProcessTransport(std::move(region), options.shm_pa));
  t->world_ = SWEMU_TRY(core::SecureWorld::create(options.config, t->shared_memory()));
  if (!t->world_)
    return make_error(abi::TEE_ERROR_GENERIC, "secure world creation returned nothing",
                      TEE_ORIGIN_COMMS);
  logger()->debug("in-process secure world over {} KiB of shared memory at PA {:#x}",
                  t->region_.size() / 1024, t->pa_);
  return t;
}

core::SmcRegs InProcessTransport::call(const core::SmcRegs& in) {
  return world_->smc(in);
}

core::NsShm InProcessTransport::shared_memory() const {
  return core::NsShm{region_.host(), pa_, region_.size()};
}

} // namespace swemu::bridge
