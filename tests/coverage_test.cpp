// TA code coverage: blocks recorded by the instances of a secure world, written as a drcov
// log and an lcov tracefile, both read back here; and `swemu invoke --coverage`.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

// Before tee_client_api.h, whose TEE_ERROR_* macros would clash with tee_abi.h names.
#include "debug/coverage.h"
#include "swemu/core/elf_loader.h"
#include "swemu/core/uuid.h"
#include "ta_runtime.h"
#include "test_world.h"

#include "hello_ta.h"
#include "shell_command.h"
#include "ta_file_builder.h"
#include "tee_client_api.h"

namespace {

namespace fs = std::filesystem;
using swemu::core::Coverage;
using swemu::core::CoverageBlock;
using swemu::core::CoverageModule;

std::vector<uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The 1-based number of the first line of `file` containing `text`; 0 if none.
int line_of(const fs::path& file, const std::string& text) {
  std::ifstream in(file);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(text) != std::string::npos)
      return n;
  return 0;
}

fs::path temp_dir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("swemu_coverage_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

const fs::path kHelloSource = fs::path(SWEMU_TEST_SOURCE_DIR) / "tas/hello/hello_ta.c";

// The same hello code built for AArch64 and AArch32 (Thumb-2).
struct HelloBuild {
  const char* arch;
  const char* elf; // in the TA directory
  TEEC_UUID uuid;
};
void PrintTo(const HelloBuild& b, std::ostream* os) {
  *os << b.arch;
}
const HelloBuild kBuilds[] = {
    {"AArch64", "hello.elf", HELLO_TA_UUID},
    {"AArch32",
     "hello32.elf",
     {0x6a4e1f0c, 0x1d2b, 0x4c8e, {0x9a, 0x57, 0x3f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a}}}};

// One session of hello with coverage on: open, HELLO_CMD_INC_VALUE, close.
class CoverageRun : public ::testing::TestWithParam<HelloBuild> {
protected:
  void SetUp() override {
    coverage_ = std::make_shared<Coverage>();
    swemu::test::use_secure_world([cov = coverage_](swemu::core::SecureWorldConfig& c) {
      c.manifest_dirs = {SWEMU_TEST_MANIFEST_DIR};
      c.coverage = cov;
    });
    TEEC_Context ctx;
    ASSERT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
    TEEC_Session s;
    uint32_t origin = 0;
    ASSERT_EQ(
        TEEC_OpenSession(&ctx, &s, &GetParam().uuid, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
        TEEC_SUCCESS);
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
    op.params[0].value.a = 41;
    ASSERT_EQ(TEEC_InvokeCommand(&s, HELLO_CMD_INC_VALUE, &op, &origin), TEEC_SUCCESS);
    ASSERT_EQ(op.params[0].value.a, 42u);
    TEEC_CloseSession(&s);
    TEEC_FinalizeContext(&ctx);

    elf_path_ = fs::path(SWEMU_TEST_TA_DIR) / GetParam().elf;
    auto image = swemu::core::load_ta_elf(read_bytes(elf_path_), swemu::core::kTaImageBase,
                                          elf_path_.string());
    ASSERT_TRUE(image) << image.error().message;
    image_ = std::move(image.value());
    // The test's name is "Name/Arch": one directory level, not two.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = temp_dir(name);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // The id of the hello module; fails the test if there is none.
  int hello_module() const {
    const auto mods = coverage_->modules();
    for (size_t i = 0; i < mods.size(); ++i)
      if (mods[i].file == fs::absolute(elf_path_).lexically_normal())
        return static_cast<int>(i);
    ADD_FAILURE() << "no module for " << elf_path_;
    return -1;
  }
  const swemu::core::TaSymbol& function(const std::string& name) const {
    for (const auto& f : image_.functions)
      if (f.name == name)
        return f;
    ADD_FAILURE() << "no function " << name << " in " << elf_path_;
    static const swemu::core::TaSymbol none;
    return none;
  }
  // Whether a recorded block starts inside the function.
  bool ran(const std::vector<CoverageBlock>& blocks, const swemu::core::TaSymbol& fn) const {
    const uint64_t start = fn.start & ~uint64_t{1}; // Thumb bit
    for (const CoverageBlock& b : blocks)
      if (b.start >= start && b.start < start + fn.size)
        return true;
    return false;
  }

  std::shared_ptr<Coverage> coverage_;
  fs::path elf_path_;
  swemu::core::TaImage image_;
  fs::path dir_;
};

TEST_P(CoverageRun, RecordsTheBlocksThatRanAndOnlyThose) {
  const int id = hello_module();
  ASSERT_GE(id, 0);
  const CoverageModule m = coverage_->modules()[id];
  EXPECT_EQ(m.base, swemu::core::kTaImageBase);
  EXPECT_EQ(m.name, GetParam().elf == std::string("hello.elf") ? "hello" : "hello32");
  const auto blocks = coverage_->blocks(static_cast<uint16_t>(id));
  ASSERT_FALSE(blocks.empty());
  for (const CoverageBlock& b : blocks) {
    EXPECT_GE(b.start, m.code_start);
    EXPECT_LE(b.start + b.size, m.code_end);
    EXPECT_GT(b.size, 0u);
    EXPECT_GT(b.count, 0u);
    EXPECT_EQ(b.start & 1, 0u); // no Thumb bit
  }
  // The entry points that ran, and functions that did not.
  EXPECT_TRUE(ran(blocks, function("TA_OpenSessionEntryPoint")));
  EXPECT_TRUE(ran(blocks, function("TA_InvokeCommandEntryPoint")));
  EXPECT_TRUE(ran(blocks, function("TA_CloseSessionEntryPoint")));
  EXPECT_FALSE(ran(blocks, function("TEE_Panic")));
  EXPECT_FALSE(ran(blocks, function("TEE_MemMove")));
}

// Reads a drcov log back: header, module table, and every block inside its module.
TEST_P(CoverageRun, DrcovLogReadsBack) {
  const fs::path file = dir_ / "run.drcov";
  ASSERT_TRUE(coverage_->write_drcov(file));
  const std::string text = read_text(file);
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "DRCOV VERSION: 2");
  std::getline(in, line);
  EXPECT_EQ(line, "DRCOV FLAVOR: drcov");
  std::getline(in, line);
  unsigned count = 0;
  ASSERT_EQ(std::sscanf(line.c_str(), "Module Table: version 2, count %u", &count), 1) << line;
  const auto mods = coverage_->modules();
  ASSERT_EQ(count, mods.size());
  std::getline(in, line);
  EXPECT_EQ(line, "Columns: id, base, end, entry, checksum, timestamp, path");
  struct Range {
    uint64_t base, end;
  };
  std::vector<Range> ranges;
  bool hello_named = false;
  for (unsigned i = 0; i < count; ++i) {
    std::getline(in, line);
    unsigned id = 0;
    unsigned long long base = 0, end = 0, entry = 0;
    int path_at = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%u, %llx, %llx, %llx, %*x, %*x, %n", &id, &base, &end,
                          &entry, &path_at),
              4)
        << line;
    EXPECT_EQ(id, i);
    EXPECT_LT(base, end);
    ranges.push_back({base, end});
    if (line.substr(path_at) == fs::absolute(elf_path_).lexically_normal().string())
      hello_named = true;
  }
  EXPECT_TRUE(hello_named) << text.substr(0, 600);
  std::getline(in, line);
  unsigned bbs = 0;
  ASSERT_EQ(std::sscanf(line.c_str(), "BB Table: %u bbs", &bbs), 1) << line;
  size_t total = 0;
  for (size_t i = 0; i < mods.size(); ++i)
    total += coverage_->blocks(static_cast<uint16_t>(i)).size();
  EXPECT_EQ(bbs, total);
  const size_t table_at = static_cast<size_t>(in.tellg());
  ASSERT_EQ(text.size() - table_at, size_t{bbs} * 8);
  for (unsigned i = 0; i < bbs; ++i) {
    uint32_t start = 0;
    uint16_t size = 0, mod = 0;
    std::memcpy(&start, text.data() + table_at + i * 8, 4);
    std::memcpy(&size, text.data() + table_at + i * 8 + 4, 2);
    std::memcpy(&mod, text.data() + table_at + i * 8 + 6, 2);
    ASSERT_LT(mod, ranges.size());
    EXPECT_GT(size, 0);
    EXPECT_LE(ranges[mod].base + start + size, ranges[mod].end);
  }
}

// One lcov record (SF ... end_of_record) as read back.
struct LcovFile {
  std::map<int, uint64_t> da;
  std::map<std::string, int> fn;
  std::map<std::string, uint64_t> fnda;
  int lf = -1, lh = -1, fnf = -1, fnh = -1;
};

std::map<std::string, LcovFile> parse_lcov(const std::string& text) {
  std::map<std::string, LcovFile> files;
  std::istringstream in(text);
  std::string line;
  LcovFile* cur = nullptr;
  while (std::getline(in, line)) {
    auto value = [&](const char* tag) { return line.substr(std::strlen(tag)); };
    if (line.rfind("TN:", 0) == 0) {
      continue;
    } else if (line.rfind("SF:", 0) == 0) {
      EXPECT_EQ(cur, nullptr) << "SF inside a record: " << line;
      EXPECT_EQ(files.count(value("SF:")), 0u) << "two records for " << line;
      cur = &files[value("SF:")];
    } else if (line == "end_of_record") {
      EXPECT_NE(cur, nullptr);
      cur = nullptr;
    } else if (cur == nullptr) {
      ADD_FAILURE() << "outside a record: " << line;
    } else if (line.rfind("DA:", 0) == 0) {
      int n = 0;
      unsigned long long c = 0;
      EXPECT_EQ(std::sscanf(line.c_str(), "DA:%d,%llu", &n, &c), 2) << line;
      cur->da[n] = c;
    } else if (line.rfind("FNDA:", 0) == 0) {
      const std::string v = value("FNDA:");
      cur->fnda[v.substr(v.find(',') + 1)] = std::stoull(v.substr(0, v.find(',')));
    } else if (line.rfind("FN:", 0) == 0) {
      const std::string v = value("FN:");
      cur->fn[v.substr(v.find(',') + 1)] = std::stoi(v.substr(0, v.find(',')));
    } else if (line.rfind("LF:", 0) == 0) {
      cur->lf = std::stoi(value("LF:"));
    } else if (line.rfind("LH:", 0) == 0) {
      cur->lh = std::stoi(value("LH:"));
    } else if (line.rfind("FNF:", 0) == 0) {
      cur->fnf = std::stoi(value("FNF:"));
    } else if (line.rfind("FNH:", 0) == 0) {
      cur->fnh = std::stoi(value("FNH:"));
    } else {
      ADD_FAILURE() << "unexpected line: " << line;
    }
  }
  EXPECT_EQ(cur, nullptr) << "last record not ended";
  return files;
}

TEST_P(CoverageRun, LcovTracefileCountsTheLinesThatRan) {
  const fs::path file = dir_ / "run.info";
  auto written = coverage_->write_lcov(file);
  ASSERT_TRUE(written) << written.error().message;
  const auto files = parse_lcov(read_text(file));
  const std::string source = kHelloSource.lexically_normal().string();
  ASSERT_EQ(files.count(source), 1u) << "no SF:" << source;
  const LcovFile& hello = files.at(source);

  const int handled = line_of(kHelloSource, "params[0].value.a++;");
  const int not_run = line_of(kHelloSource, "buf[i] = buf[size - 1 - i];");
  ASSERT_GT(handled, 0);
  ASSERT_GT(not_run, 0);
  ASSERT_EQ(hello.da.count(handled), 1u) << "line " << handled << " not instrumented";
  EXPECT_GT(hello.da.at(handled), 0u);
  ASSERT_EQ(hello.da.count(not_run), 1u) << "line " << not_run << " not instrumented";
  EXPECT_EQ(hello.da.at(not_run), 0u);

  ASSERT_EQ(hello.fnda.count("TA_InvokeCommandEntryPoint"), 1u);
  EXPECT_EQ(hello.fnda.at("TA_InvokeCommandEntryPoint"), 1u); // one invoke
  EXPECT_EQ(hello.fn.at("TA_InvokeCommandEntryPoint"),
            line_of(kHelloSource, "TEE_Result TA_InvokeCommandEntryPoint("));
  // The command handlers are static and inlined at -Os: counted where they were inlined.
  ASSERT_EQ(hello.fnda.count("cmd_inc_value"), 1u);
  EXPECT_EQ(hello.fnda.at("cmd_inc_value"), 1u);
  EXPECT_EQ(hello.fn.at("cmd_inc_value"),
            line_of(kHelloSource, "static TEE_Result cmd_inc_value("));
  ASSERT_EQ(hello.fnda.count("cmd_reverse"), 1u);
  EXPECT_EQ(hello.fnda.at("cmd_reverse"), 0u);

  for (const auto& [name, f] : files) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(fs::path(name).is_absolute());
    EXPECT_EQ(f.lf, static_cast<int>(f.da.size()));
    int hit = 0;
    for (const auto& [line, c] : f.da)
      hit += c != 0 ? 1 : 0;
    EXPECT_EQ(f.lh, hit);
    EXPECT_EQ(f.fnf, static_cast<int>(f.fn.size()));
    EXPECT_EQ(f.fnda.size(), f.fn.size());
  }

  // genhtml (package lcov, installed by scripts/bootstrap.sh) must accept the file.
  if (std::system("command -v genhtml > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "genhtml not installed";
  const std::string cmd = "genhtml -q --output-directory " + (dir_ / "html").string() + " " +
                          file.string() + " > " + (dir_ / "genhtml.log").string() + " 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << read_text(dir_ / "genhtml.log");
  EXPECT_TRUE(fs::exists(dir_ / "html" / "index.html"));
}

TEST_P(CoverageRun, DebugElfMustHoldTheCodeThatRan) {
  // The other architecture's build of hello is not the ELF that ran.
  const HelloBuild& other = GetParam().elf == std::string("hello.elf") ? kBuilds[1] : kBuilds[0];
  const fs::path wrong = fs::path(SWEMU_TEST_TA_DIR) / other.elf;
  const int id = hello_module();
  ASSERT_GE(id, 0);
  const swemu::Uuid uuid = coverage_->modules()[id].uuid;
  coverage_->set_debug_elf(uuid, wrong);
  auto written = coverage_->write_lcov(dir_ / "run.info");
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message.find(wrong.string()), std::string::npos)
      << written.error().message;
  EXPECT_NE(written.error().message.find(".text differs"), std::string::npos)
      << written.error().message;
  // The same file as the one that ran is accepted.
  coverage_->set_debug_elf(uuid, elf_path_);
  EXPECT_TRUE(coverage_->write_lcov(dir_ / "run.info"));
}

INSTANTIATE_TEST_SUITE_P(Builds, CoverageRun, ::testing::ValuesIn(kBuilds),
                         [](const auto& info) { return std::string(info.param.arch); });

void write_bytes(const fs::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

// hello.elf without DWARF: renaming every .debug_* section hides it from libdw, as
// stripping does, and leaves the code as it is. Empty if there was nothing to rename.
std::vector<uint8_t> stripped_hello() {
  std::vector<uint8_t> elf = read_bytes(fs::path(SWEMU_TEST_TA_DIR) / "hello.elf");
  const std::string debug = ".debug_";
  size_t renamed = 0;
  for (auto it = std::search(elf.begin(), elf.end(), debug.begin(), debug.end()); it != elf.end();
       it = std::search(it + 1, elf.end(), debug.begin(), debug.end())) {
    std::memcpy(&*it, ".nodbg_", debug.size());
    ++renamed;
  }
  return renamed != 0 ? elf : std::vector<uint8_t>{};
}

// A TA without DWARF: drcov still works, lcov fails naming the file.
TEST(Coverage, StrippedTaHasDrcovButNoLcov) {
  const std::vector<uint8_t> elf = stripped_hello();
  ASSERT_FALSE(elf.empty());
  const fs::path dir = temp_dir("stripped");
  const fs::path stripped = dir / "hello_stripped.elf";
  write_bytes(stripped, elf);

  auto coverage = std::make_shared<Coverage>();
  swemu::core::TaLoadOptions opts;
  opts.name = "hello_stripped";
  opts.coverage = coverage;
  opts.file = stripped;
  auto ta = swemu::core::TaInstance::create(elf, opts);
  ASSERT_TRUE(ta) << ta.error().message;
  swemu::core::TaParams params{};
  swemu::core::EntryContext ctx;
  ctx.session_id = 1;
  EXPECT_EQ((*ta)->enter(swemu::abi::UTEE_ENTRY_FUNC_OPEN_SESSION, ctx, params, 0).ret,
            swemu::abi::TEE_SUCCESS);

  EXPECT_TRUE(coverage->write_drcov(dir / "run.drcov"));
  EXPECT_FALSE(coverage->blocks(0).empty());
  auto lcov = coverage->write_lcov(dir / "run.info");
  ASSERT_FALSE(lcov);
  EXPECT_NE(lcov.error().message.find(stripped.string()), std::string::npos)
      << lcov.error().message;
  EXPECT_NE(lcov.error().message.find("DWARF"), std::string::npos) << lcov.error().message;
  EXPECT_FALSE(fs::exists(dir / "run.info"));
  fs::remove_all(dir);
}

// A signed <uuid>.ta whose embedded ELF is stripped: lcov reads the build's <uuid>.elf
// next to it, or the ELF named by set_debug_elf, and otherwise fails naming the .ta.
TEST(Coverage, SignedTaFindsItsDebugElf) {
  const fs::path dir = temp_dir("signed");
  const std::string uuid_text = HELLO_TA_UUID_STR;
  static const swemu::test::TestRsaKey key(2048, 0xc0c0);
  swemu::test::TaSpec spec;
  spec.elf = stripped_hello();
  ASSERT_FALSE(spec.elf.empty());
  spec.uuid = *swemu::Uuid::parse(uuid_text);
  spec.root = &key;
  write_bytes(dir / (uuid_text + ".ta"), swemu::test::build_signed_ta(spec).bytes);

  auto run = [&](const std::function<void(Coverage&)>& configure) {
    auto coverage = std::make_shared<Coverage>();
    configure(*coverage);
    const std::string pem = key.public_pem();
    swemu::test::use_secure_world([&](swemu::core::SecureWorldConfig& c) {
      c.ta_dirs = {dir};
      c.ta_public_keys = {pem};
      c.coverage = coverage;
    });
    TEEC_Context ctx;
    EXPECT_EQ(TEEC_InitializeContext(nullptr, &ctx), TEEC_SUCCESS);
    TEEC_Session s;
    const TEEC_UUID hello = HELLO_TA_UUID;
    uint32_t origin = 0;
    EXPECT_EQ(TEEC_OpenSession(&ctx, &s, &hello, TEEC_LOGIN_PUBLIC, nullptr, nullptr, &origin),
              TEEC_SUCCESS);
    TEEC_CloseSession(&s);
    TEEC_FinalizeContext(&ctx);
    return coverage->write_lcov(dir / "run.info");
  };

  // Only the stripped ELF inside the .ta.
  auto r = run([](Coverage&) {});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find(uuid_text + ".ta (the ELF inside the signed file)"),
            std::string::npos)
      << r.error().message;
  // Named explicitly.
  r = run(
      [&](Coverage& c) { c.set_debug_elf(spec.uuid, fs::path(SWEMU_TEST_TA_DIR) / "hello.elf"); });
  EXPECT_TRUE(r) << r.error().message;
  // The build's ELF next to the .ta.
  fs::copy_file(fs::path(SWEMU_TEST_TA_DIR) / "hello.elf", dir / (uuid_text + ".elf"));
  r = run([](Coverage&) {});
  ASSERT_TRUE(r) << r.error().message;
  const auto files = parse_lcov(read_text(dir / "run.info"));
  EXPECT_EQ(files.count(kHelloSource.lexically_normal().string()), 1u);
  fs::remove_all(dir);
}

// Instances on several threads record into one Coverage: no execution is lost.
TEST(Coverage, InstancesOnThreadsShareOneCollector) {
  constexpr int kThreads = 4;
  constexpr int kInvokes = 50;
  const fs::path path = fs::path(SWEMU_TEST_TA_DIR) / "hello.elf";
  const std::vector<uint8_t> elf = read_bytes(path);
  auto coverage = std::make_shared<Coverage>();
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      swemu::core::TaLoadOptions opts;
      opts.name = "hello";
      opts.coverage = coverage;
      opts.file = path;
      auto ta = swemu::core::TaInstance::create(elf, opts);
      if (!ta)
        return;
      swemu::core::EntryContext ctx;
      ctx.session_id = 1;
      swemu::core::TaParams params{};
      if ((*ta)->enter(swemu::abi::UTEE_ENTRY_FUNC_OPEN_SESSION, ctx, params, 0).ret !=
          swemu::abi::TEE_SUCCESS)
        return;
      for (int i = 0; i < kInvokes; ++i) {
        params = {};
        params[0].type = swemu::abi::TEE_PARAM_TYPE_VALUE_INOUT;
        params[0].a = static_cast<uint64_t>(i);
        if ((*ta)->enter(swemu::abi::UTEE_ENTRY_FUNC_INVOKE_COMMAND, ctx, params,
                         HELLO_CMD_INC_VALUE)
                    .ret != swemu::abi::TEE_SUCCESS ||
            params[0].a != static_cast<uint64_t>(i) + 1)
          return;
      }
      done++;
    });
  for (auto& t : threads)
    t.join();
  ASSERT_EQ(done.load(), kThreads);

  ASSERT_EQ(coverage->modules().size(), 1u); // one file: one module for every instance
  auto image = swemu::core::load_ta_elf(elf, swemu::core::kTaImageBase, path.string());
  ASSERT_TRUE(image);
  uint64_t invoke_entry = 0;
  for (const auto& f : image->functions)
    if (f.name == "TA_InvokeCommandEntryPoint")
      invoke_entry = f.start;
  ASSERT_NE(invoke_entry, 0u);
  uint64_t count = 0;
  for (const CoverageBlock& b : coverage->blocks(0))
    if (b.start == invoke_entry)
      count = b.count;
  EXPECT_EQ(count, uint64_t{kThreads} * kInvokes);
}

TEST(Coverage, FormatFollowsTheExtension) {
  EXPECT_EQ(swemu::core::coverage_format_for("out.info"), "lcov");
  EXPECT_EQ(swemu::core::coverage_format_for("dir/out.lcov"), "lcov");
  EXPECT_EQ(swemu::core::coverage_format_for("out.drcov"), "drcov");
  EXPECT_EQ(swemu::core::coverage_format_for("out.log"), "drcov");
  EXPECT_EQ(swemu::core::coverage_format_for("out"), "drcov");
}

// `swemu invoke --coverage`, both formats, as a user runs it.
using CmdResult = swemu::test::ShellResult;
CmdResult run_tool(const std::string& args) {
  return swemu::test::run_shell(std::string(SWEMU_TOOL_PATH) + " " + args + " 2>&1");
}

TEST(Coverage, InvokeWritesDrcovAndLcov) {
  const fs::path dir = temp_dir("cli");
  const std::string base = std::string("invoke ") + HELLO_TA_UUID_STR +
                           " 0 --value 1 --manifests " + SWEMU_TEST_MANIFEST_DIR + " --ta-dir " +
                           SWEMU_TEST_TA_DIR;

  CmdResult r = run_tool(base + " --coverage " + (dir / "run.info").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("coverage (lcov)"), std::string::npos) << r.out;
  const auto lcov = parse_lcov(read_text(dir / "run.info"));
  ASSERT_EQ(lcov.count(kHelloSource.lexically_normal().string()), 1u);
  EXPECT_GT(lcov.at(kHelloSource.lexically_normal().string())
                .da.at(line_of(kHelloSource, "params[0].value.a++;")),
            0u);

  r = run_tool(base + " --coverage " + (dir / "run.drcov").string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(read_text(dir / "run.drcov").rfind("DRCOV VERSION: 2\n", 0), 0u);

  // --coverage-format wins over the extension.
  r = run_tool(base + " --coverage " + (dir / "run.out").string() + " --coverage-format lcov");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(read_text(dir / "run.out").rfind("TN:", 0), 0u);

  // Options that need --coverage.
  r = run_tool(base + " --coverage-format lcov");
  EXPECT_NE(r.status, 0);
  fs::remove_all(dir);
}

} // namespace
