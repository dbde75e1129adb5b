// swemu_fuzz_syscalls: a hostile TA. Each input is decoded into a few TA syscalls, by
// number, with arguments that mix small integers, GP constants, handles the instance
// holds, pointers into the TA's own memory (stack, image) and wild pointers. The handlers
// are called directly on a loaded hello TA instance, as the TA runtime calls them on
// `svc #0`, with in-memory secure storage behind the storage syscalls.
//
// Whatever a TA passes must come back as a TEE_Result, never a crash, a hang or a leak of
// host memory (DESIGN.md); run under the asan preset to catch memory errors.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "crypto/crypto.h"
#include "fuzz_support.h"
#include "storage/secure_storage.h"
#include "swemu/core/log.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::fuzz {
namespace {

using core::kTaStackTop;
using core::SyscallArgs;
using core::TaInstance;

constexpr int kMaxSyscalls = 12;
// A bigger stack than hello asks for: its top part is scratch memory the input fills.
constexpr uint32_t kStackSize = 16 * 1024;
constexpr uint64_t kScratch = kTaStackTop - kStackSize;
constexpr uint64_t kScratchSize = kStackSize;
// Out-parameter slots (handles, lengths) at the bottom of the scratch area.
constexpr uint64_t kSlots = kScratch;
constexpr uint64_t kSlotCount = 16;
// Storage syscalls (41-53) change the secure storage, which snapshots do not cover.
constexpr uint64_t kFirstStorageSyscall = 41;
constexpr uint64_t kLastStorageSyscall = 53;
constexpr uint64_t kGenerateKeySyscall = 54;
constexpr uint64_t kFirstUnknownSyscall = 71;
// RSA and DH key generation takes seconds at the top sizes: slow, not wrong.
constexpr uint64_t kMaxGeneratedKeyBits = 1024;

// Values that get the crypto and storage syscalls past their first checks: algorithms,
// modes, object types, attribute ids, key sizes, storage spaces and flags.
constexpr std::array<uint64_t, 48> kDictionary = {
    0x10000010, 0x10000110, 0x10000210, 0x10000310, 0x10000410, 0x10000510, // AES modes
    0x30000830, 0x70414930, 0x60000030, 0x70003042, 0x80000042, 0x80000044, // MAC, RSA, ECDSA
    0x50000001, 0x50000002, 0x50000004, 0x50000005, 0x50000006, 0x30000002, // digests, HMAC
    0x40000810, 0x40000710, 0x800040C0, 0x80000032, 0x60000230,             // AE, ECDH, RSA OAEP
    0xA0000010, 0xA0000000, 0xA1000030, 0xA1000032, 0xA1000041, 0xA1000042, // object types
    0xA00000BF, 0xA0000002, 0xA1000044,                                     // data, HMAC, ECDH
    0xC0000000, 0xD0000130, 0xC0000330, 0xF0000441, 0xD0000141, 0xC00001C0, // attribute ids
    0,          1,          2,          3,          4,          5,          // modes, counts
    128,        256,        2048,                                           // key sizes
    0x80000000,                                                             // PRIVATE_REE
};

// Addresses a TA must not be able to use: unmapped, the parameter window (nothing mapped
// outside entries), the top of the address space, a range that wraps.
constexpr std::array<uint64_t, 7> kWildPointers = {
    0,
    0x10,
    core::kTaParamBase,
    core::kTaHeapBase,
    kTaStackTop,
    ~uint64_t{0} - 7,
    uint64_t{1} << 40,
};

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  return {std::istreambuf_iterator<char>(in), {}};
}

class SyscallFuzzer {
public:
  SyscallFuzzer() : elf_(read_file(std::string(SWEMU_FUZZ_TA_DIR) + "/hello.elf")) { reload(); }

  void run(const uint8_t* data, size_t size) {
    if (storage_dirty_)
      reload();
    ta_->restore(*snapshot_);
    InputReader in(data, size);
    for (int i = 0; i < kMaxSyscalls && !in.empty(); ++i)
      step(in);
  }

private:
  // A fresh instance and storage; the snapshot is the instance before any syscall.
  void reload() {
    auto storage = core::storage::SecureStorage::open({});
    if (!storage)
      die("opening in-memory storage", storage.error().message);
    core::TaLoadOptions opts;
    opts.name = "hello";
    opts.stack_size = kStackSize;
    opts.deterministic = true;
    const std::string seed = "swemu_fuzz_syscalls";
    opts.rng = core::crypto::Rng::from_seed(
        std::span(reinterpret_cast<const uint8_t*>(seed.data()), seed.size()));
    opts.storage = std::move(storage.value());
    opts.storage_quota = 256 * 1024;
    ta_.reset(); // the old instance's storage handles go before a new one exists
    auto ta = TaInstance::create(elf_, opts);
    if (!ta)
      die("loading hello.elf", ta.error().message);
    ta_ = std::move(ta.value());
    auto snap = ta_->snapshot();
    if (!snap)
      die("taking a snapshot", snap.error().message);
    snapshot_ = std::move(snap.value());
    storage_dirty_ = false;
  }

  [[noreturn]] static void die(const char* what, const std::string& why) {
    std::fprintf(stderr, "%s: %s\n", what, why.c_str());
    std::abort();
  }

  // A handle the instance holds (any kind), or a stale or made-up one.
  uint64_t handle(InputReader& in) {
    const auto& c = ta_->crypto();
    std::vector<uint32_t> live;
    for (const auto& [h, o] : c.objects)
      live.push_back(h);
    for (const auto& [h, s] : c.states)
      live.push_back(h);
    for (const auto& [h, e] : c.enums)
      live.push_back(h);
    const uint8_t b = in.u8();
    if (live.empty() || b % 8 == 0)
      return b % 16;
    return live[b % live.size()];
  }

  uint64_t argument(InputReader& in) {
    switch (in.u8() % 10) {
    case 0:
      return in.u8();
    case 1:
      return in.u32();
    case 2:
      return in.u64();
    case 3:
      return in.pick(kDictionary);
    case 4:
    case 5:
      return handle(in);
    case 6: // somewhere in the scratch area, which the input fills
      return kScratch + in.u16() % kScratchSize;
    case 7: // an out-parameter slot
      return kSlots + (in.u8() % kSlotCount) * 8;
    case 8: { // the image: code (read-only) and data
      const auto& img = ta_->image();
      return img.base + in.u32() % (img.end - img.base);
    }
    default:
      return in.pick(kWildPointers) + in.u8() % 8;
    }
  }

  void step(InputReader& in) {
    const uint8_t op = in.u8();
    if (op >= 0xF0) { // fill scratch memory with input bytes (attribute arrays, ids, data)
      const uint64_t off = in.u16() % kScratchSize;
      auto bytes = in.bytes(std::min<uint64_t>(in.u8(), kScratchSize - off));
      if (!ta_->copy_to_ta(kScratch + off, bytes.data(), bytes.size()))
        std::abort(); // the scratch area is mapped and writable
      return;
    }
    // Mostly the table's numbers (0..70), sometimes past its end.
    const uint64_t number =
        op < 0xE8 ? op % kFirstUnknownSyscall
                  : op % kFirstUnknownSyscall + kFirstUnknownSyscall + (op & 1 ? in.u64() : 0);
    SyscallArgs args;
    const uint8_t count = in.u8() % 9;
    for (uint8_t i = 0; i < count; ++i)
      args.a[i] = argument(in);
    if (number == kGenerateKeySyscall && args.a[1] > kMaxGeneratedKeyBits)
      args.a[1] %= kMaxGeneratedKeyBits + 1;
    if (number >= kFirstStorageSyscall && number <= kLastStorageSyscall)
      storage_dirty_ = true;
    const uint32_t result = core::lookup_syscall(number)(*ta_, args);
    reach(feature_key({std::min<uint64_t>(number, kFirstUnknownSyscall), result}));
  }

  std::vector<uint8_t> elf_;
  std::unique_ptr<TaInstance> ta_;
  std::shared_ptr<const TaInstance::Snapshot> snapshot_;
  bool storage_dirty_ = false;
};

int test_one_input(const uint8_t* data, size_t size) {
  static SyscallFuzzer fuzzer;
  fuzzer.run(data, size);
  return 0;
}

} // namespace
} // namespace swemu::fuzz

int main(int argc, char** argv) {
  // Every rejected argument is logged by the handlers; that would dominate the run.
  swemu::log::set_level(std::getenv("SWEMU_FUZZ_LOG") ? std::getenv("SWEMU_FUZZ_LOG") : "off");
  return swemu::fuzz::run_driver(argc, argv, swemu::fuzz::test_one_input);
}
