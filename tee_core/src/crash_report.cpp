#include "crash_report.h"

#include <capstone/capstone.h>
#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include <algorithm>
#include <array>

namespace swemu::core {

namespace {

constexpr size_t kMaxFrames = 32;
constexpr uint32_t kPanicStackSmashed = 0xFFFF000F; // TEE_ERROR_SECURITY, ta_sdk's canary

struct Regs {
  uint64_t pc = 0, sp = 0, lr = 0, fp = 0;
  bool thumb = false;
};

Regs read_regs(TaInstance& ta) {
  uc_engine* uc = ta.engine();
  Regs r;
  if (ta.a32()) {
    uint32_t pc = 0, sp = 0, lr = 0, fp = 0, cpsr = 0;
    uc_reg_read(uc, UC_ARM_REG_PC, &pc);
    uc_reg_read(uc, UC_ARM_REG_SP, &sp);
    uc_reg_read(uc, UC_ARM_REG_LR, &lr);
    uc_reg_read(uc, UC_ARM_REG_CPSR, &cpsr);
    r.thumb = (cpsr & (1u << 5)) != 0;
    uc_reg_read(uc, r.thumb ? UC_ARM_REG_R7 : UC_ARM_REG_R11, &fp);
    r = {pc, sp, lr & ~1u, fp, r.thumb};
  } else {
    uc_reg_read(uc, UC_ARM64_REG_PC, &r.pc);
    uc_reg_read(uc, UC_ARM64_REG_SP, &r.sp);
    uc_reg_read(uc, UC_ARM64_REG_X30, &r.lr);
    uc_reg_read(uc, UC_ARM64_REG_X29, &r.fp);
  }
  return r;
}

std::string register_dump(TaInstance& ta) {
  uc_engine* uc = ta.engine();
  std::string out;
  if (ta.a32()) {
    for (int i = 0; i < 16; ++i) {
      uint32_t v = 0;
      uc_reg_read(uc,
                  i == 13   ? UC_ARM_REG_SP
                  : i == 14 ? UC_ARM_REG_LR
                  : i == 15 ? UC_ARM_REG_PC
                            : UC_ARM_REG_R0 + i,
                  &v);
      out += fmt::format("r{:<2} {:#010x}{}", i, v, i % 4 == 3 ? "\n" : "  ");
    }
    uint32_t cpsr = 0;
    uc_reg_read(uc, UC_ARM_REG_CPSR, &cpsr);
    out += fmt::format("cpsr {:#010x}", cpsr);
    return out;
  }
  for (int i = 0; i < 31; ++i) {
    uint64_t v = 0;
    uc_reg_read(uc,
                i == 29   ? UC_ARM64_REG_X29
                : i == 30 ? UC_ARM64_REG_X30
                          : UC_ARM64_REG_X0 + i,
                &v);
    out += fmt::format("x{:<2} {:#018x}{}", i, v, i % 4 == 3 ? "\n" : "  ");
  }
  uint64_t sp = 0, pc = 0, nzcv = 0;
  uc_reg_read(uc, UC_ARM64_REG_SP, &sp);
  uc_reg_read(uc, UC_ARM64_REG_PC, &pc);
  uc_reg_read(uc, UC_ARM64_REG_NZCV, &nzcv);
  out += fmt::format("sp  {:#018x}  pc  {:#018x}  nzcv {:#010x}", sp, pc, nzcv);
  return out;
}

bool in_image(const TaImage& img, uint64_t va) {
  return va >= img.base && va < img.end;
}

// The PC, then return addresses from the frame-record chain (x29 / r7 or r11), with the
// link register first when the faulting function has not saved it yet.
std::vector<uint64_t> unwind(TaInstance& ta, const Regs& r) {
  const TaImage& img = ta.image();
  const uint64_t word = ta.a32() ? 4 : 8;
  std::vector<uint64_t> chain;
  uint64_t fp = r.fp;
  for (size_t i = 0; i < kMaxFrames && fp != 0 && fp % word == 0; ++i) {
    uint64_t rec[2] = {};
    if (ta.a32()) {
      uint32_t rec32[2] = {};
      if (uc_mem_read(ta.engine(), fp, rec32, sizeof rec32) != UC_ERR_OK)
        break;
      rec[0] = rec32[0];
      rec[1] = rec32[1] & ~1u;
    } else if (uc_mem_read(ta.engine(), fp, rec, sizeof rec) != UC_ERR_OK) {
      break;
    }
    if (!in_image(img, rec[1]))
      break;
    chain.push_back(rec[1]);
    if (rec[0] <= fp)
      break;
    fp = rec[0];
  }
  std::vector<uint64_t> frames{r.pc};
  const TaSymbol* here = img.function_at(r.pc);
  if (in_image(img, r.lr) && (chain.empty() || chain.front() != r.lr) &&
      (here == nullptr || img.function_at(r.lr) != here))
    frames.push_back(r.lr);
  frames.insert(frames.end(), chain.begin(), chain.end());
  if (frames.size() > kMaxFrames)
    frames.resize(kMaxFrames);
  return frames;
}

std::string disassemble(TaInstance& ta, const Regs& r) {
  std::array<uint8_t, 4> code{};
  if (uc_mem_read(ta.engine(), r.pc, code.data(), code.size()) != UC_ERR_OK &&
      uc_mem_read(ta.engine(), r.pc, code.data(), 2) != UC_ERR_OK)
    return "(code not readable)";
  csh cs = 0;
  const cs_arch arch = ta.a32() ? CS_ARCH_ARM : CS_ARCH_ARM64;
  const cs_mode mode = ta.a32() ? (r.thumb ? CS_MODE_THUMB : CS_MODE_ARM) : CS_MODE_ARM;
  if (cs_open(arch, mode, &cs) != CS_ERR_OK)
    return "(no disassembler)";
  cs_insn* insn = nullptr;
  std::string out = "(not a valid instruction)";
  if (cs_disasm(cs, code.data(), code.size(), r.pc, 1, &insn) == 1) {
    out = fmt::format("{} {}", insn->mnemonic, insn->op_str);
    while (!out.empty() && out.back() == ' ')
      out.pop_back();
    cs_free(insn, 1);
  }
  cs_close(&cs);
  return out;
}

bool named(const TaImage& img, uint64_t va, std::initializer_list<std::string_view> names) {
  const TaSymbol* f = img.function_at(va);
  return f != nullptr && std::find(names.begin(), names.end(), f->name) != names.end();
}

// `frames` are call sites, not return addresses: a return address can lie just past the
// end of a noreturn function (__stack_chk_fail's call to the panic is its last instruction).
std::string classify(const TaImage& img, const FaultInfo& f, const std::vector<uint64_t>& frames) {
  switch (f.kind) {
  case FaultKind::kPanic: {
    // Only the first few frames: the panic's own call chain.
    const size_t n = std::min<size_t>(frames.size(), 4);
    for (size_t i = 0; i < n; ++i)
      if (named(img, frames[i], {"__stack_chk_fail"}))
        return "stack-protector";
    for (size_t i = 0; i < n; ++i)
      if (named(img, frames[i],
                {"checked_block", "TEE_Free", "TEE_Realloc", "free", "realloc", "brel", "bget",
                 "bgetz", "bgetr", "raw_free", "raw_realloc"}))
        return "heap-corruption";
    return f.panic_code == kPanicStackSmashed && frames.size() <= 2 ? "stack-protector" : "panic";
  }
  case FaultKind::kNone:
  case FaultKind::kOther:
    return "other";
  default:
    return fault_kind_name(f.kind);
  }
}

} // namespace

CrashReport make_crash_report(TaInstance& ta) {
  CrashReport rep;
  rep.fault = ta.last_fault();
  Regs r = read_regs(ta);
  // A panic stops with the PC past the `svc` of the syscall stub: report the svc itself.
  if (rep.fault.kind == FaultKind::kPanic) {
    r.pc -= ta.a32() && r.thumb ? 2 : 4;
    rep.fault.pc = r.pc;
  }
  const TaImage& img = ta.image();
  rep.frames = unwind(ta, r);
  // A return address is looked up at its call instruction.
  std::vector<uint64_t> sites;
  for (size_t i = 0; i < rep.frames.size(); ++i) {
    const uint64_t back = i == 0 ? 0 : (ta.a32() && r.thumb ? 2 : 4);
    sites.push_back(rep.frames[i] - back);
    rep.symbols.push_back(img.symbolize(sites.back()));
  }
  rep.location = img.symbolize(r.pc);
  rep.crash_class = classify(img, rep.fault, sites);
  rep.sites = sites;
  rep.image_base = img.base;
  // The panic's PC is the svc in the syscall stub: the interesting place is its caller.
  if (rep.fault.kind == FaultKind::kPanic && rep.symbols.size() > 1) {
    size_t at = 1;
    while (at + 1 < rep.symbols.size() &&
           named(img, sites[at], {"TEE_Panic", "_utee_panic", "__stack_chk_fail"}))
      ++at;
    rep.location = rep.symbols[at];
  }
  rep.instruction = disassemble(ta, r);
  rep.registers = register_dump(ta);
  return rep;
}

std::string CrashReport::key() const {
  // A hang stops wherever the loop happened to be: the function is what identifies it.
  if (crash_class == "hang")
    return fmt::format("{} in {}", crash_class, location.substr(0, location.find('+')));
  return fmt::format("{} at {}", crash_class, location);
}

std::string CrashReport::text() const {
  std::string out = fmt::format("crash: {} at {}\n", crash_class, location);
  switch (fault.kind) {
  case FaultKind::kMemRead:
  case FaultKind::kMemWrite:
  case FaultKind::kMemFetch:
    out += fmt::format("address: {:#x}\n", fault.address);
    break;
  case FaultKind::kPanic:
    out += fmt::format("panic code: {:#010x}\n", fault.panic_code);
    break;
  default:
    break;
  }
  out += fmt::format("cause: {}\n", fault.text);
  out += fmt::format("instruction: {:#x}: {}\n", fault.pc, instruction);
  out += "backtrace:\n";
  for (size_t i = 0; i < frames.size(); ++i)
    out += fmt::format("  #{} {:#x} {}{}\n", i, frames[i], symbols[i],
                       i < sources.size() && !sources[i].empty() ? " at " + sources[i] : "");
  out += "registers:\n" + registers + "\n";
  return out;
}

} // namespace swemu::core
