// TA ELF loader that does ldelf's job on the host: check the ELF header, build page-rounded
// segment images, apply relocations by walking the section headers, and parse ta_head.
// Facts: reference/optee-abi.md §4.1, §4.2, §4.9; reference/ta-binaries.md ("relocate by
// section headers"). Everything read from the file is bounds- and overflow-checked here;
// the rest of the core trusts the TaImage this produces.
#include "swemu/core/elf_loader.h"

#include <elf.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "swemu/core/tee_abi.h"

namespace swemu::core {
namespace {

// Fields are copied straight out of the file, so the host must share the ELF byte order.
static_assert(std::endian::native == std::endian::little);

// Upper bound on the image span (base .. end); keeps a hostile p_memsz from turning into a
// huge allocation. Real TAs are well under 2 MiB.
constexpr uint64_t kMaxImageSpan = 64ULL << 20;
// ldelf reads the program headers from the first mapped page only (optee-abi.md §4.9).
constexpr uint64_t kPhdrWindow = 4096;
constexpr uint64_t kTaHeadSize = 32;
// struct { u64 va; u64 size; } filled by the runtime.
constexpr uint64_t kHeapOverrideSize = 16;
constexpr uint64_t kNoDeprecatedEntry = std::numeric_limits<uint64_t>::max();

struct Elf64Class {
  using Ehdr = Elf64_Ehdr;
  using Phdr = Elf64_Phdr;
  using Shdr = Elf64_Shdr;
  using Sym = Elf64_Sym;
  using Rel = Elf64_Rela;
  using Dyn = Elf64_Dyn;
  static constexpr unsigned char kClass = ELFCLASS64;
  static constexpr const char* kClassName = "ELFCLASS64";
  static constexpr Arch kArch = Arch::kAArch64;
  static constexpr uint32_t kRelSection = SHT_RELA;
  static constexpr uint32_t kForeignRelSection = SHT_REL;
  static constexpr const char* kRelName = "SHT_RELA";
  static constexpr const char* kForeignRelName = "SHT_REL";
  static constexpr uint64_t kAddrLimit = std::numeric_limits<uint64_t>::max();
  static constexpr uint32_t kStackAlign = 16;
  // u32 reserved, u16 count, u8 reserved2, char zero, pointer dlpi (optee-abi.md §4.9).
  static constexpr uint64_t kPhdrInfoSize = 16;
  static constexpr uint64_t kInsnAlign = 4;
  static uint32_t rel_type(const Rel& r) { return ELF64_R_TYPE(r.r_info); }
  static uint32_t rel_sym(const Rel& r) { return ELF64_R_SYM(r.r_info); }
};

struct Elf32Class {
  using Ehdr = Elf32_Ehdr;
  using Phdr = Elf32_Phdr;
  using Shdr = Elf32_Shdr;
  using Sym = Elf32_Sym;
  using Rel = Elf32_Rel;
  using Dyn = Elf32_Dyn;
  static constexpr unsigned char kClass = ELFCLASS32;
  static constexpr const char* kClassName = "ELFCLASS32";
  static constexpr Arch kArch = Arch::kAArch32;
  static constexpr uint32_t kRelSection = SHT_REL;
  static constexpr uint32_t kForeignRelSection = SHT_RELA;
  static constexpr const char* kRelName = "SHT_REL";
  static constexpr const char* kForeignRelName = "SHT_RELA";
  // The whole image, relocated pointers included, must fit a 32-bit address space.
  static constexpr uint64_t kAddrLimit = std::numeric_limits<uint32_t>::max();
  static constexpr uint32_t kStackAlign = 8;
  static constexpr uint64_t kPhdrInfoSize = 12;
  static constexpr uint64_t kInsnAlign = 2; // Thumb; ARM-state entries are checked for 4
  static uint32_t rel_type(const Rel& r) { return ELF32_R_TYPE(r.r_info); }
  static uint32_t rel_sym(const Rel& r) { return ELF32_R_SYM(r.r_info); }
};

template <class... Args>
Error bad_format(const std::string& what, fmt::format_string<Args...> format, Args&&... args) {
  return make_error(abi::TEE_ERROR_BAD_FORMAT,
                    fmt::format("{}: {}", what, fmt::format(format, std::forward<Args>(args)...)));
}

bool checked_add(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_add_overflow(a, b, out);
}

uint64_t page_down(uint64_t v) {
  return v & ~(kTaPageSize - 1);
}

// True if [off, off + size) lies inside a buffer of `limit` bytes.
bool range_within(uint64_t off, uint64_t size, uint64_t limit) {
  return off <= limit && size <= limit - off;
}

// Copies a trivially copyable T out of `file` at `off`; the caller has checked the range.
template <class T> T load_at(std::span<const uint8_t> file, uint64_t off) {
  static_assert(std::is_trivially_copyable_v<T>);
  T value{};
  std::memcpy(&value, file.data() + off, sizeof(T));
  return value;
}

const char* machine_name(uint16_t machine) {
  switch (machine) {
  case EM_AARCH64:
    return "EM_AARCH64";
  case EM_ARM:
    return "EM_ARM";
  case EM_X86_64:
    return "EM_X86_64";
  case EM_386:
    return "EM_386";
  default:
    return "unknown";
  }
}

// e_ident checks shared by both classes; returns the class byte.
Result<unsigned char> check_ident(std::span<const uint8_t> file, const std::string& what) {
  if (file.size() < EI_NIDENT)
    return bad_format(what, "file size {} is smaller than e_ident ({} bytes)", file.size(),
                      EI_NIDENT);
  if (std::memcmp(file.data(), ELFMAG, SELFMAG) != 0)
    return bad_format(what, "e_ident: not an ELF file (bad magic)");
  const unsigned char cls = file[EI_CLASS];
  if (cls != ELFCLASS64 && cls != ELFCLASS32)
    return bad_format(what, "e_ident[EI_CLASS] {} is neither ELFCLASS32 nor ELFCLASS64", cls);
  if (file[EI_DATA] != ELFDATA2LSB)
    return bad_format(what, "e_ident[EI_DATA] {} is not ELFDATA2LSB (little-endian)",
                      file[EI_DATA]);
  if (file[EI_VERSION] != EV_CURRENT)
    return bad_format(what, "e_ident[EI_VERSION] {} is not EV_CURRENT", file[EI_VERSION]);
  return cls;
}

// The ELF header fields ldelf checks (optee-abi.md §4.9), except the table locations.
template <class E>
Result<typename E::Ehdr> check_ehdr(std::span<const uint8_t> file, const std::string& what) {
  using Ehdr = typename E::Ehdr;
  if (file.size() < sizeof(Ehdr))
    return bad_format(what, "file size {} is smaller than the {} ELF header ({} bytes)",
                      file.size(), E::kClassName, sizeof(Ehdr));
  const auto eh = load_at<Ehdr>(file, 0);
  if (eh.e_version != EV_CURRENT)
    return bad_format(what, "e_version {} is not EV_CURRENT", eh.e_version);
  if (eh.e_type != ET_DYN)
    return bad_format(what, "e_type {} is not ET_DYN (TAs are linked -pie)", eh.e_type);

  const uint16_t machine = eh.e_machine;
  const unsigned char osabi = eh.e_ident[EI_OSABI];
  if (machine != EM_AARCH64 && machine != EM_ARM)
    return bad_format(what, "e_machine {} ({}) is not EM_AARCH64 (183) or EM_ARM (40)", machine,
                      machine_name(machine));
  const uint16_t expected = E::kArch == Arch::kAArch64 ? EM_AARCH64 : EM_ARM;
  if (machine != expected)
    return bad_format(what, "e_machine {} ({}) needs {}, file is {}", machine,
                      machine_name(machine), machine == EM_AARCH64 ? "ELFCLASS64" : "ELFCLASS32",
                      E::kClassName);

  if constexpr (E::kArch == Arch::kAArch64) {
    if (osabi != ELFOSABI_NONE)
      return bad_format(what, "e_ident[EI_OSABI] {} is not ELFOSABI_NONE", osabi);
    if (eh.e_flags != 0)
      return bad_format(what, "e_flags {:#x} must be 0 for AArch64", eh.e_flags);
  } else {
    const uint32_t eabi = eh.e_flags & EF_ARM_EABIMASK;
    if (osabi == ELFOSABI_NONE) {
      if (eabi != EF_ARM_EABI_VER5)
        return bad_format(what, "e_flags {:#x}: EABI version field is not 5", eh.e_flags);
    } else if (osabi == ELFOSABI_ARM) {
      if (eabi != 0)
        return bad_format(what, "e_flags {:#x}: EABI field must be 0 with ELFOSABI_ARM",
                          eh.e_flags);
    } else {
      return bad_format(what, "e_ident[EI_OSABI] {} is neither ELFOSABI_NONE nor ELFOSABI_ARM",
                        osabi);
    }
  }
  return eh;
}

// A symbol table section and its string table, both checked to lie inside the file.
struct SymbolTable {
  size_t section = 0;
  uint64_t offset = 0;
  uint64_t count = 0;
  uint64_t strtab_offset = 0;
  uint64_t strtab_size = 0;
};

// One PT_LOAD segment while it is being built. Addresses are link-time (relative to base).
struct Segment {
  size_t phdr_index = 0;
  uint64_t vaddr = 0;      // p_vaddr
  uint64_t mem_end = 0;    // p_vaddr + p_memsz
  uint64_t page_start = 0; // p_vaddr rounded down to a page
  uint64_t page_end = 0;   // p_vaddr + p_memsz rounded up to a page
  uint32_t prot = 0;
  std::vector<uint8_t> bytes; // page_end - page_start bytes
};

template <class E> class Loader {
public:
  using Ehdr = typename E::Ehdr;
  using Phdr = typename E::Phdr;
  using Shdr = typename E::Shdr;
  using Sym = typename E::Sym;
  using Rel = typename E::Rel;
  using Dyn = typename E::Dyn;

  Loader(std::span<const uint8_t> file, uint64_t base, std::string what, bool is_main)
      : file_(file), base_(base), what_(std::move(what)), is_main_(is_main) {}

  // Everything that needs only this file: headers, segments, the dynamic section, symbols.
  Result<void> parse() {
    SWEMU_TRY_VOID(read_headers());
    SWEMU_TRY_VOID(load_segments());
    SWEMU_TRY_VOID(read_dynamic());
    SWEMU_TRY_VOID(find_dynamic_symbols());
    SWEMU_TRY_VOID(check_tls_image());
    return {};
  }

  // Applies the relocations; undefined symbols are looked up in `scope` (the TA, then its
  // libraries in load order), as ldelf does.
  Result<void> relocate(const std::vector<Loader*>& scope, uint64_t tlsdesc_resolver) {
    scope_ = &scope;
    tlsdesc_resolver_ = tlsdesc_resolver;
    return relocate_sections();
  }

  // The TA's own parts of the image (the first module only).
  Result<void> finish_main(TaImage& image) {
    image.arch = E::kArch;
    image.base = base_;
    image.head = SWEMU_TRY(read_ta_head());
    image.entry = SWEMU_TRY(check_entry());
    image.end = end();
    if (elf_phdr_info_)
      image.elf_phdr_info = base_ + *elf_phdr_info_;
    if (heap_override_)
      image.heap_override = base_ + *heap_override_;
    if (ta_props_ && ta_num_props_) {
      image.ta_props = base_ + *ta_props_;
      image.ta_num_props = base_ + *ta_num_props_;
    }
    return {};
  }

  // Hands the segments and function symbols over to the image (the loader is done).
  void move_into(TaImage& image) {
    for (auto& f : functions_)
      image.functions.push_back(TaSymbol{base_ + f.start, f.size, std::move(f.name)});
    for (auto& seg : segments_)
      image.segments.push_back(
          LoadedSegment{base_ + seg.page_start, std::move(seg.bytes), seg.prot});
  }

  [[nodiscard]] uint64_t base() const { return base_; }
  [[nodiscard]] uint64_t end() const { return base_ + segments_.back().page_end; }
  [[nodiscard]] const std::string& what() const { return what_; }
  [[nodiscard]] const std::vector<std::string>& needed() const { return needed_; }
  [[nodiscard]] const std::string& soname() const { return soname_; }
  [[nodiscard]] uint16_t phnum() const { return ehdr_.e_phnum; }

  // The PT_TLS segment, if any, and where the runtime's static TLS layout puts it.
  [[nodiscard]] const std::optional<Phdr>& tls() const { return tls_; }
  void set_tls_place(uint32_t module_id, uint64_t tp_offset) {
    tls_module_id_ = module_id;
    tls_tp_offset_ = tp_offset;
  }
  [[nodiscard]] uint32_t tls_module_id() const { return tls_module_id_; }

  // Where the program headers are mapped, if a PT_LOAD segment carries them.
  [[nodiscard]] std::optional<uint64_t> mapped_phdrs() const {
    const uint64_t size = uint64_t{ehdr_.e_phnum} * sizeof(Phdr);
    for (const Phdr& ph : phdrs_) {
      if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
        continue;
      if (ehdr_.e_phoff >= ph.p_offset && ehdr_.e_phoff + size <= ph.p_offset + ph.p_filesz)
        return base_ + ph.p_vaddr + (ehdr_.e_phoff - ph.p_offset);
    }
    return std::nullopt;
  }
  [[nodiscard]] std::span<const uint8_t> phdr_bytes() const {
    return file_.subspan(ehdr_.e_phoff, uint64_t{ehdr_.e_phnum} * sizeof(Phdr));
  }

  // A symbol this module defines for the others (.dynsym, global or weak binding).
  struct Export {
    uint64_t value = 0; // st_value: link-time address, or the offset in the TLS image
    bool tls = false;
    bool absolute = false; // SHN_ABS
  };
  [[nodiscard]] const Export* find_export(std::string_view name) const {
    auto it = exports_.find(name);
    return it == exports_.end() ? nullptr : &it->second;
  }

  // After parse(): the TLS image must be inside the loaded segments (checked once the
  // segments are known).
  Result<void> check_tls_image() {
    if (tls_ && tls_->p_filesz != 0 && segment_holding(tls_->p_vaddr, tls_->p_filesz) == nullptr)
      return bad("PT_TLS image [{:#x}, +{:#x}) is not inside a loaded segment",
                 uint64_t{tls_->p_vaddr}, uint64_t{tls_->p_filesz});
    return {};
  }

  // Writes the module list into the TA's `__elf_phdr_info` (u32 reserved, u16 count,
  // u8 reserved2, char zero, pointer dlpi; optee-abi.md §4.9).
  void write_phdr_info(uint16_t count, uint64_t dlpi) {
    Segment* seg = segment_holding(*elf_phdr_info_, E::kPhdrInfoSize);
    uint8_t* p = image_bytes(*seg, *elf_phdr_info_);
    std::memset(p, 0, E::kPhdrInfoSize);
    std::memcpy(p + 4, &count, sizeof(count));
    if constexpr (E::kArch == Arch::kAArch64) {
      std::memcpy(p + 8, &dlpi, sizeof(dlpi));
    } else {
      const auto dlpi32 = static_cast<uint32_t>(dlpi);
      std::memcpy(p + 8, &dlpi32, sizeof(dlpi32));
    }
  }
  [[nodiscard]] std::optional<uint64_t> phdr_info_va() const {
    if (!elf_phdr_info_)
      return std::nullopt;
    return base_ + *elf_phdr_info_;
  }

private:
  template <class... Args>
  [[nodiscard]] Error bad(fmt::format_string<Args...> format, Args&&... args) const {
    return bad_format(what_, format, std::forward<Args>(args)...);
  }

  [[nodiscard]] uint64_t file_size() const { return file_.size(); }

  Result<void> read_headers() {
    if (base_ % kTaPageSize != 0)
      return bad("load base {:#x} is not page aligned", base_);
    if (base_ > E::kAddrLimit)
      return bad("load base {:#x} is outside the {}-bit address space", base_,
                 E::kArch == Arch::kAArch64 ? 64 : 32);
    ehdr_ = SWEMU_TRY(check_ehdr<E>(file_, what_));

    if (ehdr_.e_phentsize != sizeof(Phdr))
      return bad("e_phentsize {} is not sizeof(Phdr) {}", ehdr_.e_phentsize, sizeof(Phdr));
    if (ehdr_.e_shentsize != sizeof(Shdr))
      return bad("e_shentsize {} is not sizeof(Shdr) {}", ehdr_.e_shentsize, sizeof(Shdr));

    // e_phnum/e_shnum are 16-bit and the entry sizes fixed, so the products cannot overflow;
    // only the offset additions can.
    const uint64_t ph_size = uint64_t{ehdr_.e_phnum} * sizeof(Phdr);
    uint64_t ph_end = 0;
    if (!checked_add(ehdr_.e_phoff, ph_size, &ph_end))
      return bad("e_phoff {:#x} + {} program headers overflows", uint64_t{ehdr_.e_phoff},
                 ehdr_.e_phnum);
    if (ph_end > file_size())
      return bad("program header table [{:#x}, {:#x}) is past end of file ({:#x})",
                 uint64_t{ehdr_.e_phoff}, ph_end, file_size());
    if (ph_end > kPhdrWindow)
      return bad("program header table [{:#x}, {:#x}) is not within the first {:#x} bytes",
                 uint64_t{ehdr_.e_phoff}, ph_end, kPhdrWindow);
    phdrs_.reserve(ehdr_.e_phnum);
    for (uint64_t i = 0; i < ehdr_.e_phnum; ++i)
      phdrs_.push_back(load_at<Phdr>(file_, ehdr_.e_phoff + i * sizeof(Phdr)));

    const uint64_t sh_size = uint64_t{ehdr_.e_shnum} * sizeof(Shdr);
    uint64_t sh_end = 0;
    if (!checked_add(ehdr_.e_shoff, sh_size, &sh_end))
      return bad("e_shoff {:#x} + {} section headers overflows", uint64_t{ehdr_.e_shoff},
                 ehdr_.e_shnum);
    if (ehdr_.e_shnum != 0 && ehdr_.e_shoff == 0)
      return bad("e_shoff is 0 but e_shnum is {}", ehdr_.e_shnum);
    if (sh_end > file_size())
      return bad("section header table [{:#x}, {:#x}) is past end of file ({:#x})",
                 uint64_t{ehdr_.e_shoff}, sh_end, file_size());
    shdrs_.reserve(ehdr_.e_shnum);
    for (uint64_t i = 0; i < ehdr_.e_shnum; ++i)
      shdrs_.push_back(load_at<Shdr>(file_, ehdr_.e_shoff + i * sizeof(Shdr)));
    return {};
  }

  static uint32_t prot_from_flags(uint32_t p_flags) {
    uint32_t prot = 0;
    if (p_flags & PF_R)
      prot |= kProtRead;
    if (p_flags & PF_W)
      prot |= kProtWrite;
    if (p_flags & PF_X)
      prot |= kProtExec;
    return prot;
  }

  Result<void> load_segments() {
    bool saw_load = false;
    for (size_t i = 0; i < phdrs_.size(); ++i) {
      const Phdr& ph = phdrs_[i];
      if (ph.p_type != PT_LOAD)
        continue;
      saw_load = true;
      const uint64_t offset = ph.p_offset;
      const uint64_t filesz = ph.p_filesz;
      const uint64_t vaddr = ph.p_vaddr;
      const uint64_t memsz = ph.p_memsz;

      uint64_t file_end = 0;
      if (!checked_add(offset, filesz, &file_end))
        return bad("program header {}: p_offset {:#x} + p_filesz {:#x} overflows", i, offset,
                   filesz);
      if (file_end > file_size())
        return bad("program header {}: p_offset+p_filesz {:#x} past end of file ({:#x})", i,
                   file_end, file_size());
      if (filesz > memsz)
        return bad("program header {}: p_filesz {:#x} is larger than p_memsz {:#x}", i, filesz,
                   memsz);
      if ((ph.p_flags & PF_W) && (ph.p_flags & PF_X))
        return bad("program header {}: segment is both writable and executable (W^X)", i);
      if (memsz == 0)
        continue; // nothing to map

      uint64_t mem_end = 0;
      if (!checked_add(vaddr, memsz, &mem_end))
        return bad("program header {}: p_vaddr {:#x} + p_memsz {:#x} overflows", i, vaddr, memsz);
      // Checking the unrounded end first also keeps the round-up below from overflowing.
      if (mem_end > kMaxImageSpan)
        return bad("program header {}: segment end {:#x} exceeds the image span limit {:#x}", i,
                   mem_end, kMaxImageSpan);
      Segment seg;
      seg.phdr_index = i;
      seg.vaddr = vaddr;
      seg.mem_end = mem_end;
      seg.page_start = page_down(vaddr);
      seg.page_end = page_down(mem_end + kTaPageSize - 1);
      seg.prot = prot_from_flags(ph.p_flags);
      segments_.push_back(std::move(seg));
    }
    SWEMU_TRY_VOID(find_tls());
    if (!saw_load)
      return bad("no PT_LOAD program header");
    if (segments_.empty())
      return bad("every PT_LOAD segment is empty (p_memsz 0)");

    std::sort(segments_.begin(), segments_.end(),
              [](const Segment& a, const Segment& b) { return a.page_start < b.page_start; });
    for (size_t k = 1; k < segments_.size(); ++k) {
      const Segment& prev = segments_[k - 1];
      const Segment& cur = segments_[k];
      // Permissions are per page, so two segments may not even share one (W^X per page).
      if (cur.page_start < prev.page_end)
        return bad("overlapping segments: program header {} [{:#x}, {:#x}) and program header "
                   "{} [{:#x}, {:#x}) share a page",
                   prev.phdr_index, prev.vaddr, prev.mem_end, cur.phdr_index, cur.vaddr,
                   cur.mem_end);
    }
    const uint64_t span = segments_.back().page_end;
    if (span > E::kAddrLimit - base_)
      return bad("image end {:#x} at base {:#x} does not fit the address space", span, base_);

    // Only now, with the total bounded and overlaps excluded, allocate and fill.
    for (Segment& seg : segments_) {
      const Phdr& ph = phdrs_[seg.phdr_index];
      seg.bytes.assign(seg.page_end - seg.page_start, 0);
      if (ph.p_filesz != 0)
        std::memcpy(seg.bytes.data() + (seg.vaddr - seg.page_start), file_.data() + ph.p_offset,
                    ph.p_filesz);
    }
    return {};
  }

  // The PT_TLS segment: its initialisation image must lie inside a loaded segment.
  Result<void> find_tls() {
    for (size_t i = 0; i < phdrs_.size(); ++i) {
      const Phdr& ph = phdrs_[i];
      if (ph.p_type != PT_TLS)
        continue;
      if (tls_)
        return bad("program header {}: a second PT_TLS segment", i);
      if (ph.p_filesz > ph.p_memsz)
        return bad("program header {}: PT_TLS p_filesz {:#x} is larger than p_memsz {:#x}", i,
                   uint64_t{ph.p_filesz}, uint64_t{ph.p_memsz});
      if (ph.p_memsz > kMaxTlsSize)
        return bad("program header {}: PT_TLS p_memsz {:#x} exceeds {:#x}", i, uint64_t{ph.p_memsz},
                   kMaxTlsSize);
      if (ph.p_align > kTaPageSize || (ph.p_align & (ph.p_align - 1)) != 0)
        return bad("program header {}: PT_TLS p_align {:#x} is not a power of two up to {:#x}", i,
                   uint64_t{ph.p_align}, kTaPageSize);
      tls_ = ph;
    }
    return {};
  }

  // The segment whose memory image [p_vaddr, p_vaddr + p_memsz) holds [addr, addr + size).
  Segment* segment_holding(uint64_t addr, uint64_t size) {
    uint64_t end = 0;
    if (!checked_add(addr, size, &end))
      return nullptr;
    for (Segment& seg : segments_)
      if (addr >= seg.vaddr && end <= seg.mem_end)
        return &seg;
    return nullptr;
  }

  uint8_t* image_bytes(Segment& seg, uint64_t addr) {
    return seg.bytes.data() + (addr - seg.page_start);
  }

  Result<const Shdr*> section_in_file(size_t index, const char* role) const {
    if (index >= shdrs_.size())
      return bad("{}: section index {} out of range ({} sections)", role, index, shdrs_.size());
    const Shdr& sh = shdrs_[index];
    if (!range_within(sh.sh_offset, sh.sh_size, file_size()))
      return bad("section {}: sh_offset {:#x} + sh_size {:#x} past end of file ({:#x})", index,
                 uint64_t{sh.sh_offset}, uint64_t{sh.sh_size}, file_size());
    return &sh;
  }

  // `user` names the section that refers to the symbol table, for the messages.
  Result<SymbolTable> symbol_table(size_t index, size_t user) const {
    if (index == 0 || index >= shdrs_.size())
      return bad("section {}: sh_link {} is not a valid section index ({} sections)", user, index,
                 shdrs_.size());
    const Shdr& sh = *SWEMU_TRY(section_in_file(index, "symbol table"));
    if (sh.sh_type != SHT_DYNSYM && sh.sh_type != SHT_SYMTAB)
      return bad("section {}: sh_link {} is not SHT_DYNSYM or SHT_SYMTAB (sh_type {})", user, index,
                 uint32_t{sh.sh_type});
    if (sh.sh_entsize != sizeof(Sym))
      return bad("section {}: sh_entsize {} is not sizeof(Sym) {}", index, uint64_t{sh.sh_entsize},
                 sizeof(Sym));
    if (sh.sh_size % sizeof(Sym) != 0)
      return bad("section {}: sh_size {:#x} is not a multiple of sizeof(Sym)", index,
                 uint64_t{sh.sh_size});
    const size_t str_index = sh.sh_link;
    if (str_index == 0 || str_index >= shdrs_.size())
      return bad("section {}: sh_link {} is not a valid string table index", index, str_index);
    const Shdr& str = *SWEMU_TRY(section_in_file(str_index, "string table"));
    if (str.sh_type != SHT_STRTAB)
      return bad("section {}: sh_link {} is not SHT_STRTAB (sh_type {})", index, str_index,
                 uint32_t{str.sh_type});
    return SymbolTable{index, sh.sh_offset, sh.sh_size / sizeof(Sym), str.sh_offset, str.sh_size};
  }

  Result<Sym> symbol(const SymbolTable& table, uint64_t index, size_t user) const {
    if (index >= table.count)
      return bad("section {}: symbol index {} out of range (section {} has {} symbols)", user,
                 index, table.section, table.count);
    return load_at<Sym>(file_, table.offset + index * sizeof(Sym));
  }

  Result<std::string_view> symbol_name(const SymbolTable& table, const Sym& sym) const {
    const uint64_t name = sym.st_name;
    if (name >= table.strtab_size)
      return bad("section {}: st_name {:#x} outside its string table ({:#x} bytes)", table.section,
                 name, table.strtab_size);
    const auto* start = reinterpret_cast<const char*>(file_.data() + table.strtab_offset + name);
    const uint64_t room = table.strtab_size - name;
    const void* nul = std::memchr(start, 0, room);
    if (nul == nullptr)
      return bad("section {}: symbol name at st_name {:#x} is not NUL-terminated", table.section,
                 name);
    return std::string_view(start, static_cast<const char*>(nul) - start);
  }

  // DT_NEEDED names and DT_SONAME, read through the SHT_DYNAMIC section and the string
  // table its sh_link names.
  Result<void> read_dynamic() {
    for (size_t i = 0; i < shdrs_.size(); ++i) {
      if (shdrs_[i].sh_type != SHT_DYNAMIC)
        continue;
      const Shdr& sh = *SWEMU_TRY(section_in_file(i, "dynamic section"));
      const uint64_t count = sh.sh_size / sizeof(Dyn);
      for (uint64_t k = 0; k < count; ++k) {
        const auto dyn = load_at<Dyn>(file_, sh.sh_offset + k * sizeof(Dyn));
        if (dyn.d_tag == DT_NULL)
          break;
        if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_SONAME)
          continue;
        const std::string name = SWEMU_TRY(dynamic_string(i, k, sh.sh_link, dyn.d_un.d_val));
        if (dyn.d_tag == DT_SONAME)
          soname_ = name;
        else
          needed_.push_back(name);
      }
    }
    return {};
  }

  Result<std::string> dynamic_string(size_t section, uint64_t entry, size_t strtab,
                                     uint64_t offset) const {
    if (strtab == 0 || strtab >= shdrs_.size() || shdrs_[strtab].sh_type != SHT_STRTAB)
      return bad("section {}: sh_link {} is not a string table", section, strtab);
    const Shdr& str = *SWEMU_TRY(section_in_file(strtab, "string table"));
    if (offset >= str.sh_size)
      return bad("section {}: entry {}: name offset {:#x} outside its string table ({:#x} bytes)",
                 section, entry, offset, uint64_t{str.sh_size});
    const auto* start = reinterpret_cast<const char*>(file_.data() + str.sh_offset + offset);
    const void* nul = std::memchr(start, 0, str.sh_size - offset);
    if (nul == nullptr)
      return bad("section {}: entry {}: name at {:#x} is not NUL-terminated", section, entry,
                 offset);
    return std::string(start, static_cast<const char*>(nul) - start);
  }

  Result<void> relocate_sections() {
    for (size_t i = 0; i < shdrs_.size(); ++i) {
      const uint32_t type = shdrs_[i].sh_type;
      if (type == E::kForeignRelSection)
        return bad("section {}: {} relocations are not used with {} (expected {})", i,
                   E::kForeignRelName, E::kClassName, E::kRelName);
      if (type == E::kRelSection)
        SWEMU_TRY_VOID(relocate_section(i));
    }
    return {};
  }

  Result<void> relocate_section(size_t index) {
    const Shdr& sh = *SWEMU_TRY(section_in_file(index, "relocation section"));
    if (sh.sh_entsize != sizeof(Rel))
      return bad("section {}: sh_entsize {} is not sizeof(Rel) {}", index, uint64_t{sh.sh_entsize},
                 sizeof(Rel));
    if (sh.sh_size % sizeof(Rel) != 0)
      return bad("section {}: sh_size {:#x} is not a multiple of sizeof(Rel)", index,
                 uint64_t{sh.sh_size});
    // A section with only RELATIVE entries needs no symbol table; allow sh_link 0 then.
    std::optional<SymbolTable> symbols;
    if (sh.sh_link != 0)
      symbols = SWEMU_TRY(symbol_table(sh.sh_link, index));

    const uint64_t count = sh.sh_size / sizeof(Rel);
    for (uint64_t k = 0; k < count; ++k) {
      const auto rel = load_at<Rel>(file_, sh.sh_offset + k * sizeof(Rel));
      SWEMU_TRY_VOID(apply(index, k, rel, symbols));
    }
    return {};
  }

  // What a relocation's symbol resolves to: S (an absolute address, or for a TLS symbol
  // its offset in the defining module's TLS image) and that module.
  struct Resolved {
    uint64_t value = 0;
    const Loader* module = nullptr; // null for an undefined weak reference (S = 0)
    bool tls = false;
  };

  // ELF gABI: index 0 means S = 0 in this module. A symbol defined here binds here;
  // an undefined one is looked up in the scope, the TA first.
  Result<Resolved> resolve(size_t section, uint64_t entry, uint32_t sym_index,
                           const std::optional<SymbolTable>& symbols) const {
    if (sym_index == 0)
      return Resolved{0, this, false};
    if (!symbols)
      return bad("section {}: entry {}: symbol index {} but the section has no symbol table",
                 section, entry, sym_index);
    if (sym_index >= symbols->count)
      return bad("section {}: entry {}: symbol index {} out of range (section {} has {} symbols)",
                 section, entry, sym_index, symbols->section, symbols->count);
    const Sym sym = SWEMU_TRY(symbol(*symbols, sym_index, section));
    if (sym.st_shndx != SHN_UNDEF) {
      const bool tls = (sym.st_info & 0xF) == STT_TLS;
      if (sym.st_shndx == SHN_ABS || tls)
        return Resolved{uint64_t{sym.st_value}, this, tls};
      return Resolved{base_ + sym.st_value, this, false};
    }
    const std::string_view name = SWEMU_TRY(symbol_name(*symbols, sym));
    for (const Loader* module : *scope_) {
      const Export* e = module->find_export(name);
      if (e == nullptr)
        continue;
      if (e->absolute || e->tls)
        return Resolved{e->value, module, e->tls};
      return Resolved{module->base_ + e->value, module, false};
    }
    if ((sym.st_info >> 4) == STB_WEAK) // ELF*_ST_BIND: weak references stay 0
      return Resolved{0, nullptr, false};
    return bad("section {}: entry {}: undefined symbol '{}' (symbol index {}; not defined by the "
               "TA or its libraries)",
               section, entry, name, sym_index);
  }

  Result<uint64_t> address_of(size_t section, uint64_t entry, uint32_t sym_index,
                              const std::optional<SymbolTable>& symbols) const {
    const Resolved r = SWEMU_TRY(resolve(section, entry, sym_index, symbols));
    if (r.tls)
      return bad("section {}: entry {}: symbol index {} is a TLS symbol used as an address",
                 section, entry, sym_index);
    return r.value;
  }

  // The thread-pointer offset of a TLS symbol (static TLS: every module's block sits at a
  // fixed distance from the thread pointer, see link_program()).
  Result<uint64_t> tp_offset_of(size_t section, uint64_t entry, uint32_t sym_index,
                                const std::optional<SymbolTable>& symbols) const {
    const Resolved r = SWEMU_TRY(tls_symbol(section, entry, sym_index, symbols));
    return r.module->tls_tp_offset_ + r.value;
  }

  Result<Resolved> tls_symbol(size_t section, uint64_t entry, uint32_t sym_index,
                              const std::optional<SymbolTable>& symbols) const {
    const Resolved r = SWEMU_TRY(resolve(section, entry, sym_index, symbols));
    if (r.module == nullptr || !r.module->tls_)
      return bad("section {}: entry {}: TLS relocation against symbol index {}, which is not in "
                 "a module with a PT_TLS segment",
                 section, entry, sym_index);
    return r;
  }

  Result<void> apply(size_t section, uint64_t entry, const Rel& rel,
                     const std::optional<SymbolTable>& symbols) {
    const uint32_t type = E::rel_type(rel);
    const uint32_t sym_index = E::rel_sym(rel);
    if constexpr (E::kArch == Arch::kAArch64) {
      switch (type) {
      case R_AARCH64_NONE:
        return {};
      case R_AARCH64_RELATIVE: {
        uint8_t* where = SWEMU_TRY(target(section, entry, rel.r_offset, sizeof(uint64_t)));
        const uint64_t value = base_ + static_cast<uint64_t>(rel.r_addend);
        std::memcpy(where, &value, sizeof(value));
        return {};
      }
      case R_AARCH64_ABS64:
      case R_AARCH64_GLOB_DAT:
      case R_AARCH64_JUMP_SLOT: {
        uint8_t* where = SWEMU_TRY(target(section, entry, rel.r_offset, sizeof(uint64_t)));
        const uint64_t s = SWEMU_TRY(address_of(section, entry, sym_index, symbols));
        const uint64_t value = s + static_cast<uint64_t>(rel.r_addend);
        std::memcpy(where, &value, sizeof(value));
        return {};
      }
      case R_AARCH64_TLS_DTPMOD:
      case R_AARCH64_TLS_DTPREL:
      case R_AARCH64_TLS_TPREL: {
        uint8_t* where = SWEMU_TRY(target(section, entry, rel.r_offset, sizeof(uint64_t)));
        const Resolved r = SWEMU_TRY(tls_symbol(section, entry, sym_index, symbols));
        uint64_t value = r.module->tls_module_id_;
        if (type == R_AARCH64_TLS_DTPREL)
          value = r.value + static_cast<uint64_t>(rel.r_addend);
        else if (type == R_AARCH64_TLS_TPREL)
          value = r.module->tls_tp_offset_ + r.value + static_cast<uint64_t>(rel.r_addend);
        std::memcpy(where, &value, sizeof(value));
        return {};
      }
      case R_AARCH64_TLSDESC: {
        // Static TLS: the descriptor's resolver only returns the offset kept in its
        // second word (the loader's resolver, see link_program()).
        uint8_t* where = SWEMU_TRY(target(section, entry, rel.r_offset, 2 * sizeof(uint64_t)));
        const uint64_t offset = SWEMU_TRY(tp_offset_of(section, entry, sym_index, symbols)) +
                                static_cast<uint64_t>(rel.r_addend);
        const uint64_t desc[2] = {tlsdesc_resolver_, offset};
        std::memcpy(where, desc, sizeof(desc));
        return {};
      }
      default:
        return bad("section {}: entry {}: unsupported relocation type {}", section, entry, type);
      }
    } else {
      // REL: the addend is the word already in place.
      switch (type) {
      case R_ARM_NONE:
        return {};
      case R_ARM_RELATIVE:
      case R_ARM_ABS32:
      case R_ARM_GLOB_DAT:
      case R_ARM_JUMP_SLOT: {
        uint8_t* where = SWEMU_TRY(target(section, entry, rel.r_offset, sizeof(uint32_t)));
        uint32_t word = 0;
        std::memcpy(&word, where, sizeof(word));
        if (type == R_ARM_RELATIVE) {
          word += static_cast<uint32_t>(base_);
        } else {
          const auto s =
              static_cast<uint32_t>(SWEMU_TRY(address_of(section, entry, sym_index, symbols)));
          word = type == R_ARM_ABS32 ? word + s : s;
        }
        std::memcpy(where, &word, sizeof(word));
        return {};
      }
      case R_ARM_TLS_DTPMOD32:
      case R_ARM_TLS_DTPOFF32:
      case R_ARM_TLS_TPOFF32: {
        uint8_t* where = SWEMU_TRY(target(section, entry, rel.r_offset, sizeof(uint32_t)));
        uint32_t word = 0;
        std::memcpy(&word, where, sizeof(word));
        const Resolved r = SWEMU_TRY(tls_symbol(section, entry, sym_index, symbols));
        if (type == R_ARM_TLS_DTPMOD32)
          word = r.module->tls_module_id_;
        else if (type == R_ARM_TLS_DTPOFF32)
          word += static_cast<uint32_t>(r.value);
        else
          word += static_cast<uint32_t>(r.module->tls_tp_offset_ + r.value);
        std::memcpy(where, &word, sizeof(word));
        return {};
      }
      default:
        return bad("section {}: entry {}: unsupported relocation type {}", section, entry, type);
      }
    }
  }

  Result<uint8_t*> target(size_t section, uint64_t entry, uint64_t offset, uint64_t size) {
    Segment* seg = segment_holding(offset, size);
    if (seg == nullptr)
      return bad("section {}: entry {}: bad relocation offset {:#x} ({} bytes) outside every "
                 "loaded segment",
                 section, entry, offset, size);
    return image_bytes(*seg, offset);
  }

  // One linear pass over every SHT_DYNSYM section for the names the loader cares about.
  Result<void> find_dynamic_symbols() {
    for (size_t i = 0; i < shdrs_.size(); ++i) {
      if (shdrs_[i].sh_type == SHT_SYMTAB)
        SWEMU_TRY_VOID(find_property_symbols(i));
      if (shdrs_[i].sh_type != SHT_DYNSYM)
        continue;
      SWEMU_TRY_VOID(find_property_symbols(i));
      // A .dynsym's sh_link is its string table; symbol_table() checks it from the section.
      const SymbolTable table = SWEMU_TRY(symbol_table(i, i));
      for (uint64_t k = 1; k < table.count; ++k) {
        const Sym sym = SWEMU_TRY(symbol(table, k, i));
        if (sym.st_shndx == SHN_UNDEF || sym.st_name == 0)
          continue;
        const std::string_view name = SWEMU_TRY(symbol_name(table, sym));
        const unsigned bind = sym.st_info >> 4;
        if ((bind == STB_GLOBAL || bind == STB_WEAK) && exports_.size() < kMaxExports)
          exports_.emplace(std::string(name),
                           Export{uint64_t{sym.st_value}, (sym.st_info & 0xF) == STT_TLS,
                                  sym.st_shndx == SHN_ABS});
        if (!is_main_)
          continue;
        if (name == "ta_head" && !ta_head_)
          ta_head_ = uint64_t{sym.st_value};
        else if (name == "__elf_phdr_info" && !elf_phdr_info_)
          elf_phdr_info_ = SWEMU_TRY(writable_symbol(name, sym.st_value, E::kPhdrInfoSize));
        else if (name == "swemu_heap_override" && !heap_override_)
          heap_override_ = SWEMU_TRY(writable_symbol(name, sym.st_value, kHeapOverrideSize));
      }
    }
    return {};
  }

  // The TA's property table (optee-abi.md §4.3), for tools that describe a TA. Looked up
  // in .dynsym and, in unstripped files, .symtab; a symbol outside the image is ignored.
  Result<void> find_property_symbols(size_t index) {
    const SymbolTable table = SWEMU_TRY(symbol_table(index, index));
    for (uint64_t k = 1; k < table.count; ++k) {
      const Sym sym = SWEMU_TRY(symbol(table, k, index));
      if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS || sym.st_name == 0)
        continue;
      const std::string_view name = SWEMU_TRY(symbol_name(table, sym));
      // Function symbols name code in crash reports and the debugger (Thumb bit cleared).
      if ((sym.st_info & 0xF) == kSttFunc && functions_.size() < kMaxFunctionSymbols &&
          segment_holding(sym.st_value & ~uint64_t{1}, 1))
        functions_.push_back(
            TaSymbol{sym.st_value & ~uint64_t{1}, uint64_t{sym.st_size}, std::string(name)});
      if (!is_main_)
        continue;
      if (name == "ta_props" && !ta_props_ && segment_holding(sym.st_value, 1))
        ta_props_ = uint64_t{sym.st_value};
      else if (name == "ta_num_props" && !ta_num_props_ &&
               segment_holding(sym.st_value, sizeof(Sym::st_value)))
        ta_num_props_ = uint64_t{sym.st_value};
    }
    return {};
  }

  // The runtime writes these symbols, so they must sit in writable TA memory.
  Result<uint64_t> writable_symbol(std::string_view name, uint64_t value, uint64_t size) {
    const Segment* seg = segment_holding(value, size);
    if (seg == nullptr || (seg->prot & kProtWrite) == 0)
      return bad("dynamic symbol '{}' at {:#x} ({} bytes) is not inside a writable segment", name,
                 value, size);
    return value;
  }

  Result<TaHead> read_ta_head() {
    // Legacy TAs without the symbol keep ta_head at the start of the first segment.
    uint64_t addr = 0;
    if (ta_head_) {
      addr = *ta_head_;
    } else {
      auto first = std::find_if(phdrs_.begin(), phdrs_.end(), [](const Phdr& ph) {
        return ph.p_type == PT_LOAD && ph.p_memsz != 0;
      });
      addr = first->p_vaddr; // load_segments() guarantees one exists
    }
    Segment* seg = segment_holding(addr, kTaHeadSize);
    if (seg == nullptr)
      return bad("ta_head at {:#x}{} is not inside a loaded segment", addr,
                 ta_head_ ? "" : " (no ta_head symbol: first segment)");
    const uint8_t* p = image_bytes(*seg, addr);
    TaHead head;
    head.uuid = Uuid::from_tee_uuid_bytes(p);
    std::memcpy(&head.stack_size, p + 16, sizeof(head.stack_size));
    std::memcpy(&head.flags, p + 20, sizeof(head.flags));
    std::memcpy(&head.depr_entry, p + 24, sizeof(head.depr_entry));

    if ((head.flags & ~abi::TA_FLAGS_MASK) != 0)
      return bad("ta_head.flags {:#x} has bits outside TA_FLAGS_MASK {:#x}", head.flags,
                 abi::TA_FLAGS_MASK);
    if (head.flags & abi::TA_FLAG_CONCURRENT)
      return bad("ta_head.flags {:#x}: TA_FLAG_CONCURRENT is for pseudo-TAs only", head.flags);
    if (head.stack_size == 0 || head.stack_size % E::kStackAlign != 0)
      return bad("ta_head.stack_size {:#x} is not a non-zero multiple of {}", head.stack_size,
                 E::kStackAlign);
    if (head.depr_entry != kNoDeprecatedEntry)
      return bad("ta_head.depr_entry {:#x} marks a legacy TA, which is not supported "
                 "(current TAs have 0xffffffffffffffff and enter at e_entry)",
                 head.depr_entry);
    return head;
  }

  Result<uint64_t> check_entry() {
    const uint64_t e_entry = ehdr_.e_entry;
    uint64_t pc = e_entry;
    uint64_t insn = E::kInsnAlign;
    if constexpr (E::kArch == Arch::kAArch32) {
      pc &= ~uint64_t{1}; // bit 0 selects Thumb (optee-abi.md §4.4)
      if ((e_entry & 1) == 0)
        insn = 4;
    }
    if (pc % insn != 0)
      return bad("e_entry {:#x} is not {}-byte aligned", e_entry, insn);
    const Segment* seg = segment_holding(pc, insn);
    if (seg == nullptr || (seg->prot & kProtExec) == 0)
      return bad("e_entry {:#x} is not inside an executable segment", e_entry);
    return base_ + e_entry;
  }

  std::span<const uint8_t> file_;
  uint64_t base_;
  std::string what_;
  bool is_main_;
  Ehdr ehdr_{};
  std::vector<Phdr> phdrs_;
  std::vector<Shdr> shdrs_;
  std::vector<Segment> segments_; // sorted by address once load_segments() succeeds
  std::optional<uint64_t> ta_head_;
  std::optional<uint64_t> elf_phdr_info_;
  std::optional<uint64_t> heap_override_;
  std::optional<uint64_t> ta_props_;
  std::optional<uint64_t> ta_num_props_;
  std::vector<TaSymbol> functions_; // addresses relative to base_ until move_into()
  std::vector<std::string> needed_; // DT_NEEDED names, in order
  std::string soname_;
  std::optional<Phdr> tls_;
  uint32_t tls_module_id_ = 0;
  uint64_t tls_tp_offset_ = 0;
  std::map<std::string, Export, std::less<>> exports_;
  const std::vector<Loader*>* scope_ = nullptr;
  uint64_t tlsdesc_resolver_ = 0;
  static constexpr uint8_t kSttFunc = 2;
  static constexpr size_t kMaxFunctionSymbols = 1 << 20;
  static constexpr size_t kMaxExports = 1 << 20;
  static constexpr uint64_t kMaxTlsSize = 1ULL << 20;
};

// Unmapped space between modules and before the loader's own data.
constexpr uint64_t kModuleGap = 64 * 1024;
// The AArch64 TLS descriptor resolver for static TLS: `ldr x0, [x0, #8]; ret` (the
// descriptor's second word is the offset from the thread pointer).
constexpr uint32_t kTlsdescResolver[2] = {0xF9400400, 0xD65F03C0};

void put_word(std::vector<uint8_t>& bytes, uint64_t offset, uint64_t value, size_t size) {
  std::memcpy(bytes.data() + offset, &value, size); // little-endian host (static_assert above)
}

// ldelf's job for a whole program: the TA, then the libraries it needs (breadth first,
// each UUID once) behind guard gaps; static TLS for every module (each TLS block at a fixed
// offset from the thread pointer after the TCB: 16 bytes on AArch64, 8 on AArch32, as the
// linker assumes for the TA's own block); relocation with one global scope; then the
// module list (struct dl_phdr_info[]) in a page of its own, for `__elf_phdr_info`.
template <class E>
Result<TaImage> link_program(std::span<const uint8_t> file, uint64_t base, const std::string& what,
                             const TaLibraryLoader& libraries) {
  using L = Loader<E>;
  std::deque<std::vector<uint8_t>> library_files; // the bytes the library loaders read
  std::vector<std::unique_ptr<L>> modules;
  std::vector<std::string> names{what};
  modules.push_back(std::make_unique<L>(file, base, what, true));
  SWEMU_TRY_VOID(modules[0]->parse());

  for (size_t i = 0; i < modules.size(); ++i) {
    const std::vector<std::string> needed = modules[i]->needed();
    for (const std::string& name : needed) {
      const auto uuid = Uuid::parse(name);
      if (!uuid)
        return bad_format(modules[i]->what(),
                          "DT_NEEDED '{}' is not a UUID (TA shared libraries are named by UUID)",
                          name);
      if (std::find(names.begin() + 1, names.end(), uuid->str()) != names.end())
        continue;
      if (modules.size() - 1 == kMaxTaLibraries)
        return bad_format(what, "needs more than {} TA libraries", kMaxTaLibraries);
      if (!libraries)
        return make_error(abi::TEE_ERROR_ITEM_NOT_FOUND,
                          fmt::format("{}: needs TA library {} (DT_NEEDED), and there is no TA "
                                      "directory to load it from",
                                      modules[i]->what(), uuid->str()));
      auto bytes = libraries(*uuid);
      if (!bytes)
        return make_error(bytes.error().code,
                          fmt::format("{}: TA library {}: {}", modules[i]->what(), uuid->str(),
                                      bytes.error().message));
      library_files.push_back(std::move(bytes).value());
      const std::string lib_what = fmt::format("{}: TA library {}", what, uuid->str());
      const unsigned char cls = SWEMU_TRY(check_ident(library_files.back(), lib_what));
      if (cls != E::kClass)
        return bad_format(lib_what, "is not {} like the TA that needs it", E::kClassName);
      uint64_t lib_base = 0;
      if (!checked_add(modules.back()->end(), kModuleGap, &lib_base))
        return bad_format(lib_what, "does not fit the address space");
      modules.push_back(std::make_unique<L>(library_files.back(), lib_base, lib_what, false));
      names.push_back(uuid->str());
      SWEMU_TRY_VOID(modules.back()->parse());
    }
  }

  uint64_t tp = E::kArch == Arch::kAArch64 ? 16 : 8;
  uint32_t next_module_id = 1;
  for (auto& m : modules) {
    if (!m->tls())
      continue;
    const uint64_t align = std::max<uint64_t>(1, m->tls()->p_align);
    tp = (tp + align - 1) & ~(align - 1);
    m->set_tls_place(next_module_id++, tp);
    tp += m->tls()->p_memsz;
  }

  uint64_t area = 0;
  if (!checked_add(modules.back()->end(), kModuleGap, &area) ||
      area > E::kAddrLimit - 2 * kTaPageSize)
    return bad_format(what, "the TA and its libraries do not fit the address space");
  std::vector<LoadedSegment> extra;
  uint64_t resolver = 0;
  if constexpr (E::kArch == Arch::kAArch64) {
    if (next_module_id > 1) {
      resolver = area;
      std::vector<uint8_t> code(kTaPageSize, 0);
      std::memcpy(code.data(), kTlsdescResolver, sizeof(kTlsdescResolver));
      extra.push_back(LoadedSegment{area, std::move(code), kProtRead | kProtExec});
      area += kTaPageSize;
    }
  }

  std::vector<L*> scope;
  for (auto& m : modules)
    scope.push_back(m.get());
  for (auto& m : modules)
    SWEMU_TRY_VOID(m->relocate(scope, resolver));

  TaImage image;
  SWEMU_TRY_VOID(modules[0]->finish_main(image));

  if (const auto info_va = modules[0]->phdr_info_va()) {
    // struct dl_phdr_info: addr, name, phdr (pointers), u16 phnum, u64 adds, u64 subs,
    // size_t tls_modid, pointer tls_data.
    constexpr bool k64 = E::kArch == Arch::kAArch64;
    constexpr uint64_t kInfoSize = k64 ? 64 : 40;
    constexpr size_t kPtr = k64 ? 8 : 4;
    constexpr uint64_t kOffPhnum = 3 * kPtr, kOffAdds = k64 ? 32 : 16, kOffSubs = kOffAdds + 8,
                       kOffModid = kOffSubs + 8, kOffTlsData = kOffModid + kPtr;
    std::vector<uint8_t> bytes(modules.size() * kInfoSize, 0);
    for (size_t i = 0; i < modules.size(); ++i) {
      const L& m = *modules[i];
      const uint64_t at = i * kInfoSize;
      // The TA's name is the empty string at `zero` in `__elf_phdr_info` (§4.9).
      uint64_t name = *info_va + 7;
      if (i != 0) {
        name = area + bytes.size();
        const std::string& text = m.soname().empty() ? names[i] : m.soname();
        bytes.insert(bytes.end(), text.begin(), text.end());
        bytes.push_back(0);
      }
      uint64_t phdrs = 0;
      if (const auto mapped = m.mapped_phdrs()) {
        phdrs = *mapped;
      } else {
        bytes.resize((bytes.size() + 7) & ~uint64_t{7}, 0);
        phdrs = area + bytes.size();
        bytes.insert(bytes.end(), m.phdr_bytes().begin(), m.phdr_bytes().end());
      }
      put_word(bytes, at, m.base(), kPtr);
      put_word(bytes, at + kPtr, name, kPtr);
      put_word(bytes, at + 2 * kPtr, phdrs, kPtr);
      put_word(bytes, at + kOffPhnum, m.phnum(), 2);
      put_word(bytes, at + kOffAdds, 1, 8);
      put_word(bytes, at + kOffSubs, 0, 8);
      put_word(bytes, at + kOffModid, m.tls_module_id(), kPtr);
      put_word(bytes, at + kOffTlsData, m.tls() ? m.base() + m.tls()->p_vaddr : 0, kPtr);
    }
    bytes.resize((bytes.size() + kTaPageSize - 1) & ~(kTaPageSize - 1), 0);
    if (bytes.size() > E::kAddrLimit - area)
      return bad_format(what, "the module list does not fit the address space");
    modules[0]->write_phdr_info(static_cast<uint16_t>(modules.size()), area);
    extra.push_back(LoadedSegment{area, std::move(bytes), kProtRead | kProtWrite});
  }

  for (size_t i = 0; i < modules.size(); ++i) {
    image.modules.push_back(TaModule{names[i], modules[i]->base(), modules[i]->end()});
    modules[i]->move_into(image);
  }
  for (auto& seg : extra)
    image.segments.push_back(std::move(seg));
  std::sort(image.segments.begin(), image.segments.end(),
            [](const LoadedSegment& a, const LoadedSegment& b) { return a.vaddr < b.vaddr; });
  auto& fns = image.functions;
  std::sort(fns.begin(), fns.end(),
            [](const TaSymbol& a, const TaSymbol& b) { return a.start < b.start; });
  fns.erase(std::unique(fns.begin(), fns.end(),
                        [](const TaSymbol& a, const TaSymbol& b) { return a.start == b.start; }),
            fns.end());
  return image;
}

} // namespace

Result<TaImage> load_ta_elf(std::span<const uint8_t> file, uint64_t base, const std::string& what,
                            const TaLibraryLoader& libraries) {
  const unsigned char cls = SWEMU_TRY(check_ident(file, what));
  if (cls == ELFCLASS64)
    return link_program<Elf64Class>(file, base, what, libraries);
  return link_program<Elf32Class>(file, base, what, libraries);
}

bool TaImage::read(uint64_t va, void* dst, uint64_t len) const {
  for (const LoadedSegment& seg : segments) {
    if (va >= seg.vaddr && va - seg.vaddr <= seg.bytes.size() &&
        len <= seg.bytes.size() - (va - seg.vaddr)) {
      std::memcpy(dst, seg.bytes.data() + (va - seg.vaddr), len);
      return true;
    }
  }
  return false;
}

const TaSymbol* TaImage::function_at(uint64_t va) const {
  auto it = std::upper_bound(functions.begin(), functions.end(), va,
                             [](uint64_t v, const TaSymbol& f) { return v < f.start; });
  if (it == functions.begin())
    return nullptr;
  const TaSymbol& f = *std::prev(it);
  // A symbol without a size covers everything up to the next one.
  if (f.size != 0 && va - f.start >= f.size)
    return nullptr;
  return &f;
}

std::string TaImage::symbolize(uint64_t va) const {
  if (const TaSymbol* f = function_at(va))
    return fmt::format("{}+{:#x}", f->name, va - f->start);
  if (va >= base && va < end)
    return fmt::format("image+{:#x}", va - base);
  for (const TaModule& m : modules)
    if (va >= m.base && va < m.end)
      return fmt::format("{}+{:#x}", m.name, va - m.base);
  return fmt::format("{:#x}", va);
}

Result<Arch> elf_arch(std::span<const uint8_t> file, const std::string& what) {
  const unsigned char cls = SWEMU_TRY(check_ident(file, what));
  if (cls == ELFCLASS64) {
    if (auto eh = check_ehdr<Elf64Class>(file, what); !eh.ok())
      return eh.take_error();
    return Arch::kAArch64;
  }
  if (auto eh = check_ehdr<Elf32Class>(file, what); !eh.ok())
    return eh.take_error();
  return Arch::kAArch32;
}

} // namespace swemu::core
