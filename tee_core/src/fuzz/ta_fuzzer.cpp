#include "fuzz/ta_fuzzer.h"

#include <capstone/capstone.h>
#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "crypto/crypto.h"
#include "storage/secure_storage.h"
#include "syscalls/syscalls.h"
#include "ta_runtime.h"

namespace swemu::core::fuzz {

using namespace swemu::abi;

namespace {

// libFuzzer finds this section in the binary and treats every byte as a coverage counter.
constexpr size_t kCounters = 1 << 16;
__attribute__((used, section("__libfuzzer_extra_counters"))) uint8_t g_counters[kCounters];

constexpr uint32_t kTypes[7] = {TEE_PARAM_TYPE_NONE,         TEE_PARAM_TYPE_VALUE_INPUT,
                                TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_VALUE_INOUT,
                                TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
                                TEE_PARAM_TYPE_MEMREF_INOUT};
constexpr uint8_t kWideCommand = 0xFF;

uint32_t type_index(uint32_t type) {
  for (uint32_t i = 0; i < 7; ++i)
    if (kTypes[i] == type)
      return i;
  return 0;
}

const char* type_name(uint32_t type) {
  switch (type) {
  case TEE_PARAM_TYPE_VALUE_INPUT:
    return "VALUE_INPUT";
  case TEE_PARAM_TYPE_VALUE_OUTPUT:
    return "VALUE_OUTPUT";
  case TEE_PARAM_TYPE_VALUE_INOUT:
    return "VALUE_INOUT";
  case TEE_PARAM_TYPE_MEMREF_INPUT:
    return "MEMREF_INPUT";
  case TEE_PARAM_TYPE_MEMREF_OUTPUT:
    return "MEMREF_OUTPUT";
  case TEE_PARAM_TYPE_MEMREF_INOUT:
    return "MEMREF_INOUT";
  default:
    return "NONE";
  }
}

bool value_in(uint32_t t) {
  return t == TEE_PARAM_TYPE_VALUE_INPUT || t == TEE_PARAM_TYPE_VALUE_INOUT;
}
bool memref(uint32_t t) {
  return t >= TEE_PARAM_TYPE_MEMREF_INPUT;
}
bool memref_in(uint32_t t) {
  return t == TEE_PARAM_TYPE_MEMREF_INPUT || t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

// Reads the input; past its end every read gives zeros.
class Reader {
public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}
  uint8_t u8() { return pos_ < in_.size() ? in_[pos_++] : 0; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | u8() << 8); }
  uint32_t u32() { return u16() | static_cast<uint32_t>(u16()) << 16; }
  void bytes(std::vector<uint8_t>& out) {
    const size_t n = std::min(out.size(), in_.size() - std::min(pos_, in_.size()));
    if (n != 0)
      std::memcpy(out.data(), in_.data() + pos_, n);
    std::fill(out.begin() + static_cast<ptrdiff_t>(n), out.end(), 0);
    pos_ += n;
  }

private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
};

Call decode_call(Reader& r, const std::vector<uint32_t>& commands) {
  Call c;
  const uint8_t sel = r.u8();
  if (!commands.empty())
    c.cmd = commands[sel % commands.size()];
  else
    c.cmd = sel == kWideCommand ? r.u32() : sel;
  const uint16_t types = r.u16();
  for (int i = 0; i < 4; ++i)
    c.types[i] = kTypes[((types >> (4 * i)) & 0xF) % 7];
  for (int i = 0; i < 4; ++i) {
    const uint32_t t = c.types[i];
    if (value_in(t)) {
      c.a[i] = r.u32();
      c.b[i] = r.u32();
    } else if (memref(t)) {
      c.memref[i].resize(std::min<uint32_t>(r.u16(), kMaxMemref));
      if (memref_in(t))
        r.bytes(c.memref[i]);
    }
  }
  return c;
}

void put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
void put32(std::vector<uint8_t>& out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v));
  put16(out, static_cast<uint16_t>(v >> 16));
}

void encode_call(const Call& c, const std::vector<uint32_t>& commands, std::vector<uint8_t>& out) {
  if (!commands.empty()) {
    auto it = std::find(commands.begin(), commands.end(), c.cmd);
    out.push_back(static_cast<uint8_t>(it == commands.end() ? 0 : it - commands.begin()));
  } else if (c.cmd < kWideCommand) {
    out.push_back(static_cast<uint8_t>(c.cmd));
  } else {
    out.push_back(kWideCommand);
    put32(out, c.cmd);
  }
  uint16_t types = 0;
  for (int i = 0; i < 4; ++i)
    types |= static_cast<uint16_t>(type_index(c.types[i]) << (4 * i));
  put16(out, types);
  for (int i = 0; i < 4; ++i) {
    const uint32_t t = c.types[i];
    if (value_in(t)) {
      put32(out, c.a[i]);
      put32(out, c.b[i]);
    } else if (memref(t)) {
      put16(out, static_cast<uint16_t>(std::min<size_t>(c.memref[i].size(), kMaxMemref)));
      if (memref_in(t))
        out.insert(out.end(), c.memref[i].begin(),
                   c.memref[i].begin() +
                       static_cast<ptrdiff_t>(std::min<size_t>(c.memref[i].size(), kMaxMemref)));
    }
  }
}

std::string describe_call(const char* what, const Call& c) {
  std::string s = fmt::format("{} cmd={:#x}", what, c.cmd);
  for (int i = 0; i < 4; ++i) {
    const uint32_t t = c.types[i];
    if (t == TEE_PARAM_TYPE_NONE)
      continue;
    s += fmt::format(" p{}={}", i, type_name(t));
    if (value_in(t)) {
      s += fmt::format(" a={:#x} b={:#x}", c.a[i], c.b[i]);
    } else if (memref(t)) {
      s += fmt::format("[{}]", c.memref[i].size());
      if (memref_in(t)) {
        s += " ";
        const size_t shown = std::min<size_t>(c.memref[i].size(), 64);
        for (size_t k = 0; k < shown; ++k)
          s += fmt::format("{:02x}", c.memref[i][k]);
        if (shown < c.memref[i].size())
          s += "...";
      }
    }
  }
  return s;
}

// Random numbers for a fuzzed TA: SplitMix64 from a fixed state that every input starts
// from again. Not cryptographic, and need not be: it only has to be repeatable.
class FuzzRng final : public crypto::Rng {
public:
  void reset() { state_ = kSeed; }
  Result<void> fill(uint8_t* out, size_t len) override {
    for (size_t i = 0; i < len; i += 8) {
      uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      z ^= z >> 31;
      std::memcpy(out + i, &z, std::min<size_t>(8, len - i));
    }
    return {};
  }

private:
  static constexpr uint64_t kSeed = 0x5EED5EED5EED5EEDULL;
  uint64_t state_ = kSeed;
};

} // namespace

std::span<uint8_t> coverage_counters() {
  return {g_counters, kCounters};
}

Program decode(std::span<const uint8_t> input, const std::vector<uint32_t>& commands) {
  Reader r(input);
  Program p;
  const uint8_t header = r.u8();
  p.full = (header & 4) != 0;
  if (p.full)
    p.open = decode_call(r, commands);
  const size_t n = 1 + (header & 3);
  for (size_t i = 0; i < n; ++i)
    p.invokes.push_back(decode_call(r, commands));
  return p;
}

std::vector<uint8_t> encode(const Program& p, const std::vector<uint32_t>& commands) {
  std::vector<uint8_t> out;
  const size_t n = std::clamp<size_t>(p.invokes.size(), 1, kMaxInvokes);
  out.push_back(static_cast<uint8_t>((n - 1) | (p.full ? 4 : 0)));
  if (p.full)
    encode_call(p.open, commands, out);
  for (size_t i = 0; i < n; ++i)
    encode_call(i < p.invokes.size() ? p.invokes[i] : Call{}, commands, out);
  return out;
}

std::string describe(const Program& p) {
  std::string s;
  if (p.full)
    s += describe_call("open", p.open) + "\n";
  for (const Call& c : p.invokes)
    s += describe_call("invoke", c) + "\n";
  if (p.full)
    s += "close\n";
  return s;
}

// One TA instance with its two snapshots: before the first open-session, and ready (a
// session open). Its hooks are installed before it runs any code and never change, so no
// translated code ever has to be thrown away (Unicorn's cache removal is not safe to mix
// with block chaining here: it crashed in tb_set_jmp_target).
struct Engine {
  std::shared_ptr<storage::SecureStorage> storage;
  std::unique_ptr<TaInstance> ta;
  std::shared_ptr<const TaInstance::Snapshot> before_open, ready;
  uint64_t storage_changes = 0;
  uc_hook hook = 0;
};

struct TaFuzzer::Impl {
  std::vector<uint8_t> elf;
  Options options;
  std::shared_ptr<FuzzRng> rng;
  std::optional<TaTimeStore> ta_time;
  Engine main;
  // For reports: the same TA with a code hook, which keeps Unicorn's PC exact at every
  // instruction. Made at the first crash.
  std::unique_ptr<Engine> precise;
  uint32_t prev = 0;
  // Parameter buffers, one per parameter slot.
  std::array<std::unique_ptr<uint8_t[]>, 4> buffers;

  static void on_block(uc_engine*, uint64_t address, uint32_t, void* user) {
    auto* self = static_cast<Impl*>(user);
    const uint32_t cur = static_cast<uint32_t>(address >> 1) * 0x9E3779B1u;
    uint8_t& c = g_counters[(cur ^ self->prev) & (kCounters - 1)];
    c = static_cast<uint8_t>(c + 1);
    self->prev = cur >> 1;
  }

  static void on_code(uc_engine*, uint64_t, uint32_t, void*) {}

  EntryContext context() {
    EntryContext ctx;
    ctx.session_id = 1;
    ctx.client_login = TEE_LOGIN_PUBLIC;
    ctx.ta_time = &*ta_time;
    ctx.instance_id = 1;
    return ctx;
  }

  // Fills `params` from a call; memrefs point at the slot buffers.
  void params_for(const Call& c, TaParams& params) {
    for (size_t i = 0; i < 4; ++i) {
      TaParam& p = params[i];
      p = TaParam{};
      p.type = c.types[i];
      if (value_in(p.type)) {
        p.a = c.a[i];
        p.b = c.b[i];
      } else if (memref(p.type)) {
        p.host = buffers[i].get();
        p.pa = reinterpret_cast<uintptr_t>(p.host);
        p.size = c.memref[i].size();
        if (memref_in(p.type) && !c.memref[i].empty())
          std::memcpy(p.host, c.memref[i].data(), c.memref[i].size());
        else if (!memref_in(p.type))
          std::memset(p.host, 0, c.memref[i].size());
      }
    }
  }

  // One entry; false when the instance died.
  bool enter(Engine& e, uint32_t func, const Call& c, Outcome& out) {
    TaParams params;
    params_for(c, params);
    prev = 0;
    EntryResult r = e.ta->enter(func, context(), params, c.cmd);
    out.results.push_back(r.ret);
    if (!e.ta->dead())
      return true;
    out.dead = true;
    out.report = make_crash_report(*e.ta);
    return false;
  }

  void fresh_clocks() {
    ta_time.emplace(std::filesystem::path{},
                    TaTimeStore::Clocks{[] { return int64_t{1'000'000}; },
                                        [] { return int64_t{1'767'225'600'000}; }});
  }

  void reset(Engine& e, const TaInstance::Snapshot& snap) {
    e.ta->restore(snap);
    rng->reset();
    fresh_clocks();
    if (e.storage->changes() != e.storage_changes) {
      const Uuid uuid = e.ta->image().head.uuid;
      (void)e.storage->wipe(&uuid);
      e.storage_changes = e.storage->changes();
    }
  }

  Result<void> make_engine(Engine& e, bool exact_pc) {
    e.storage = SWEMU_TRY(storage::SecureStorage::open({}));
    TaLoadOptions lo;
    lo.name = options.name;
    lo.stack_size = options.stack_size;
    lo.heap_size = options.heap_size;
    lo.time_limit_ms = options.time_limit_ms;
    lo.rng = rng;
    lo.storage = e.storage;
    lo.deterministic = true;
    e.ta = SWEMU_TRY(TaInstance::create(elf, lo));
    const TaImage& img = e.ta->image();
    uc_err err = UC_ERR_OK;
    if (exact_pc)
      err = uc_hook_add(e.ta->engine(), &e.hook, UC_HOOK_CODE, reinterpret_cast<void*>(&on_code),
                        nullptr, img.base, img.end - 1);
    else if (options.coverage)
      err = uc_hook_add(e.ta->engine(), &e.hook, UC_HOOK_BLOCK, reinterpret_cast<void*>(&on_block),
                        this, img.base, img.end - 1);
    if (err != UC_ERR_OK)
      return make_error(TEE_ERROR_GENERIC, fmt::format("adding a hook: {}", uc_strerror(err)));
    rng->reset();
    fresh_clocks();
    e.before_open = SWEMU_TRY(e.ta->snapshot());
    Outcome first;
    if (!enter(e, UTEE_ENTRY_FUNC_OPEN_SESSION, Call{}, first) || first.results[0] != TEE_SUCCESS)
      return make_error(TEE_ERROR_BAD_STATE,
                        fmt::format("{}: opening a session without parameters failed ({:#x}{}); "
                                    "the fuzzer needs one to start from",
                                    options.name, first.results[0],
                                    first.report ? ": " + first.report->key() : ""));
    e.ready = SWEMU_TRY(e.ta->snapshot());
    e.storage_changes = e.storage->changes();
    return {};
  }

  Outcome run_on(Engine& e, const Program& program) {
    Outcome out;
    reset(e, program.full ? *e.before_open : *e.ready);
    if (program.full) {
      if (!enter(e, UTEE_ENTRY_FUNC_OPEN_SESSION, program.open, out) ||
          out.results.back() != TEE_SUCCESS)
        return out;
    }
    for (const Call& c : program.invokes)
      if (!enter(e, UTEE_ENTRY_FUNC_INVOKE_COMMAND, c, out))
        return out;
    if (program.full)
      enter(e, UTEE_ENTRY_FUNC_CLOSE_SESSION, Call{}, out);
    return out;
  }
};

TaFuzzer::~TaFuzzer() = default;

Result<std::unique_ptr<TaFuzzer>> TaFuzzer::create(std::span<const uint8_t> elf,
                                                   const Options& options) {
  std::unique_ptr<TaFuzzer> f(new TaFuzzer());
  f->options_ = options;
  f->impl_ = std::make_unique<Impl>();
  Impl& impl = *f->impl_;
  impl.elf.assign(elf.begin(), elf.end());
  impl.options = options;
  for (auto& b : impl.buffers) {
    b = std::make_unique<uint8_t[]>(kMaxMemref);
    std::memset(b.get(), 0, kMaxMemref);
  }
  impl.rng = std::make_shared<FuzzRng>();
  SWEMU_TRY_VOID(impl.make_engine(impl.main, false));
  return f;
}

Outcome TaFuzzer::run(std::span<const uint8_t> input) {
  return run(decode(input, options_.commands));
}

Outcome TaFuzzer::run(const Program& program) {
  Impl& impl = *impl_;
  Outcome out = impl.run_on(impl.main, program);
  if (!out.dead)
    return out;
  // Unicorn keeps the PC exact at every instruction only under a code hook, which would
  // slow every input down; so a crashing input runs once more on a second instance that
  // has one, for a report that names the faulting instruction itself. Runs are
  // deterministic: it crashes the same way.
  if (!impl.precise) {
    auto e = std::make_unique<Engine>();
    if (!impl.make_engine(*e, true).ok())
      return out;
    impl.precise = std::move(e);
  }
  Outcome again = impl.run_on(*impl.precise, program);
  return again.dead ? again : out;
}

namespace {

// 0 for a counter never hit, then 1..8 for 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.
uint8_t hit_bucket(uint8_t count) {
  if (count < 4)
    return count;
  if (count < 8)
    return 4;
  if (count < 16)
    return 5;
  if (count < 32)
    return 6;
  return count < 128 ? 7 : 8;
}

void add_le(std::set<std::string>& dict, uint64_t v) {
  if (v < 0x100)
    return; // small numbers are found without help
  std::string four(4, '\0');
  for (int i = 0; i < 4; ++i)
    four[i] = static_cast<char>(v >> (8 * i));
  dict.insert(four);
  if (v <= 0xFFFF)
    dict.insert(four.substr(0, 2));
}

} // namespace

std::vector<std::string> TaFuzzer::dictionary() const {
  constexpr size_t kMaxEntries = 2000;
  std::set<std::string> dict;
  const TaImage& img = impl_->main.ta->image();
  // Printable strings of the read-only data: magic words, command names, formats.
  for (const LoadedSegment& seg : img.segments) {
    if (seg.prot & kProtWrite)
      continue;
    // NUL-terminated runs only: C string literals.
    std::string run;
    for (uint8_t c : seg.bytes) {
      if (c >= 0x20 && c < 0x7F) {
        run += static_cast<char>(c);
        continue;
      }
      if (c == 0 && run.size() >= 4 && run.size() <= 32)
        dict.insert(run);
      run.clear();
    }
  }
  // Constants the code compares with or builds in registers (AArch64: CMP/CMN/CCMP/SUBS
  // immediates, MOV/MOVZ/MOVK immediates).
  csh cs = 0;
  if (img.arch == Arch::kAArch64 && cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &cs) == CS_ERR_OK) {
    cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
    cs_insn* insn = cs_malloc(cs);
    for (const LoadedSegment& seg : img.segments) {
      if (!(seg.prot & kProtExec))
        continue;
      const uint8_t* code = seg.bytes.data();
      size_t size = seg.bytes.size();
      uint64_t addr = seg.vaddr;
      while (size >= 4 && dict.size() < kMaxEntries) {
        if (!cs_disasm_iter(cs, &code, &size, &addr, insn)) {
          code += 4; // data between functions
          size -= 4;
          addr += 4;
          continue;
        }
        const bool wanted = insn->id == ARM64_INS_CMP || insn->id == ARM64_INS_CMN ||
                            insn->id == ARM64_INS_CCMP || insn->id == ARM64_INS_MOV ||
                            insn->id == ARM64_INS_MOVZ || insn->id == ARM64_INS_MOVK ||
                            (insn->id == ARM64_INS_SUB && insn->detail->arm64.update_flags);
        if (!wanted)
          continue;
        const cs_arm64& d = insn->detail->arm64;
        for (uint8_t i = 0; i < d.op_count; ++i) {
          const cs_arm64_op& op = d.operands[i];
          if (op.type != ARM64_OP_IMM)
            continue;
          uint64_t v = static_cast<uint64_t>(op.imm);
          if (op.shift.type == ARM64_SFT_LSL && op.shift.value < 64)
            v <<= op.shift.value;
          add_le(dict, v);
        }
      }
    }
    cs_free(insn, 1);
    cs_close(&cs);
  }
  std::vector<std::string> out(dict.begin(), dict.end());
  if (out.size() > kMaxEntries)
    out.resize(kMaxEntries);
  return out;
}

std::vector<std::vector<uint8_t>> TaFuzzer::seeds() {
  constexpr size_t kMaxStrings = 16;
  constexpr size_t kMaxValues = 64;
  std::vector<uint32_t> cmds = options_.commands;
  if (cmds.empty())
    for (uint32_t c = 0; c < 8; ++c)
      cmds.push_back(c);
  // Memref contents to try: a plain pattern, and the TA's own strings (magic words).
  std::vector<std::vector<uint8_t>> contents{{}};
  for (int k = 0; k < 64; ++k)
    contents[0].push_back(static_cast<uint8_t>('A' + k % 26));
  // Only word-like strings (code bytes also read as text, but rarely like this).
  for (const std::string& word : dictionary()) {
    if (contents.size() > kMaxStrings || word.size() < 4 || word.size() > 16 ||
        !std::all_of(word.begin(), word.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        }))
      continue;
    std::vector<uint8_t> c(word.begin(), word.end());
    c.resize(64, 'A');
    contents.push_back(std::move(c));
  }
  // Values to try: 1, and the 32-bit constants the code compares with.
  std::vector<uint32_t> values{1};
  for (const std::string& e : dictionary()) {
    if (e.size() != 4 || values.size() > kMaxValues)
      continue;
    uint32_t v = 0;
    std::memcpy(&v, e.data(), 4);
    values.push_back(v);
  }
  std::vector<std::vector<uint8_t>> kept;
  std::vector<uint8_t> best(kCounters, 0);
  for (uint32_t cmd : cmds) {
    std::vector<Call> shapes;
    auto shape = [&](uint32_t t0, uint32_t t1, size_t len, const std::vector<uint8_t>& content,
                     uint32_t a = 1, uint32_t b = 0) {
      Call c;
      c.cmd = cmd;
      c.types = {t0, t1, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE};
      for (int i = 0; i < 2; ++i) {
        if (value_in(c.types[i])) {
          c.a[i] = a;
          c.b[i] = b;
        }
        if (memref(c.types[i]))
          c.memref[i].assign(content.begin(), content.begin() + static_cast<ptrdiff_t>(len));
      }
      shapes.push_back(c);
    };
    const auto& plain = contents[0];
    shape(TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE, 0, plain);
    shape(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE, 0, plain);
    shape(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE, 0, plain);
    for (uint32_t va : values)
      shape(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT, 0, plain, va, 0);
    shape(TEE_PARAM_TYPE_MEMREF_INOUT, TEE_PARAM_TYPE_NONE, 16, plain);
    shape(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT, 32, plain);
    for (const auto& content : contents) {
      shape(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE, 16, content);
      shape(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT, 64, content);
    }
    // Keep the calls the TA accepts, and those that reach code no earlier seed did or
    // run an edge more often (libFuzzer's hit-count buckets: a loop that goes further).
    std::vector<uint8_t> fallback;
    bool any = false;
    for (size_t k = 0; k < shapes.size(); ++k) {
      const Call c = shapes[k];
      Program p;
      p.invokes.push_back(c);
      std::vector<uint8_t> bytes = encode(p, options_.commands);
      std::fill(g_counters, g_counters + kCounters, 0);
      Outcome o = run(p);
      if (o.dead) {
        // Found before fuzzing even starts: libFuzzer runs it first and it is reported.
        kept.push_back(std::move(bytes));
        any = true;
        continue;
      }
      bool news = false;
      for (size_t i = 0; i < kCounters; ++i) {
        const uint8_t b = hit_bucket(g_counters[i]);
        news = news || b > best[i];
        best[i] = std::max(best[i], b);
      }
      if (news && c.types[0] == TEE_PARAM_TYPE_VALUE_INPUT && c.b[0] == 0 && c.a[0] != 1) {
        // A constant for a that reached new code: the path may want a second one in b.
        for (uint32_t vb : values)
          if (vb > 1)
            shape(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT, 0, plain, c.a[0], vb);
      }
      if ((!o.results.empty() && o.results[0] == TEE_SUCCESS) || news) {
        kept.push_back(std::move(bytes));
        any = true;
      } else if (fallback.empty()) {
        fallback = std::move(bytes);
      }
    }
    if (!any && !fallback.empty())
      kept.push_back(std::move(fallback));
  }
  std::fill(g_counters, g_counters + kCounters, 0);
  return kept;
}

void TaFuzzer::restore() {
  impl_->reset(impl_->main, *impl_->main.ready);
}

uint64_t TaFuzzer::state_hash() {
  return impl_->main.ta->memory_hash();
}

size_t TaFuzzer::edges_seen() const {
  return static_cast<size_t>(
      std::count_if(g_counters, g_counters + kCounters, [](uint8_t c) { return c != 0; }));
}

} // namespace swemu::core::fuzz
