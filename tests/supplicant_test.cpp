// The supplicant's /dev/teepriv0 (TEE_IOC_SUPPL_RECV/SEND) in one process: a supplicant
// thread that behaves like tee-supplicant (libteec-contract.md §3, optee-abi.md §7) serves
// the driver's LOAD_TA, and without one the driver's built-in supplicant does.
#include <gtest/gtest.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <linux/tee.h>
#include <sys/mman.h>
#include <unistd.h>

#include "daemon_fixture.h"
#include "hello_ta.h"
#include "swemu/bridge/driver.h"
#include "swemu/bridge/tee_device.h"
#include "swemu/bridge/transport.h"
#include "ta_file_builder.h"

namespace swemu::bridge {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kAllCaps = TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | TEE_GEN_CAP_MEMREF_NULL;
constexpr uint32_t kTeeSuccess = 0;
constexpr uint32_t kTeeItemNotFound = 0xFFFF0008;
constexpr uint32_t kTeeNotSupported = 0xFFFF000A;
constexpr uint32_t kTeeShortBuffer = 0xFFFF0010;
constexpr uint32_t kRpcLoadTa = 0; // OPTEE_RPC_CMD_* (optee-abi.md §2.9)
constexpr uint32_t kRpcShmAlloc = 6;
constexpr uint32_t kRpcShmFree = 7;
constexpr size_t kRpcNumParams = 5; // tee-supplicant's RPC_NUM_PARAMS

const test::TestRsaKey& key() {
  static test::TestRsaKey k(2048, 0x5e11);
  return k;
}

std::vector<uint8_t> signed_hello() {
  std::ifstream in(std::string(SWEMU_TEST_TA_DIR) + "/hello.elf", std::ios::binary);
  test::TaSpec spec;
  spec.elf.assign(std::istreambuf_iterator<char>(in), {});
  spec.uuid = *Uuid::parse(HELLO_TA_UUID_STR);
  spec.root = &key();
  return test::build_signed_ta(spec).bytes;
}

// The SUPPL_RECV/SEND buffer: tee_iocl_supp_recv_arg {func, num_params} (send_arg {ret,
// num_params}: one buffer serves both) and the params.
struct SuppBuffer {
  uint32_t func_or_ret;
  uint32_t num_params;
  tee_ioctl_param params[kRpcNumParams];
};
static_assert(sizeof(SuppBuffer) == 8 + kRpcNumParams * 32);

// A supplicant thread on a TeeDevice, doing what tee-supplicant does: RECV with five params
// and a META one, LOAD_TA from `dir` (a size query for an shm id it does not know),
// SHM_ALLOC with SHM_ALLOC (or posix_memalign + SHM_REGISTER) keeping the shm, SHM_FREE,
// NOT_SUPPORTED for the rest; each exchange logged.
class TestSupplicant {
public:
  enum class Mode { kShmAlloc, kShmRegister, kVanishAtFirstRequest };

  TestSupplicant(TeeDevice& dev, fs::path dir, Mode mode)
      : dev_(dev), dir_(std::move(dir)), mode_(mode), thread_([this] { loop(); }) {}
  ~TestSupplicant() { join(); }
  TestSupplicant(const TestSupplicant&) = delete;
  TestSupplicant& operator=(const TestSupplicant&) = delete;

  void join() {
    if (thread_.joinable())
      thread_.join();
  }
  std::vector<std::string> log() {
    std::lock_guard lock(mutex_);
    return log_;
  }
  int last_errno() const { return last_errno_; }

private:
  struct Shm {
    uint8_t* ptr = nullptr;
    uint64_t size = 0;
    bool registered = false;
  };

  void loop() {
    for (;;) {
      SuppBuffer b{};
      b.num_params = kRpcNumParams;
      b.params[0].attr = TEE_IOCTL_PARAM_ATTR_META;
      tee_ioctl_buf_data buf{reinterpret_cast<uint64_t>(&b), sizeof b};
      if (long rc = dev_.ioctl(TEE_IOC_SUPPL_RECV, &buf); rc != 0) {
        last_errno_ = static_cast<int>(-rc);
        return;
      }
      if (mode_ == Mode::kVanishAtFirstRequest) {
        add_log(fmt::format("func {} taken", b.func_or_ret));
        return;
      }
      size_t nm = 0;
      while (nm < b.num_params && (b.params[nm].attr & TEE_IOCTL_PARAM_ATTR_META) != 0)
        ++nm;
      tee_ioctl_param* p = b.params + nm;
      const size_t n = b.num_params - nm;
      uint32_t ret = kTeeNotSupported;
      switch (b.func_or_ret) {
      case kRpcLoadTa:
        ret = n == 2 ? load_ta(p) : 0xFFFF0006;
        break;
      case kRpcShmAlloc:
        ret = n == 1 ? shm_alloc(p) : 0xFFFF0006;
        break;
      case kRpcShmFree:
        ret = n == 1 ? shm_free(p) : 0xFFFF0006;
        break;
      default:
        add_log(fmt::format("func {} not supported", b.func_or_ret));
        break;
      }
      b.func_or_ret = ret; // num_params as received, the meta param included
      buf.buf_len = 8 + b.num_params * sizeof(tee_ioctl_param);
      if (long rc = dev_.ioctl(TEE_IOC_SUPPL_SEND, &buf); rc != 0) {
        last_errno_ = static_cast<int>(-rc);
        return;
      }
    }
  }

  uint32_t load_ta(tee_ioctl_param* p) {
    Uuid uuid;
    std::memcpy(uuid.octets.data(), &p[0].a, 8);
    std::memcpy(uuid.octets.data() + 8, &p[0].b, 8);
    const std::string before =
        fmt::format("LOAD_TA {} b={} c={}", uuid.str(), p[1].b, static_cast<int64_t>(p[1].c));
    std::ifstream in(dir_ / (uuid.str() + ".ta"), std::ios::binary);
    if (!in) {
      add_log(before + " -> not found");
      return kTeeItemNotFound;
    }
    const std::vector<char> bytes(std::istreambuf_iterator<char>(in), {});
    auto it = shms_.find(p[1].c);
    uint32_t ret = kTeeSuccess;
    if (it != shms_.end()) {
      if (p[1].a > it->second.size || p[1].b > it->second.size - p[1].a)
        return 0xFFFF0006;
      if (p[1].b < bytes.size())
        ret = kTeeShortBuffer;
      else
        std::memcpy(it->second.ptr + p[1].a, bytes.data(), bytes.size());
    }
    p[1].b = bytes.size();
    add_log(fmt::format("{} -> {:#x} b={}", before, ret, p[1].b));
    return ret;
  }

  uint32_t shm_alloc(tee_ioctl_param* p) {
    const uint64_t size = p[0].b;
    Shm shm;
    long fd = -1;
    int32_t id = -1;
    if (mode_ == Mode::kShmRegister) {
      void* mem = nullptr;
      if (posix_memalign(&mem, 4096, size) != 0)
        return 0xFFFF000C;
      tee_ioctl_shm_register_data d{reinterpret_cast<uint64_t>(mem), size, 0, -1};
      fd = dev_.ioctl(TEE_IOC_SHM_REGISTER, &d);
      id = d.id;
      shm = {static_cast<uint8_t*>(mem), size, true};
    } else {
      tee_ioctl_shm_alloc_data d{size, 0, -1};
      fd = dev_.ioctl(TEE_IOC_SHM_ALLOC, &d);
      id = d.id;
      if (fd >= 0)
        shm = {held_.at(static_cast<int>(fd))->host(), d.size, false};
    }
    if (fd < 0)
      return 0xFFFF000C;
    shms_[static_cast<uint64_t>(id)] = shm;
    fds_[static_cast<uint64_t>(id)] = static_cast<int>(fd);
    p[0].c = static_cast<uint64_t>(id);
    add_log(fmt::format("SHM_ALLOC attr={:#x} a={} b={} -> c={}", p[0].attr, p[0].a, size, id));
    return kTeeSuccess;
  }

  uint32_t shm_free(tee_ioctl_param* p) {
    add_log(fmt::format("SHM_FREE attr={:#x} b={}", p[0].attr, p[0].b));
    auto it = shms_.find(p[0].b);
    if (it == shms_.end())
      return 0xFFFF0006;
    held_.erase(fds_[p[0].b]);
    if (it->second.registered)
      std::free(it->second.ptr);
    shms_.erase(it);
    return kTeeSuccess;
  }

  void add_log(std::string line) {
    std::lock_guard lock(mutex_);
    log_.push_back(std::move(line));
  }

public:
  // The fds the supplicant's shm ioctls return (the installer of its device).
  static std::map<int, std::shared_ptr<TeeShm>> held_;

private:
  TeeDevice& dev_;
  fs::path dir_;
  Mode mode_;
  std::map<uint64_t, Shm> shms_;
  std::map<uint64_t, int> fds_;
  std::mutex mutex_;
  std::vector<std::string> log_;
  int last_errno_ = 0;
  std::thread thread_;
};

std::map<int, std::shared_ptr<TeeShm>> TestSupplicant::held_;

class Supplicant : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("swemu_suppl_" + std::to_string(getpid()));
    fs::remove_all(root_);
    for (const char* d : {"manifests", "ta", "supplicant", "builtin"})
      fs::create_directories(root_ / d);
    InProcessOptions options;
    options.config.manifest_dirs = {root_ / "manifests"};
    options.config.ta_dirs = {root_ / "ta"};
    options.config.ta_public_keys = {key().public_pem()};
    auto transport = InProcessTransport::create(options);
    ASSERT_TRUE(transport.ok()) << transport.error().message;
    auto driver = Driver::create(std::move(transport).value());
    ASSERT_TRUE(driver.ok()) << driver.error().message;
    driver_ = *driver;
    // A queue of the test's own, so that nothing else in the process is its supplicant.
    driver_->set_supplicant_queue(std::make_shared<SupplicantQueue>());
    driver_->set_supplicant_ta_dirs({root_ / "builtin"});
    client_ = device(false);
    TestSupplicant::held_.clear();
  }
  void TearDown() override {
    stop_supplicant();
    supplicant_.reset();
    priv_.reset();
    TestSupplicant::held_.clear();
    client_.reset();
    fs::remove_all(root_);
  }

  std::unique_ptr<TeeDevice> device(bool privileged) {
    int* next = &next_fd_;
    return std::make_unique<TeeDevice>(driver_, TeeDeviceOptions{kAllCaps, privileged},
                                       [next](std::shared_ptr<TeeShm> shm) {
                                         const int fd = (*next)++;
                                         TestSupplicant::held_.emplace(fd, std::move(shm));
                                         return fd;
                                       });
  }

  void start_supplicant(TestSupplicant::Mode mode) {
    priv_ = device(true);
    ASSERT_TRUE(priv_->supplicant_attached());
    supplicant_ = std::make_unique<TestSupplicant>(*priv_, root_ / "supplicant", mode);
  }
  // Ends a supplicant thread waiting in SUPPL_RECV, as closing its fd does.
  void stop_supplicant() {
    if (priv_)
      priv_->release_supplicant();
    if (supplicant_)
      supplicant_->join();
  }

  void write_hello(const char* dir) {
    const auto bytes = signed_hello();
    std::ofstream(root_ / dir / (std::string(HELLO_TA_UUID_STR) + ".ta"), std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }

  // OPEN_SESSION of hello through the client device; the TEE result (the session is closed
  // again).
  uint32_t open_hello() {
    union {
      tee_ioctl_open_session_arg arg;
      uint8_t bytes[sizeof(tee_ioctl_open_session_arg) + 4 * sizeof(tee_ioctl_param)];
      uint64_t align;
    } b{};
    std::memcpy(b.arg.uuid, Uuid::parse(HELLO_TA_UUID_STR)->octets.data(), 16);
    b.arg.num_params = 4;
    tee_ioctl_buf_data buf{reinterpret_cast<uint64_t>(&b), sizeof b};
    EXPECT_EQ(client_->ioctl(TEE_IOC_OPEN_SESSION, &buf), 0);
    if (b.arg.ret == kTeeSuccess) {
      tee_ioctl_close_session_arg close{b.arg.session};
      EXPECT_EQ(client_->ioctl(TEE_IOC_CLOSE_SESSION, &close), 0);
    }
    return b.arg.ret;
  }

  long recv(SuppBuffer& b, size_t len) {
    tee_ioctl_buf_data buf{reinterpret_cast<uint64_t>(&b), len};
    return priv_->ioctl(TEE_IOC_SUPPL_RECV, &buf);
  }
  long send(SuppBuffer& b, size_t len) {
    tee_ioctl_buf_data buf{reinterpret_cast<uint64_t>(&b), len};
    return priv_->ioctl(TEE_IOC_SUPPL_SEND, &buf);
  }

  fs::path root_;
  std::shared_ptr<Driver> driver_;
  std::unique_ptr<TeeDevice> client_;
  std::unique_ptr<TeeDevice> priv_;
  std::unique_ptr<TestSupplicant> supplicant_;
  int next_fd_ = 100;
};

std::vector<std::string> expected_exchange(size_t size, int id) {
  const std::string uuid = HELLO_TA_UUID_STR;
  return {
      fmt::format("LOAD_TA {} b=0 c=-1 -> 0x0 b={}", uuid, size), // the size query
      fmt::format("SHM_ALLOC attr=0x3 a=0 b={} -> c={}", size, id),
      fmt::format("LOAD_TA {} b={} c={} -> 0x0 b={}", uuid, size, id, size),
      fmt::format("SHM_FREE attr=0x3 b={}", id),
  };
}

TEST_F(Supplicant, TaOnlyTheSupplicantHasLoadsThroughIt) {
  write_hello("supplicant");
  start_supplicant(TestSupplicant::Mode::kShmAlloc);
  EXPECT_EQ(open_hello(), kTeeSuccess);
  stop_supplicant();
  EXPECT_EQ(supplicant_->log(), expected_exchange(signed_hello().size(), 1));
  // Released while waiting in RECV (EINTR) or just before it (EINVAL).
  EXPECT_TRUE(supplicant_->last_errno() == EINTR || supplicant_->last_errno() == EINVAL)
      << supplicant_->last_errno();
  EXPECT_EQ(driver_->rpc_allocations(), 0u);
}

TEST_F(Supplicant, SupplicantMemoryMayBeRegisteredUserMemory) {
  write_hello("supplicant");
  start_supplicant(TestSupplicant::Mode::kShmRegister);
  EXPECT_EQ(open_hello(), kTeeSuccess);
  stop_supplicant();
  EXPECT_EQ(supplicant_->log(), expected_exchange(signed_hello().size(), 1));
}

TEST_F(Supplicant, AttachedSupplicantIsAskedInsteadOfTheBuiltInOne) {
  write_hello("builtin");
  start_supplicant(TestSupplicant::Mode::kShmAlloc);
  EXPECT_EQ(open_hello(), kTeeItemNotFound);
  stop_supplicant();
  ASSERT_EQ(supplicant_->log().size(), 1u);
  EXPECT_NE(supplicant_->log()[0].find("not found"), std::string::npos);
}

TEST_F(Supplicant, WithoutASupplicantTheBuiltInOneServes) {
  write_hello("builtin");
  EXPECT_EQ(open_hello(), kTeeSuccess);
  // And again once a supplicant came and went.
  start_supplicant(TestSupplicant::Mode::kShmAlloc);
  stop_supplicant();
  priv_.reset();
  EXPECT_EQ(open_hello(), kTeeSuccess);
}

TEST_F(Supplicant, SupplicantGoneMidRequestFailsTheOpenThenTheBuiltInOneServes) {
  write_hello("builtin");
  start_supplicant(TestSupplicant::Mode::kVanishAtFirstRequest);
  auto open = std::async(std::launch::async, [this] { return open_hello(); });
  supplicant_->join(); // it took the LOAD_TA and will never answer
  EXPECT_EQ(supplicant_->log(), std::vector<std::string>{"func 0 taken"});
  EXPECT_EQ(open.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  priv_.reset(); // the supplicant's fd closes
  ASSERT_EQ(open.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_NE(open.get(), kTeeSuccess);
  EXPECT_EQ(open_hello(), kTeeSuccess);
  EXPECT_EQ(driver_->rpc_allocations(), 0u);
}

TEST_F(Supplicant, OneSupplicantAtATime) {
  priv_ = device(true);
  EXPECT_TRUE(priv_->supplicant_attached());
  auto second = device(true);
  EXPECT_FALSE(second->supplicant_attached());
  SuppBuffer b{};
  b.num_params = 1;
  tee_ioctl_buf_data buf{reinterpret_cast<uint64_t>(&b), 8 + 32};
  EXPECT_EQ(second->ioctl(TEE_IOC_SUPPL_RECV, &buf), -EINVAL);
  EXPECT_EQ(client_->ioctl(TEE_IOC_SUPPL_RECV, &buf), -EINVAL);
  priv_.reset();
  EXPECT_TRUE(device(true)->supplicant_attached()) << "free again once the first is closed";
}

TEST_F(Supplicant, SendWithoutARequestIsEinvalAndAnUnknownMetaIdEnoent) {
  priv_ = device(true);
  SuppBuffer b{};
  b.num_params = 1;
  b.params[0] = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, 0, 0, 0};
  EXPECT_EQ(send(b, 8 + 32), -EINVAL);
  b.params[0] = {TEE_IOCTL_PARAM_ATTR_META | TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, 7, 0, 0};
  EXPECT_EQ(send(b, 8 + 32), -ENOENT);
  b.num_params = 0;
  EXPECT_EQ(send(b, 8), -EINVAL);
}

// SUPPL_RECV sleeps interruptibly, as in the kernel: a signal whose handler lacks
// SA_RESTART ends it with EINTR; after one with SA_RESTART it goes on waiting and then
// takes the request that comes.
std::atomic<int> g_signals_handled{0};
constexpr uint32_t kUnknownCommand = 1234;

TEST_F(Supplicant, ASignalEndsRecvUnlessItsHandlerRestarts) {
  priv_ = device(true);
  for (const bool restart : {false, true}) {
    struct sigaction sa {};
    struct sigaction old {};
    sa.sa_handler = [](int) { g_signals_handled.fetch_add(1); };
    sa.sa_flags = restart ? SA_RESTART : 0;
    ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
    g_signals_handled = 0;
    SuppBuffer b{};
    std::promise<long> done;
    auto result = done.get_future();
    std::thread waiter([&] {
      b.num_params = 2;
      done.set_value(recv(b, 8 + 2 * 32));
    });
    // A signal that comes before the thread sleeps does not end its wait: keep sending.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    const int enough = restart ? 5 : INT_MAX;
    while (g_signals_handled.load() < enough && std::chrono::steady_clock::now() < deadline &&
           result.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready)
      pthread_kill(waiter.native_handle(), SIGUSR1);
    if (!restart) {
      ASSERT_EQ(result.wait_for(std::chrono::seconds(10)), std::future_status::ready);
      EXPECT_EQ(result.get(), -EINTR);
    } else {
      EXPECT_GE(g_signals_handled.load(), 5);
      EXPECT_NE(result.wait_for(std::chrono::milliseconds(50)), std::future_status::ready)
          << "the wait ended at a signal whose handler has SA_RESTART";
      std::vector<SupplicantParam> sp(1);
      sp[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT;
      sp[0].a = 5;
      auto request = std::async(std::launch::async, [&] {
        return driver_->supplicant_queue()->request(kUnknownCommand, sp);
      });
      ASSERT_EQ(result.wait_for(std::chrono::seconds(10)), std::future_status::ready);
      EXPECT_EQ(result.get(), 0);
      EXPECT_EQ(b.func_or_ret, kUnknownCommand);
      EXPECT_EQ(b.num_params, 1u); // the request's (RECV without META)
      EXPECT_EQ(b.params[0].a, 5u);
      b.func_or_ret = 0x77;
      b.num_params = 1;
      b.params[0] = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, 0, 0, 0};
      EXPECT_EQ(send(b, 8 + 32), 0);
      EXPECT_EQ(request.get(), std::optional<uint32_t>(0x77));
    }
    waiter.join();
    ASSERT_EQ(sigaction(SIGUSR1, &old, nullptr), 0);
  }
}

TEST_F(Supplicant, MalformedBuffersGetTheKernelsErrno) {
  priv_ = device(true);
  SuppBuffer b{};
  b.num_params = 1;
  EXPECT_EQ(recv(b, 7), -EINVAL);          // shorter than the header
  EXPECT_EQ(recv(b, 8 + 2 * 32), -EINVAL); // not num_params params exactly
  b.num_params = 0;
  EXPECT_EQ(recv(b, 8), -EINVAL); // no params at all
  b.num_params = 1;
  b.params[0].attr = TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT; // only NONE or META may come in
  EXPECT_EQ(recv(b, 8 + 32), -EINVAL);
  b.params[0] = {TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 16, 12345};
  EXPECT_EQ(recv(b, 8 + 32), -EINVAL);
  b.num_params = 40;
  std::vector<uint64_t> big((8 + 40 * 32) / 8);
  std::memcpy(big.data(), &b, 8);
  tee_ioctl_buf_data buf{reinterpret_cast<uint64_t>(big.data()), 8 + 40 * 32};
  EXPECT_EQ(priv_->ioctl(TEE_IOC_SUPPL_RECV, &buf), -EINVAL); // above TEE_MAX_ARG_SIZE
  EXPECT_EQ(priv_->ioctl(TEE_IOC_SUPPL_SEND, &buf), -EINVAL);
  buf = {0x10, 8 + 32};
  EXPECT_EQ(priv_->ioctl(TEE_IOC_SUPPL_RECV, &buf), -EFAULT);
  EXPECT_EQ(priv_->ioctl(TEE_IOC_SUPPL_SEND, &buf), -EFAULT);
  EXPECT_EQ(priv_->ioctl(TEE_IOC_SUPPL_RECV, nullptr), -EFAULT);
  b.num_params = 2; // more params than the buffer holds
  EXPECT_EQ(send(b, 8 + 32), -EINVAL);
  b.num_params = 1;
  b.params[0].attr = 0x1000; // not an attr
  EXPECT_EQ(send(b, 8 + 32), -EINVAL);
}

TEST_F(Supplicant, AnswersAreCheckedAgainstTheRequest) {
  write_hello("supplicant");
  priv_ = device(true);
  auto open = std::async(std::launch::async, [this] { return open_hello(); });
  // Taken with meta: the request's id comes first.
  SuppBuffer b{};
  b.num_params = kRpcNumParams;
  b.params[0].attr = TEE_IOCTL_PARAM_ATTR_META;
  ASSERT_EQ(recv(b, sizeof b), 0);
  EXPECT_EQ(b.func_or_ret, kRpcLoadTa);
  ASSERT_EQ(b.num_params, 3u);
  EXPECT_EQ(b.params[0].attr, TEE_IOCTL_PARAM_ATTR_META | TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT);
  EXPECT_EQ(b.params[1].attr, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT);
  EXPECT_EQ(b.params[2].attr, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT);
  EXPECT_EQ(b.params[2].c, TEE_MEMREF_NULL); // the size query names no memory
  const uint64_t id = b.params[0].a;
  // A wrong param count is EINVAL and leaves the request in service.
  b.num_params = 2;
  EXPECT_EQ(send(b, 8 + 2 * 32), -EINVAL);
  // Not found: the open ends with that answer.
  b.num_params = 3;
  b.func_or_ret = kTeeItemNotFound;
  b.params[0].a = id;
  EXPECT_EQ(send(b, sizeof b), 0);
  ASSERT_EQ(open.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_EQ(open.get(), kTeeItemNotFound);
  EXPECT_EQ(send(b, sizeof b), -ENOENT) << "answered once";
}

TEST_F(Supplicant, ShmAllocAnswerMustNameTheSupplicantsOwnShm) {
  priv_ = device(true);
  auto open = std::async(std::launch::async, [this] { return open_hello(); });
  SuppBuffer b{};
  auto take = [&] {
    b = {};
    b.num_params = kRpcNumParams;
    b.params[0].attr = TEE_IOCTL_PARAM_ATTR_META;
    return recv(b, sizeof b);
  };
  ASSERT_EQ(take(), 0);
  ASSERT_EQ(b.func_or_ret, kRpcLoadTa);
  b.params[2].b = 4096; // the size query's answer
  b.func_or_ret = kTeeSuccess;
  ASSERT_EQ(send(b, sizeof b), 0);
  ASSERT_EQ(take(), 0);
  ASSERT_EQ(b.func_or_ret, kRpcShmAlloc);
  ASSERT_EQ(b.num_params, 2u);
  EXPECT_EQ(b.params[1].attr, TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT);
  EXPECT_EQ(b.params[1].a, 0u); // OPTEE_RPC_SHM_TYPE_APPL
  EXPECT_EQ(b.params[1].b, 4096u);
  b.params[1].c = 999; // no shm of this supplicant
  b.func_or_ret = kTeeSuccess;
  ASSERT_EQ(send(b, sizeof b), 0);
  ASSERT_EQ(open.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_EQ(open.get(), 0xFFFF000Cu); // TEE_ERROR_OUT_OF_MEMORY
  EXPECT_EQ(driver_->rpc_allocations(), 0u);
}

// tests/clients/teepriv_supplicant.c, a tee-supplicant stand-in on raw ioctls, with a
// client thread in its process, under `swemu run --connect`: the secure world runs in the
// daemon, the driver and the supplicant in the program.
class SupplicantProgram : public test::DaemonFixture {
protected:
  void SetUp() override {
    DaemonFixture::SetUp();
    for (const char* d : {"manifests", "ta", "supplicant"})
      fs::create_directories(dir_ / d);
    std::ofstream(dir_ / "key.pem") << key().public_pem();
    const auto bytes = signed_hello();
    std::ofstream(dir_ / "supplicant" / (std::string(HELLO_TA_UUID_STR) + ".ta"), std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    size_ = bytes.size();
  }

  void start_daemon_without_tas() {
    const int log_fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    ASSERT_GE(log_fd, 0);
    daemon_ = test::spawn({SWEMU_TOOL_PATH, "serve", "--socket", socket_, "--manifests",
                           (dir_ / "manifests").string(), "--ta-dir", (dir_ / "ta").string(),
                           "--ta-key", (dir_ / "key.pem").string(), "--log-level", "info"},
                          log_fd, log_fd);
    close(log_fd);
    ASSERT_GT(daemon_, 0);
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      if (const int fd = test::connect_to(socket_); fd >= 0) {
        close(fd);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << "the daemon did not listen within 60 s";
  }

  std::vector<std::string> supplicant_log() const {
    std::ifstream in(dir_ / "supplicant.log");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  }

  size_t size_ = 0;
};

TEST_F(SupplicantProgram, LoadsTheTaOnlyItHasWithTheExactExchange) {
  for (const bool reg_mem : {false, true}) {
    // A daemon each time: it keeps a TA it loaded, and would not ask again.
    start_daemon_without_tas();
    std::filesystem::remove(dir_ / "supplicant.log");
    std::vector<std::string> args = {SWEMU_TEEPRIV_SUPPLICANT, "--log",
                                     (dir_ / "supplicant.log").string(), "--open",
                                     HELLO_TA_UUID_STR};
    if (reg_mem)
      args.insert(args.begin() + 1, "--reg-mem");
    args.push_back((dir_ / "supplicant").string());
    EXPECT_EQ(run_client(args, std::chrono::seconds(60)), 0)
        << (reg_mem ? "SHM_REGISTER" : "SHM_ALLOC");
    auto lines = supplicant_log();
    ASSERT_EQ(lines.size(), 5u) << ::testing::PrintToString(lines);
    EXPECT_EQ(lines.back().rfind("SUPPL_RECV: ", 0), 0u) << "ended by the close of its fd";
    lines.pop_back();
    EXPECT_EQ(lines, expected_exchange(size_, 1));
    stop_daemon();
  }
}

// The supplicant in a process of its own serves the daemon's other client processes, as
// tee-supplicant serves every process on Linux; one at a time, and another may attach
// once it is gone.
TEST_F(SupplicantProgram, ServesTheOtherProcessesOfTheDaemon) {
  start_daemon_without_tas();
  auto supplicant_count = [&] {
    const std::string log = daemon_log();
    size_t n = 0;
    for (size_t at = log.find("is the supplicant"); at != std::string::npos;
         at = log.find("is the supplicant", at + 1))
      ++n;
    return n;
  };
  auto start_supplicant_process = [&](size_t expected) {
    const pid_t pid =
        start_client({SWEMU_TEEPRIV_SUPPLICANT, "--log", (dir_ / "supplicant.log").string(),
                      (dir_ / "supplicant").string()});
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (supplicant_count() < expected && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(supplicant_count(), expected) << daemon_log();
    return pid;
  };
  const pid_t first = start_supplicant_process(1);

  // A second supplicant is refused: its open of /dev/teepriv0 fails (EBUSY), and it ends.
  EXPECT_EQ(run_client({SWEMU_TEEPRIV_SUPPLICANT, (dir_ / "supplicant").string()},
                       std::chrono::seconds(60)),
            std::optional<int>(1));

  // Only the supplicant has the TA: a client process gets it through the daemon.
  EXPECT_EQ(run_client({SWEMU_TEE0_HELLO_CLIENT, std::to_string(HELLO_CMD_INC_VALUE), "41"},
                       std::chrono::seconds(60)),
            std::optional<int>(0));
  EXPECT_EQ(supplicant_log(), expected_exchange(size_, 1));

  // Gone (killed in SUPPL_RECV): the next supplicant may attach.
  ASSERT_EQ(kill(first, SIGKILL), 0);
  EXPECT_EQ(test::wait_exit(first, std::chrono::seconds(30)), std::optional<int>(128 + SIGKILL));
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (daemon_log().find("is no longer the supplicant") == std::string::npos &&
         Clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const pid_t second = start_supplicant_process(2);
  ASSERT_EQ(kill(second, SIGKILL), 0);
  EXPECT_EQ(test::wait_exit(second, std::chrono::seconds(30)), std::optional<int>(128 + SIGKILL));
  stop_daemon();
}

} // namespace
} // namespace swemu::bridge
