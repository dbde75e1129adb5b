#include "doorbell.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <new>
#include <utility>

#include <fmt/format.h>

#include "swemu/bridge/transport.h"
#include "unix_socket.h"

namespace swemu::bridge {
namespace {

static_assert(sizeof(WireDoorbell) <= kPageSize);

Error comms(const std::string& message) {
  return make_error(abi::TEE_ERROR_COMMUNICATION, message, abi::TEE_ORIGIN_COMMS);
}

uint32_t* futex_word(std::atomic<uint32_t>& word) {
  // A lock-free std::atomic<uint32_t> is the 32-bit word itself (static_asserts in
  // daemon_protocol.h), which is what the kernel compares and sleeps on.
  return reinterpret_cast<uint32_t*>(&word);
}

} // namespace

Result<DoorbellPage> DoorbellPage::create() {
  const int fd = memfd_create("swemu-doorbell", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    return comms(fmt::format("memfd_create for the doorbell page: {}", std::strerror(errno)));
  if (ftruncate(fd, static_cast<off_t>(kPageSize)) != 0 ||
      fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
    const int err = errno;
    close(fd);
    return comms(fmt::format("cannot size and seal the doorbell page: {}", std::strerror(err)));
  }
  void* p = mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    const int err = errno;
    close(fd);
    return comms(fmt::format("cannot map the doorbell page: {}", std::strerror(err)));
  }
  // The page is fresh and zero, which is also what this writes: every word starts at 0.
  return DoorbellPage(new (p) WireDoorbell, fd);
}

Result<DoorbellPage> DoorbellPage::map(int fd) {
  if (fd < 0)
    return comms("a call connection without its doorbell page descriptor");
  if (const auto why = unmappable_memfd(fd, kPageSize))
    return comms("the doorbell page descriptor is " + *why);
  void* p = mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    return comms(fmt::format("cannot map the doorbell page: {}", std::strerror(errno)));
  // The client made the page's words; here they are only looked at through atomics, and
  // whatever the client wrote in them is just a value (the daemon checks what it uses).
  return DoorbellPage(std::launder(static_cast<WireDoorbell*>(p)), -1);
}

DoorbellPage::DoorbellPage(DoorbellPage&& other) noexcept
    : page_(std::exchange(other.page_, nullptr)), fd_(std::exchange(other.fd_, -1)) {}

DoorbellPage& DoorbellPage::operator=(DoorbellPage&& other) noexcept {
  if (this != &other) {
    reset();
    page_ = std::exchange(other.page_, nullptr);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

DoorbellPage::~DoorbellPage() {
  reset();
}

void DoorbellPage::reset() {
  if (page_ != nullptr)
    munmap(page_, kPageSize);
  page_ = nullptr;
  close_fd();
}

void DoorbellPage::close_fd() {
  if (fd_ >= 0)
    close(fd_);
  fd_ = -1;
}

void ring(std::atomic<uint32_t>& bell, const std::atomic<uint32_t>& sleeping) {
  if (sleeping.load() != 0)
    ring_always(bell);
}

void ring_always(std::atomic<uint32_t>& bell) {
  bell.fetch_add(1);
  // Shared, not FUTEX_PRIVATE_FLAG: the sleeper is in the other process.
  syscall(SYS_futex, futex_word(bell), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

void futex_wait(std::atomic<uint32_t>& word, uint32_t expected, std::chrono::milliseconds timeout) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec relative{static_cast<time_t>(seconds.count()),
                          static_cast<long>(std::chrono::nanoseconds(timeout - seconds).count())};
  // EAGAIN (the word changed already), ETIMEDOUT and EINTR all mean: look again.
  syscall(SYS_futex, futex_word(word), FUTEX_WAIT, expected, &relative, nullptr, 0);
}

} // namespace swemu::bridge
