// Builds small ELF files (ELFCLASS64 or ELFCLASS32) in memory, so loader tests can craft
// exactly the image they need, valid or broken. Layout of a built file:
//   ELF header | program headers | each segment's bytes at its own page, with the file offset
//   congruent to p_vaddr modulo 4096 | section contents (8-aligned, in order) | section headers
// The section header table is last, so cutting any byte off the end breaks the file.
#pragma once

#include <elf.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace swemu::test {

template <bool Is64> struct ElfTypes;

template <> struct ElfTypes<true> {
  using Ehdr = Elf64_Ehdr;
  using Phdr = Elf64_Phdr;
  using Shdr = Elf64_Shdr;
  using Sym = Elf64_Sym;
  using Rel = Elf64_Rela;
  using Dyn = Elf64_Dyn;
  static constexpr unsigned char kClass = ELFCLASS64;
  static constexpr uint16_t kMachine = EM_AARCH64;
  static constexpr uint32_t kFlags = 0;
  static constexpr uint32_t kRelSection = SHT_RELA;
};

template <> struct ElfTypes<false> {
  using Ehdr = Elf32_Ehdr;
  using Phdr = Elf32_Phdr;
  using Shdr = Elf32_Shdr;
  using Sym = Elf32_Sym;
  using Rel = Elf32_Rel;
  using Dyn = Elf32_Dyn;
  static constexpr unsigned char kClass = ELFCLASS32;
  static constexpr uint16_t kMachine = EM_ARM;
  static constexpr uint32_t kFlags = EF_ARM_EABI_VER5 | EF_ARM_ABI_FLOAT_HARD;
  static constexpr uint32_t kRelSection = SHT_REL;
};

template <class T> void append_pod(std::vector<uint8_t>& out, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  const auto* p = reinterpret_cast<const uint8_t*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

template <class T> void put_pod(std::vector<uint8_t>& out, uint64_t offset, const T& value) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (out.size() < offset + sizeof(T))
    out.resize(offset + sizeof(T), 0);
  std::memcpy(out.data() + offset, &value, sizeof(T));
}

template <class T> T get_pod(const std::vector<uint8_t>& in, uint64_t offset) {
  T value{};
  std::memcpy(&value, in.data() + offset, sizeof(T));
  return value;
}

// Reads a T at `offset` of a built file, lets `edit` change it, writes it back.
template <class T, class F> void patch(std::vector<uint8_t>& file, uint64_t offset, F edit) {
  T value = get_pod<T>(file, offset);
  edit(value);
  put_pod(file, offset, value);
}

// A .dynsym/.symtab body plus its string table, starting with the null symbol.
template <bool Is64> class SymbolTableBuilder {
public:
  using Sym = typename ElfTypes<Is64>::Sym;

  SymbolTableBuilder() { append_pod(symbols_, Sym{}); }

  // Returns the new symbol's index.
  uint32_t add(const std::string& name, uint64_t value, uint16_t shndx,
               unsigned char bind = STB_GLOBAL, unsigned char type = STT_OBJECT) {
    Sym sym{};
    sym.st_name = static_cast<uint32_t>(strings_.size());
    strings_.append(name);
    strings_.push_back('\0');
    sym.st_value = static_cast<decltype(sym.st_value)>(value);
    sym.st_shndx = shndx;
    sym.st_info = static_cast<unsigned char>((bind << 4) | (type & 0xf));
    append_pod(symbols_, sym);
    return count_++;
  }

  [[nodiscard]] const std::vector<uint8_t>& symbols() const { return symbols_; }
  [[nodiscard]] std::vector<uint8_t> strings() const { return {strings_.begin(), strings_.end()}; }

private:
  std::vector<uint8_t> symbols_;
  std::string strings_ = std::string(1, '\0');
  uint32_t count_ = 1;
};

inline Elf64_Rela rela64(uint64_t offset, uint32_t type, uint32_t sym, int64_t addend) {
  Elf64_Rela r{};
  r.r_offset = offset;
  r.r_info = ELF64_R_INFO(uint64_t{sym}, uint64_t{type});
  r.r_addend = addend;
  return r;
}

inline Elf32_Rel rel32(uint32_t offset, uint32_t type, uint32_t sym) {
  Elf32_Rel r{};
  r.r_offset = offset;
  r.r_info = ELF32_R_INFO(sym, type);
  return r;
}

template <bool Is64> class ElfBuilder {
public:
  using Types = ElfTypes<Is64>;
  using Ehdr = typename Types::Ehdr;
  using Phdr = typename Types::Phdr;
  using Shdr = typename Types::Shdr;

  struct Segment {
    uint32_t type = PT_LOAD;
    uint32_t flags = PF_R;
    uint64_t vaddr = 0;
    uint64_t memsz = 0; // raised to data.size() when smaller
    std::vector<uint8_t> data;
  };

  struct Section {
    std::string name;
    uint32_t type = SHT_PROGBITS;
    uint32_t link = 0;
    uint64_t entsize = 0;
    std::vector<uint8_t> data;
  };

  ElfBuilder() {
    std::memcpy(ehdr.e_ident, ELFMAG, SELFMAG);
    ehdr.e_ident[EI_CLASS] = Types::kClass;
    ehdr.e_ident[EI_DATA] = ELFDATA2LSB;
    ehdr.e_ident[EI_VERSION] = EV_CURRENT;
    ehdr.e_ident[EI_OSABI] = ELFOSABI_NONE;
    ehdr.e_type = ET_DYN;
    ehdr.e_machine = Types::kMachine;
    ehdr.e_version = EV_CURRENT;
    ehdr.e_flags = Types::kFlags;
    ehdr.e_ehsize = sizeof(Ehdr);
    ehdr.e_phentsize = sizeof(Phdr);
    ehdr.e_shentsize = sizeof(Shdr);
  }

  // Fields other than offsets, counts and e_shstrndx may be set before build().
  Ehdr ehdr{};
  std::vector<Segment> segments;
  std::vector<Section> sections; // section i + 1 (index 0 is the null section)

  size_t add_segment(uint32_t flags, uint64_t vaddr, std::vector<uint8_t> data,
                     uint64_t memsz = 0) {
    segments.push_back(Segment{PT_LOAD, flags, vaddr, memsz, std::move(data)});
    return segments.size() - 1;
  }

  // Returns the section's index in the section header table.
  uint32_t add_section(std::string name, uint32_t type, std::vector<uint8_t> data,
                       uint32_t link = 0, uint64_t entsize = 0) {
    sections.push_back(Section{std::move(name), type, link, entsize, std::move(data)});
    return static_cast<uint32_t>(sections.size());
  }

  // Where things landed in the last build().
  [[nodiscard]] uint64_t phdr_offset(size_t i) const { return sizeof(Ehdr) + i * sizeof(Phdr); }
  [[nodiscard]] uint64_t shdr_offset(size_t i) const { return shoff_ + i * sizeof(Shdr); }
  [[nodiscard]] uint64_t section_offset(size_t i) const { return section_offsets_.at(i); }

  std::vector<uint8_t> build() {
    std::vector<uint8_t> out;
    Ehdr eh = ehdr;
    eh.e_phoff = sizeof(Ehdr);
    eh.e_phnum = static_cast<uint16_t>(segments.size());
    out.resize(sizeof(Ehdr) + segments.size() * sizeof(Phdr), 0);

    std::vector<Phdr> phdrs;
    for (const Segment& seg : segments) {
      const uint64_t page_offset = seg.vaddr % 4096;
      const uint64_t offset = round_up(out.size(), 4096) + page_offset;
      put_bytes(out, offset, seg.data);
      Phdr ph{};
      ph.p_type = seg.type;
      ph.p_flags = seg.flags;
      ph.p_offset = static_cast<decltype(ph.p_offset)>(offset);
      ph.p_vaddr = static_cast<decltype(ph.p_vaddr)>(seg.vaddr);
      ph.p_paddr = ph.p_vaddr;
      ph.p_filesz = static_cast<decltype(ph.p_filesz)>(seg.data.size());
      ph.p_memsz =
          static_cast<decltype(ph.p_memsz)>(std::max<uint64_t>(seg.memsz, seg.data.size()));
      ph.p_align = 4096;
      phdrs.push_back(ph);
    }
    for (size_t i = 0; i < phdrs.size(); ++i)
      put_pod(out, phdr_offset(i), phdrs[i]);

    // Section name table goes last among the sections.
    std::string names(1, '\0');
    std::vector<uint32_t> name_offsets;
    for (const Section& s : sections) {
      name_offsets.push_back(static_cast<uint32_t>(names.size()));
      names += s.name;
      names.push_back('\0');
    }
    const auto shstr_name = static_cast<uint32_t>(names.size());
    names += ".shstrtab";
    names.push_back('\0');

    std::vector<Shdr> shdrs(1); // null section
    section_offsets_.assign(1, 0);
    for (size_t i = 0; i <= sections.size(); ++i) {
      const bool is_names = i == sections.size();
      const std::vector<uint8_t> data =
          is_names ? std::vector<uint8_t>(names.begin(), names.end()) : sections[i].data;
      const uint64_t offset = round_up(out.size(), 8);
      put_bytes(out, offset, data);
      out.resize(std::max<uint64_t>(out.size(), offset + data.size()));
      Shdr sh{};
      sh.sh_name = is_names ? shstr_name : name_offsets[i];
      sh.sh_type = is_names ? SHT_STRTAB : sections[i].type;
      sh.sh_offset = static_cast<decltype(sh.sh_offset)>(offset);
      sh.sh_size = static_cast<decltype(sh.sh_size)>(data.size());
      sh.sh_link = is_names ? 0 : sections[i].link;
      sh.sh_addralign = 8;
      sh.sh_entsize = static_cast<decltype(sh.sh_entsize)>(is_names ? 0 : sections[i].entsize);
      shdrs.push_back(sh);
      section_offsets_.push_back(offset);
    }
    shoff_ = round_up(out.size(), 8);
    out.resize(shoff_, 0);
    for (const Shdr& sh : shdrs)
      append_pod(out, sh);

    eh.e_shoff = static_cast<decltype(eh.e_shoff)>(shoff_);
    eh.e_shnum = static_cast<uint16_t>(shdrs.size());
    eh.e_shstrndx = static_cast<uint16_t>(shdrs.size() - 1);
    put_pod(out, 0, eh);
    return out;
  }

private:
  static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

  static void put_bytes(std::vector<uint8_t>& out, uint64_t offset,
                        const std::vector<uint8_t>& data) {
    if (out.size() < offset + data.size())
      out.resize(offset + data.size(), 0);
    std::copy(data.begin(), data.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
  }

  uint64_t shoff_ = 0;
  std::vector<uint64_t> section_offsets_;
};

} // namespace swemu::test
