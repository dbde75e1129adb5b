// swemu_fuzz_monitor: a hostile normal world. Each input is decoded into a few SMCs —
// fast calls with arbitrary registers, CALL_WITH_ARG on optee_msg frames built in
// non-secure shared memory (well formed or not, at good or bad addresses), RETURN_FROM_RPC —
// issued to one secure world with the bundled manifests, so frames reach real sessions
// of the hello TAs. Sessions an input opened are closed at its end.
//
// Every value from the normal world must come back as an error code, never a crash, a
// hang or a leak (DESIGN.md); run under the asan preset to catch memory errors.
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "fuzz_support.h"
#include "swemu/core/log.h"
#include "swemu/core/smc.h"
#include "swemu/core/tee_abi.h"
#include "swemu/core/uuid.h"

namespace swemu::fuzz {
namespace {

using namespace swemu::abi;
using core::SmcRegs;

constexpr uint64_t kShmPa = 0x42000000;
constexpr uint64_t kShmSize = 64 * 1024;
constexpr uint64_t kPageSize = 4096;
constexpr int kMaxSmcs = 8;

// optee_msg_arg field offsets (optee-abi.md §2.3) and the param size (§2.2).
constexpr size_t kOffCmd = 0;
constexpr size_t kOffFunc = 4;
constexpr size_t kOffSession = 8;
constexpr size_t kOffCancelId = 12;
constexpr size_t kOffRet = 20;
constexpr size_t kOffRetOrigin = 24;
constexpr size_t kOffNumParams = 28;

// The TA commands fuzzed: hello's, except HELLO_CMD_SPIN (12), which only ends at the
// 60 s time limit; 13 is an unknown command.
constexpr std::array<uint32_t, 13> kFuncs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13};

constexpr std::array<uint32_t, 12> kFastCalls = {
    OPTEE_SMC_CALLS_COUNT,
    OPTEE_SMC_CALLS_UID,
    OPTEE_SMC_CALLS_REVISION,
    OPTEE_SMC_CALL_GET_OS_UUID,
    OPTEE_SMC_CALL_GET_OS_REVISION,
    OPTEE_SMC_CALL_RETURN_FROM_RPC,
    OPTEE_SMC_CALL_WITH_ARG,
    OPTEE_SMC_GET_SHM_CONFIG,
    OPTEE_SMC_EXCHANGE_CAPABILITIES,
    OPTEE_SMC_GET_THREAD_COUNT,
    0xB2001234, // unknown fast call
    0x32001234, // unknown yielding call
};

constexpr std::array<uint64_t, 9> kLogins = {
    TEE_LOGIN_PUBLIC,
    TEE_LOGIN_USER,
    TEE_LOGIN_GROUP,
    TEE_LOGIN_APPLICATION,
    TEE_LOGIN_APPLICATION_USER,
    TEE_LOGIN_APPLICATION_GROUP,
    TEE_LOGIN_REE_KERNEL,
    TEE_LOGIN_TRUSTED_APP,
    0x1'0000'0000,
};

// hello (one instance per session), hello32 (AArch32), hello_single (single instance),
// and a UUID no manifest names (looked up as <uuid>.ta in the TA directory).
const std::array<Uuid, 4>& ta_uuids() {
  static const std::array<Uuid, 4> uuids = {
      *Uuid::parse("8296e59f-0c73-418b-8e62-20011adec8d6"),
      *Uuid::parse("6a4e1f0c-1d2b-4c8e-9a57-3f1e2d3c4b5a"),
      *Uuid::parse("b915eda8-f1af-41a4-8b54-57e0bfa8e9f5"),
      *Uuid::parse("0badf00d-0000-4000-8000-000000000001"),
  };
  return uuids;
}

template <class T> void store(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}
template <class T> T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

class MonitorFuzzer {
public:
  MonitorFuzzer() {
    void* mem = mmap(nullptr, kShmSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) {
      std::perror("mmap");
      std::abort();
    }
    shm_ = static_cast<uint8_t*>(mem);
    core::SecureWorldConfig cfg;
    cfg.manifest_dirs = {SWEMU_FUZZ_MANIFEST_DIR};
    cfg.ta_dirs = {SWEMU_FUZZ_TA_DIR};
    cfg.random_seed = "swemu_fuzz_monitor";
    auto world = core::SecureWorld::create(cfg, core::NsShm{shm_, kShmPa, kShmSize});
    if (!world) {
      std::fprintf(stderr, "creating the secure world: %s\n", world.error().message.c_str());
      std::abort();
    }
    world_ = std::move(world.value());
  }

  void run(const uint8_t* data, size_t size) {
    InputReader in(data, size);
    std::memset(shm_, 0, kShmSize);
    opened_.clear();
    for (int i = 0; i < kMaxSmcs && !in.empty(); ++i)
      one_smc(in);
    // Calls the input left waiting for an RPC answer end now, with failed RPCs, so that no
    // secure thread (and nothing it holds) is carried into the next input.
    world_->abandon_rpcs();
    close_opened();
  }

private:
  // a1..a7: 32-bit values (what SMC32 reads), or full 64-bit ones whose high halves the
  // monitor must ignore.
  void fill_registers(InputReader& in, SmcRegs& r) {
    const bool wide = in.u8() & 1;
    for (int i = 1; i < 8; ++i)
      r.a[i] = wide ? in.u64() : in.u32();
  }

  void one_smc(InputReader& in) {
    SmcRegs r;
    const uint8_t kind = in.u8() % 9;
    switch (kind) {
    case 0: // a known function id
      r.a[0] = in.pick(kFastCalls);
      fill_registers(in, r);
      break;
    case 1: // any function id
      r.a[0] = in.u64();
      fill_registers(in, r);
      break;
    case 2:
    case 3:
    case 4:
    case 5:
      r.a[0] = OPTEE_SMC_CALL_WITH_ARG;
      build_frame(in, r);
      break;
    case 6: { // CALL_WITH_ARG on raw bytes
      const uint64_t off = (in.u16() * uint64_t{8}) % kShmSize;
      auto raw = in.bytes(std::min<uint64_t>(in.u8() * uint64_t{2}, kShmSize - off));
      std::memcpy(shm_ + off, raw.data(), raw.size());
      r.a[0] = OPTEE_SMC_CALL_WITH_ARG;
      point_at(in, r, kShmPa + off);
      break;
    }
    case 7:
      r.a[0] = OPTEE_SMC_CALL_RETURN_FROM_RPC;
      fill_registers(in, r);
      break;
    default: { // no SMC: fill shared memory that memrefs may point at
      const uint64_t off = in.u16() % kShmSize;
      auto raw = in.bytes(std::min<uint64_t>(in.u8(), kShmSize - off));
      std::memcpy(shm_ + off, raw.data(), raw.size());
      return;
    }
    }
    const SmcRegs out = world_->smc(r);
    // Bounded keys: the kind of call, which known function (or none), and the answer.
    const auto fid = static_cast<uint32_t>(r.a[0]);
    const auto known = std::find(kFastCalls.begin(), kFastCalls.end(), fid) - kFastCalls.begin();
    reach(feature_key({kind, static_cast<uint64_t>(known), static_cast<uint32_t>(out.a[0])}));
    if ((r.a[0] & 0xFFFFFFFF) == OPTEE_SMC_CALL_WITH_ARG && out.a[0] == OPTEE_SMC_RETURN_OK)
      after_frame(r);
  }

  // a1:a2 = the frame's address: exact most of the time, else misaligned, outside shared
  // memory, or with garbage in the high halves that SMC32 must ignore.
  void point_at(InputReader& in, SmcRegs& r, uint64_t pa) {
    switch (in.u8() % 16) {
    case 0:
      pa += 1 + in.u8() % 7;
      break;
    case 1:
      pa = in.u8() & 1 ? pa - kShmPa : pa + kShmSize;
      break;
    case 2:
      pa = in.u64();
      break;
    default:
      break;
    }
    r.a[1] = pa >> 32;
    r.a[2] = pa & 0xFFFFFFFF;
    if (in.u8() % 8 == 0) {
      r.a[1] |= uint64_t{in.u32()} << 32;
      r.a[2] |= uint64_t{in.u32()} << 32;
    }
    for (int i = 3; i < 8; ++i)
      r.a[i] = in.u8() % 4 == 0 ? in.u64() : 0;
  }

  uint32_t pick_session(InputReader& in) {
    const uint8_t b = in.u8();
    if (!opened_.empty() && b % 4 != 0)
      return opened_[b % opened_.size()];
    return b % 8 == 0 ? in.u32() : b % 4;
  }

  void write_param(InputReader& in, uint8_t* p) {
    uint64_t attr = 0;
    uint64_t a = 0;
    uint64_t b = 0;
    uint64_t c = 0;
    const uint8_t kind = in.u8() % 12;
    switch (kind) {
    case 0:
      break;
    case 1:
    case 2:
    case 3:
      attr = kind;
      a = in.u8() % 2 ? in.u64() : in.u8();
      b = in.u32();
      c = in.u32();
      break;
    case 4:
    case 5:
    case 6: { // temporary memory inside shared memory, or anywhere
      attr = OPTEE_MSG_ATTR_TYPE_TMEM_INPUT + (kind - 4);
      const uint8_t mode = in.u8();
      a = mode % 8 == 0 ? in.u64() : kShmPa + in.u16() % kShmSize;
      b = mode % 8 == 1 ? in.u64() : in.u16() % (kShmSize / 4);
      c = in.u8();
      if (mode & 0x80) // a cache attribute, which is allowed
        attr |= uint64_t{OPTEE_SMC_SHM_CACHED} << OPTEE_MSG_ATTR_CACHE_SHIFT;
      break;
    }
    case 7: // a NULL memref
      attr = OPTEE_MSG_ATTR_TYPE_TMEM_INPUT + in.u8() % 3;
      b = in.u16();
      break;
    case 8: // registered memory, which swemu does not support
      attr = OPTEE_MSG_ATTR_TYPE_RMEM_INPUT + in.u8() % 3;
      a = in.u16();
      b = in.u16();
      c = in.u32();
      break;
    case 9: // a META param where none may be
      attr = OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
      break;
    case 10: // non-contiguous memory, which swemu does not support
      attr = OPTEE_MSG_ATTR_NONCONTIG | OPTEE_MSG_ATTR_TYPE_TMEM_INPUT;
      a = kShmPa;
      b = in.u16();
      break;
    default:
      attr = in.u64();
      a = in.u64();
      b = in.u64();
      c = in.u64();
      break;
    }
    store(p, attr);
    store(p + 8, a);
    store(p + 16, b);
    store(p + 24, c);
  }

  void build_frame(InputReader& in, SmcRegs& r) {
    // 8-aligned; near a page's end the frame crosses it (EBADADDR).
    const uint64_t off = (in.u16() * uint64_t{8}) % kShmSize;
    uint8_t* f = shm_ + off;
    const uint64_t room = std::min(kShmSize - off, kPageSize - off % kPageSize);

    uint32_t cmd = 0;
    uint32_t func = 0;
    uint32_t session = 0;
    uint32_t num_params = 0;
    uint32_t first_ta_param = 0;
    const uint8_t what = in.u8();
    switch (what % 8) {
    case 0:
    case 1:
      cmd = OPTEE_MSG_CMD_OPEN_SESSION;
      num_params = 2 + in.u8() % 5;
      first_ta_param = 2;
      break;
    case 2:
    case 3:
    case 4:
      cmd = OPTEE_MSG_CMD_INVOKE_COMMAND;
      session = pick_session(in);
      func = in.u8() % 16 == 0 ? in.u32() : in.pick(kFuncs);
      num_params = in.u8() % 5;
      break;
    case 5:
      cmd = OPTEE_MSG_CMD_CLOSE_SESSION;
      session = pick_session(in);
      break;
    case 6:
      cmd = OPTEE_MSG_CMD_CANCEL;
      session = pick_session(in);
      break;
    default:
      cmd = in.u32();
      session = in.u32();
      func = in.u32();
      num_params = in.u8() % 6;
      break;
    }
    if (what & 0x80) // any count, up to past the page
      num_params = in.u8();

    std::vector<uint8_t> frame(optee_msg_get_arg_size(num_params));
    store(frame.data() + kOffCmd, cmd);
    store(frame.data() + kOffFunc, func);
    store(frame.data() + kOffSession, session);
    store(frame.data() + kOffCancelId, what & 0x40 ? in.u32() : 0);
    store(frame.data() + kOffRet, in.u8() % 8 == 0 ? in.u32() : 0);
    store(frame.data() + kOffNumParams, num_params);
    if (cmd == OPTEE_MSG_CMD_OPEN_SESSION && num_params >= 2)
      write_meta_params(in, frame.data() + kMsgArgHeaderSize);
    for (uint32_t i = first_ta_param; i < num_params && !in.empty(); ++i)
      write_param(in, frame.data() + kMsgArgHeaderSize + i * kMsgParamSize);
    std::memcpy(f, frame.data(), std::min<uint64_t>(frame.size(), room));
    point_at(in, r, kShmPa + off);
  }

  void write_meta_params(InputReader& in, uint8_t* p) {
    const uint8_t mode = in.u8();
    constexpr uint64_t kMetaValueIn = OPTEE_MSG_ATTR_META | OPTEE_MSG_ATTR_TYPE_VALUE_INPUT;
    store(p, mode % 16 == 0 ? in.u64() : kMetaValueIn);
    store(p + kMsgParamSize, mode % 16 == 1 ? in.u64() : kMetaValueIn);
    // TA UUID octets in value.a and value.b (optee-abi.md §2.5).
    if (mode % 8 == 7) {
      auto raw = in.bytes(16);
      std::memcpy(p + 8, raw.data(), raw.size());
    } else {
      const Uuid& uuid = in.pick(ta_uuids());
      std::memcpy(p + 8, uuid.octets.data(), uuid.octets.size());
    }
    auto client = in.bytes(16);
    std::memcpy(p + kMsgParamSize + 8, client.data(), client.size());
    store(p + kMsgParamSize + 24, in.pick(kLogins));
  }

  // Reads the answer in the frame the secure world took, wherever it was.
  void after_frame(const SmcRegs& r) {
    const uint64_t pa = (r.a[1] & 0xFFFFFFFF) << 32 | (r.a[2] & 0xFFFFFFFF);
    if (pa < kShmPa || pa - kShmPa > kShmSize - kMsgArgHeaderSize)
      return;
    const uint8_t* f = shm_ + (pa - kShmPa);
    const auto cmd = load<uint32_t>(f + kOffCmd);
    const auto ret = load<uint32_t>(f + kOffRet);
    reach(feature_key({std::min<uint32_t>(cmd, OPTEE_MSG_CMD_UNREGISTER_SHM + 1), ret,
                       load<uint32_t>(f + kOffRetOrigin)}));
    if (cmd == OPTEE_MSG_CMD_OPEN_SESSION && ret == TEE_SUCCESS)
      opened_.push_back(load<uint32_t>(f + kOffSession));
  }

  // Leaves no session behind, so the secure world's state does not grow from input to
  // input. A session the input closed itself is ITEM_NOT_FOUND; anything else leaks.
  void close_opened() {
    for (uint32_t id : opened_) {
      std::memset(shm_, 0, kMsgArgHeaderSize);
      store(shm_ + kOffCmd, OPTEE_MSG_CMD_CLOSE_SESSION);
      store(shm_ + kOffSession, id);
      SmcRegs r;
      r.a[0] = OPTEE_SMC_CALL_WITH_ARG;
      r.a[2] = kShmPa;
      const SmcRegs out = world_->smc(r);
      const auto ret = load<uint32_t>(shm_ + kOffRet);
      if (out.a[0] != OPTEE_SMC_RETURN_OK ||
          (ret != TEE_SUCCESS && ret != TEE_ERROR_ITEM_NOT_FOUND)) {
        std::fprintf(stderr, "closing session %u failed: a0 %#llx, ret %#x\n", id,
                     static_cast<unsigned long long>(out.a[0]), ret);
        std::abort();
      }
    }
  }

  uint8_t* shm_ = nullptr;
  std::unique_ptr<core::SecureWorld> world_;
  std::vector<uint32_t> opened_;
};

int test_one_input(const uint8_t* data, size_t size) {
  static MonitorFuzzer fuzzer;
  fuzzer.run(data, size);
  return 0;
}

} // namespace
} // namespace swemu::fuzz

int main(int argc, char** argv) {
  // Faults and bad frames are the point here; logging each one would dominate the run.
  swemu::log::set_level(std::getenv("SWEMU_FUZZ_LOG") ? std::getenv("SWEMU_FUZZ_LOG") : "off");
  return swemu::fuzz::run_driver(argc, argv, swemu::fuzz::test_one_input);
}
