#include "debug/coverage.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <utility>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fmt/format.h>
#include <gelf.h>
#include <libelf.h>

#include "swemu/core/ta_store.h"

namespace swemu::core {
namespace {

using namespace swemu::abi;

// drcov stores a block's size in 16 bits; Unicorn's blocks are far smaller.
constexpr uint32_t kMaxDrcovBlockSize = 0xFFFF;
// ... and its module id.
constexpr size_t kMaxModuleId = 0xFFFF;

// How many times each address ran: a step function over the module's code built from the
// executed blocks. Blocks may overlap (a branch into the middle of a translated block
// starts a new one), so the count at an address is the sum over the blocks covering it.
class CountMap {
public:
  explicit CountMap(const std::vector<CoverageBlock>& blocks) {
    std::map<uint64_t, int64_t> delta;
    for (const CoverageBlock& b : blocks) {
      delta[b.start] += static_cast<int64_t>(b.count);
      delta[b.start + b.size] -= static_cast<int64_t>(b.count);
    }
    int64_t running = 0;
    for (const auto& [addr, d] : delta) {
      running += d;
      steps_.emplace_back(addr, static_cast<uint64_t>(running));
    }
  }

  // The largest count over [lo, hi); hi > lo.
  uint64_t max_in(uint64_t lo, uint64_t hi) const {
    auto it = std::upper_bound(steps_.begin(), steps_.end(), lo,
                               [](uint64_t a, const auto& s) { return a < s.first; });
    uint64_t best = 0;
    if (it != steps_.begin())
      best = std::prev(it)->second;
    for (; it != steps_.end() && it->first < hi; ++it)
      best = std::max(best, it->second);
    return best;
  }

private:
  std::vector<std::pair<uint64_t, uint64_t>> steps_; // (from address, count from there on)
};

struct LineCounts {
  std::map<int, uint64_t> lines; // line → count; every key is an instrumented line
  std::map<std::string, std::pair<int, uint64_t>> functions; // name → (line, count)
};

std::string normal_path(const char* name, const char* comp_dir) {
  std::filesystem::path p(name);
  if (p.is_relative() && comp_dir != nullptr)
    p = std::filesystem::path(comp_dir) / p;
  return p.lexically_normal().string();
}

// The bytes of the ELF's .text section, or an empty span when it has none.
std::span<const uint8_t> text_section(Elf* elf) {
  size_t shstrndx = 0;
  if (elf_getshdrstrndx(elf, &shstrndx) != 0)
    return {};
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn != nullptr; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (gelf_getshdr(scn, &shdr) == nullptr || shdr.sh_type != SHT_PROGBITS)
      continue;
    const char* name = elf_strptr(elf, shstrndx, shdr.sh_name);
    if (name == nullptr || std::strcmp(name, ".text") != 0)
      continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (data == nullptr || data->d_buf == nullptr)
      return {};
    return {static_cast<const uint8_t*>(data->d_buf), data->d_size};
  }
  return {};
}

// An ELF opened from memory with libelf; the bytes must outlive it.
class ElfHandle {
public:
  explicit ElfHandle(std::span<const uint8_t> bytes) {
    elf_version(EV_CURRENT);
    // libelf does not write through an ELF_C_READ_MMAP-less memory image.
    elf_ = elf_memory(const_cast<char*>(reinterpret_cast<const char*>(bytes.data())), bytes.size());
  }
  ~ElfHandle() {
    if (elf_ != nullptr)
      elf_end(elf_);
  }
  ElfHandle(const ElfHandle&) = delete;
  ElfHandle& operator=(const ElfHandle&) = delete;
  Elf* get() const { return elf_; }

private:
  Elf* elf_ = nullptr;
};

// Function counts from the DW_TAG_subprogram entries of one CU (dwarf_getfuncs). A
// function's count is how often its entry instruction ran, summed over its out-of-line
// body and every place it was inlined: with -Os most static helpers exist only inlined.
struct FunctionScan {
  const CoverageModule* info;
  const CountMap* counts;
  std::map<std::string, LineCounts>* files;
  const char* comp_dir;

  bool in_code(uint64_t guest) const { return guest >= info->code_start && guest < info->code_end; }

  // How often the code at the entry of `die` (a subprogram or an inlined instance) ran;
  // false when it has no code in this image. Without DW_AT_entry_pc or DW_AT_low_pc (code
  // split into DW_AT_ranges), the most any of its pieces' first instructions ran.
  bool entry_count(Dwarf_Die* die, uint64_t* count) const {
    Dwarf_Addr entry = 0;
    if (dwarf_entrypc(die, &entry) == 0) {
      if (!in_code(info->base + entry))
        return false;
      *count = counts->max_in(info->base + entry, info->base + entry + 1);
      return true;
    }
    Dwarf_Addr base = 0, start = 0, end = 0;
    bool found = false;
    *count = 0;
    for (ptrdiff_t off = dwarf_ranges(die, 0, &base, &start, &end); off > 0;
         off = dwarf_ranges(die, off, &base, &start, &end)) {
      const uint64_t guest = info->base + start;
      if (start >= end || !in_code(guest))
        continue;
      *count = std::max(*count, counts->max_in(guest, guest + 1));
      found = true;
    }
    return found;
  }

  static int on_function(Dwarf_Die* fn, void* arg) {
    auto* self = static_cast<FunctionScan*>(arg);
    Dwarf_Attribute attr;
    // Through DW_AT_abstract_origin / DW_AT_specification for concrete out-of-line copies.
    const char* name = dwarf_formstring(dwarf_attr_integrate(fn, DW_AT_name, &attr));
    const char* file = dwarf_decl_file(fn);
    int line = 0;
    if (name == nullptr || file == nullptr || dwarf_decl_line(fn, &line) != 0 || line <= 0)
      return DWARF_CB_OK;
    struct Sum {
      const FunctionScan* scan;
      uint64_t total = 0;
      bool found = false;
    } sum{self};
    uint64_t count = 0;
    if (self->entry_count(fn, &count)) {
      sum.total += count;
      sum.found = true;
    }
    if (dwarf_func_inline(fn) != 0)
      dwarf_func_inline_instances(
          fn,
          [](Dwarf_Die* inlined, void* a) -> int {
            auto* s = static_cast<Sum*>(a);
            uint64_t c = 0;
            if (s->scan->entry_count(inlined, &c)) {
              s->total += c;
              s->found = true;
            }
            return DWARF_CB_OK;
          },
          &sum);
    if (!sum.found)
      return DWARF_CB_OK;
    auto& f = (*self->files)[normal_path(file, self->comp_dir)].functions[name];
    f.first = line;
    f.second += sum.total;
    return DWARF_CB_OK;
  }
};

// Adds one module's line and function counts (from the DWARF in `elf`) to `files`.
// `what` names the ELF in messages.
Result<void> add_line_counts(std::span<const uint8_t> elf_bytes, const std::string& what,
                             const CoverageModule& info, const CountMap& counts,
                             std::map<std::string, LineCounts>& files) {
  ElfHandle elf(elf_bytes);
  if (elf.get() == nullptr || elf_kind(elf.get()) != ELF_K_ELF)
    return make_error(TEE_ERROR_BAD_FORMAT, fmt::format("{}: not an ELF file", what));
  Dwarf* dw = dwarf_begin_elf(elf.get(), DWARF_C_READ, nullptr);
  if (dw == nullptr)
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("{}: no DWARF debug information ({}); build the TA with -g and "
                                  "do not strip it, or name the unstripped ELF (--coverage-elf)",
                                  what, dwarf_errmsg(-1)));
  struct DwarfEnd {
    Dwarf* d;
    ~DwarfEnd() { dwarf_end(d); }
  } dw_end{dw};

  auto in_code = [&](uint64_t guest) { return guest >= info.code_start && guest < info.code_end; };
  size_t rows_used = 0;
  Dwarf_Off off = 0, next = 0;
  size_t header_size = 0;
  while (dwarf_nextcu(dw, off, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
    Dwarf_Die cu;
    const Dwarf_Off die_off = off + header_size;
    off = next;
    if (dwarf_offdie(dw, die_off, &cu) == nullptr)
      continue;
    Dwarf_Attribute attr;
    const char* comp_dir = dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &attr));

    Dwarf_Lines* lines = nullptr;
    size_t n = 0;
    if (dwarf_getsrclines(&cu, &lines, &n) != 0)
      continue;
    // Row i covers [its address, the next row's address); libdw sorts the rows by address
    // and keeps each sequence together, ending with its end_sequence row.
    for (size_t i = 0; i < n; ++i) {
      Dwarf_Line* row = dwarf_onesrcline(lines, i);
      Dwarf_Addr addr = 0;
      int line = 0;
      bool end_sequence = false;
      if (row == nullptr || dwarf_lineaddr(row, &addr) != 0 || dwarf_lineno(row, &line) != 0 ||
          dwarf_lineendsequence(row, &end_sequence) != 0 || end_sequence || line <= 0)
        continue;
      const uint64_t lo = info.base + addr;
      uint64_t hi = lo + 1;
      if (i + 1 < n) {
        Dwarf_Addr next_addr = 0;
        if (dwarf_lineaddr(dwarf_onesrcline(lines, i + 1), &next_addr) == 0 && next_addr > addr)
          hi = info.base + next_addr;
      }
      // Rows outside the code are dead code the linker dropped (their addresses were
      // tombstoned to 0 or -1); those lines have no instructions in this image.
      if (!in_code(lo))
        continue;
      const char* src = dwarf_linesrc(row, nullptr, nullptr);
      if (src == nullptr)
        continue;
      uint64_t& hits = files[normal_path(src, comp_dir)].lines[line];
      hits = std::max(hits, counts.max_in(lo, hi));
      ++rows_used;
    }

    FunctionScan scan{&info, &counts, &files, comp_dir};
    dwarf_getfuncs(&cu, &FunctionScan::on_function, &scan, 0);
  }
  if (rows_used == 0)
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("{}: no DWARF line table for the TA's code; build the TA with "
                                  "-g and do not strip it, or name the unstripped ELF "
                                  "(--coverage-elf)",
                                  what));
  return {};
}

Result<void> write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    return make_error(TEE_ERROR_GENERIC, fmt::format("{}: cannot open for writing: {}",
                                                     path.string(), std::strerror(errno)));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    return make_error(TEE_ERROR_GENERIC, fmt::format("{}: write failed", path.string()));
  return {};
}

} // namespace

std::string coverage_format_for(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".info" || ext == ".lcov" ? "lcov" : "drcov";
}

void Coverage::set_debug_elf(const Uuid& uuid, std::filesystem::path elf) {
  std::lock_guard lock(mu_);
  debug_elves_[uuid] = std::move(elf);
}

Result<uint16_t> Coverage::add_module(const TaImage& image, std::span<const uint8_t> elf,
                                      const std::string& name, const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::path absolute = file.empty() ? file : std::filesystem::absolute(file, ec);
  if (ec)
    absolute = file;
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < modules_.size(); ++i) {
    const CoverageModule& m = modules_[i]->info;
    if (m.file == absolute.lexically_normal() && m.uuid == image.head.uuid && m.base == image.base)
      return static_cast<uint16_t>(i);
  }
  if (modules_.size() > kMaxModuleId)
    return make_error(TEE_ERROR_OUT_OF_MEMORY, fmt::format("{}: coverage: more than {} TA files",
                                                           file.string(), kMaxModuleId + 1));
  auto m = std::make_unique<Module>();
  m->info.name = name;
  m->info.uuid = image.head.uuid;
  m->info.file = absolute.lexically_normal();
  m->info.arch = image.arch;
  m->info.base = image.base;
  m->info.end = image.end;
  m->info.entry = image.entry & ~uint64_t{1};
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const LoadedSegment& seg : image.segments) {
    if ((seg.prot & kProtExec) == 0)
      continue;
    lo = std::min(lo, seg.vaddr);
    hi = std::max(hi, seg.vaddr + seg.bytes.size());
  }
  if (lo >= hi)
    lo = hi = image.base;
  m->info.code_start = lo;
  m->info.code_end = hi;
  m->shift = image.arch == Arch::kAArch32 ? 1 : 2;
  m->counts.assign((hi - lo) >> m->shift, 0);
  m->sizes.assign(m->counts.size(), 0);
  m->elf.assign(elf.begin(), elf.end());
  modules_.push_back(std::move(m));
  return static_cast<uint16_t>(modules_.size() - 1);
}

void Coverage::merge(uint16_t module, std::span<const Hit> hits) {
  std::lock_guard lock(mu_);
  if (module >= modules_.size())
    return;
  Module& m = *modules_[module];
  for (const Hit& h : hits) {
    const uint64_t index = (h.start - m.info.code_start) >> m.shift;
    if (h.start < m.info.code_start || index >= m.counts.size())
      continue;
    m.counts[index] += h.count;
    m.sizes[index] = std::max(m.sizes[index], h.size);
  }
}

std::vector<CoverageModule> Coverage::modules() const {
  std::lock_guard lock(mu_);
  std::vector<CoverageModule> out;
  for (const auto& m : modules_)
    out.push_back(m->info);
  return out;
}

std::vector<CoverageBlock> Coverage::blocks(uint16_t module) const {
  std::lock_guard lock(mu_);
  std::vector<CoverageBlock> out;
  if (module >= modules_.size())
    return out;
  const Module& m = *modules_[module];
  for (size_t i = 0; i < m.counts.size(); ++i)
    if (m.counts[i] != 0)
      out.push_back({m.info.code_start + (uint64_t{i} << m.shift), m.sizes[i], m.counts[i]});
  return out;
}

Result<void> Coverage::write_drcov(const std::filesystem::path& path) const {
  const std::vector<CoverageModule> mods = modules();
  std::string text = "DRCOV VERSION: 2\nDRCOV FLAVOR: drcov\n";
  text += fmt::format("Module Table: version 2, count {}\n", mods.size());
  text += "Columns: id, base, end, entry, checksum, timestamp, path\n";
  std::string table;
  size_t count = 0;
  for (size_t id = 0; id < mods.size(); ++id) {
    const CoverageModule& m = mods[id];
    // Lighthouse matches a module to the open binary by file name: name the ELF.
    std::string shown = m.file.empty() ? m.name : m.file.string();
    {
      std::lock_guard lock(mu_);
      if (auto it = debug_elves_.find(m.uuid); it != debug_elves_.end())
        shown = it->second.string();
    }
    text += fmt::format("{}, {:#018x}, {:#018x}, {:#018x}, {:#010x}, {:#010x}, {}\n", id, m.base,
                        m.end, m.entry, 0, 0, shown);
    for (const CoverageBlock& b : blocks(static_cast<uint16_t>(id))) {
      const auto offset = static_cast<uint32_t>(b.start - m.base);
      const auto size = static_cast<uint16_t>(std::min(b.size, kMaxDrcovBlockSize));
      const auto mod = static_cast<uint16_t>(id);
      // struct { u32 start; u16 size; u16 mod_id; }, little-endian like the host.
      char entry[8];
      std::memcpy(entry, &offset, 4);
      std::memcpy(entry + 4, &size, 2);
      std::memcpy(entry + 6, &mod, 2);
      table.append(entry, sizeof entry);
      ++count;
    }
  }
  text += fmt::format("BB Table: {} bbs\n", count);
  text += table;
  return write_file(path, text);
}

Result<std::vector<uint8_t>> Coverage::debug_elf(const Module& m, std::string* what) const {
  std::filesystem::path chosen;
  {
    std::lock_guard lock(mu_);
    if (auto it = debug_elves_.find(m.info.uuid); it != debug_elves_.end())
      chosen = it->second;
  }
  // A signed .ta next to the ELF it was made from: the build's <stem>.elf.
  if (chosen.empty() && m.info.file.extension() == ".ta") {
    std::filesystem::path sibling = m.info.file;
    sibling.replace_extension(".elf");
    std::error_code ec;
    if (std::filesystem::is_regular_file(sibling, ec))
      chosen = sibling;
  }
  if (chosen.empty()) {
    *what = m.info.file.empty() ? m.info.name : m.info.file.string();
    if (m.info.file.extension() == ".ta")
      *what += " (the ELF inside the signed file)";
    return m.elf;
  }
  *what = chosen.string();
  auto bytes = read_file_limited(chosen, kMaxTaFileBytes);
  if (!bytes)
    return make_error(bytes.error().code,
                      fmt::format("{}: debug ELF for TA {}: {}", chosen.string(), m.info.uuid.str(),
                                  bytes.error().message));
  // The debug ELF must hold the very code that ran: compare the .text sections.
  ElfHandle loaded(m.elf), debug(*bytes);
  if (loaded.get() == nullptr || debug.get() == nullptr)
    return make_error(TEE_ERROR_BAD_FORMAT, fmt::format("{}: not an ELF file", chosen.string()));
  auto a = text_section(loaded.get()), b = text_section(debug.get());
  if (a.size() != b.size() || !std::equal(a.begin(), a.end(), b.begin()))
    return make_error(TEE_ERROR_BAD_FORMAT,
                      fmt::format("{}: its .text differs from the TA {} that ran (from {}); it is "
                                  "not the ELF this TA was built from",
                                  chosen.string(), m.info.uuid.str(), m.info.file.string()));
  return std::move(bytes.value());
}

Result<void> Coverage::write_lcov(const std::filesystem::path& path,
                                  const std::string& test_name) const {
  std::vector<const Module*> mods;
  {
    std::lock_guard lock(mu_);
    for (const auto& m : modules_)
      mods.push_back(m.get());
  }
  std::map<std::string, LineCounts> files;
  for (size_t id = 0; id < mods.size(); ++id) {
    const Module& m = *mods[id];
    std::string what;
    std::vector<uint8_t> elf = SWEMU_TRY(debug_elf(m, &what));
    const CountMap counts(blocks(static_cast<uint16_t>(id)));
    SWEMU_TRY_VOID(add_line_counts(elf, what, m.info, counts, files));
  }

  std::string out;
  for (const auto& [file, fc] : files) {
    out += fmt::format("TN:{}\nSF:{}\n", test_name, file);
    std::vector<std::pair<int, std::string>> by_line;
    for (const auto& [name, lc] : fc.functions)
      by_line.emplace_back(lc.first, name);
    std::sort(by_line.begin(), by_line.end());
    size_t fn_hit = 0;
    for (const auto& [line, name] : by_line)
      out += fmt::format("FN:{},{}\n", line, name);
    for (const auto& [line, name] : by_line) {
      const uint64_t c = fc.functions.at(name).second;
      out += fmt::format("FNDA:{},{}\n", c, name);
      fn_hit += c != 0 ? 1 : 0;
    }
    out += fmt::format("FNF:{}\nFNH:{}\n", by_line.size(), fn_hit);
    size_t line_hit = 0;
    for (const auto& [line, c] : fc.lines) {
      out += fmt::format("DA:{},{}\n", line, c);
      line_hit += c != 0 ? 1 : 0;
    }
    out += fmt::format("LF:{}\nLH:{}\nend_of_record\n", fc.lines.size(), line_hit);
  }
  return write_file(path, out);
}

CoverageRecorder::CoverageRecorder(std::shared_ptr<Coverage> sink, uint16_t module,
                                   const CoverageModule& info)
    : sink_(std::move(sink)), module_(module), start_(info.code_start), end_(info.code_end),
      shift_(info.arch == Arch::kAArch32 ? 1 : 2) {
  counts_.assign((end_ - start_) >> shift_, 0);
  sizes_.assign(counts_.size(), 0);
}

void CoverageRecorder::first_run(uint64_t index, uint32_t size) {
  touched_.push_back(static_cast<uint32_t>(index));
  sizes_[index] = size;
}

CoverageRecorder::~CoverageRecorder() {
  flush();
}

void CoverageRecorder::flush() {
  if (touched_.empty())
    return;
  batch_.clear();
  for (uint32_t index : touched_) {
    batch_.push_back({start_ + (uint64_t{index} << shift_), sizes_[index], counts_[index]});
    counts_[index] = 0;
  }
  touched_.clear();
  sink_->merge(module_, batch_);
}

} // namespace swemu::core
