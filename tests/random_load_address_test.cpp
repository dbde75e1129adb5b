// Random TA load addresses (SecureWorldConfig::random_load_address, swemu's
// --random-load-address): bases are 64 KiB aligned, clear of the heap, stack and parameter
// areas and never the fixed 0x400000; seeded runs repeat them; TAs (AArch64 and AArch32, with
// libraries) run as at the fixed base; crash reports, coverage and the command line follow
// the base of each instance. The default (fixed 0x400000) is covered by the other tests.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "crash_report.h"
#include "crypto/crypto.h"
#include "debug/coverage.h"
#include "swemu/core/tee_abi.h"
#include "ta_runtime.h"
#include "test_world.h"

#include "hello_ta.h"
#include "modules_test_ta.h"
#include "shell_command.h"
#include "ta2ta_round_trip.h"
#include "ta2ta_test_ta.h"
#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;
namespace core = swemu::core;

constexpr TEEC_UUID kHello32Uuid = {
    0x6a4e1f0c, 0x1d2b, 0x4c8e, {0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a}};

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::shared_ptr<core::crypto::Rng> seeded(const std::string& seed) {
  return core::crypto::Rng::from_seed(
      std::span(reinterpret_cast<const uint8_t*>(seed.data()), seed.size()));
}

// Every segment of the image (TA, libraries, loader data) lies in the allowed range.
void expect_allowed(const core::TaImage& image) {
  EXPECT_NE(image.base, core::kTaImageBase);
  EXPECT_EQ(image.base % core::kTaRandomBaseAlign, 0u) << std::hex << image.base;
  EXPECT_GE(image.base, core::kTaRandomBaseMin) << std::hex << image.base;
  ASSERT_FALSE(image.segments.empty());
  for (const core::LoadedSegment& seg : image.segments) {
    EXPECT_GE(seg.vaddr, image.base);
    EXPECT_LE(seg.vaddr + seg.bytes.size() + core::kTaRandomBaseGuard, core::kTaHeapBase)
        << std::hex << seg.vaddr;
  }
}

TEST(RandomLoadAddress, BasesAreAlignedSpreadAndClearOfTheHeap) {
  auto rng = core::crypto::Rng::from_host();
  ASSERT_TRUE(rng);
  constexpr uint64_t kSpan = 0x20'0000;
  std::set<uint64_t> seen;
  for (int i = 0; i < 200; ++i) {
    auto base = core::random_load_base(*rng, kSpan);
    ASSERT_TRUE(base) << base.error().message;
    EXPECT_EQ(*base % core::kTaRandomBaseAlign, 0u);
    EXPECT_GE(*base, core::kTaRandomBaseMin);
    EXPECT_LE(*base + kSpan + core::kTaRandomBaseGuard, core::kTaHeapBase);
    seen.insert(*base);
  }
  // About 24 000 possible bases: 200 draws repeat only a few.
  EXPECT_GT(seen.size(), 150u);
}

TEST(RandomLoadAddress, TheLargestImageFitsExactlyAndALargerOneIsRefused) {
  auto rng = core::crypto::Rng::from_host();
  const uint64_t largest = core::kTaHeapBase - core::kTaRandomBaseGuard - core::kTaRandomBaseMin;
  auto base = core::random_load_base(*rng, largest);
  ASSERT_TRUE(base) << base.error().message;
  EXPECT_EQ(*base, core::kTaRandomBaseMin);
  auto refused = core::random_load_base(*rng, largest + 1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, swemu::abi::TEE_ERROR_OUT_OF_MEMORY);
}

TEST(RandomLoadAddress, TheSameSeedGivesTheSameBases) {
  auto a = seeded("seed one"), b = seeded("seed one"), c = seeded("seed two");
  std::vector<uint64_t> from_a, from_b, from_c;
  auto draw = [](core::crypto::Rng& rng, std::vector<uint64_t>& to) {
    auto base = core::random_load_base(rng, 0x10'0000);
    ASSERT_TRUE(base) << base.error().message;
    to.push_back(*base);
  };
  for (int i = 0; i < 4; ++i) {
    draw(*a, from_a);
    draw(*b, from_b);
    draw(*c, from_c);
  }
  EXPECT_EQ(from_a, from_b);
  EXPECT_NE(from_a, from_c);
}

class RandomLoadAddressTa : public ::testing::TestWithParam<const char*> {
protected:
  std::vector<uint8_t> elf() const { return read_bytes(fs::path(SWEMU_TEST_TA_DIR) / GetParam()); }
  core::TaLoadOptions options(std::shared_ptr<core::crypto::Rng> rng) const {
    core::TaLoadOptions o;
    o.name = GetParam();
    o.load_address_rng = std::move(rng);
    return o;
  }
  static core::EntryResult open(core::TaInstance& ta) {
    core::TaParams params{};
    core::EntryContext ctx;
    ctx.session_id = 1;
    return ta.enter(swemu::abi::UTEE_ENTRY_FUNC_OPEN_SESSION, ctx, params, 0);
  }
  static core::EntryResult invoke(core::TaInstance& ta, uint32_t cmd, uint64_t a = 0,
                                  uint64_t* out = nullptr) {
    core::TaParams params{};
    params[0].type = swemu::abi::TEE_PARAM_TYPE_VALUE_INOUT;
    params[0].a = a;
    core::EntryContext ctx;
    ctx.session_id = 1;
    core::EntryResult r = ta.enter(swemu::abi::UTEE_ENTRY_FUNC_INVOKE_COMMAND, ctx, params, cmd);
    if (out != nullptr)
      *out = params[0].a;
    return r;
  }
};

TEST_P(RandomLoadAddressTa, RunsAtItsOwnBaseAndInstancesDiffer) {
  const std::vector<uint8_t> bytes = elf();
  ASSERT_FALSE(bytes.empty());
  auto rng = seeded("two instances");
  auto first = core::TaInstance::create(bytes, options(rng));
  ASSERT_TRUE(first) << first.error().message;
  auto second = core::TaInstance::create(bytes, options(rng));
  ASSERT_TRUE(second) << second.error().message;
  expect_allowed((*first)->image());
  expect_allowed((*second)->image());
  EXPECT_NE((*first)->image().base, (*second)->image().base);
  // Symbols moved with the image.
  const core::TaSymbol* entry = (*first)->image().function_at((*first)->image().entry & ~1ull);
  ASSERT_NE(entry, nullptr);
  EXPECT_GE(entry->start, (*first)->image().base);

  for (auto* ta : {first->get(), second->get()}) {
    ASSERT_EQ(open(*ta).ret, swemu::abi::TEE_SUCCESS);
    uint64_t out = 0;
    ASSERT_EQ(invoke(*ta, HELLO_CMD_INC_VALUE, 41, &out).ret, swemu::abi::TEE_SUCCESS);
    EXPECT_EQ(out, 42u);
  }

  // A snapshot brings a dead instance back at the same base.
  core::TaInstance& ta = **first;
  const uint64_t base = ta.image().base;
  auto snap = ta.snapshot();
  ASSERT_TRUE(snap) << snap.error().message;
  EXPECT_EQ(invoke(ta, HELLO_CMD_FAULT_UNDEF).ret, swemu::abi::TEE_ERROR_TARGET_DEAD);
  ta.restore(**snap);
  EXPECT_EQ(ta.image().base, base);
  uint64_t out = 0;
  ASSERT_EQ(invoke(ta, HELLO_CMD_INC_VALUE, 7, &out).ret, swemu::abi::TEE_SUCCESS);
  EXPECT_EQ(out, 8u);

  // The same seed, the same base.
  auto again = core::TaInstance::create(bytes, options(seeded("two instances")));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ((*again)->image().base, (*first)->image().base);
}

TEST_P(RandomLoadAddressTa, ACrashReportNamesTheFunctionAtTheRandomBase) {
  auto ta = core::TaInstance::create(elf(), options(core::crypto::Rng::from_host()));
  ASSERT_TRUE(ta) << ta.error().message;
  expect_allowed((*ta)->image());
  ASSERT_EQ(open(**ta).ret, swemu::abi::TEE_SUCCESS);
  EXPECT_EQ(invoke(**ta, HELLO_CMD_FAULT_UNDEF).ret, swemu::abi::TEE_ERROR_TARGET_DEAD);
  ASSERT_TRUE((*ta)->dead());
  const core::CrashReport report = core::make_crash_report(**ta);
  EXPECT_EQ(report.crash_class, "undefined-instruction");
  EXPECT_EQ(report.image_base, (*ta)->image().base);
  // -Os may inline the command into its caller.
  EXPECT_TRUE(report.location.rfind("cmd_fault_undef+", 0) == 0 ||
              report.location.rfind("TA_InvokeCommandEntryPoint+", 0) == 0)
      << report.text();
  EXPECT_GE(report.fault.pc, (*ta)->image().base);
  EXPECT_LT(report.fault.pc, (*ta)->image().end);
}

TEST_P(RandomLoadAddressTa, CoverageRecordsTheModuleAtTheInstanceBase) {
  auto coverage = std::make_shared<core::Coverage>();
  core::TaLoadOptions o = options(seeded("coverage"));
  o.coverage = coverage;
  o.file = fs::path(SWEMU_TEST_TA_DIR) / GetParam();
  auto ta = core::TaInstance::create(elf(), o);
  ASSERT_TRUE(ta) << ta.error().message;
  ASSERT_EQ(open(**ta).ret, swemu::abi::TEE_SUCCESS);
  ASSERT_EQ(coverage->modules().size(), 1u);
  const core::CoverageModule m = coverage->modules()[0];
  EXPECT_EQ(m.base, (*ta)->image().base);
  EXPECT_NE(m.base, core::kTaImageBase);
  const auto blocks = coverage->blocks(0);
  ASSERT_FALSE(blocks.empty());
  for (const core::CoverageBlock& b : blocks) {
    EXPECT_GE(b.start, m.code_start);
    EXPECT_LT(b.start, m.code_end);
  }
  // The lcov line table is read relative to the base: the entry function is covered.
  const fs::path info = fs::temp_directory_path() /
                        ("swemu-random-cov-" + std::to_string(getpid()) + GetParam() + ".info");
  ASSERT_TRUE(coverage->write_lcov(info));
  std::ifstream in(info);
  const std::string lcov{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_NE(lcov.find("FNDA:1,__ta_entry"), std::string::npos) << lcov.substr(0, 600);
  fs::remove(info);
}

INSTANTIATE_TEST_SUITE_P(Arch, RandomLoadAddressTa, ::testing::Values("hello.elf", "hello32.elf"),
                         [](const auto& info) {
                           return std::string(info.param) == "hello.elf" ? "AArch64" : "AArch32";
                         });

// Through the GP Client API and a whole secure world: the TAs answer as usual, and the
// bases (as coverage records them) are the same for the same seed and differ otherwise.
std::vector<uint64_t> bases_of_a_run(const std::string& seed) {
  auto coverage = std::make_shared<core::Coverage>();
  swemu::test::use_secure_world([&](core::SecureWorldConfig& c) {
    c.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
    c.random_load_address = true;
    c.random_seed = seed;
    c.coverage = coverage;
  });
  TEEC_Context ctx{};
  EXPECT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  for (TEEC_UUID uuid : {TEEC_UUID HELLO_TA_UUID, kHello32Uuid}) {
    TEEC_Session s{};
    uint32_t origin = 0;
    EXPECT_EQ(TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
              TEEC_SUCCESS);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = 41;
    EXPECT_EQ(TEEC_InvokeCommand(&s, HELLO_CMD_INC_VALUE, &op, &origin), TEEC_SUCCESS);
    EXPECT_EQ(op.params[0].value.a, 42u);
    TEEC_CloseSession(&s);
  }
  TEEC_FinalizeContext(&ctx);
  std::vector<uint64_t> bases;
  for (const core::CoverageModule& m : coverage->modules())
    bases.push_back(m.base);
  return bases;
}

TEST(RandomLoadAddress, SecureWorldsWithTheSameSeedLoadAtTheSameBases) {
  const std::vector<uint64_t> one = bases_of_a_run("world seed");
  ASSERT_EQ(one.size(), 2u);
  for (uint64_t base : one) {
    EXPECT_NE(base, core::kTaImageBase);
    EXPECT_EQ(base % core::kTaRandomBaseAlign, 0u);
    EXPECT_GE(base, core::kTaRandomBaseMin);
    EXPECT_LT(base, core::kTaHeapBase);
  }
  EXPECT_NE(one[0], one[1]);
  EXPECT_EQ(bases_of_a_run("world seed"), one);
  EXPECT_NE(bases_of_a_run("another seed"), one);
}

// A TA with a shared library: both are moved, the TA sees itself away from 0x400000 in its
// module list, and calls into the library work.
TEST(RandomLoadAddress, ATaWithALibraryWorks) {
  swemu::test::use_secure_world([](core::SecureWorldConfig& c) {
    c.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
    c.random_load_address = true;
  });
  TEEC_Context ctx{};
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  for (TEEC_UUID uuid : {TEEC_UUID MODULES_TEST_UUID, TEEC_UUID MODULES_TEST32_UUID}) {
    TEEC_Session s{};
    uint32_t origin = 0;
    ASSERT_EQ(TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
              TEEC_SUCCESS)
        << std::hex << origin;
    char names[128] = {};
    TEEC_Operation op{};
    op.paramTypes =
        TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
    op.params[1].tmpref.buffer = names;
    op.params[1].tmpref.size = sizeof(names);
    ASSERT_EQ(TEEC_InvokeCommand(&s, MODULES_CMD_MODULES, &op, &origin), TEEC_SUCCESS);
    EXPECT_EQ(op.params[0].value.a, 2u);
    EXPECT_EQ(op.params[0].value.b, 6u); // not at 0x400000; PT_LOAD readable; TLS id 2
    op = TEEC_Operation{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = 5;
    op.params[0].value.b = 2;
    ASSERT_EQ(TEEC_InvokeCommand(&s, MODULES_CMD_LIB_MIX, &op, &origin), TEEC_SUCCESS);
    EXPECT_EQ(op.params[0].value.a, 47u); // 5 * 9 + 2: the library's constructor ran
    EXPECT_EQ(op.params[0].value.b, 101u);
    TEEC_CloseSession(&s);
  }
  TEEC_FinalizeContext(&ctx);
}

// TA-to-TA: a randomised caller calls randomised callees (AArch64 and AArch32) with values
// and heap memrefs; each of the three instances has its own base.
TEST(RandomLoadAddress, TaToTaCallsWorkBetweenRandomisedInstances) {
  auto coverage = std::make_shared<core::Coverage>();
  swemu::test::use_secure_world([&](core::SecureWorldConfig& c) {
    c.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
    c.random_load_address = true;
    c.coverage = coverage;
  });
  TEEC_Context ctx{};
  ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
  TEEC_Session s{};
  TEEC_UUID uuid = TA2TA_TEST_TA_UUID;
  uint32_t origin = 0;
  ASSERT_EQ(TEEC_OpenSession(&ctx, &s, &uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
            TEEC_SUCCESS);
  for (uint32_t target : {0u, 1u}) // hello, hello32
    swemu::test::expect_ta2ta_round_trip(s, target);
  TEEC_CloseSession(&s);
  TEEC_FinalizeContext(&ctx);
  std::set<uint64_t> bases;
  for (const core::CoverageModule& m : coverage->modules()) {
    EXPECT_NE(m.base, core::kTaImageBase) << m.name;
    bases.insert(m.base);
  }
  EXPECT_EQ(bases.size(), 3u); // ta2ta_test, hello, hello32
}

// The command line: `swemu invoke --random-load-address` prints the base (at the default log
// level) and repeats it with --random-seed; `swemu run` passes the flag to the client's secure
// world (its coverage module is away from 0x400000); a value given to the flag is refused.
std::string swemu(const std::string& args) {
  return swemu::test::run_shell(std::string(SWEMU_TOOL_PATH) + " " + args + " 2>&1").out;
}

std::string loaded_at(const std::string& out) {
  const std::string key = "instance 1 loaded at ";
  const size_t at = out.find(key);
  if (at == std::string::npos)
    return {};
  return out.substr(at + key.size(), out.find('\n', at) - at - key.size());
}

TEST(RandomLoadAddressCli, InvokeLogsTheBaseAndTheSeedRepeatsIt) {
  const std::string args =
      std::string("invoke ") + HELLO_TA_UUID_STR + " 0 --value 41 --random-load-address";
  const std::string one = swemu(args + " --random-seed cli-seed");
  EXPECT_NE(one.find("param 0: value a=42"), std::string::npos) << one;
  const std::string base = loaded_at(one);
  ASSERT_FALSE(base.empty()) << one;
  EXPECT_NE(base, "0x400000");
  EXPECT_EQ(std::stoull(base, nullptr, 16) % core::kTaRandomBaseAlign, 0u) << base;
  EXPECT_EQ(loaded_at(swemu(args + " --random-seed cli-seed")), base);
  // --log-level error hides it.
  EXPECT_TRUE(loaded_at(swemu(args + " --log-level error")).empty());
  // Without the flag nothing is randomised (and nothing logged about it).
  const std::string fixed =
      swemu(std::string("invoke ") + HELLO_TA_UUID_STR + " 0 --value 41 --log-level info");
  EXPECT_NE(fixed.find("param 0: value a=42"), std::string::npos) << fixed;
  EXPECT_TRUE(loaded_at(fixed).empty()) << fixed;
}

TEST(RandomLoadAddressCli, RunPassesTheFlagToTheClientsSecureWorld) {
  const fs::path drcov =
      fs::temp_directory_path() / ("swemu-random-run-" + std::to_string(getpid()) + ".drcov");
  const auto r = swemu::test::run_shell(std::string(SWEMU_TOOL_PATH) +
                                        " run --random-load-address --coverage " + drcov.string() +
                                        " -- " + SWEMU_TEE0_HELLO_CLIENT + " 0 41 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_FALSE(loaded_at(r.out).empty()) << r.out; // the client's stderr shows it
  std::ifstream in(drcov);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string key = "path\n0, ";
  const size_t at = text.find(key);
  ASSERT_NE(at, std::string::npos) << text.substr(0, 400);
  const uint64_t base = std::stoull(text.substr(at + key.size()), nullptr, 16);
  EXPECT_NE(base, core::kTaImageBase);
  EXPECT_GE(base, core::kTaRandomBaseMin);
  EXPECT_EQ(base % core::kTaRandomBaseAlign, 0u);
  fs::remove(drcov);
}

TEST(RandomLoadAddressCli, AValueForTheFlagIsAnError) {
  for (const std::string& args :
       {std::string("invoke ") + HELLO_TA_UUID_STR + " 0 --random-load-address=1",
        std::string("run --random-load-address=yes -- true"),
        std::string("serve --random-load-address=0")}) {
    SCOPED_TRACE(args);
    // A flag taken for on would start the command: the timeout ends it.
    const auto r = swemu::test::run_shell("timeout 20 " + std::string(SWEMU_TOOL_PATH) + " " +
                                          args + " 2>&1 < /dev/null");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.out.find("--random-load-address takes no value"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("loaded at"), std::string::npos) << r.out; // nothing ran
  }
}

TEST(RandomLoadAddressCli, HelpSaysTheDefaultIsFixed) {
  for (const char* cmd : {"invoke", "run", "serve"}) {
    SCOPED_TRACE(cmd);
    const std::string help = swemu(std::string(cmd) + " --help");
    EXPECT_NE(help.find("--random-load-address"), std::string::npos) << help;
    EXPECT_NE(help.find("0x400000"), std::string::npos) << help;
  }
}

} // namespace
