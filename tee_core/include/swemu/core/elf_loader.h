// Loads a TA's ELF image (ET_DYN, position independent) into a list of segments ready to
// be mapped at a chosen base address, with relocations already applied.
// Facts: reference/optee-abi.md §4.9, reference/ta-binaries.md (relocate by section
// headers, not by DT_RELA).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/uuid.h"

namespace swemu::core {

enum class Arch { kAArch64, kAArch32 };

// Segment permissions.
inline constexpr uint32_t kProtRead = 1;
inline constexpr uint32_t kProtWrite = 2;
inline constexpr uint32_t kProtExec = 4;

inline constexpr uint64_t kTaPageSize = 4096;

struct LoadedSegment {
  uint64_t vaddr = 0;         // absolute guest address, page aligned (base + p_vaddr rounded down)
  std::vector<uint8_t> bytes; // page-rounded contents: file bytes, then zeros up to memsz
  uint32_t prot = 0;          // kProt* from p_flags
};

struct TaHead {
  Uuid uuid;
  uint32_t stack_size = 0;
  uint32_t flags = 0;
  uint64_t depr_entry = 0;
};

// A function symbol of the TA (from .symtab and .dynsym), at its absolute guest address.
struct TaSymbol {
  uint64_t start = 0;
  uint64_t size = 0; // 0 when the ELF does not say
  std::string name;
};

struct TaImage {
  Arch arch = Arch::kAArch64;
  uint64_t base = 0;  // load address the relocations were applied for
  uint64_t entry = 0; // absolute guest address of __ta_entry (bit 0 set for Thumb on AArch32)
  uint64_t end = 0;   // first guest address past the last segment (page aligned)
  std::vector<LoadedSegment> segments; // sorted by vaddr, non-overlapping
  TaHead head;
  // Absolute guest address of a dynamic symbol the runtime may fill, if the TA has it.
  std::optional<uint64_t> elf_phdr_info;
  std::optional<uint64_t> heap_override; // "swemu_heap_override": struct { u64 va; u64 size; }
  // The TA's property table and its length (size_t), when the symbols are visible.
  std::optional<uint64_t> ta_props;
  std::optional<uint64_t> ta_num_props;
  // Function symbols, sorted by address (empty for a stripped TA without .dynsym ones).
  std::vector<TaSymbol> functions;

  // Copies `len` bytes of the loaded image at guest address `va`; false if any byte lies
  // outside the segments.
  bool read(uint64_t va, void* dst, uint64_t len) const;
  // "name+0x1c" for an address inside (or just past the start of) a known function,
  // else "image+0x...": for crash reports.
  std::string symbolize(uint64_t va) const;
  // The function holding `va`, or null.
  const TaSymbol* function_at(uint64_t va) const;
};

// Parses and relocates `file` for loading at `base` (must be page aligned).
// `what` names the file in error messages. Errors are TEE_ERROR_BAD_FORMAT with a message
// naming the offending field; never throws, never reads outside `file`.
Result<TaImage> load_ta_elf(std::span<const uint8_t> file, uint64_t base, const std::string& what);

// Reads only the ELF header: which architecture the file is for.
Result<Arch> elf_arch(std::span<const uint8_t> file, const std::string& what);

} // namespace swemu::core
