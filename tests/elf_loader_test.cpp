// Tests for the TA ELF loader (tee_core/src/elf_loader.cpp) on crafted in-memory images.
// Facts: reference/optee-abi.md §4.1, §4.9; reference/ta-binaries.md.
#include "swemu/core/elf_loader.h"

#include <elf.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "elf_builder.h"
#include "swemu/core/tee_abi.h"
#include "swemu/core/uuid.h"

namespace swemu::core {
namespace {

using test::ElfBuilder;
using test::ElfTypes;
using test::patch;
using test::put_pod;
using test::SymbolTableBuilder;

constexpr uint64_t kBase64 = 0x4000'0000;
constexpr uint64_t kBase32 = 0x0010'0000;
const std::string kWhat = "test.elf";
constexpr std::string_view kUuidText = "8aaaf200-2450-11e4-abe2-0002a5d5c51b";
constexpr uint64_t kNoDeprEntry = std::numeric_limits<uint64_t>::max();

// Link-time layout of the minimal TA (both classes).
constexpr uint64_t kHeadOff = 0x40;  // ta_head, in the read-only executable segment
constexpr uint64_t kCodeOff = 0x100; // __ta_entry
constexpr uint64_t kRxSlot = 0x180;  // a pointer in the read-only segment, relocated too
constexpr uint64_t kRxSize = 0x200;
constexpr uint64_t kRwVaddr = 0x1000; // pointer slots start here
constexpr uint64_t kRwFileSize = 0x80;
constexpr uint64_t kRwMemSize = 0x2000; // .bss makes it span two pages
constexpr uint64_t kPatternOff = 0x60;  // RW file bytes [0x60, 0x80) hold a pattern
constexpr uint8_t kPattern = 0x5a;
constexpr uint64_t kDataObj = 0x1800;
constexpr uint64_t kPhdrInfo = 0x1040;
constexpr uint64_t kHeapOverride = 0x1050;
constexpr uint64_t kAbsValue = 0x1234;
constexpr uint32_t kStackSize = 0x1000;
constexpr uint32_t kHeadFlags = abi::TA_FLAG_SINGLE_INSTANCE | abi::TA_FLAG_MULTI_SESSION;

std::vector<uint8_t> ta_head_bytes(uint32_t stack_size, uint32_t flags, uint64_t depr_entry) {
  std::vector<uint8_t> head(32, 0);
  Uuid::parse(kUuidText)->to_tee_uuid_bytes(head.data());
  put_pod(head, 16, stack_size);
  put_pod(head, 20, flags);
  put_pod(head, 24, depr_entry);
  return head;
}

struct Reloc {
  uint64_t offset = 0;
  uint32_t type = 0;
  uint32_t sym = 0;
  int64_t addend = 0; // RELA only; REL addends are the bytes in place
};

// A minimal but complete TA: an RX segment (ta_head, code, one pointer), an RW segment with
// pointer slots and .bss, a .dynsym, and relocations split over two relocation sections with
// another section between them (like .rela.dyn and .rela.got in real TAs).
// Tests edit the public members, then call build().
template <bool Is64> struct MinimalTa {
  using Types = ElfTypes<Is64>;
  static constexpr uint64_t kSlot = Is64 ? 8 : 4;
  static constexpr uint32_t kRelative = Is64 ? R_AARCH64_RELATIVE : R_ARM_RELATIVE;
  static constexpr uint32_t kAbs = Is64 ? R_AARCH64_ABS64 : R_ARM_ABS32;
  static constexpr uint32_t kGlobDat = Is64 ? R_AARCH64_GLOB_DAT : R_ARM_GLOB_DAT;
  static constexpr uint32_t kJumpSlot = Is64 ? R_AARCH64_JUMP_SLOT : R_ARM_JUMP_SLOT;
  // Thumb functions carry bit 0 in their address.
  static constexpr uint64_t kEntry = Is64 ? kCodeOff : kCodeOff | 1;

  static constexpr uint64_t slot(int i) { return kRwVaddr + static_cast<uint64_t>(i) * kSlot; }

  explicit MinimalTa(bool export_ta_head = true) {
    head_off = export_ta_head ? kHeadOff : 0;
    elf.ehdr.e_entry = kEntry;

    std::vector<uint8_t> rx(kRxSize, 0);
    if (Is64)
      put_pod(rx, kCodeOff, uint32_t{0xd65f03c0}); // ret
    else
      put_pod(rx, kCodeOff, uint16_t{0x4770}); // bx lr
    elf.add_segment(PF_R | PF_X, 0, std::move(rx));
    std::vector<uint8_t> rw(kRwFileSize, 0);
    std::fill(rw.begin() + kPatternOff, rw.end(), kPattern);
    elf.add_segment(PF_R | PF_W, kRwVaddr, std::move(rw), kRwMemSize);
    set_head(kStackSize, kHeadFlags, kNoDeprEntry);

    if (export_ta_head)
      sym_ta_head = dynsym.add("ta_head", kHeadOff, 1);
    sym_data = dynsym.add("data_obj", kDataObj, 1);
    sym_func = dynsym.add("func", kEntry, 1, STB_GLOBAL, STT_FUNC);
    sym_weak = dynsym.add("weak_missing", 0, SHN_UNDEF, STB_WEAK, STT_FUNC);
    sym_abs = dynsym.add("abs_sym", kAbsValue, SHN_ABS);
    sym_phdr_info = dynsym.add("__elf_phdr_info", kPhdrInfo, 1);
    sym_heap = dynsym.add("swemu_heap_override", kHeapOverride, 1);

    if constexpr (!Is64) {
      // REL keeps the addend in the word being relocated.
      set_word(kRxSlot, kHeadOff);
      set_word(slot(0), kCodeOff);
      set_word(slot(1), 8);
      set_word(slot(2), 0x77777777); // GLOB_DAT/JUMP_SLOT replace, not add
      set_word(slot(3), 0x66666666);
      set_word(slot(4), 0x10);
      set_word(slot(5), 0);
    }
    rel_sections = {
        {{kRxSlot, kRelative, 0, kHeadOff},
         {slot(0), kRelative, 0, kCodeOff},
         {slot(1), kAbs, sym_data, 8},
         {slot(2), kGlobDat, sym_data, 0}},
        {{slot(3), kJumpSlot, sym_func, 0},
         {slot(4), kAbs, sym_weak, 0x10},
         {slot(5), kAbs, sym_abs, 0},
         {0, 0, 0, 0}},
    };
  }

  void set_head(uint32_t stack_size, uint32_t flags, uint64_t depr_entry) {
    const auto head = ta_head_bytes(stack_size, flags, depr_entry);
    std::copy(head.begin(), head.end(), elf.segments[0].data.begin() + head_off);
  }

  // Writes a 32-bit word into whichever segment's file bytes hold link address `addr`.
  void set_word(uint64_t addr, uint32_t value) {
    for (auto& seg : elf.segments)
      if (addr >= seg.vaddr && addr + 4 <= seg.vaddr + seg.data.size())
        put_pod(seg.data, addr - seg.vaddr, value);
  }

  [[nodiscard]] std::vector<uint8_t> encode(const std::vector<Reloc>& relocs) const {
    std::vector<uint8_t> out;
    for (const Reloc& r : relocs) {
      if constexpr (Is64)
        test::append_pod(out, test::rela64(r.offset, r.type, r.sym, r.addend));
      else
        test::append_pod(out, test::rel32(static_cast<uint32_t>(r.offset), r.type, r.sym));
    }
    return out;
  }

  std::vector<uint8_t> build() {
    built = elf;
    const uint32_t dynsym_index = 1;
    const uint32_t dynstr_index = 2;
    built.add_section(".dynsym", SHT_DYNSYM, dynsym.symbols(), dynstr_index,
                      sizeof(typename Types::Sym));
    built.add_section(".dynstr", SHT_STRTAB, dynsym.strings());
    const uint64_t rel_entsize = sizeof(typename Types::Rel);
    const char* rel_name = Is64 ? ".rela" : ".rel";
    for (size_t i = 0; i < rel_sections.size(); ++i) {
      if (i == 1) // keep the relocation sections apart: DT_RELA..+DT_RELASZ cannot cover both
        built.add_section(".filler", SHT_PROGBITS, std::vector<uint8_t>(64, 0xee));
      built.add_section(std::string(rel_name) + (i == 0 ? ".dyn" : ".got"), Types::kRelSection,
                        encode(rel_sections[i]), dynsym_index, rel_entsize);
    }
    std::vector<uint8_t> dynamic;
    for (const auto& [tag, val] : dynamic_entries) {
      typename Types::Dyn d{};
      d.d_tag = static_cast<decltype(d.d_tag)>(tag);
      d.d_un.d_val = static_cast<decltype(d.d_un.d_val)>(val);
      test::append_pod(dynamic, d);
    }
    test::append_pod(dynamic, typename Types::Dyn{});
    built.add_section(".dynamic", SHT_DYNAMIC, dynamic, dynstr_index, sizeof(typename Types::Dyn));
    return built.build();
  }

  // Section indices in a built file.
  static constexpr size_t kDynsymSection = 1;
  static constexpr size_t kRelDynSection = 3;
  static constexpr size_t kFillerSection = 4;
  static constexpr size_t kRelGotSection = 5;

  ElfBuilder<Is64> elf;
  ElfBuilder<Is64> built; // the builder of the last build(), for its offsets
  SymbolTableBuilder<Is64> dynsym;
  std::vector<std::vector<Reloc>> rel_sections;
  std::vector<std::pair<int64_t, uint64_t>> dynamic_entries = {
      {Is64 ? DT_RELA : DT_REL, 0x190},
      {Is64 ? DT_RELASZ : DT_RELSZ, 4 * sizeof(typename Types::Rel)}};
  uint64_t head_off = kHeadOff;
  uint32_t sym_ta_head = 0;
  uint32_t sym_data = 0;
  uint32_t sym_func = 0;
  uint32_t sym_weak = 0;
  uint32_t sym_abs = 0;
  uint32_t sym_phdr_info = 0;
  uint32_t sym_heap = 0;
};

using Ta64 = MinimalTa<true>;
using Ta32 = MinimalTa<false>;

Result<TaImage> load(const std::vector<uint8_t>& file, uint64_t base = kBase64) {
  return load_ta_elf(std::span<const uint8_t>(file), base, kWhat);
}

Result<TaImage> load32(const std::vector<uint8_t>& file, uint64_t base = kBase32) {
  return load_ta_elf(std::span<const uint8_t>(file), base, kWhat);
}

template <class T>
testing::AssertionResult IsBadFormat(const Result<T>& r, std::string_view fragment) {
  if (r.ok())
    return testing::AssertionFailure() << "loaded without error";
  const Error& e = r.error();
  if (e.code != abi::TEE_ERROR_BAD_FORMAT)
    return testing::AssertionFailure() << "code 0x" << std::hex << e.code << ": " << e.message;
  if (e.message.rfind(kWhat + ": ", 0) != 0)
    return testing::AssertionFailure()
           << "message does not start with the file name: " << e.message;
  if (e.message.find(fragment) == std::string::npos)
    return testing::AssertionFailure()
           << "message '" << e.message << "' lacks '" << fragment << "'";
  return testing::AssertionSuccess();
}

// Reads a little-endian word at link address `addr` of a loaded image.
template <class T> T read_image(const TaImage& img, uint64_t addr) {
  const uint64_t abs = img.base + addr;
  for (const auto& seg : img.segments) {
    if (abs >= seg.vaddr && abs + sizeof(T) <= seg.vaddr + seg.bytes.size()) {
      T value{};
      std::memcpy(&value, seg.bytes.data() + (abs - seg.vaddr), sizeof(T));
      return value;
    }
  }
  ADD_FAILURE() << "address 0x" << std::hex << addr << " not in the image";
  return T{};
}

// Properties every successfully loaded image must have, whatever the input.
void expect_well_formed(const TaImage& img) {
  ASSERT_FALSE(img.segments.empty());
  ASSERT_FALSE(img.modules.empty());
  EXPECT_EQ(img.modules[0].base, img.base);
  EXPECT_EQ(img.modules[0].end, img.end);
  uint64_t prev_end = img.base;
  uint64_t ta_end = 0; // where the TA's own last segment ends
  for (const auto& seg : img.segments) {
    EXPECT_EQ(seg.vaddr % kTaPageSize, 0u);
    EXPECT_EQ(seg.bytes.size() % kTaPageSize, 0u);
    EXPECT_FALSE(seg.bytes.empty());
    EXPECT_GE(seg.vaddr, prev_end);
    EXPECT_FALSE((seg.prot & kProtWrite) && (seg.prot & kProtExec));
    prev_end = seg.vaddr + seg.bytes.size();
    if (seg.vaddr < img.end)
      ta_end = prev_end;
  }
  EXPECT_EQ(img.end, ta_end);
  EXPECT_GE(img.entry, img.base);
  EXPECT_LT(img.entry, img.end);
  EXPECT_NE(img.head.stack_size, 0u);
  EXPECT_EQ(img.head.flags & abi::TA_FLAG_CONCURRENT, 0u);
}

// ---------------------------------------------------------------------------------------------
// Valid images

TEST(ElfLoader, LoadsMinimalAArch64Ta) {
  Ta64 ta;
  auto r = load(ta.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const TaImage& img = *r;
  expect_well_formed(img);

  EXPECT_EQ(img.arch, Arch::kAArch64);
  EXPECT_EQ(img.base, kBase64);
  EXPECT_EQ(img.entry, kBase64 + kCodeOff);
  EXPECT_EQ(img.end, kBase64 + 0x3000);

  // The TA's two segments, then the module list `__elf_phdr_info` points at.
  ASSERT_EQ(img.segments.size(), 3u);
  EXPECT_EQ(img.segments[0].vaddr, kBase64);
  EXPECT_EQ(img.segments[0].bytes.size(), 0x1000u);
  EXPECT_EQ(img.segments[0].prot, kProtRead | kProtExec);
  EXPECT_EQ(img.segments[1].vaddr, kBase64 + kRwVaddr);
  EXPECT_EQ(img.segments[1].bytes.size(), 0x2000u);
  EXPECT_EQ(img.segments[1].prot, kProtRead | kProtWrite);

  // Code copied, padding zero.
  EXPECT_EQ(read_image<uint32_t>(img, kCodeOff), 0xd65f03c0u);
  EXPECT_EQ(read_image<uint64_t>(img, kRxSize), 0u);

  // Relocations from both sections, the read-only segment included.
  EXPECT_EQ(read_image<uint64_t>(img, kRxSlot), kBase64 + kHeadOff);
  EXPECT_EQ(read_image<uint64_t>(img, Ta64::slot(0)), kBase64 + kCodeOff);
  EXPECT_EQ(read_image<uint64_t>(img, Ta64::slot(1)), kBase64 + kDataObj + 8);
  EXPECT_EQ(read_image<uint64_t>(img, Ta64::slot(2)), kBase64 + kDataObj);
  EXPECT_EQ(read_image<uint64_t>(img, Ta64::slot(3)), kBase64 + kCodeOff); // second section
  EXPECT_EQ(read_image<uint64_t>(img, Ta64::slot(4)), 0x10u);              // weak undefined
  EXPECT_EQ(read_image<uint64_t>(img, Ta64::slot(5)), kAbsValue);          // SHN_ABS

  // File bytes, then zeros up to memsz and the page end.
  const auto& rw = img.segments[1].bytes;
  for (uint64_t i = kPatternOff; i < kRwFileSize; ++i)
    EXPECT_EQ(rw[i], kPattern) << i;
  for (uint64_t i = kRwFileSize; i < rw.size(); ++i)
    ASSERT_EQ(rw[i], 0) << i;

  EXPECT_EQ(img.head.uuid.str(), kUuidText);
  EXPECT_EQ(img.head.stack_size, kStackSize);
  EXPECT_EQ(img.head.flags, kHeadFlags);
  EXPECT_EQ(img.head.depr_entry, kNoDeprEntry);
  EXPECT_EQ(img.elf_phdr_info, kBase64 + kPhdrInfo);
  EXPECT_EQ(img.heap_override, kBase64 + kHeapOverride);

  // __elf_phdr_info: count 1, dlpi -> one struct dl_phdr_info (LP64, 64 bytes) in a page of
  // its own after a guard gap: addr = base, name = the `zero` byte, phdr mapped, adds 1.
  const LoadedSegment& list = img.segments[2];
  EXPECT_GT(list.vaddr, img.end);
  EXPECT_EQ(list.prot, kProtRead | kProtWrite);
  EXPECT_EQ(read_image<uint16_t>(img, kPhdrInfo + 4), 1u);
  EXPECT_EQ(read_image<uint64_t>(img, kPhdrInfo + 8), list.vaddr);
  const uint64_t info = list.vaddr - kBase64;
  EXPECT_EQ(read_image<uint64_t>(img, info), kBase64);
  EXPECT_EQ(read_image<uint64_t>(img, info + 8), kBase64 + kPhdrInfo + 7);
  EXPECT_EQ(read_image<uint64_t>(img, info + 32), 1u);
  EXPECT_EQ(read_image<uint64_t>(img, info + 48), 0u); // no TLS
}

TEST(ElfLoader, LoadsMinimalAArch32TaWithRelAddendsInPlace) {
  Ta32 ta;
  auto r = load32(ta.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const TaImage& img = *r;
  expect_well_formed(img);

  EXPECT_EQ(img.arch, Arch::kAArch32);
  EXPECT_EQ(img.entry, kBase32 + kCodeOff + 1); // Thumb bit kept
  EXPECT_EQ(img.end, kBase32 + 0x3000);
  ASSERT_EQ(img.segments.size(), 3u);
  EXPECT_EQ(img.segments[0].prot, kProtRead | kProtExec);
  EXPECT_EQ(img.segments[1].prot, kProtRead | kProtWrite);

  EXPECT_EQ(read_image<uint32_t>(img, kRxSlot), kBase32 + kHeadOff);           // RELATIVE
  EXPECT_EQ(read_image<uint32_t>(img, Ta32::slot(0)), kBase32 + kCodeOff);     // RELATIVE
  EXPECT_EQ(read_image<uint32_t>(img, Ta32::slot(1)), kBase32 + kDataObj + 8); // ABS32
  EXPECT_EQ(read_image<uint32_t>(img, Ta32::slot(2)), kBase32 + kDataObj);     // GLOB_DAT
  EXPECT_EQ(read_image<uint32_t>(img, Ta32::slot(3)), kBase32 + kCodeOff + 1); // JUMP_SLOT
  EXPECT_EQ(read_image<uint32_t>(img, Ta32::slot(4)), 0x10u);                  // weak
  EXPECT_EQ(read_image<uint32_t>(img, Ta32::slot(5)), kAbsValue);              // SHN_ABS

  EXPECT_EQ(img.head.uuid.str(), kUuidText);
  EXPECT_EQ(img.head.stack_size, kStackSize);
  EXPECT_EQ(img.elf_phdr_info, kBase32 + kPhdrInfo);
  EXPECT_EQ(img.heap_override, kBase32 + kHeapOverride);
  // ILP32 __elf_phdr_info and struct dl_phdr_info (40 bytes).
  const LoadedSegment& list = img.segments[2];
  EXPECT_EQ(read_image<uint16_t>(img, kPhdrInfo + 4), 1u);
  EXPECT_EQ(read_image<uint32_t>(img, kPhdrInfo + 8), list.vaddr);
  const uint64_t info = list.vaddr - kBase32;
  EXPECT_EQ(read_image<uint32_t>(img, info), kBase32);
  EXPECT_EQ(read_image<uint32_t>(img, info + 4), kBase32 + kPhdrInfo + 7);
  EXPECT_EQ(read_image<uint64_t>(img, info + 16), 1u);
}

TEST(ElfLoader, AcceptsAArch32StackSizeMultipleOfEight) {
  Ta32 ta;
  ta.set_head(0x808, 0, kNoDeprEntry);
  auto r = load32(ta.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->head.stack_size, 0x808u);
}

TEST(ElfLoader, AcceptsAArch32ArmStateEntry) {
  Ta32 ta;
  ta.elf.ehdr.e_entry = kCodeOff;
  auto r = load32(ta.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->entry, kBase32 + kCodeOff);
}

TEST(ElfLoader, AcceptsArmOsAbiWithZeroEabiField) {
  Ta32 ta;
  ta.elf.ehdr.e_ident[EI_OSABI] = ELFOSABI_ARM;
  ta.elf.ehdr.e_flags = 0;
  EXPECT_TRUE(load32(ta.build()).ok());
}

TEST(ElfLoader, FindsTaHeadAtFirstSegmentWithoutSymbol) {
  Ta64 ta(/*export_ta_head=*/false);
  auto r = load(ta.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->head.uuid.str(), kUuidText);
  EXPECT_EQ(r->head.stack_size, kStackSize);
}

TEST(ElfLoader, LeavesOptionalSymbolsEmptyWhenAbsent) {
  ElfBuilder<true> elf;
  std::vector<uint8_t> rx = ta_head_bytes(kStackSize, 0, kNoDeprEntry);
  rx.resize(0x40, 0);
  elf.add_segment(PF_R | PF_X, 0, rx);
  elf.ehdr.e_entry = 0x20;
  auto r = load(elf.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->elf_phdr_info.has_value());
  EXPECT_FALSE(r->heap_override.has_value());
}

TEST(ElfLoader, RoundsUnalignedSegmentsToWholePages) {
  ElfBuilder<true> elf;
  std::vector<uint8_t> rx = ta_head_bytes(kStackSize, 0, kNoDeprEntry);
  rx.resize(0x40, 0);
  elf.add_segment(PF_R | PF_X, 0, rx);
  // RW starts 0x10 before a page boundary and its .bss crosses it.
  elf.add_segment(PF_R | PF_W, 0x2ff0, std::vector<uint8_t>(0x20, 0xab), 0x30);
  elf.ehdr.e_entry = 0x20;
  auto r = load(elf.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  expect_well_formed(*r);
  ASSERT_EQ(r->segments.size(), 2u);
  const auto& rw = r->segments[1];
  EXPECT_EQ(rw.vaddr, kBase64 + 0x2000);
  ASSERT_EQ(rw.bytes.size(), 0x2000u);
  for (size_t i = 0; i < rw.bytes.size(); ++i) {
    const uint8_t want = (i >= 0xff0 && i < 0x1010) ? 0xab : 0;
    ASSERT_EQ(rw.bytes[i], want) << i;
  }
  EXPECT_EQ(r->end, kBase64 + 0x4000);
}

TEST(ElfLoader, SortsSegmentsListedOutOfOrder) {
  ElfBuilder<true> elf;
  // Without a ta_head symbol the head is at the start of the first PT_LOAD in file order.
  elf.add_segment(PF_R | PF_W, 0x3000, ta_head_bytes(kStackSize, 0, kNoDeprEntry));
  elf.add_segment(PF_R | PF_X, 0, std::vector<uint8_t>(0x40, 0));
  elf.add_segment(PF_R, 0x1000, std::vector<uint8_t>(8, 2), 0x1800);
  elf.ehdr.e_entry = 0x20;
  auto r = load(elf.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  expect_well_formed(*r);
  ASSERT_EQ(r->segments.size(), 3u);
  EXPECT_EQ(r->segments[0].vaddr, kBase64);
  EXPECT_EQ(r->segments[0].prot, kProtRead | kProtExec);
  EXPECT_EQ(r->segments[1].vaddr, kBase64 + 0x1000);
  EXPECT_EQ(r->segments[1].bytes.size(), 0x2000u);
  EXPECT_EQ(r->segments[1].prot, kProtRead);
  EXPECT_EQ(r->segments[2].vaddr, kBase64 + 0x3000);
  EXPECT_EQ(r->end, kBase64 + 0x4000);
  EXPECT_EQ(r->head.stack_size, kStackSize);
}

TEST(ElfLoader, AppliesRelocationsInEveryRelaSectionNotOnlyDtRela) {
  // DT_RELASZ covers only .rela.dyn; the .rela.got entry must still be applied.
  Ta64 ta;
  ta.rel_sections[0].clear();
  ta.rel_sections[1] = {{Ta64::slot(6), R_AARCH64_RELATIVE, 0, 0x42}};
  auto r = load(ta.build());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(read_image<uint64_t>(*r, Ta64::slot(6)), kBase64 + 0x42);
}

// ---------------------------------------------------------------------------------------------
// ELF header

TEST(ElfLoader, RejectsTruncatedFileAtEveryLength) {
  for (bool is64 : {true, false}) {
    const auto file = is64 ? Ta64().build() : Ta32().build();
    for (size_t len = 0; len < file.size(); ++len) {
      // A fresh copy of exactly `len` bytes lets ASan catch any read past the end.
      const std::vector<uint8_t> cut(file.begin(), file.begin() + static_cast<ptrdiff_t>(len));
      auto r = load_ta_elf(cut, is64 ? kBase64 : kBase32, kWhat);
      ASSERT_TRUE(IsBadFormat(r, "")) << "len " << len;
    }
  }
}

TEST(ElfLoader, RejectsNonElfFile) {
  std::vector<uint8_t> file(256, 0);
  EXPECT_TRUE(IsBadFormat(load(file), "bad magic"));
}

TEST(ElfLoader, RejectsBigEndian) {
  Ta64 ta;
  ta.elf.ehdr.e_ident[EI_DATA] = ELFDATA2MSB;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "EI_DATA"));
}

TEST(ElfLoader, RejectsX86_64Machine) {
  Ta64 ta;
  ta.elf.ehdr.e_machine = EM_X86_64;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "e_machine 62"));
}

TEST(ElfLoader, RejectsAArch64MachineInElfClass32) {
  Ta32 ta;
  ta.elf.ehdr.e_machine = EM_AARCH64;
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "needs ELFCLASS64"));
}

TEST(ElfLoader, RejectsArmMachineInElfClass64) {
  Ta64 ta;
  ta.elf.ehdr.e_machine = EM_ARM;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "needs ELFCLASS32"));
}

TEST(ElfLoader, RejectsExecutableType) {
  Ta64 ta;
  ta.elf.ehdr.e_type = ET_EXEC;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "e_type 2"));
}

TEST(ElfLoader, RejectsNonZeroAArch64Flags) {
  Ta64 ta;
  ta.elf.ehdr.e_flags = 1;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "e_flags"));
}

TEST(ElfLoader, RejectsAArch64NonNoneOsAbi) {
  Ta64 ta;
  ta.elf.ehdr.e_ident[EI_OSABI] = ELFOSABI_LINUX;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "EI_OSABI"));
}

TEST(ElfLoader, RejectsArmWithoutEabiVersion5) {
  Ta32 ta;
  ta.elf.ehdr.e_flags = 0x04000000;
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "EABI version"));
}

TEST(ElfLoader, RejectsArmOsAbiWithNonZeroEabiField) {
  Ta32 ta;
  ta.elf.ehdr.e_ident[EI_OSABI] = ELFOSABI_ARM;
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "ELFOSABI_ARM"));
}

TEST(ElfLoader, RejectsBadPhentsize) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Ehdr>(file, 0, [](auto& eh) { eh.e_phentsize = 32; });
  EXPECT_TRUE(IsBadFormat(load(file), "e_phentsize 32"));
}

TEST(ElfLoader, RejectsBadShentsize) {
  Ta32 ta;
  auto file = ta.build();
  patch<Elf32_Ehdr>(file, 0, [](auto& eh) { eh.e_shentsize = 64; });
  EXPECT_TRUE(IsBadFormat(load32(file), "e_shentsize 64"));
}

TEST(ElfLoader, RejectsProgramHeadersOutsideFirstPage) {
  Ta64 ta;
  auto file = ta.build();
  // Copy the program headers to 0x1f00: still inside the file, but past ldelf's first page.
  const uint64_t size = 2 * sizeof(Elf64_Phdr);
  file.resize(std::max<size_t>(file.size(), 0x1f00 + size));
  std::memcpy(file.data() + 0x1f00, file.data() + sizeof(Elf64_Ehdr), size);
  patch<Elf64_Ehdr>(file, 0, [](auto& eh) { eh.e_phoff = 0x1f00; });
  EXPECT_TRUE(IsBadFormat(load(file), "not within the first 0x1000 bytes"));
}

TEST(ElfLoader, RejectsProgramHeaderTablePastEndOfFile) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Ehdr>(file, 0, [](auto& eh) { eh.e_phoff = ~uint64_t{0} - 8; });
  EXPECT_TRUE(IsBadFormat(load(file), "e_phoff"));
}

TEST(ElfLoader, RejectsSectionHeaderTablePastEndOfFile) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Ehdr>(file, 0, [](auto& eh) { eh.e_shnum += 1; });
  EXPECT_TRUE(IsBadFormat(load(file), "section header table"));
}

TEST(ElfLoader, RejectsUnalignedBase) {
  Ta64 ta;
  EXPECT_TRUE(IsBadFormat(load(ta.build(), kBase64 + 0x10), "not page aligned"));
}

TEST(ElfLoader, RejectsAArch32ImageOutside32BitAddressSpace) {
  Ta32 ta;
  const auto file = ta.build();
  EXPECT_TRUE(IsBadFormat(load32(file, uint64_t{1} << 32), "address space"));
  EXPECT_TRUE(IsBadFormat(load32(file, 0xffff'f000), "does not fit the address space"));
}

TEST(ElfLoader, RejectsAArch64ImageWrappingAddressSpace) {
  Ta64 ta;
  EXPECT_TRUE(IsBadFormat(load(ta.build(), ~uint64_t{0} & ~(kTaPageSize - 1)),
                          "does not fit the address space"));
}

// ---------------------------------------------------------------------------------------------
// Program headers

TEST(ElfLoader, RejectsSegmentPastEndOfFile) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Phdr>(file, ta.built.phdr_offset(1), [&](auto& ph) {
    ph.p_filesz = file.size();
    ph.p_memsz = file.size() + 0x10000;
  });
  EXPECT_TRUE(IsBadFormat(load(file), "program header 1: p_offset+p_filesz"));
}

TEST(ElfLoader, RejectsSegmentOffsetOverflow) {
  Ta32 ta;
  auto file = ta.build();
  patch<Elf32_Phdr>(file, ta.built.phdr_offset(0), [](auto& ph) { ph.p_offset = 0xffffff00; });
  EXPECT_TRUE(IsBadFormat(load32(file), "past end of file"));
}

TEST(ElfLoader, RejectsFileSizeLargerThanMemSize) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Phdr>(file, ta.built.phdr_offset(1), [](auto& ph) { ph.p_memsz = 0x10; });
  EXPECT_TRUE(IsBadFormat(load(file), "p_filesz 0x80 is larger than p_memsz 0x10"));
}

TEST(ElfLoader, RejectsOverlappingSegments) {
  Ta64 ta;
  ta.elf.segments[1].vaddr = 0x100;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "overlapping segments"));
}

TEST(ElfLoader, RejectsSegmentsSharingAPage) {
  // The RX segment ends at 0x200; an RW segment at 0x800 would share its page.
  Ta64 ta;
  ta.elf.segments[1].vaddr = 0x800;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "share a page"));
}

TEST(ElfLoader, RejectsWritableExecutableSegment) {
  Ta64 ta;
  ta.elf.segments[0].flags = PF_R | PF_W | PF_X;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "program header 0: segment is both writable and "
                                            "executable (W^X)"));
}

TEST(ElfLoader, RejectsImageSpanAboveLimit) {
  Ta64 ta;
  ta.elf.segments[1].memsz = uint64_t{1} << 30;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "image span limit"));
}

TEST(ElfLoader, RejectsSegmentAddressOverflow) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Phdr>(file, ta.built.phdr_offset(1),
                    [](auto& ph) { ph.p_vaddr = ~uint64_t{0} - 0x10; });
  EXPECT_TRUE(IsBadFormat(load(file), "overflows"));
}

TEST(ElfLoader, RejectsMissingLoadSegment) {
  Ta64 ta;
  auto file = ta.build();
  for (size_t i = 0; i < 2; ++i)
    patch<Elf64_Phdr>(file, ta.built.phdr_offset(i), [](auto& ph) { ph.p_type = PT_NULL; });
  EXPECT_TRUE(IsBadFormat(load(file), "no PT_LOAD"));
}

TEST(ElfLoader, RejectsEntryOutsideExecutableSegment) {
  Ta64 ta;
  ta.elf.ehdr.e_entry = kRwVaddr; // mapped, but not executable
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "e_entry 0x1000 is not inside an executable"));
  Ta64 far;
  far.elf.ehdr.e_entry = 0x9000; // not mapped at all
  EXPECT_TRUE(IsBadFormat(load(far.build()), "e_entry 0x9000"));
}

TEST(ElfLoader, RejectsEntryInPagePaddingPastMemsz) {
  Ta64 ta;
  ta.elf.ehdr.e_entry = 0x400; // same page as the RX segment, past its p_memsz
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "e_entry"));
}

TEST(ElfLoader, RejectsMisalignedAArch64Entry) {
  Ta64 ta;
  ta.elf.ehdr.e_entry = kCodeOff + 2;
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "aligned"));
}

TEST(ElfLoader, RejectsAArch32ThumbEntryOutsideExecutableSegment) {
  Ta32 ta;
  ta.elf.ehdr.e_entry = kRwVaddr | 1;
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "e_entry 0x1001"));
}

// ---------------------------------------------------------------------------------------------
// Relocations and symbols

TEST(ElfLoader, RejectsRelocationOffsetOutsideSegments) {
  Ta64 ta;
  ta.rel_sections[1].push_back({0x5000, R_AARCH64_RELATIVE, 0, 0});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "section 5: entry 4: bad relocation offset 0x5000"));
}

TEST(ElfLoader, RejectsRelocationStraddlingSegmentEnd) {
  Ta64 ta;
  ta.rel_sections[0].push_back({kRwVaddr + kRwMemSize - 4, R_AARCH64_RELATIVE, 0, 0});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "bad relocation offset"));
}

TEST(ElfLoader, RejectsRelocationInPagePaddingPastMemsz) {
  Ta32 ta;
  ta.rel_sections[0].push_back({kRxSize + 0x10, R_ARM_RELATIVE, 0, 0});
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "bad relocation offset"));
}

TEST(ElfLoader, RejectsRelocationOffsetThatWraps) {
  Ta64 ta;
  ta.rel_sections[0].push_back({~uint64_t{0} - 3, R_AARCH64_RELATIVE, 0, 0});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "bad relocation offset"));
}

TEST(ElfLoader, RejectsUnknownRelocationType) {
  Ta64 ta;
  ta.rel_sections[0].push_back({Ta64::slot(6), R_AARCH64_COPY, ta.sym_data, 0});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "unsupported relocation type 1024"));
}

TEST(ElfLoader, RejectsTlsRelocationInModuleWithoutTls) {
  Ta64 ta;
  ta.rel_sections[0].push_back({Ta64::slot(6), R_AARCH64_TLS_TPREL, ta.sym_data, 0});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "not in a module with a PT_TLS segment"));
}

// A TA that needs the library `kLibUuid` and binds `lib_fn` from it through GLOB_DAT.
constexpr const char* kLibUuid = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3";

std::vector<uint8_t> ta_needing_library() {
  Ta64 ta;
  const uint32_t name = ta.dynsym.add(kLibUuid, 0, SHN_UNDEF, STB_WEAK);
  Elf64_Sym sym{};
  std::memcpy(&sym, ta.dynsym.symbols().data() + name * sizeof(Elf64_Sym), sizeof(sym));
  ta.dynamic_entries.insert(ta.dynamic_entries.begin(), {DT_NEEDED, sym.st_name});
  const uint32_t fn = ta.dynsym.add("lib_fn", 0, SHN_UNDEF, STB_GLOBAL, STT_FUNC);
  ta.rel_sections[0].push_back({Ta64::slot(6), R_AARCH64_GLOB_DAT, fn, 0});
  return ta.build();
}

TEST(ElfLoader, NeededLibraryWithoutLoaderIsItemNotFound) {
  auto r = load_ta_elf(ta_needing_library(), kBase64, kWhat);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, abi::TEE_ERROR_ITEM_NOT_FOUND);
  EXPECT_NE(r.error().message.find(kLibUuid), std::string::npos) << r.error().message;
}

TEST(ElfLoader, LoadsNeededLibraryAfterTheTaAndBindsItsSymbols) {
  Ta64 lib;
  lib.dynsym.add("lib_fn", kCodeOff, 1, STB_GLOBAL, STT_FUNC);
  const auto lib_file = lib.build();
  std::vector<Uuid> asked;
  auto r = load_ta_elf(ta_needing_library(), kBase64, kWhat,
                       [&](const Uuid& uuid) -> Result<std::vector<uint8_t>> {
                         asked.push_back(uuid);
                         return lib_file;
                       });
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].str(), kLibUuid);
  const TaImage& img = *r;
  expect_well_formed(img);
  ASSERT_EQ(img.modules.size(), 2u);
  EXPECT_EQ(img.modules[1].name, kLibUuid);
  EXPECT_GT(img.modules[1].base, img.end); // behind a guard gap
  EXPECT_EQ(read_image<uint64_t>(img, Ta64::slot(6)), img.modules[1].base + kCodeOff);
  EXPECT_EQ(read_image<uint16_t>(img, kPhdrInfo + 4), 2u); // both modules listed
}

TEST(ElfLoader, LibraryLoaderErrorNamesTheLibrary) {
  auto r = load_ta_elf(ta_needing_library(), kBase64, kWhat,
                       [](const Uuid&) -> Result<std::vector<uint8_t>> {
                         return make_error(abi::TEE_ERROR_SECURITY, "bad signature");
                       });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, abi::TEE_ERROR_SECURITY);
  EXPECT_NE(r.error().message.find(std::string("TA library ") + kLibUuid + ": bad signature"),
            std::string::npos)
      << r.error().message;
}

// The library is outside input too: random byte flips in it never crash the loader.
TEST(ElfLoader, SurvivesRandomByteFlipsInALibrary) {
  Ta64 lib;
  lib.dynsym.add("lib_fn", kCodeOff, 1, STB_GLOBAL, STT_FUNC);
  const auto pristine = lib.build();
  const auto ta = ta_needing_library();
  std::mt19937_64 rng(0x5eed11b);
  int loaded = 0;
  const int rounds = 2000;
  for (int round = 0; round < rounds; ++round) {
    auto file = pristine;
    for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips)
      file[rng() % file.size()] = static_cast<uint8_t>(rng());
    auto r = load_ta_elf(ta, kBase64, kWhat,
                         [&](const Uuid&) -> Result<std::vector<uint8_t>> { return file; });
    if (r.ok()) {
      ++loaded;
      expect_well_formed(*r);
    } else {
      ASSERT_EQ(r.error().code, abi::TEE_ERROR_BAD_FORMAT) << r.error().message;
    }
  }
  EXPECT_GT(loaded, 0);
  EXPECT_LT(loaded, rounds);
}

TEST(ElfLoader, LibraryOfTheOtherElfClassIsRefused) {
  Ta32 lib;
  const auto lib_file = lib.build();
  auto r = load_ta_elf(ta_needing_library(), kBase64, kWhat,
                       [&](const Uuid&) -> Result<std::vector<uint8_t>> { return lib_file; });
  EXPECT_TRUE(IsBadFormat(r, "is not ELFCLASS64"));
}

TEST(ElfLoader, RejectsUnknownAArch32RelocationType) {
  Ta32 ta;
  ta.rel_sections[1].push_back({Ta32::slot(6), R_ARM_REL32, ta.sym_data, 0});
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "unsupported relocation type 3"));
}

TEST(ElfLoader, RejectsUndefinedNonWeakSymbol) {
  Ta64 ta;
  const uint32_t missing = ta.dynsym.add("missing_fn", 0, SHN_UNDEF, STB_GLOBAL, STT_FUNC);
  ta.rel_sections[1].push_back({Ta64::slot(6), R_AARCH64_JUMP_SLOT, missing, 0});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "undefined symbol 'missing_fn'"));
}

TEST(ElfLoader, RejectsUndefinedNonWeakSymbolOnAArch32) {
  Ta32 ta;
  const uint32_t missing = ta.dynsym.add("missing_obj", 0, SHN_UNDEF);
  ta.rel_sections[0].push_back({Ta32::slot(6), R_ARM_GLOB_DAT, missing, 0});
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "undefined symbol 'missing_obj'"));
}

TEST(ElfLoader, RejectsSymbolIndexOutOfRange) {
  Ta64 ta;
  ta.rel_sections[0].push_back({Ta64::slot(6), R_AARCH64_ABS64, 99, 0});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "symbol index 99 out of range"));
}

TEST(ElfLoader, RejectsSymbolRelocationWithoutSymbolTable) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(Ta64::kRelDynSection),
                    [](auto& sh) { sh.sh_link = 0; });
  EXPECT_TRUE(IsBadFormat(load(file), "no symbol table"));
}

TEST(ElfLoader, AcceptsRelativeOnlySectionWithoutSymbolTable) {
  Ta64 ta;
  ta.rel_sections[0] = {{Ta64::slot(0), R_AARCH64_RELATIVE, 0, 0x10}};
  auto file = ta.build();
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(Ta64::kRelDynSection),
                    [](auto& sh) { sh.sh_link = 0; });
  auto r = load(file);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(read_image<uint64_t>(*r, Ta64::slot(0)), kBase64 + 0x10);
}

TEST(ElfLoader, RejectsRelocationSymbolTableOfWrongType) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(Ta64::kRelGotSection),
                    [](auto& sh) { sh.sh_link = Ta64::kFillerSection; });
  EXPECT_TRUE(IsBadFormat(load(file), "sh_link 4 is not SHT_DYNSYM or SHT_SYMTAB"));
}

TEST(ElfLoader, RejectsRelocationSymbolTableIndexOutOfRange) {
  Ta32 ta;
  auto file = ta.build();
  patch<Elf32_Shdr>(file, ta.built.shdr_offset(Ta32::kRelGotSection),
                    [](auto& sh) { sh.sh_link = 200; });
  EXPECT_TRUE(IsBadFormat(load32(file), "sh_link 200"));
}

TEST(ElfLoader, RejectsRelocationSectionPastEndOfFile) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(Ta64::kRelGotSection),
                    [](auto& sh) { sh.sh_size = 0x100000 * sizeof(Elf64_Rela); });
  EXPECT_TRUE(IsBadFormat(load(file), "section 5: sh_offset"));
}

TEST(ElfLoader, RejectsRelocationSectionWithWrongEntrySize) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(Ta64::kRelDynSection),
                    [](auto& sh) { sh.sh_entsize = 16; });
  EXPECT_TRUE(IsBadFormat(load(file), "section 3: sh_entsize 16"));
}

TEST(ElfLoader, RejectsSymbolTableSectionPastEndOfFile) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(Ta64::kDynsymSection),
                    [](auto& sh) { sh.sh_offset = ~uint64_t{0} - 0x10; });
  EXPECT_TRUE(IsBadFormat(load(file), "section 1: sh_offset"));
}

TEST(ElfLoader, RejectsSymbolNameOutsideStringTable) {
  Ta64 ta;
  auto file = ta.build();
  const uint64_t sym =
      ta.built.section_offset(Ta64::kDynsymSection) + ta.sym_data * sizeof(Elf64_Sym);
  patch<Elf64_Sym>(file, sym, [](auto& s) { s.st_name = 0x7fff; });
  EXPECT_TRUE(IsBadFormat(load(file), "st_name 0x7fff outside its string table"));
}

TEST(ElfLoader, RejectsUnterminatedSymbolName) {
  Ta64 ta;
  auto file = ta.build();
  // Drop the string table's final NUL: the last symbol's name then runs off its end.
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(2), [](auto& sh) { sh.sh_size -= 1; });
  EXPECT_TRUE(IsBadFormat(load(file), "not NUL-terminated"));
}

TEST(ElfLoader, RejectsRelSectionInAArch64File) {
  Ta64 ta;
  auto file = ta.build();
  patch<Elf64_Shdr>(file, ta.built.shdr_offset(Ta64::kFillerSection),
                    [](auto& sh) { sh.sh_type = SHT_REL; });
  EXPECT_TRUE(IsBadFormat(load(file), "SHT_REL relocations are not used with ELFCLASS64"));
}

TEST(ElfLoader, RejectsRelaSectionInAArch32File) {
  Ta32 ta;
  auto file = ta.build();
  patch<Elf32_Shdr>(file, ta.built.shdr_offset(Ta32::kFillerSection),
                    [](auto& sh) { sh.sh_type = SHT_RELA; });
  EXPECT_TRUE(IsBadFormat(load32(file), "SHT_RELA relocations are not used with ELFCLASS32"));
}

// TA shared libraries are named by UUID; anything else in DT_NEEDED is refused.
TEST(ElfLoader, RejectsDtNeededThatIsNotAUuid) {
  Ta64 ta;
  ta.dynamic_entries.insert(ta.dynamic_entries.begin(), {DT_NEEDED, 1});
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "is not a UUID"));
}

// ---------------------------------------------------------------------------------------------
// ta_head and optional symbols

TEST(ElfLoader, RejectsTaHeadFlagsOutsideMask) {
  Ta64 ta;
  ta.set_head(kStackSize, 0x4000, kNoDeprEntry);
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "outside TA_FLAGS_MASK"));
}

TEST(ElfLoader, RejectsConcurrentFlag) {
  Ta64 ta;
  ta.set_head(kStackSize, abi::TA_FLAG_CONCURRENT | abi::TA_FLAG_SINGLE_INSTANCE, kNoDeprEntry);
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "TA_FLAG_CONCURRENT"));
}

TEST(ElfLoader, RejectsZeroStackSize) {
  Ta32 ta;
  ta.set_head(0, 0, kNoDeprEntry);
  EXPECT_TRUE(IsBadFormat(load32(ta.build()), "ta_head.stack_size 0x0"));
}

TEST(ElfLoader, RejectsAArch64StackSizeNotMultipleOf16) {
  Ta64 ta;
  ta.set_head(0x808, 0, kNoDeprEntry);
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "multiple of 16"));
}

TEST(ElfLoader, RejectsLegacyTaWithDeprecatedEntry) {
  Ta64 ta;
  ta.set_head(kStackSize, 0, 0x2f4);
  EXPECT_TRUE(IsBadFormat(load(ta.build()), "legacy TA"));
}

TEST(ElfLoader, RejectsTaHeadSymbolOutsideSegments) {
  Ta64 ta;
  auto file = ta.build();
  const uint64_t sym =
      ta.built.section_offset(Ta64::kDynsymSection) + ta.sym_ta_head * sizeof(Elf64_Sym);
  patch<Elf64_Sym>(file, sym, [](auto& s) { s.st_value = kRxSize - 16; }); // straddles memsz
  EXPECT_TRUE(IsBadFormat(load(file), "ta_head at 0x1f0 is not inside a loaded segment"));
}

TEST(ElfLoader, RejectsHeapOverrideInReadOnlySegment) {
  Ta64 ta;
  auto file = ta.build();
  const uint64_t sym =
      ta.built.section_offset(Ta64::kDynsymSection) + ta.sym_heap * sizeof(Elf64_Sym);
  patch<Elf64_Sym>(file, sym, [](auto& s) { s.st_value = kRxSlot; });
  EXPECT_TRUE(IsBadFormat(load(file), "'swemu_heap_override' at 0x180"));
}

TEST(ElfLoader, RejectsPhdrInfoOutsideSegments) {
  Ta32 ta;
  auto file = ta.build();
  const uint64_t sym =
      ta.built.section_offset(Ta32::kDynsymSection) + ta.sym_phdr_info * sizeof(Elf32_Sym);
  patch<Elf32_Sym>(file, sym, [](auto& s) { s.st_value = 0x2ffc; }); // 12 bytes cross memsz end
  EXPECT_TRUE(IsBadFormat(load32(file), "'__elf_phdr_info'"));
}

// ---------------------------------------------------------------------------------------------
// Robustness: random corruption must give a result or an error, never a crash (run under ASan).

template <bool Is64> void flip_random_bytes(uint32_t seed, int rounds) {
  MinimalTa<Is64> ta;
  const auto good = ta.build();
  const uint64_t headers_end = ta.built.phdr_offset(ta.elf.segments.size());
  const uint64_t sections_start = ta.built.section_offset(1);
  std::mt19937 rng(seed);
  int loaded = 0;
  for (int round = 0; round < rounds; ++round) {
    auto file = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      // Aim most flips at the structures, which are a small part of a mostly-zero file.
      uint64_t pos = 0;
      switch (rng() % 5) {
      case 0:
      case 1:
        pos = rng() % headers_end;
        break;
      case 2:
      case 3:
        pos = sections_start + rng() % (file.size() - sections_start);
        break;
      default:
        pos = rng() % file.size();
        break;
      }
      file[pos] = static_cast<uint8_t>(rng());
    }
    const uint64_t base = Is64 ? kBase64 : kBase32;
    auto r = load_ta_elf(file, base, kWhat);
    if (r.ok()) {
      ++loaded;
      expect_well_formed(*r);
    } else {
      ASSERT_EQ(r.error().code, abi::TEE_ERROR_BAD_FORMAT) << r.error().message;
    }
  }
  // Some corruptions hit bytes the loader never looks at; both outcomes must occur.
  EXPECT_GT(loaded, 0);
  EXPECT_LT(loaded, rounds);
}

TEST(ElfLoader, SurvivesRandomByteFlipsAArch64) {
  flip_random_bytes<true>(0x5eed64, 4000);
}

TEST(ElfLoader, SurvivesRandomByteFlipsAArch32) {
  flip_random_bytes<false>(0x5eed32, 4000);
}

// ---------------------------------------------------------------------------------------------
// elf_arch

TEST(ElfArch, ReportsAArch64) {
  auto r = elf_arch(Ta64().build(), kWhat);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, Arch::kAArch64);
}

TEST(ElfArch, ReportsAArch32) {
  auto r = elf_arch(Ta32().build(), kWhat);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, Arch::kAArch32);
}

TEST(ElfArch, RejectsTruncatedHeader) {
  auto file = Ta64().build();
  file.resize(40);
  EXPECT_TRUE(IsBadFormat(elf_arch(file, kWhat), "smaller than the ELFCLASS64 ELF header"));
}

TEST(ElfArch, RejectsWrongMachine) {
  Ta32 ta;
  ta.elf.ehdr.e_machine = EM_386;
  EXPECT_TRUE(IsBadFormat(elf_arch(ta.build(), kWhat), "e_machine 3"));
}

} // namespace
} // namespace swemu::core
