// libswemu_preload.so: /dev/tee0 and /dev/teepriv0 for an unmodified client, loaded with
// LD_PRELOAD (swemu run; docs/normal-world.md). It interposes the five calls libteec makes
// (libteec-contract.md §0) and the variants a client might use: open/open64/openat/
// openat64 and glibc's fortified __open_2/__open64_2/__openat_2/__openat64_2, ioctl,
// mmap/mmap64, munmap and close. Those two paths, and the fds this library hands out, are
// served by a TeeDevice over an in-process secure world made at the first open; every other
// call goes to the next definition (dlsym RTLD_NEXT) untouched, errno included.
//
// The fds are real: each is a memfd (close-on-exec) reserved for the device or for one
// shared-memory object, so nothing else can get the number while it is ours. mmap of an
// SHM_ALLOC fd maps the pool's own memfd at the object's offset, so the client writes the
// very memory the TA reads; the mapping holds a reference to the object until it is
// unmapped, as in the kernel.
//
// All state lives in objects that are never destroyed: the calls may come from other
// libraries' destructors and atexit handlers, after ours would have run.

#include <dlfcn.h>
#include <fcntl.h>
#include <linux/tee.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bridge_log.h"
#include "swemu/bridge/default_transport.h"
#include "swemu/bridge/driver.h"
#include "swemu/bridge/socket_transport.h"
#include "swemu/bridge/tee_device.h"
#include "swemu/core/debug_tools.h"

namespace swemu::bridge {
namespace {

// --- the next definitions ---------------------------------------------------------------

// Set while dlsym runs on this thread: it may allocate, and an allocator may mmap. Calls
// made meanwhile use the raw system call instead of recursing into dlsym.
__attribute__((tls_model("initial-exec"))) thread_local bool t_resolving = false;

void* next_symbol(std::atomic<void*>& slot, const char* name) {
  void* fn = slot.load(std::memory_order_acquire);
  if (fn != nullptr || t_resolving)
    return fn;
  t_resolving = true;
  fn = dlsym(RTLD_NEXT, name);
  t_resolving = false;
  slot.store(fn, std::memory_order_release);
  return fn;
}

#define SWEMU_NEXT(name, type)                                                                     \
  static std::atomic<void*> slot_##name{nullptr};                                                  \
  auto next_##name = reinterpret_cast<type>(next_symbol(slot_##name, #name))

using OpenAtFn = int (*)(int, const char*, int, ...);
using OpenFn = int (*)(const char*, int, ...);
using Open2Fn = int (*)(const char*, int);
using OpenAt2Fn = int (*)(int, const char*, int);
using IoctlFn = int (*)(int, unsigned long, ...);
using MmapFn = void* (*)(void*, size_t, int, int, int, off_t);
using MunmapFn = int (*)(void*, size_t);
using CloseFn = int (*)(int);

long raw_result(long rc) {
  if (rc < 0 && rc > -4096) {
    errno = static_cast<int>(-rc);
    return -1;
  }
  return rc;
}

int real_close(int fd) {
  SWEMU_NEXT(close, CloseFn);
  return next_close != nullptr ? next_close(fd) : static_cast<int>(syscall(SYS_close, fd));
}

int real_ioctl(int fd, unsigned long request, void* arg) {
  SWEMU_NEXT(ioctl, IoctlFn);
  return next_ioctl != nullptr ? next_ioctl(fd, request, arg)
                               : static_cast<int>(syscall(SYS_ioctl, fd, request, arg));
}

void* real_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off) {
  SWEMU_NEXT(mmap, MmapFn);
  if (next_mmap != nullptr)
    return next_mmap(addr, len, prot, flags, fd, off);
  const long rc = syscall(SYS_mmap, addr, len, prot, flags, fd, off);
  // NOLINTNEXTLINE(performance-no-int-to-ptr): the system call returns the address
  return raw_result(rc) == -1 ? MAP_FAILED : reinterpret_cast<void*>(rc);
}

int real_munmap(void* addr, size_t len) {
  SWEMU_NEXT(munmap, MunmapFn);
  return next_munmap != nullptr ? next_munmap(addr, len)
                                : static_cast<int>(syscall(SYS_munmap, addr, len));
}

// --- state ---------------------------------------------------------------------------------

struct Entry {
  std::shared_ptr<TeeDevice> device; // a /dev/tee0 or /dev/teepriv0 fd
  std::shared_ptr<TeeShm> shm;       // or a shared-memory fd
  bool privileged = false;
};

struct Mapping {
  uintptr_t end = 0;
  std::shared_ptr<TeeShm> shm;
};

struct State {
  std::mutex fds_mutex;
  std::unordered_map<int, Entry> fds;
  std::atomic<size_t> fd_count{0}; // fds.size(), read without the lock
  bool privileged_open = false;    // one supplicant device at a time, as in the kernel

  // Held across the real mmap/munmap of our memory and the bookkeeping, so that an address
  // range is never reused before its record is gone.
  std::mutex maps_mutex;
  std::map<uintptr_t, Mapping> maps; // start -> [start, end) of a mapping of an shm
  std::atomic<size_t> map_count{0};

  std::mutex world_mutex;
  std::shared_ptr<Driver> driver; // made at the first open, kept to the end of the process
  // swemu run --gdb, --trace, --coverage: made with the secure world, finished at exit.
  std::unique_ptr<core::DebugTools> debug;
  pid_t debug_pid = 0; // the process they belong to (a forked child does not finish them)
};

State& state() {
  static auto* s = new State;
  return *s;
}

// Messages for the user of swemu run, who sees this process's stderr.
void tell_user(const std::string& text) {
  const std::string line = "swemu: " + text + "\n";
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

// At exit (on_exit gives the status gdb is told): the trace and coverage files are written.
void finish_debug_tools(int status, void*) {
  State& s = state();
  if (!s.debug || s.debug_pid != getpid())
    return;
  auto done = s.debug->finish(status);
  if (!done)
    tell_user(done.error().message);
  else if (!done->empty())
    tell_user(*done);
}

// The tools SWEMU_GDB, SWEMU_TRACE, SWEMU_COVERAGE... ask for, put into `config`; false
// when they cannot be made (the reason is logged).
bool add_debug_tools(core::SecureWorldConfig& config) {
  auto settings = core::debug_settings_from_environment();
  if (!settings) {
    logger()->error("/dev/tee0: {}", settings.error().message);
    return false;
  }
  if (!settings->any())
    return true;
  auto tools = core::DebugTools::create(*settings);
  if (!tools) {
    logger()->error("/dev/tee0: {}", tools.error().message);
    return false;
  }
  State& s = state();
  s.debug = std::move(tools).value();
  s.debug_pid = getpid();
  s.debug->configure(config);
  if (const std::string banner = s.debug->gdb_banner(); !banner.empty())
    tell_user(banner);
  on_exit(finish_debug_tools, nullptr);
  return true;
}

uint64_t page_size() {
  static const auto size = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return size;
}

std::optional<Entry> find(int fd) {
  State& s = state();
  if (fd < 0 || s.fd_count.load(std::memory_order_acquire) == 0)
    return std::nullopt;
  std::lock_guard lock(s.fds_mutex);
  auto it = s.fds.find(fd);
  if (it == s.fds.end())
    return std::nullopt;
  return it->second;
}

// Makes `fd` ours; an entry left for the number (closed behind our back, e.g. by dup2 or
// close_range) is dropped. Returns what was there, to be released outside the lock.
Entry install_fd(int fd, Entry entry) {
  State& s = state();
  std::lock_guard lock(s.fds_mutex);
  Entry old;
  auto it = s.fds.find(fd);
  if (it != s.fds.end()) {
    old = std::move(it->second);
    it->second = std::move(entry);
  } else {
    s.fds.emplace(fd, std::move(entry));
    s.fd_count.store(s.fds.size(), std::memory_order_release);
  }
  return old;
}

// The number was just returned by the kernel for something else: any record of it is stale.
void forget_fd(int fd) {
  State& s = state();
  if (fd < 0 || s.fd_count.load(std::memory_order_acquire) == 0)
    return;
  Entry old;
  std::lock_guard lock(s.fds_mutex);
  auto it = s.fds.find(fd);
  if (it == s.fds.end())
    return;
  old = std::move(it->second);
  if (old.privileged) {
    s.privileged_open = false;
    // The supplicant is gone even if a thread of it still waits in SUPPL_RECV: its
    // requests fail now, and the next /dev/teepriv0 can attach.
    if (old.device)
      old.device->release_supplicant();
  }
  s.fds.erase(it);
  s.fd_count.store(s.fds.size(), std::memory_order_release);
}

int reserve_fd(const char* name) {
  return memfd_create(name, MFD_CLOEXEC);
}

// Removes [start, end) from the mapping records, keeping what lies outside it; the shared
// memory references that go are moved to `dropped`. Caller holds maps_mutex.
void forget_range(uintptr_t start, uintptr_t end, std::vector<std::shared_ptr<TeeShm>>* dropped) {
  State& s = state();
  auto it = s.maps.upper_bound(start);
  if (it != s.maps.begin() && std::prev(it)->second.end > start)
    --it;
  while (it != s.maps.end() && it->first < end) {
    const uintptr_t a = it->first;
    Mapping m = std::move(it->second);
    it = s.maps.erase(it);
    if (a < start)
      s.maps.emplace(a, Mapping{start, m.shm});
    const bool tail = m.end > end;
    if (tail)
      s.maps.emplace(end, Mapping{m.end, m.shm});
    dropped->push_back(std::move(m.shm));
    if (tail)
      break; // the tail starts at `end`: nothing further overlaps
  }
  s.map_count.store(s.maps.size(), std::memory_order_release);
}

uintptr_t page_end(uintptr_t start, size_t len) {
  const uint64_t page = page_size();
  return start + ((len + page - 1) & ~(page - 1));
}

// --- the device ----------------------------------------------------------------------------

bool is_device_path(const char* path, bool* privileged) {
  if (path == nullptr)
    return false;
  if (std::strcmp(path, "/dev/tee0") == 0) {
    *privileged = false;
    return true;
  }
  if (std::strcmp(path, "/dev/teepriv0") == 0) {
    *privileged = true;
    return true;
  }
  return false;
}

std::shared_ptr<Driver> world() {
  State& s = state();
  std::lock_guard lock(s.world_mutex);
  if (s.driver)
    return s.driver;
  // SWEMU_CONNECT (swemu run --connect): the secure world of a `swemu serve` daemon.
  // Otherwise as make_default_transport() builds it from the environment, plus
  // SWEMU_STATE_DIR for storage and time that outlive the process.
  std::unique_ptr<SmcTransport> transport;
  if (const char* socket = std::getenv("SWEMU_CONNECT"); socket != nullptr && *socket != '\0') {
    auto remote = SocketTransport::connect(socket);
    if (!remote) {
      logger()->error("/dev/tee0: no secure world: {}", remote.error().message);
      return nullptr;
    }
    transport = std::move(remote).value();
  } else {
    InProcessOptions options = in_process_options_from_environment();
    if (const char* dir = std::getenv("SWEMU_STATE_DIR"); dir != nullptr && *dir != '\0')
      options.config.state_dir = dir;
    if (!add_debug_tools(options.config))
      return nullptr;
    auto local = InProcessTransport::create(options);
    if (!local) {
      logger()->error("/dev/tee0: no secure world: {}", local.error().message);
      return nullptr;
    }
    transport = std::move(local).value();
  }
  auto driver = Driver::create(std::move(transport));
  if (!driver) {
    logger()->error("/dev/tee0: secure world unusable: {}", driver.error().message);
    return nullptr;
  }
  s.driver = *driver;
  return s.driver;
}

int install_shm(std::shared_ptr<TeeShm> shm) {
  const int fd = reserve_fd("swemu-tee-shm");
  if (fd < 0)
    return -errno;
  Entry entry;
  entry.shm = std::move(shm);
  install_fd(fd, std::move(entry));
  return fd;
}

int open_device(bool privileged) {
  auto driver = world();
  if (!driver) {
    errno = ENXIO; // a device node without a driver behind it
    return -1;
  }
  State& s = state();
  if (privileged) {
    std::lock_guard lock(s.fds_mutex);
    if (s.privileged_open) {
      errno = EBUSY;
      return -1;
    }
    s.privileged_open = true;
  }
  TeeDeviceOptions options;
  options.gen_caps = tee_gen_caps_from_environment(*driver);
  options.privileged = privileged;
  Entry entry;
  // A supplicant device attaches to the process's supplicant queue: from here on the
  // driver's supplicant commands go to whoever reads this fd (TEE_IOC_SUPPL_RECV).
  entry.device = std::make_shared<TeeDevice>(driver, options, install_shm);
  entry.privileged = privileged;
  const int fd = privileged && !entry.device->supplicant_attached()
                     ? (errno = EBUSY, -1)
                     : reserve_fd(privileged ? "swemu-teepriv0" : "swemu-tee0");
  if (fd < 0) {
    const int err = errno;
    entry.device.reset();
    if (privileged) {
      std::lock_guard lock(s.fds_mutex);
      s.privileged_open = false;
    }
    errno = err;
    return -1;
  }
  install_fd(fd, std::move(entry));
  return fd;
}

// The device fd for `path`, or nullopt when the path is not ours. Sets errno on failure and
// keeps it on success.
std::optional<int> open_ours(const char* path) {
  bool privileged = false;
  if (!is_device_path(path, &privileged))
    return std::nullopt;
  const int saved = errno;
  const int fd = open_device(privileged);
  if (fd >= 0)
    errno = saved;
  return fd;
}

// Someone else's open succeeded: the number is theirs now.
int opened_elsewhere(int fd) {
  if (fd >= 0) {
    const int saved = errno;
    forget_fd(fd);
    errno = saved;
  }
  return fd;
}

int raw_openat(int dirfd, const char* path, int flags, mode_t mode) {
  return static_cast<int>(raw_result(syscall(SYS_openat, dirfd, path, flags, mode)));
}

bool takes_mode(int flags) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

int do_ioctl(int fd, unsigned long request, void* arg) {
  auto entry = find(fd);
  if (!entry)
    return real_ioctl(fd, request, arg);
  // What the VFS answers for every file, before the driver sees the call.
  if (request == FIOCLEX || request == FIONCLEX || request == FIONBIO || request == FIOASYNC)
    return real_ioctl(fd, request, arg);
  if (!entry->device) {
    errno = ENOTTY; // a tee shm file has no ioctls
    return -1;
  }
  const int saved = errno;
  const long rc = entry->device->ioctl(request, arg);
  if (rc < 0) {
    errno = static_cast<int>(-rc);
    return -1;
  }
  errno = saved;
  return static_cast<int>(rc);
}

void* do_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t off) {
  State& s = state();
  std::optional<Entry> entry;
  if ((flags & MAP_ANONYMOUS) == 0)
    entry = find(fd);
  if (!entry) {
    if ((flags & MAP_FIXED) == 0 || s.map_count.load(std::memory_order_acquire) == 0)
      return real_mmap(addr, len, prot, flags, fd, off);
    // A fixed mapping replaces whatever was there, ours included.
    std::vector<std::shared_ptr<TeeShm>> dropped;
    std::lock_guard lock(s.maps_mutex);
    void* p = real_mmap(addr, len, prot, flags, fd, off);
    if (p != MAP_FAILED) {
      const int saved = errno;
      const auto start = reinterpret_cast<uintptr_t>(p);
      forget_range(start, page_end(start, len), &dropped);
      errno = saved;
    }
    return p;
  }
  if (!entry->shm) {
    errno = ENODEV; // the device itself cannot be mapped
    return MAP_FAILED;
  }
  const std::shared_ptr<TeeShm>& shm = entry->shm;
  auto where = shm->mapping();
  if (!where) {
    // Registered memory is the client's own (tee_shm_fop_mmap refuses it); alloc'd memory
    // without a file behind the pool cannot be mapped again.
    errno = shm->registered() ? EINVAL : ENODEV;
    return MAP_FAILED;
  }
  const uint64_t page = page_size();
  const uint64_t pages = (static_cast<uint64_t>(len) + page - 1) & ~(page - 1);
  const auto uoff = static_cast<uint64_t>(off);
  if (len == 0 || off < 0 || uoff % page != 0 || uoff > where->length ||
      pages > where->length - uoff) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  std::vector<std::shared_ptr<TeeShm>> dropped;
  std::lock_guard lock(s.maps_mutex);
  const int saved = errno;
  void* p = real_mmap(addr, len, prot, flags, where->fd, static_cast<off_t>(where->offset + uoff));
  if (p == MAP_FAILED)
    return p;
  const auto start = reinterpret_cast<uintptr_t>(p);
  forget_range(start, start + pages, &dropped);
  s.maps.emplace(start, Mapping{start + pages, shm});
  s.map_count.store(s.maps.size(), std::memory_order_release);
  errno = saved;
  return p;
}

int do_munmap(void* addr, size_t len) {
  State& s = state();
  if (s.map_count.load(std::memory_order_acquire) == 0)
    return real_munmap(addr, len);
  std::vector<std::shared_ptr<TeeShm>> dropped; // released after the lock
  std::lock_guard lock(s.maps_mutex);
  const int rc = real_munmap(addr, len);
  if (rc == 0 && len != 0) {
    const int saved = errno;
    const auto start = reinterpret_cast<uintptr_t>(addr);
    forget_range(start, page_end(start, len), &dropped);
    errno = saved;
  }
  return rc;
}

int do_close(int fd) {
  State& s = state();
  if (fd < 0 || s.fd_count.load(std::memory_order_acquire) == 0)
    return real_close(fd);
  Entry entry; // released after the lock: a device closes its sessions then
  int rc = 0;
  {
    std::lock_guard lock(s.fds_mutex);
    auto it = s.fds.find(fd);
    if (it == s.fds.end())
      return real_close(fd);
    entry = std::move(it->second);
    s.fds.erase(it);
    s.fd_count.store(s.fds.size(), std::memory_order_release);
    if (entry.privileged)
      s.privileged_open = false;
    // Still under the lock: the number must not be handed out again before it is forgotten.
    rc = real_close(fd);
  }
  const int saved = errno;
  // The supplicant is gone even if a thread of it still waits in SUPPL_RECV (holding the
  // device): its requests fail now, that thread returns, and another one may attach.
  if (entry.privileged && entry.device)
    entry.device->release_supplicant();
  entry = Entry{};
  errno = saved;
  return rc;
}

} // namespace
} // namespace swemu::bridge

using namespace swemu::bridge;

extern "C" {

__attribute__((visibility("default"))) int open(const char* path, int flags, ...) {
  mode_t mode = 0;
  if (takes_mode(flags)) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(open, OpenFn);
  if (next_open == nullptr)
    return opened_elsewhere(raw_openat(AT_FDCWD, path, flags, mode));
  return opened_elsewhere(next_open(path, flags, mode));
}

__attribute__((visibility("default"))) int open64(const char* path, int flags, ...) {
  mode_t mode = 0;
  if (takes_mode(flags)) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(open64, OpenFn);
  if (next_open64 == nullptr)
    return opened_elsewhere(raw_openat(AT_FDCWD, path, flags | O_LARGEFILE, mode));
  return opened_elsewhere(next_open64(path, flags, mode));
}

__attribute__((visibility("default"))) int openat(int dirfd, const char* path, int flags, ...) {
  mode_t mode = 0;
  if (takes_mode(flags)) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(openat, OpenAtFn);
  if (next_openat == nullptr)
    return opened_elsewhere(raw_openat(dirfd, path, flags, mode));
  return opened_elsewhere(next_openat(dirfd, path, flags, mode));
}

__attribute__((visibility("default"))) int openat64(int dirfd, const char* path, int flags, ...) {
  mode_t mode = 0;
  if (takes_mode(flags)) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(openat64, OpenAtFn);
  if (next_openat64 == nullptr)
    return opened_elsewhere(raw_openat(dirfd, path, flags | O_LARGEFILE, mode));
  return opened_elsewhere(next_openat64(dirfd, path, flags, mode));
}

// glibc's _FORTIFY_SOURCE entry points: the same calls without a mode.
// NOLINTBEGIN(bugprone-reserved-identifier): glibc's names
__attribute__((visibility("default"))) int __open_2(const char* path, int flags) {
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(__open_2, Open2Fn);
  if (next___open_2 == nullptr)
    return opened_elsewhere(raw_openat(AT_FDCWD, path, flags, 0));
  return opened_elsewhere(next___open_2(path, flags));
}

__attribute__((visibility("default"))) int __open64_2(const char* path, int flags) {
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(__open64_2, Open2Fn);
  if (next___open64_2 == nullptr)
    return opened_elsewhere(raw_openat(AT_FDCWD, path, flags | O_LARGEFILE, 0));
  return opened_elsewhere(next___open64_2(path, flags));
}

__attribute__((visibility("default"))) int __openat_2(int dirfd, const char* path, int flags) {
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(__openat_2, OpenAt2Fn);
  if (next___openat_2 == nullptr)
    return opened_elsewhere(raw_openat(dirfd, path, flags, 0));
  return opened_elsewhere(next___openat_2(dirfd, path, flags));
}

__attribute__((visibility("default"))) int __openat64_2(int dirfd, const char* path, int flags) {
  if (auto fd = open_ours(path))
    return *fd;
  SWEMU_NEXT(__openat64_2, OpenAt2Fn);
  if (next___openat64_2 == nullptr)
    return opened_elsewhere(raw_openat(dirfd, path, flags | O_LARGEFILE, 0));
  return opened_elsewhere(next___openat64_2(dirfd, path, flags));
}

// NOLINTEND(bugprone-reserved-identifier)

__attribute__((visibility("default"))) int ioctl(int fd, unsigned long request, ...) {
  va_list ap;
  va_start(ap, request);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  return do_ioctl(fd, request, arg);
}

__attribute__((visibility("default"))) void* mmap(void* addr, size_t len, int prot, int flags,
                                                  int fd, off_t off) {
  return do_mmap(addr, len, prot, flags, fd, off);
}

__attribute__((visibility("default"))) void* mmap64(void* addr, size_t len, int prot, int flags,
                                                    int fd, off_t off) {
  return do_mmap(addr, len, prot, flags, fd, off);
}

__attribute__((visibility("default"))) int munmap(void* addr, size_t len) {
  return do_munmap(addr, len);
}

__attribute__((visibility("default"))) int close(int fd) {
  return do_close(fd);
}

} // extern "C"
