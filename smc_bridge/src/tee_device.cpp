#include "swemu/bridge/tee_device.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <linux/tee.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <unistd.h>

#include "bridge_log.h"

namespace swemu::bridge {

using namespace swemu::abi;

// The layouts this file reads from user memory (optee-abi.md §1.6).
static_assert(sizeof(tee_ioctl_version_data) == 12);
static_assert(sizeof(tee_ioctl_shm_alloc_data) == 16);
static_assert(sizeof(tee_ioctl_shm_register_data) == 24);
static_assert(sizeof(tee_ioctl_buf_data) == 16);
static_assert(sizeof(tee_ioctl_param) == 32);
static_assert(sizeof(tee_ioctl_open_session_arg) == 56);
static_assert(sizeof(tee_ioctl_invoke_arg) == 24);
static_assert(sizeof(tee_ioctl_cancel_arg) == 8);
static_assert(sizeof(tee_ioctl_close_session_arg) == 4);

namespace {

constexpr uint32_t kKnownGenCaps = TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | TEE_GEN_CAP_MEMREF_NULL;

uint64_t page_size() {
  static const uint64_t size = [] {
    const long s = sysconf(_SC_PAGESIZE);
    return s > 0 ? static_cast<uint64_t>(s) : kPageSize;
  }();
  return size;
}

// copy_from_user and copy_to_user as the kernel has them: memory that is not mapped (or, for
// writes, not writable) makes the copy fail with EFAULT instead of crashing the client. The
// copy runs with a SIGSEGV/SIGBUS handler in place that, for a fault inside such a copy on
// this thread, jumps back out of it; any other fault goes to the handler the process had
// before (or the default action). No system call per copy: a process_vm_readv costs
// microseconds here, several times the rest of an invoke.
struct FaultHandlers {
  struct sigaction segv {};
  struct sigaction bus {};
};
FaultHandlers g_previous;

// The copy in progress on this thread, if any. Initial-exec: read in a signal handler.
__attribute__((tls_model("initial-exec"))) thread_local sigjmp_buf* tl_copy_jump = nullptr;

void on_fault(int sig, siginfo_t* info, void* context) {
  if (sigjmp_buf* jump = tl_copy_jump; jump != nullptr) {
    tl_copy_jump = nullptr;
    siglongjmp(*jump, 1);
  }
  const struct sigaction& previous = sig == SIGSEGV ? g_previous.segv : g_previous.bus;
  if ((previous.sa_flags & SA_SIGINFO) != 0 && previous.sa_sigaction != nullptr) {
    previous.sa_sigaction(sig, info, context);
    return;
  }
  if (previous.sa_handler == SIG_IGN)
    return;
  if (previous.sa_handler != SIG_DFL) {
    previous.sa_handler(sig);
    return;
  }
  // The default action: the process ends with this signal, as it would have without us.
  signal(sig, SIG_DFL);
  raise(sig);
}

bool install_fault_handlers() {
  static const bool ok = [] {
    struct sigaction action {};
    action.sa_sigaction = on_fault;
    // SA_NODEFER: leaving the handler by siglongjmp must not leave the signal blocked.
    action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGSEGV, &action, &g_previous.segv) != 0)
      return false;
    if (sigaction(SIGBUS, &action, &g_previous.bus) != 0) {
      sigaction(SIGSEGV, &g_previous.segv, nullptr);
      return false;
    }
    return true;
  }();
  if (!ok) {
    static std::once_flag warned;
    std::call_once(warned, [] {
      logger()->warn("cannot install a SIGSEGV handler ({}); user buffers are copied unchecked",
                     std::strerror(errno));
    });
  }
  return ok;
}

// NOLINTBEGIN(performance-no-int-to-ptr)
using UnalignedWord = uint64_t __attribute__((aligned(1), may_alias));

// Neither instrumented nor a libc call: the point is to touch memory that may not be there.
__attribute__((noinline, no_sanitize("address", "undefined"))) bool
guarded_copy(void* dst, const void* src, size_t n) {
  sigjmp_buf jump;
  if (sigsetjmp(jump, 0) != 0)
    return false; // a fault inside the copy came back here
  tl_copy_jump = &jump;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  auto* d = static_cast<volatile uint8_t*>(dst);
  const auto* s = static_cast<const volatile uint8_t*>(src);
  size_t i = 0;
  for (; i + sizeof(uint64_t) <= n; i += sizeof(uint64_t))
    *reinterpret_cast<volatile UnalignedWord*>(d + i) =
        *reinterpret_cast<const volatile UnalignedWord*>(s + i);
  for (; i < n; ++i)
    d[i] = s[i];
  std::atomic_signal_fence(std::memory_order_seq_cst);
  tl_copy_jump = nullptr;
  return true;
}

bool user_copy(bool write, uintptr_t user, void* local, size_t n) {
  if (n == 0)
    return true;
  if (user + n < user)
    return false; // wraps: no such memory
  if (!install_fault_handlers()) {
    if (write)
      std::memcpy(reinterpret_cast<void*>(user), local, n);
    else
      std::memcpy(local, reinterpret_cast<const void*>(user), n);
    return true;
  }
  return write ? guarded_copy(reinterpret_cast<void*>(user), local, n)
               : guarded_copy(local, reinterpret_cast<const void*>(user), n);
}

// NOLINTEND(performance-no-int-to-ptr)

bool copy_from_user(void* dst, uintptr_t src, size_t n) {
  return user_copy(false, src, dst, n);
}
bool copy_to_user(uintptr_t dst, const void* src, size_t n) {
  return user_copy(true, dst, const_cast<void*>(src), n);
}
template <class T> bool read_user(T* out, const void* arg) {
  return copy_from_user(out, reinterpret_cast<uintptr_t>(arg), sizeof *out);
}
template <class T> bool write_user(void* arg, const T& value) {
  return copy_to_user(reinterpret_cast<uintptr_t>(arg), &value, sizeof value);
}

bool is_memref(uint64_t type) {
  return type >= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT &&
         type <= TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}
bool is_output(uint64_t type) {
  return type == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT ||
         type == TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT ||
         type == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT ||
         type == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT;
}

} // namespace

uint32_t tee_gen_caps_from_environment(const Driver& driver) {
  uint32_t caps = TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM;
  if (driver.memref_null())
    caps |= TEE_GEN_CAP_MEMREF_NULL;
  const char* env = std::getenv("SWEMU_TEE_GEN_CAPS");
  if (env == nullptr || *env == '\0')
    return caps;
  char* end = nullptr;
  errno = 0;
  const unsigned long value = std::strtoul(env, &end, 0);
  if (errno != 0 || end == env || *end != '\0' || value > 0xFFFFFFFFul) {
    logger()->warn("SWEMU_TEE_GEN_CAPS='{}' is not a number; using {:#x}", env, caps);
    return caps;
  }
  caps = (static_cast<uint32_t>(value) & kKnownGenCaps) | TEE_GEN_CAP_GP;
  if ((caps & TEE_GEN_CAP_MEMREF_NULL) != 0 && !driver.memref_null()) {
    logger()->warn("SWEMU_TEE_GEN_CAPS: the secure world takes no NULL memrefs; MEMREF_NULL "
                   "dropped");
    caps &= ~uint32_t{TEE_GEN_CAP_MEMREF_NULL};
  }
  return caps;
}

// --- TeeShm ----------------------------------------------------------------------------

struct TeeShm::Registry {
  std::mutex mutex;
  std::map<int32_t, std::weak_ptr<TeeShm>> live; // an entry exists until its object is gone
  int32_t next_id = 1;
};

TeeShm::~TeeShm() {
  if (auto registry = registry_.lock()) {
    std::lock_guard lock(registry->mutex);
    registry->live.erase(id_);
  }
}

std::optional<ShmMapping> TeeShm::mapping() const {
  if (registered() || !driver_)
    return std::nullopt;
  auto file = driver_->shared_memory_file(block_.host());
  if (!file || file->offset % page_size() != 0)
    return std::nullopt;
  return ShmMapping{file->fd, file->offset, size_};
}

// --- TeeDevice -------------------------------------------------------------------------

// One OPEN_SESSION or INVOKE: the user's buffer, its parsed params and the shared memory
// they name, held for the duration of the call.
struct TeeDevice::Call {
  bool open = false;
  uintptr_t user = 0;         // buf_ptr
  std::vector<uint8_t> bytes; // the arg struct and the params, as read
  size_t header = 0;          // sizeof the arg struct
  std::vector<tee_ioctl_param> raw;
  std::vector<Param> params;
  std::vector<std::shared_ptr<TeeShm>> shms; // per param; null unless a memref to shm
};

TeeDevice::TeeDevice(std::shared_ptr<Driver> driver, TeeDeviceOptions options,
                     ShmInstaller installer)
    : gen_caps_((options.gen_caps & kKnownGenCaps) |
                (options.privileged ? uint32_t{TEE_GEN_CAP_PRIVILEGED} : 0)),
      installer_(std::move(installer)), registry_(std::make_shared<TeeShm::Registry>()),
      context_(std::move(driver)) {
  if (options.privileged) {
    auto queue = context_.driver().supplicant_queue();
    if (queue->attach(this)) {
      auto service = context_.driver().serve_supplicant(queue);
      if (service) {
        supplicant_service_ = std::move(service).value();
        supplicant_ = std::move(queue);
      } else {
        logger()->warn("/dev/teepriv0: {}", service.error().message);
        queue->detach(this);
      }
    }
  }
}

TeeDevice::~TeeDevice() {
  release_supplicant();
}

void TeeDevice::release_supplicant() {
  if (!supplicant_)
    return;
  // The requests in service fail first: the service waits for its threads serving them.
  supplicant_->detach(this);
  std::unique_ptr<SupplicantService> service;
  {
    std::lock_guard lock(service_mutex_);
    service = std::move(supplicant_service_);
  }
}

long TeeDevice::ioctl(unsigned long request, void* arg) {
  // The kernel takes the command as an unsigned int.
  switch (static_cast<uint32_t>(request)) {
  case TEE_IOC_VERSION:
    return version(arg);
  case TEE_IOC_SHM_ALLOC:
    return shm_alloc(arg);
  case TEE_IOC_SHM_REGISTER:
    return shm_register(arg);
  case TEE_IOC_OPEN_SESSION:
    return open_session(arg);
  case TEE_IOC_INVOKE:
    return invoke(arg);
  case TEE_IOC_CANCEL:
    return cancel(arg);
  case TEE_IOC_CLOSE_SESSION:
    return close_session(arg);
  case TEE_IOC_SUPPL_RECV:
    return supp_recv(arg);
  case TEE_IOC_SUPPL_SEND:
    return supp_send(arg);
  default:
    return -EINVAL; // what tee_ioctl answers to a command it does not know
  }
}

long TeeDevice::version(void* arg) {
  tee_ioctl_version_data v{};
  v.impl_id = TEE_IMPL_ID_OPTEE;
  v.impl_caps = TEE_OPTEE_CAP_TZ;
  v.gen_caps = gen_caps_;
  return write_user(arg, v) ? 0 : -EFAULT;
}

std::shared_ptr<TeeShm> TeeDevice::new_shm() {
  std::shared_ptr<TeeShm> shm(new TeeShm);
  shm->driver_ = context_.shared_driver();
  shm->registry_ = registry_;
  std::lock_guard lock(registry_->mutex);
  // Ids are positive (libteec keeps -1 for "none") and not reused while an object with
  // the id, or the registry entry of a dying one, exists.
  do {
    shm->id_ = registry_->next_id;
    registry_->next_id = registry_->next_id == INT32_MAX ? 1 : registry_->next_id + 1;
  } while (registry_->live.count(shm->id_) != 0);
  registry_->live.emplace(shm->id_, shm);
  return shm;
}

std::shared_ptr<TeeShm> TeeDevice::find_shm(int32_t id) const {
  std::lock_guard lock(registry_->mutex);
  auto it = registry_->live.find(id);
  return it == registry_->live.end() ? nullptr : it->second.lock();
}

long TeeDevice::install(std::shared_ptr<TeeShm> shm) {
  const int fd = installer_ ? installer_(std::move(shm)) : -ENOSYS;
  return fd;
}

long TeeDevice::shm_alloc(void* arg) {
  tee_ioctl_shm_alloc_data data{};
  if (!read_user(&data, arg))
    return -EFAULT;
  if (data.flags != 0 || data.size == 0)
    return -EINVAL;
  // Whole pages, page-aligned: the memory is mmapped by the client (tee_shm_fop_mmap).
  const uint64_t page = page_size();
  const uint64_t pool = context_.driver().pool().region().size;
  if (data.size > pool)
    return -ENOMEM;
  const uint64_t size = (data.size + page - 1) & ~(page - 1);
  auto block = ShmBuffer::allocate(context_.driver().pool(), size, page);
  if (!block) {
    logger()->debug("SHM_ALLOC of {} bytes: {}", data.size, block.error().message);
    return -ENOMEM;
  }
  auto shm = new_shm();
  shm->block_ = std::move(block).value();
  shm->size_ = size;

  data.size = size;
  data.flags = 0;
  data.id = shm->id();
  if (!write_user(arg, data))
    return -EFAULT;
  return install(std::move(shm));
}

long TeeDevice::shm_register(void* arg) {
  tee_ioctl_shm_register_data data{};
  if (!read_user(&data, arg))
    return -EFAULT;
  if (data.flags != 0 || (gen_caps_ & TEE_GEN_CAP_REG_MEM) == 0 || data.length == 0)
    return -EINVAL;
  if (data.addr == 0 || data.addr + data.length < data.addr)
    return -EFAULT;
  if (data.length > context_.driver().pool().region().size)
    return -ENOMEM;
  auto block = ShmBuffer::allocate(context_.driver().pool(), data.length);
  if (!block) {
    logger()->debug("SHM_REGISTER of {} bytes: {}", data.length, block.error().message);
    return -ENOMEM;
  }
  // Reading the whole range now proves it is there, as pinning its pages does in the
  // kernel; each call copies the bytes its memrefs cover again.
  if (!copy_from_user(block->host(), data.addr, data.length))
    return -EFAULT;
  auto shm = new_shm();
  shm->block_ = std::move(block).value();
  shm->size_ = data.length;
  shm->user_addr_ = static_cast<uintptr_t>(data.addr);

  data.flags = 0;
  data.id = shm->id();
  if (!write_user(arg, data))
    return -EFAULT;
  return install(std::move(shm));
}

namespace {

// Reads the tee_ioctl_buf_data at `arg` and the buffer it names into `call` (kernel order:
// EFAULT for the pointers, EINVAL for a length out of [header, TEE_MAX_ARG_SIZE] or one that
// does not match num_params exactly).
// The arg struct's fields are read and patched at their offsets in the copy: the uapi
// structs end in a flexible array, which cannot be a member of anything.
template <class T> T field(const std::vector<uint8_t>& bytes, size_t offset) {
  T v;
  std::memcpy(&v, bytes.data() + offset, sizeof v);
  return v;
}
template <class T> void set_field(std::vector<uint8_t>& bytes, size_t offset, T v) {
  std::memcpy(bytes.data() + offset, &v, sizeof v);
}

long read_call_buffer(void* arg, size_t header, size_t num_params_offset, uintptr_t* user,
                      std::vector<uint8_t>* bytes) {
  tee_ioctl_buf_data buf{};
  if (!read_user(&buf, arg))
    return -EFAULT;
  if (buf.buf_len > TEE_MAX_ARG_SIZE || buf.buf_len < header)
    return -EINVAL;
  bytes->resize(static_cast<size_t>(buf.buf_len));
  *user = static_cast<uintptr_t>(buf.buf_ptr);
  if (!copy_from_user(bytes->data(), *user, bytes->size()))
    return -EFAULT;
  const auto num_params = field<uint32_t>(*bytes, num_params_offset);
  if (header + uint64_t{sizeof(tee_ioctl_param)} * num_params != buf.buf_len)
    return -EINVAL;
  return 0;
}

// A driver error: BAD_PARAMETERS and OUT_OF_MEMORY are the kernel's EINVAL and ENOMEM.
// Anything else went wrong on the way to or from the secure world, which the OP-TEE driver
// reports in ret (TEEC_ERROR_COMMUNICATION from COMMS) with the ioctl succeeding: nullopt.
std::optional<long> errno_for(const Error& e) {
  if (e.code == TEE_ERROR_BAD_PARAMETERS)
    return -EINVAL;
  if (e.code == TEE_ERROR_OUT_OF_MEMORY)
    return -ENOMEM;
  return std::nullopt;
}

} // namespace

long TeeDevice::open_session(void* arg) {
  Call call;
  call.open = true;
  call.header = sizeof(tee_ioctl_open_session_arg);
  if (long rc = read_call_buffer(arg, call.header, offsetof(tee_ioctl_open_session_arg, num_params),
                                 &call.user, &call.bytes))
    return rc;
  return run_call(call);
}

long TeeDevice::invoke(void* arg) {
  Call call;
  call.header = sizeof(tee_ioctl_invoke_arg);
  if (long rc = read_call_buffer(arg, call.header, offsetof(tee_ioctl_invoke_arg, num_params),
                                 &call.user, &call.bytes))
    return rc;
  return run_call(call);
}

long TeeDevice::run_call(Call& call) {
  // Params (params_from_user): attr within TYPE_MASK | META, META refused (only the
  // supplicant uses it), a known type, memrefs naming this device's live shm with
  // [a, a + b) inside it, or TEE_MEMREF_NULL when the device offers it.
  const size_t n = (call.bytes.size() - call.header) / sizeof(tee_ioctl_param);
  call.raw.resize(n);
  if (n != 0)
    std::memcpy(call.raw.data(), call.bytes.data() + call.header, n * sizeof(tee_ioctl_param));
  call.params.resize(n);
  call.shms.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const tee_ioctl_param& ip = call.raw[i];
    Param& p = call.params[i];
    if ((ip.attr & ~uint64_t{TEE_IOCTL_PARAM_ATTR_MASK}) != 0 ||
        (ip.attr & TEE_IOCTL_PARAM_ATTR_META) != 0)
      return -EINVAL;
    const uint64_t type = ip.attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
    switch (type) {
    case TEE_IOCTL_PARAM_ATTR_TYPE_NONE:
      break;
    case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT:
    case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT:
    case TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT:
      p = Param::value(static_cast<uint32_t>(type), ip.a, ip.b);
      p.c = ip.c;
      break;
    case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT:
    case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
    case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT: {
      if (ip.c == TEE_MEMREF_NULL) {
        if ((gen_caps_ & TEE_GEN_CAP_MEMREF_NULL) == 0)
          return -EINVAL;
        p = Param::memref(static_cast<uint32_t>(type), nullptr, ip.b);
        break;
      }
      auto shm = ip.c <= uint64_t{INT32_MAX} ? find_shm(static_cast<int32_t>(ip.c)) : nullptr;
      if (!shm)
        return -EINVAL;
      if (ip.a + ip.b < ip.a || ip.a + ip.b > shm->size())
        return -EINVAL;
      p = Param::memref(static_cast<uint32_t>(type), shm->host() + ip.a, ip.b);
      call.shms[i] = std::move(shm);
      break;
    }
    default:
      return -EINVAL;
    }
  }

  OpenSessionRequest request;
  if (call.open) {
    using A = tee_ioctl_open_session_arg;
    const auto login = field<uint32_t>(call.bytes, offsetof(A, clnt_login));
    if (login >= TEE_IOCTL_LOGIN_REE_KERNEL_MIN && login <= TEE_IOCTL_LOGIN_REE_KERNEL_MAX)
      return -EPERM;
    std::memcpy(request.ta.octets.data(), call.bytes.data() + offsetof(A, uuid), 16);
    request.login = login;
    std::memcpy(request.client_data.data(), call.bytes.data() + offsetof(A, clnt_uuid), 16);
    request.cancel_id = field<uint32_t>(call.bytes, offsetof(A, cancel_id));
    // The identity the kernel derives (tee_session_calc_client_uuid): a GROUP login for a
    // group the caller is not in is EPERM, a login method it does not offer EINVAL.
    if (auto who = client_uuid_for_login(request.login, request.client_data); !who)
      return who.error().code == TEE_ERROR_GENERIC ? -EPERM : -EINVAL;
  }

  // Registered memory: the mirror gets the client's current bytes, for every direction
  // (the TA sees the client's memory as it is, output buffers included).
  for (size_t i = 0; i < n; ++i) {
    const auto& shm = call.shms[i];
    if (shm && shm->registered() &&
        !copy_from_user(shm->host() + call.raw[i].a, shm->user_addr() + call.raw[i].a,
                        call.raw[i].b))
      return -EFAULT;
  }

  Reply reply;
  if (call.open) {
    auto r = context_.open_session(request, call.params);
    if (!r) {
      logger()->debug("OPEN_SESSION: {}", r.error().message);
      if (auto e = errno_for(r.error()))
        return *e;
      reply.ret = TEE_ERROR_COMMUNICATION;
      reply.origin = TEE_ORIGIN_COMMS;
    } else {
      reply = *r;
    }
  } else {
    using A = tee_ioctl_invoke_arg;
    auto r = context_.invoke(field<uint32_t>(call.bytes, offsetof(A, session)),
                             field<uint32_t>(call.bytes, offsetof(A, func)),
                             field<uint32_t>(call.bytes, offsetof(A, cancel_id)), call.params);
    if (!r) {
      logger()->debug("INVOKE: {}", r.error().message);
      if (auto e = errno_for(r.error()))
        return *e;
      reply.ret = TEE_ERROR_COMMUNICATION;
      reply.origin = TEE_ORIGIN_COMMS;
    } else {
      reply = *r;
    }
  }

  // Results into the user's buffer (params_to_user): values a, b, c and memref sizes for
  // the output directions; registered memory gets the bytes its output memrefs covered.
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    tee_ioctl_param& ip = call.raw[i];
    const uint64_t type = ip.attr & TEE_IOCTL_PARAM_ATTR_TYPE_MASK;
    if (!is_output(type))
      continue;
    if (is_memref(type)) {
      const auto& shm = call.shms[i];
      if (shm && shm->registered() &&
          !copy_to_user(shm->user_addr() + ip.a, shm->host() + ip.a, ip.b))
        ok = false;
      ip.b = call.params[i].size;
    } else {
      ip.a = call.params[i].a;
      ip.b = call.params[i].b;
      ip.c = call.params[i].c;
    }
  }
  if (n != 0)
    std::memcpy(call.bytes.data() + call.header, call.raw.data(), n * sizeof(tee_ioctl_param));
  if (call.open) {
    using A = tee_ioctl_open_session_arg;
    set_field(call.bytes, offsetof(A, session), reply.session);
    set_field(call.bytes, offsetof(A, ret), reply.ret);
    set_field(call.bytes, offsetof(A, ret_origin), reply.origin);
  } else {
    using A = tee_ioctl_invoke_arg;
    set_field(call.bytes, offsetof(A, ret), reply.ret);
    set_field(call.bytes, offsetof(A, ret_origin), reply.origin);
  }
  ok = ok && copy_to_user(call.user, call.bytes.data(), call.bytes.size());
  if (!ok) {
    // The client cannot learn about a session it could not be told of: close it, as the
    // kernel does.
    if (call.open && reply.ret == TEE_SUCCESS)
      (void)context_.close_session(reply.session);
    return -EFAULT;
  }
  return 0;
}

// --- The supplicant's side (optee-abi.md §1.7, §7.1; libteec-contract.md §3) ------------

bool TeeDevice::copy_supplicant_shm(bool to_shm, const SupplicantParam& p) {
  // The supplicant's shm c holds [a, a + size) of what the requester has in p.data.
  if (p.data == nullptr || p.data_size == 0 || p.c > uint64_t{INT32_MAX})
    return true;
  auto shm = find_shm(static_cast<int32_t>(p.c));
  if (!shm || p.a > shm->size() || p.data_size > shm->size() - p.a)
    return true; // not the supplicant's: it refuses the request itself
  if (shm->registered())
    return to_shm ? copy_to_user(shm->user_addr() + p.a, p.data, p.data_size)
                  : copy_from_user(p.data, shm->user_addr() + p.a, p.data_size);
  if (to_shm)
    std::memcpy(shm->host() + p.a, p.data, p.data_size);
  else
    std::memcpy(p.data, shm->host() + p.a, p.data_size);
  return true;
}

long TeeDevice::supp_recv(void* arg) {
  if (!supplicant_)
    return -EINVAL; // /dev/tee0 has no supplicant ops; a second teepriv0 is not attached
  using A = tee_iocl_supp_recv_arg;
  uintptr_t user = 0;
  std::vector<uint8_t> bytes;
  if (long rc = read_call_buffer(arg, sizeof(A), offsetof(A, num_params), &user, &bytes))
    return rc;
  const size_t n = (bytes.size() - sizeof(A)) / sizeof(tee_ioctl_param);
  std::vector<tee_ioctl_param> raw(n);
  if (n != 0)
    std::memcpy(raw.data(), bytes.data() + sizeof(A), n * sizeof(tee_ioctl_param));
  // supp_check_recv_params: at least one param, each NONE or a bare META (which, first,
  // says the supplicant understands meta params).
  if (n == 0)
    return -EINVAL;
  for (const tee_ioctl_param& ip : raw)
    if (ip.attr != TEE_IOCTL_PARAM_ATTR_TYPE_NONE && ip.attr != TEE_IOCTL_PARAM_ATTR_META)
      return -EINVAL;
  const bool meta = raw[0].attr == TEE_IOCTL_PARAM_ATTR_META;
  const size_t nm = meta ? 1 : 0;

  SupplicantQueue::Taken taken;
  if (long rc = supplicant_->take(this, n - nm, meta, &taken))
    return rc;
  const SupplicantRequest& req = *taken.request;
  std::fill(raw.begin(), raw.end(), tee_ioctl_param{});
  if (meta)
    raw[0] = {TEE_IOCTL_PARAM_ATTR_META | TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, taken.id, 0, 0};
  for (size_t i = 0; i < req.params.size(); ++i) {
    const SupplicantParam& p = req.params[i];
    raw[nm + i] = {p.attr, p.a, p.b, p.c};
    // The input bytes into the supplicant's shm (it would read the caller's memory itself).
    if (p.attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT ||
        p.attr == TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT)
      (void)copy_supplicant_shm(true, p);
  }
  set_field(bytes, offsetof(A, func), req.func);
  set_field(bytes, offsetof(A, num_params), static_cast<uint32_t>(nm + req.params.size()));
  std::memcpy(bytes.data() + sizeof(A), raw.data(), n * sizeof(tee_ioctl_param));
  logger()->debug("SUPPL_RECV: request {} func {} with {} params", taken.id, req.func,
                  req.params.size());
  return copy_to_user(user, bytes.data(), bytes.size()) ? 0 : -EFAULT;
}

long TeeDevice::supp_send(void* arg) {
  if (!supplicant_)
    return -EINVAL;
  // tee_ioctl_supp_send: the buffer holds at least the header and num_params params (it
  // may be longer: tee-supplicant reuses its RECV buffer).
  using A = tee_iocl_supp_send_arg;
  tee_ioctl_buf_data buf{};
  if (!read_user(&buf, arg))
    return -EFAULT;
  if (buf.buf_len > TEE_MAX_ARG_SIZE || buf.buf_len < sizeof(A))
    return -EINVAL;
  A head{};
  if (!copy_from_user(&head, static_cast<uintptr_t>(buf.buf_ptr), sizeof head))
    return -EFAULT;
  if (sizeof(A) + uint64_t{sizeof(tee_ioctl_param)} * head.num_params > buf.buf_len)
    return -EINVAL;
  std::vector<tee_ioctl_param> raw(head.num_params);
  if (!raw.empty() && !copy_from_user(raw.data(), static_cast<uintptr_t>(buf.buf_ptr) + sizeof(A),
                                      raw.size() * sizeof(tee_ioctl_param)))
    return -EFAULT;
  for (const tee_ioctl_param& ip : raw)
    if ((ip.attr & ~uint64_t{TEE_IOCTL_PARAM_ATTR_MASK}) != 0)
      return -EINVAL;

  std::optional<uint64_t> meta_id;
  if (!raw.empty() &&
      raw[0].attr == (TEE_IOCTL_PARAM_ATTR_META | TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT))
    meta_id = raw[0].a;
  std::shared_ptr<SupplicantRequest> req;
  size_t nm = 0;
  if (long rc = supplicant_->answer(this, meta_id, raw.size(), &req, &nm))
    return rc;
  // optee_supp_send: values of the output directions and memref sizes go back; the bytes
  // of output memrefs come from the supplicant's shm (memory that went away meanwhile
  // fails the request).
  uint32_t ret = head.ret;
  for (size_t i = 0; i < req->params.size(); ++i) {
    SupplicantParam& p = req->params[i];
    if (take_supplicant_answer(raw[nm + i], p) && !copy_supplicant_shm(false, p))
      ret = TEE_ERROR_COMMUNICATION;
  }
  // An SHM_ALLOC answer must name a live shm of the supplicant's of at least the size
  // asked for (optee_rpc_cmd_alloc_suppl looks the id up), else it is OUT_OF_MEMORY.
  if (req->func == OPTEE_RPC_CMD_SHM_ALLOC && ret == TEE_SUCCESS) {
    const SupplicantParam& p = req->params[0];
    auto shm = p.c <= uint64_t{INT32_MAX} ? find_shm(static_cast<int32_t>(p.c)) : nullptr;
    if (!shm || shm->size() < p.b)
      ret = TEE_ERROR_OUT_OF_MEMORY;
  }
  logger()->debug("SUPPL_SEND: func {} answered {:#x}", req->func, ret);
  supplicant_->complete(req, ret);
  return 0;
}

long TeeDevice::cancel(void* arg) {
  tee_ioctl_cancel_arg a{};
  if (!read_user(&a, arg))
    return -EFAULT;
  auto r = context_.cancel(a.session, a.cancel_id);
  if (!r) {
    logger()->debug("CANCEL: {}", r.error().message);
    if (auto e = errno_for(r.error()))
      return *e;
  }
  return 0;
}

long TeeDevice::close_session(void* arg) {
  tee_ioctl_close_session_arg a{};
  if (!read_user(&a, arg))
    return -EFAULT;
  auto r = context_.close_session(a.session);
  if (!r) {
    // A session this device did not open is EINVAL. Once the session is forgotten here, a
    // failure to tell the secure world is only logged, as the OP-TEE driver does.
    if (r.error().code == TEE_ERROR_BAD_PARAMETERS)
      return -EINVAL;
    logger()->warn("CLOSE_SESSION {:#x}: {}", a.session, r.error().message);
  }
  return 0;
}

} // namespace swemu::bridge
