// TeeDevice: the /dev/tee0 ioctl layer, called directly with user buffers in this process.
#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <linux/tee.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hello_ta.h"
#include "swemu/bridge/driver.h"
#include "swemu/bridge/tee_device.h"
#include "swemu/bridge/transport.h"

namespace swemu::bridge {
namespace {

constexpr uint32_t kAllCaps = TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM | TEE_GEN_CAP_MEMREF_NULL;
constexpr uint32_t kTeeSuccess = 0;
constexpr uint32_t kTeeShortBuffer = 0xFFFF0010;

// An OPEN_SESSION or INVOKE buffer: the arg struct then the params, 8-byte aligned.
class CallBuffer {
public:
  CallBuffer(size_t header, uint32_t num_params)
      : header_(header), words_((header + num_params * sizeof(tee_ioctl_param)) / 8) {}

  uint8_t* data() { return reinterpret_cast<uint8_t*>(words_.data()); }
  size_t size() const { return words_.size() * 8; }
  tee_ioctl_param& param(size_t i) {
    return reinterpret_cast<tee_ioctl_param*>(data() + header_)[i];
  }
  tee_ioctl_open_session_arg& open() {
    return *reinterpret_cast<tee_ioctl_open_session_arg*>(data());
  }
  tee_ioctl_invoke_arg& invoke() { return *reinterpret_cast<tee_ioctl_invoke_arg*>(data()); }
  tee_ioctl_buf_data buf() { return {reinterpret_cast<uint64_t>(data()), size()}; }

private:
  size_t header_;
  std::vector<uint64_t> words_;
};

class TeeDeviceTest : public ::testing::Test {
protected:
  void SetUp() override {
    InProcessOptions options;
    options.config.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
    options.config.ta_dirs = {SWEMU_TEST_TA_DIR};
    auto transport = InProcessTransport::create(options);
    ASSERT_TRUE(transport.ok()) << transport.error().message;
    auto driver = Driver::create(std::move(transport).value());
    ASSERT_TRUE(driver.ok()) << driver.error().message;
    driver_ = *driver;
    baseline_blocks_ = driver_->pool().live_blocks();
    dev_ = make_device(kAllCaps);
  }

  // The fds a client would hold: the installer keeps each new shm here.
  std::unique_ptr<TeeDevice> make_device(uint32_t caps) {
    return std::make_unique<TeeDevice>(driver_, TeeDeviceOptions{caps, false},
                                       [this](std::shared_ptr<TeeShm> shm) {
                                         std::lock_guard lock(fds_mutex_);
                                         const int fd = next_fd_++;
                                         fds_.emplace(fd, std::move(shm));
                                         return fd;
                                       });
  }
  void close_fd(int fd) {
    std::lock_guard lock(fds_mutex_);
    fds_.erase(fd);
  }

  static Uuid hello_uuid(const char* text = HELLO_TA_UUID_STR) { return *Uuid::parse(text); }

  // OPEN_SESSION with four NONE params; the session id, or fails the test.
  uint32_t open_hello(TeeDevice& dev, const char* uuid = HELLO_TA_UUID_STR) {
    CallBuffer b(sizeof(tee_ioctl_open_session_arg), 4);
    std::memcpy(b.open().uuid, hello_uuid(uuid).octets.data(), 16);
    b.open().num_params = 4;
    auto buf = b.buf();
    EXPECT_EQ(dev.ioctl(TEE_IOC_OPEN_SESSION, &buf), 0);
    EXPECT_EQ(b.open().ret, kTeeSuccess);
    return b.open().session;
  }

  static CallBuffer invoke_buffer(uint32_t session, uint32_t func, uint32_t num_params = 4) {
    CallBuffer b(sizeof(tee_ioctl_invoke_arg), num_params);
    b.invoke().session = session;
    b.invoke().func = func;
    b.invoke().num_params = num_params;
    return b;
  }
  static long invoke(TeeDevice& dev, CallBuffer& b) {
    auto buf = b.buf();
    return dev.ioctl(TEE_IOC_INVOKE, &buf);
  }
  static void memref(CallBuffer& b, size_t i, uint64_t type, uint64_t offset, uint64_t size,
                     uint64_t id) {
    b.param(i) = {type, offset, size, id};
  }

  int alloc_shm(uint64_t size, int32_t* id) {
    tee_ioctl_shm_alloc_data d{size, 0, -1};
    const long fd = dev_->ioctl(TEE_IOC_SHM_ALLOC, &d);
    *id = d.id;
    return static_cast<int>(fd);
  }
  int register_shm(void* addr, uint64_t length, int32_t* id, TeeDevice* dev = nullptr) {
    tee_ioctl_shm_register_data d{reinterpret_cast<uint64_t>(addr), length, 0, -1};
    const long fd = (dev != nullptr ? dev : dev_.get())->ioctl(TEE_IOC_SHM_REGISTER, &d);
    *id = d.id;
    return static_cast<int>(fd);
  }

  std::shared_ptr<Driver> driver_;
  size_t baseline_blocks_ = 0;
  std::unique_ptr<TeeDevice> dev_;
  std::mutex fds_mutex_;
  std::map<int, std::shared_ptr<TeeShm>> fds_;
  int next_fd_ = 100;
};

TEST_F(TeeDeviceTest, VersionReportsOpteeAndTheConfiguredCaps) {
  tee_ioctl_version_data v{};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_VERSION, &v), 0);
  EXPECT_EQ(v.impl_id, TEE_IMPL_ID_OPTEE);
  EXPECT_EQ(v.impl_caps, TEE_OPTEE_CAP_TZ);
  EXPECT_EQ(v.gen_caps, kAllCaps);

  auto gp_only = make_device(TEE_GEN_CAP_GP);
  EXPECT_EQ(gp_only->ioctl(TEE_IOC_VERSION, &v), 0);
  EXPECT_EQ(v.gen_caps, uint32_t{TEE_GEN_CAP_GP});

  TeeDevice priv(driver_, TeeDeviceOptions{kAllCaps, true}, {});
  EXPECT_EQ(priv.ioctl(TEE_IOC_VERSION, &v), 0);
  EXPECT_EQ(v.gen_caps, kAllCaps | TEE_GEN_CAP_PRIVILEGED);
}

TEST_F(TeeDeviceTest, BadArgumentPointersAreEfault) {
  EXPECT_EQ(dev_->ioctl(TEE_IOC_VERSION, nullptr), -EFAULT);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_ALLOC, nullptr), -EFAULT);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_REGISTER, nullptr), -EFAULT);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_OPEN_SESSION, nullptr), -EFAULT);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_INVOKE, reinterpret_cast<void*>(0x10)), -EFAULT);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_CANCEL, nullptr), -EFAULT);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_CLOSE_SESSION, nullptr), -EFAULT);
  // A good buf_data naming a bad buffer.
  tee_ioctl_buf_data buf{0x10, sizeof(tee_ioctl_invoke_arg) + 4 * sizeof(tee_ioctl_param)};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_INVOKE, &buf), -EFAULT);
  // A version struct in read-only memory cannot be written.
  void* ro = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(ro, MAP_FAILED);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_VERSION, ro), -EFAULT);
  munmap(ro, 4096);
}

// User memory is copied with a SIGSEGV/SIGBUS handler in place that turns a fault inside
// the copy into EFAULT. Faults anywhere else must still do what they did before.
TEST_F(TeeDeviceTest, BadPointersFromManyThreadsAtOnceAreEachEfault) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      tee_ioctl_version_data v{};
      for (int i = 0; i < 200; ++i) {
        if (dev_->ioctl(TEE_IOC_VERSION, reinterpret_cast<void*>(0x10 + i)) != -EFAULT)
          ++wrong;
        if (dev_->ioctl(TEE_IOC_VERSION, &v) != 0 || v.impl_id != TEE_IMPL_ID_OPTEE)
          ++wrong;
      }
    });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(wrong.load(), 0);
}

namespace {
[[noreturn]] void fault_outside_a_copy() {
  auto* page = static_cast<volatile char*>(
      mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  page[0] = 1;
  std::_Exit(0); // not reached
}
void exit_42(int) {
  std::_Exit(42);
}
} // namespace

TEST_F(TeeDeviceTest, AFaultOutsideItsCopiesReachesTheProgramsOwnHandler) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        struct sigaction own {};
        own.sa_handler = exit_42;
        sigaction(SIGSEGV, &own, nullptr);
        // The device's handler goes in at its first copy, on top of the program's.
        if (dev_->ioctl(TEE_IOC_VERSION, nullptr) != -EFAULT)
          std::_Exit(3);
        fault_outside_a_copy();
      },
      testing::ExitedWithCode(42), "");
}

TEST_F(TeeDeviceTest, AFaultOutsideItsCopiesStillEndsTheProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's own SIGSEGV handler was there first: it reports and exits with 1.
  const auto ended = testing::ExitedWithCode(1);
#else
  const auto ended = testing::KilledBySignal(SIGSEGV);
#endif
  EXPECT_EXIT(
      {
        if (dev_->ioctl(TEE_IOC_VERSION, nullptr) != -EFAULT)
          std::_Exit(3);
        fault_outside_a_copy();
      },
      ended, "");
}

TEST_F(TeeDeviceTest, UnknownRequestsAreEinvalLikeTheKernel) {
  int dummy = 0;
  EXPECT_EQ(dev_->ioctl(0xdeadbeef, &dummy), -EINVAL);
  EXPECT_EQ(dev_->ioctl(_IOR(TEE_IOC_MAGIC, 42, int), &dummy), -EINVAL);
  // The supplicant calls are EINVAL on the client device (tests/supplicant_test.cpp has the
  // privileged one).
  tee_ioctl_buf_data buf{};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SUPPL_RECV, &buf), -EINVAL);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SUPPL_SEND, &buf), -EINVAL);
}

TEST_F(TeeDeviceTest, BufLenMustBeTheArgPlusExactlyNumParams) {
  const uint32_t session = open_hello(*dev_);
  CallBuffer b = invoke_buffer(session, HELLO_CMD_INC_VALUE);
  b.param(0) = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, 1, 0, 0};

  auto buf = b.buf();
  buf.buf_len -= 1; // one byte short of four params
  EXPECT_EQ(dev_->ioctl(TEE_IOC_INVOKE, &buf), -EINVAL);
  buf = b.buf();
  b.invoke().num_params = 3; // buffer holds four
  EXPECT_EQ(dev_->ioctl(TEE_IOC_INVOKE, &buf), -EINVAL);
  b.invoke().num_params = 0xFFFFFFFF; // would overflow a 32-bit size
  EXPECT_EQ(dev_->ioctl(TEE_IOC_INVOKE, &buf), -EINVAL);
  buf.buf_len = sizeof(tee_ioctl_invoke_arg) - 1; // shorter than the header
  EXPECT_EQ(dev_->ioctl(TEE_IOC_INVOKE, &buf), -EINVAL);
  // Above TEE_MAX_ARG_SIZE, however consistent.
  CallBuffer big = invoke_buffer(session, HELLO_CMD_INC_VALUE, 32);
  auto big_buf = big.buf();
  ASSERT_GT(big_buf.buf_len, uint64_t{TEE_MAX_ARG_SIZE});
  EXPECT_EQ(dev_->ioctl(TEE_IOC_INVOKE, &big_buf), -EINVAL);
  // The value was never touched by a refused call.
  EXPECT_EQ(b.param(0).a, 1u);

  CallBuffer o(sizeof(tee_ioctl_open_session_arg), 4);
  std::memcpy(o.open().uuid, hello_uuid().octets.data(), 16);
  o.open().num_params = 5;
  auto obuf = o.buf();
  EXPECT_EQ(dev_->ioctl(TEE_IOC_OPEN_SESSION, &obuf), -EINVAL);
  EXPECT_EQ(dev_->session_count(), 1u);
}

TEST_F(TeeDeviceTest, ParamAttrsOutsideTheUapiAreEinval) {
  const uint32_t session = open_hello(*dev_);
  for (uint64_t attr : {uint64_t{4}, uint64_t{8}, uint64_t{0xff}, uint64_t{0x200},
                        uint64_t{TEE_IOCTL_PARAM_ATTR_META}, // META alone
                        uint64_t{TEE_IOCTL_PARAM_ATTR_META | 1}, uint64_t{1} << 40}) {
    CallBuffer b = invoke_buffer(session, HELLO_CMD_INC_VALUE);
    b.param(1).attr = attr;
    EXPECT_EQ(invoke(*dev_, b), -EINVAL) << "attr " << attr;
  }
}

TEST_F(TeeDeviceTest, MemrefsMustNameALiveShmOfThisDeviceAndStayInside) {
  const uint32_t session = open_hello(*dev_);
  int32_t id = -1;
  ASSERT_GE(alloc_shm(100, &id), 0);
  const uint64_t size = dev_->find_shm(id)->size(); // a whole page
  ASSERT_EQ(size % 4096, 0u);

  auto try_memref = [&](uint64_t offset, uint64_t len, uint64_t shm) {
    CallBuffer b = invoke_buffer(session, HELLO_CMD_REVERSE);
    memref(b, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, offset, len, shm);
    return invoke(*dev_, b);
  };
  EXPECT_EQ(try_memref(0, size, id), 0);
  EXPECT_EQ(try_memref(size, 0, id), 0);
  EXPECT_EQ(try_memref(1, size, id), -EINVAL);
  EXPECT_EQ(try_memref(size + 1, 0, id), -EINVAL);
  EXPECT_EQ(try_memref(~uint64_t{0}, 2, id), -EINVAL); // offset + size wraps
  EXPECT_EQ(try_memref(2, ~uint64_t{0}, id), -EINVAL);
  EXPECT_EQ(try_memref(0, 1, 12345), -EINVAL);                    // no such id
  EXPECT_EQ(try_memref(0, 1, (uint64_t{1} << 32) | id), -EINVAL); // not an int id
  EXPECT_EQ(try_memref(0, 1, 0), -EINVAL);

  // Another device's shared memory is not this one's: its second object has an id this
  // device has not given out.
  auto other = make_device(kAllCaps);
  tee_ioctl_shm_alloc_data d{64, 0, -1};
  ASSERT_GE(other->ioctl(TEE_IOC_SHM_ALLOC, &d), 0);
  ASSERT_GE(other->ioctl(TEE_IOC_SHM_ALLOC, &d), 0);
  ASSERT_FALSE(dev_->find_shm(d.id));
  EXPECT_EQ(try_memref(0, 1, static_cast<uint64_t>(d.id)), -EINVAL);
}

TEST_F(TeeDeviceTest, NullMemrefsNeedTheCap) {
  auto no_null = make_device(TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM);
  const uint32_t s1 = open_hello(*no_null);
  CallBuffer b = invoke_buffer(s1, HELLO_CMD_REVERSE);
  memref(b, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 0, TEE_MEMREF_NULL);
  EXPECT_EQ(invoke(*no_null, b), -EINVAL);

  const uint32_t s2 = open_hello(*dev_);
  CallBuffer c = invoke_buffer(s2, HELLO_CMD_REVERSE);
  memref(c, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 0, TEE_MEMREF_NULL);
  EXPECT_EQ(invoke(*dev_, c), 0); // reached the TA: its answer is in ret
}

TEST_F(TeeDeviceTest, ShmAllocChecksFlagsAndSizeAndRoundsToPages) {
  tee_ioctl_shm_alloc_data d{16, 1, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_ALLOC, &d), -EINVAL);
  d = {0, 0, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_ALLOC, &d), -EINVAL);
  d = {uint64_t{1} << 40, 0, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_ALLOC, &d), -ENOMEM);
  d = {~uint64_t{0}, 0, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_ALLOC, &d), -ENOMEM);

  d = {17, 0, -1};
  const long fd = dev_->ioctl(TEE_IOC_SHM_ALLOC, &d);
  ASSERT_GE(fd, 0);
  EXPECT_GT(d.id, 0);
  EXPECT_EQ(d.size, 4096u);
  auto shm = dev_->find_shm(d.id);
  ASSERT_TRUE(shm);
  EXPECT_FALSE(shm->registered());
  auto where = shm->mapping();
  ASSERT_TRUE(where);
  EXPECT_GE(where->fd, 0);
  EXPECT_EQ(where->offset % 4096, 0u);
  EXPECT_EQ(where->length, 4096u);
}

TEST_F(TeeDeviceTest, ShmRegisterChecksItsArguments) {
  char buf[32] = {};
  tee_ioctl_shm_register_data d{reinterpret_cast<uint64_t>(buf), sizeof buf, 1, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_REGISTER, &d), -EINVAL); // flags
  d = {reinterpret_cast<uint64_t>(buf), 0, 0, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_REGISTER, &d), -EINVAL); // empty
  d = {0x10, 16, 0, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_REGISTER, &d), -EFAULT); // nothing there
  d = {~uint64_t{0} - 4, 16, 0, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_REGISTER, &d), -EFAULT); // wraps
  d = {reinterpret_cast<uint64_t>(buf), uint64_t{1} << 40, 0, -1};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_SHM_REGISTER, &d), -ENOMEM); // larger than the pool

  // Without REG_MEM the device does not register memory.
  auto gp_only = make_device(TEE_GEN_CAP_GP);
  int32_t id = -1;
  EXPECT_EQ(register_shm(buf, sizeof buf, &id, gp_only.get()), -EINVAL);

  // Registered memory cannot be mapped.
  ASSERT_GE(register_shm(buf, sizeof buf, &id), 0);
  auto shm = dev_->find_shm(id);
  ASSERT_TRUE(shm);
  EXPECT_TRUE(shm->registered());
  EXPECT_FALSE(shm->mapping());
  EXPECT_EQ(shm->size(), sizeof buf);
}

TEST_F(TeeDeviceTest, OpenInvokeCloseTheHelloTa) {
  const uint32_t session = open_hello(*dev_);
  EXPECT_EQ(dev_->session_count(), 1u);

  CallBuffer b = invoke_buffer(session, HELLO_CMD_INC_VALUE);
  b.param(0) = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, 41, 7, 9};
  ASSERT_EQ(invoke(*dev_, b), 0);
  EXPECT_EQ(b.invoke().ret, kTeeSuccess);
  EXPECT_EQ(b.param(0).a, 42u);

  // A TA error is ret and origin, with the ioctl succeeding.
  CallBuffer p = invoke_buffer(session, 0xBADu);
  ASSERT_EQ(invoke(*dev_, p), 0);
  EXPECT_NE(p.invoke().ret, kTeeSuccess);
  EXPECT_EQ(p.invoke().ret_origin, 4u); // TEE_ORIGIN_TRUSTED_APP

  tee_ioctl_cancel_arg cancel{0, session};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_CANCEL, &cancel), 0);
  cancel.session = session + 1000;
  EXPECT_EQ(dev_->ioctl(TEE_IOC_CANCEL, &cancel), -EINVAL);

  tee_ioctl_close_session_arg close{session};
  EXPECT_EQ(dev_->ioctl(TEE_IOC_CLOSE_SESSION, &close), 0);
  EXPECT_EQ(dev_->session_count(), 0u);
  EXPECT_EQ(dev_->ioctl(TEE_IOC_CLOSE_SESSION, &close), -EINVAL);
  EXPECT_EQ(invoke(*dev_, b), -EINVAL); // the session is gone
}

// TEE_IOC_CANCEL (optee-abi.md §1.5): by session and cancel id 0, as libteec sends it, a
// TA in TEE_Wait wakes with TEE_ERROR_CANCEL; by cancel id alone (session 0), an
// OPEN_SESSION waiting for its busy single-instance TA gives up with TEE_ERROR_CANCEL.
TEST_F(TeeDeviceTest, CancelIoctlEndsAWaitAndAnOpenWaitingForItsBusyTa) {
  const uint32_t api = open_hello(*dev_, "32b9de5a-f118-4231-beda-b0fe866fa18a"); // api_test
  CallBuffer wait = invoke_buffer(api, 15 /* API_TEST_CMD_WAIT */, 2);
  wait.param(0) = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, 30000, 1 /* unmasked */, 0};
  wait.param(1) = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0};
  std::atomic<bool> waited{false};
  std::thread waiter([&] {
    EXPECT_EQ(invoke(*dev_, wait), 0);
    waited = true;
  });
  tee_ioctl_cancel_arg by_session{0, api};
  for (int i = 0; i < 1000 && !waited; ++i) {
    EXPECT_EQ(dev_->ioctl(TEE_IOC_CANCEL, &by_session), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  waiter.join();
  EXPECT_EQ(wait.invoke().ret, 0xFFFF0002u); // TEE_ERROR_CANCEL
  EXPECT_LT(wait.param(1).a, 30000u);

  // ta2ta_test is single-instance: CALL_PEER keeps it busy for 5 s; the open starts well
  // after it (the wait is what the test needs, not its length).
  const char* kTa2Ta = "4ee124b9-8d89-450a-b2c4-30f5a305c492";
  const uint32_t first = open_hello(*dev_, kTa2Ta);
  CallBuffer busy = invoke_buffer(first, 7 /* TA2TA_CMD_CALL_PEER */, 2);
  busy.param(0) = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INPUT, 9, 5000, 0};
  busy.param(1) = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_OUTPUT, 0, 0, 0};
  std::thread holder([&] { EXPECT_EQ(invoke(*dev_, busy), 0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CallBuffer second(sizeof(tee_ioctl_open_session_arg), 0);
  std::memcpy(second.open().uuid, hello_uuid(kTa2Ta).octets.data(), 16);
  second.open().cancel_id = 77;
  std::atomic<bool> opened{false};
  std::thread opener([&] {
    auto buf = second.buf();
    EXPECT_EQ(dev_->ioctl(TEE_IOC_OPEN_SESSION, &buf), 0);
    opened = true;
  });
  tee_ioctl_cancel_arg by_cookie{77, 0};
  for (int i = 0; i < 1000 && !opened; ++i) {
    dev_->ioctl(TEE_IOC_CANCEL, &by_cookie); // -EINVAL until the open is under way
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  opener.join();
  EXPECT_EQ(second.open().ret, 0xFFFF0002u); // TEE_ERROR_CANCEL, long before the TA is free
  EXPECT_EQ(dev_->session_count(), 2u);
  holder.join();
}

TEST_F(TeeDeviceTest, OpenSessionReportsTaErrorsInRet) {
  CallBuffer b(sizeof(tee_ioctl_open_session_arg), 0);
  std::memcpy(b.open().uuid, hello_uuid("00000000-1111-2222-3333-444444444444").octets.data(), 16);
  auto buf = b.buf();
  ASSERT_EQ(dev_->ioctl(TEE_IOC_OPEN_SESSION, &buf), 0);
  EXPECT_EQ(b.open().ret, 0xFFFF0008u); // TEE_ERROR_ITEM_NOT_FOUND
  EXPECT_EQ(dev_->session_count(), 0u);
}

TEST_F(TeeDeviceTest, LoginsFollowTheKernel) {
  auto open_with = [&](uint32_t login) {
    CallBuffer b(sizeof(tee_ioctl_open_session_arg), 0);
    std::memcpy(b.open().uuid, hello_uuid().octets.data(), 16);
    b.open().clnt_login = login;
    auto buf = b.buf();
    const long rc = dev_->ioctl(TEE_IOC_OPEN_SESSION, &buf);
    return rc != 0 ? rc : static_cast<long>(b.open().ret);
  };
  EXPECT_EQ(open_with(TEE_IOCTL_LOGIN_REE_KERNEL), -EPERM);
  EXPECT_EQ(open_with(TEE_IOCTL_LOGIN_REE_KERNEL_MAX), -EPERM);
  EXPECT_EQ(open_with(TEE_IOCTL_LOGIN_APPLICATION), 0);      // "app=<executable>"
  EXPECT_EQ(open_with(TEE_IOCTL_LOGIN_USER_APPLICATION), 0); // "uid=...:app=..."
  EXPECT_EQ(open_with(3), -EINVAL);                          // no such login
  EXPECT_EQ(open_with(TEE_IOCTL_LOGIN_USER), 0);
  EXPECT_EQ(open_with(TEE_IOCTL_LOGIN_PUBLIC), 0);
}

TEST_F(TeeDeviceTest, AllocatedShmIsTheMemoryTheTaSees) {
  const uint32_t session = open_hello(*dev_);
  int32_t id = -1;
  const int fd = alloc_shm(17, &id);
  ASSERT_GE(fd, 0);
  auto where = fds_.at(fd)->mapping();
  ASSERT_TRUE(where);
  // What the preload layer does for mmap(shm fd): the pool's file at the object's offset.
  auto* p = static_cast<char*>(mmap(nullptr, 17, PROT_READ | PROT_WRITE, MAP_SHARED, where->fd,
                                    static_cast<off_t>(where->offset)));
  ASSERT_NE(p, MAP_FAILED);
  std::memcpy(p, "the secure world", 17);

  CallBuffer b = invoke_buffer(session, HELLO_CMD_REVERSE);
  memref(b, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 16, id);
  ASSERT_EQ(invoke(*dev_, b), 0);
  EXPECT_EQ(b.invoke().ret, kTeeSuccess);
  EXPECT_EQ(std::string(p, 16), "dlrow eruces eht");
  EXPECT_EQ(b.param(0).b, 16u);
  munmap(p, 17);
}

TEST_F(TeeDeviceTest, RegisteredStackBufferIsCopiedOnlyWhereTheParamsReach) {
  const uint32_t session = open_hello(*dev_);
  char buf[24] = "abcdefghijklmnopqrstuvw";
  int32_t id = -1;
  ASSERT_GE(register_shm(buf, sizeof buf, &id), 0);
  // Changed after registering: each call copies the client's current bytes.
  buf[2] = 'C';
  // REVERSE [2, 7): only those bytes come back reversed; the rest is the client's own,
  // even bytes it changes while the call runs would be (none of them are written).
  CallBuffer b = invoke_buffer(session, HELLO_CMD_REVERSE);
  memref(b, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 2, 5, id);
  ASSERT_EQ(invoke(*dev_, b), 0);
  EXPECT_EQ(b.invoke().ret, kTeeSuccess);
  EXPECT_EQ(std::string(buf), "abgfedChijklmnopqrstuvw");

  // COPY: p0 input [0, 4), p1 output [10, 14) of the same registration.
  CallBuffer c = invoke_buffer(session, HELLO_CMD_COPY);
  memref(c, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, 4, id);
  memref(c, 1, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 10, 4, id);
  ASSERT_EQ(invoke(*dev_, c), 0);
  EXPECT_EQ(c.invoke().ret, kTeeSuccess);
  EXPECT_EQ(std::string(buf), "abgfedChijabgfopqrstuvw");
  EXPECT_EQ(c.param(1).b, 4u);
}

TEST_F(TeeDeviceTest, ShortBufferReturnsTheNeededSizeWithTheIoctlSucceeding) {
  const uint32_t session = open_hello(*dev_);
  char in[8] = "1234567";
  char out[4] = {'x', 'x', 'x', 'x'};
  int32_t in_id = -1, out_id = -1;
  ASSERT_GE(register_shm(in, sizeof in, &in_id), 0);
  ASSERT_GE(register_shm(out, sizeof out, &out_id), 0);
  CallBuffer c = invoke_buffer(session, HELLO_CMD_COPY);
  memref(c, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT, 0, 8, in_id);
  memref(c, 1, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT, 0, 4, out_id);
  ASSERT_EQ(invoke(*dev_, c), 0);
  EXPECT_EQ(c.invoke().ret, kTeeShortBuffer);
  EXPECT_EQ(c.param(1).b, 8u);
  EXPECT_EQ(std::string(out, 4), "xxxx");
}

TEST_F(TeeDeviceTest, OutputIntoMemoryThatBecameReadOnlyIsEfault) {
  const uint32_t session = open_hello(*dev_);
  auto* page = static_cast<char*>(
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(page, MAP_FAILED);
  std::memcpy(page, "abcd", 4);
  int32_t id = -1;
  ASSERT_GE(register_shm(page, 4096, &id), 0);
  ASSERT_EQ(mprotect(page, 4096, PROT_READ), 0);
  CallBuffer b = invoke_buffer(session, HELLO_CMD_REVERSE);
  memref(b, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 4, id);
  EXPECT_EQ(invoke(*dev_, b), -EFAULT);
  EXPECT_EQ(std::string(page, 4), "abcd");
  // Unmapped memory is EFAULT on the way in.
  munmap(page, 4096);
  EXPECT_EQ(invoke(*dev_, b), -EFAULT);
}

TEST_F(TeeDeviceTest, ShmLivesWhileHeldAndItsIdDiesWithIt) {
  int32_t id = -1;
  const int fd = alloc_shm(5000, &id);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(driver_->pool().live_blocks(), baseline_blocks_ + 1);
  std::shared_ptr<TeeShm> mapping = fds_.at(fd); // as a mapping would hold it
  close_fd(fd);
  EXPECT_TRUE(dev_->find_shm(id));
  mapping.reset();
  EXPECT_FALSE(dev_->find_shm(id));
  EXPECT_EQ(driver_->pool().live_blocks(), baseline_blocks_);

  // A new object does not get the id of one that is still alive.
  int32_t a = -1, b = -1;
  ASSERT_GE(alloc_shm(64, &a), 0);
  ASSERT_GE(alloc_shm(64, &b), 0);
  EXPECT_NE(a, b);
}

TEST_F(TeeDeviceTest, DestroyingTheDeviceClosesItsSessionsAndForgetsItsShm) {
  // hello_single takes one session at a time: a second device gets it only once the first
  // device's session is closed.
  auto second = make_device(kAllCaps);
  auto try_open = [&]() {
    CallBuffer b(sizeof(tee_ioctl_open_session_arg), 0);
    std::memcpy(b.open().uuid, hello_uuid(HELLO_SINGLE_TA_UUID_STR).octets.data(), 16);
    auto buf = b.buf();
    EXPECT_EQ(second->ioctl(TEE_IOC_OPEN_SESSION, &buf), 0);
    return b.open().ret;
  };
  open_hello(*dev_, HELLO_SINGLE_TA_UUID_STR);
  EXPECT_EQ(try_open(), 0xFFFF000Du); // TEE_ERROR_BUSY

  int32_t id = -1;
  const int fd = alloc_shm(64, &id);
  ASSERT_GE(fd, 0);
  std::shared_ptr<TeeShm> held = fds_.at(fd);
  dev_.reset();
  EXPECT_EQ(try_open(), kTeeSuccess);
  // The memory stays valid for whoever holds it, and goes with the last holder.
  EXPECT_EQ(held->id(), id);
  fds_.clear();
  held.reset();
  // What remains beside the baseline are the driver's frame blocks kept for reuse.
  EXPECT_EQ(driver_->pool().live_blocks(), baseline_blocks_ + driver_->cached_frame_buffers());
}

TEST_F(TeeDeviceTest, ManyThreadsOnOneDevice) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const uint32_t session = open_hello(*dev_);
      char text[8];
      int32_t id = -1;
      for (int i = 0; i < kCalls; ++i) {
        CallBuffer b = invoke_buffer(session, HELLO_CMD_INC_VALUE);
        b.param(0) = {TEE_IOCTL_PARAM_ATTR_TYPE_VALUE_INOUT, static_cast<uint64_t>(t * 1000 + i), 0,
                      0};
        if (invoke(*dev_, b) != 0 || b.param(0).a != static_cast<uint64_t>(t * 1000 + i + 1))
          ++failures;
        std::memcpy(text, "0123456", 8);
        text[0] = static_cast<char>('a' + t);
        const int fd = register_shm(text, 7, &id);
        CallBuffer r = invoke_buffer(session, HELLO_CMD_REVERSE);
        memref(r, 0, TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT, 0, 7, id);
        if (fd < 0 || invoke(*dev_, r) != 0 || text[6] != 'a' + t || text[0] != '6')
          ++failures;
        close_fd(fd);
      }
      tee_ioctl_close_session_arg close{session};
      if (dev_->ioctl(TEE_IOC_CLOSE_SESSION, &close) != 0)
        ++failures;
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(dev_->session_count(), 0u);
}

TEST_F(TeeDeviceTest, GenCapsFromTheEnvironment) {
  unsetenv("SWEMU_TEE_GEN_CAPS");
  const uint32_t defaults = tee_gen_caps_from_environment(*driver_);
  EXPECT_EQ(defaults & (TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM),
            uint32_t{TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM});
  EXPECT_EQ((defaults & TEE_GEN_CAP_MEMREF_NULL) != 0, driver_->memref_null());
  setenv("SWEMU_TEE_GEN_CAPS", "0x1", 1);
  EXPECT_EQ(tee_gen_caps_from_environment(*driver_), uint32_t{TEE_GEN_CAP_GP});
  setenv("SWEMU_TEE_GEN_CAPS", "4", 1); // GP is always kept
  EXPECT_EQ(tee_gen_caps_from_environment(*driver_),
            uint32_t{TEE_GEN_CAP_GP | TEE_GEN_CAP_REG_MEM});
  setenv("SWEMU_TEE_GEN_CAPS", "0x3", 1); // PRIVILEGED is the device's to say
  EXPECT_EQ(tee_gen_caps_from_environment(*driver_), uint32_t{TEE_GEN_CAP_GP});
  setenv("SWEMU_TEE_GEN_CAPS", "lots", 1);
  EXPECT_EQ(tee_gen_caps_from_environment(*driver_), defaults);
  unsetenv("SWEMU_TEE_GEN_CAPS");
}

} // namespace
} // namespace swemu::bridge
