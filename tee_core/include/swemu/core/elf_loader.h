// Loads a TA's ELF image (ET_DYN, position independent) and the TA shared libraries it
// names in DT_NEEDED into a list of segments ready to be mapped, with relocations applied
// across the modules and `__elf_phdr_info` filled, as ldelf does.
// Facts: reference/optee-abi.md §4.9, reference/ta-binaries.md (relocate by section
// headers, not by DT_RELA; libraries are named by UUID).
#pragma once

#include <cstdint>
#include <functional>
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

// One loaded ELF module: the TA itself (first) or a TA shared library.
struct TaModule {
  std::string name; // the TA's `what`; a library's UUID (its DT_NEEDED name)
  uint64_t base = 0;
  uint64_t end = 0; // page aligned
};

struct TaImage {
  Arch arch = Arch::kAArch64;
  uint64_t base = 0;  // load address the relocations were applied for
  uint64_t entry = 0; // absolute guest address of __ta_entry (bit 0 set for Thumb on AArch32)
  uint64_t end = 0;   // first guest address past the TA's own last segment (page aligned)
  // Every segment: the TA's, its libraries', and the loader's own data (the module list
  // `__elf_phdr_info` points at, and on AArch64 the TLS descriptor resolver).
  std::vector<LoadedSegment> segments; // sorted by vaddr, non-overlapping
  std::vector<TaModule> modules;       // the TA first, then its libraries in load order
  TaHead head;
  // Absolute guest address of a dynamic symbol the runtime may fill, if the TA has it.
  std::optional<uint64_t> elf_phdr_info;
  std::optional<uint64_t> heap_override; // "swemu_heap_override": struct { u64 va; u64 size; }
  // The TA's property table and its length (size_t), when the symbols are visible.
  std::optional<uint64_t> ta_props;
  std::optional<uint64_t> ta_num_props;
  // Function symbols of every module, sorted by address (empty for a stripped TA without
  // .dynsym ones).
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

// The ELF bytes of the TA shared library with this UUID (a DT_NEEDED name), already
// checked like a TA file (signature, hash).
using TaLibraryLoader = std::function<Result<std::vector<uint8_t>>(const Uuid& uuid)>;

// Most TA shared libraries one TA may pull in, directly or indirectly.
inline constexpr size_t kMaxTaLibraries = 16;

// Parses and relocates `file` for loading at `base` (must be page aligned), with the
// libraries it needs (breadth first, each once) placed after it behind guard gaps.
// `what` names the file in error messages. Errors are TEE_ERROR_BAD_FORMAT with a message
// naming the offending field, or the library loader's error (a TA with DT_NEEDED and no
// loader: TEE_ERROR_ITEM_NOT_FOUND); never throws, never reads outside `file`.
Result<TaImage> load_ta_elf(std::span<const uint8_t> file, uint64_t base, const std::string& what,
                            const TaLibraryLoader& libraries = {});

// Reads only the ELF header: which architecture the file is for.
Result<Arch> elf_arch(std::span<const uint8_t> file, const std::string& what);

} // namespace swemu::core
