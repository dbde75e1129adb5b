// What a dead TA entry looked like: the class of the crash, where (symbol+offset), a
// backtrace, the faulting instruction disassembled (capstone) and the registers. Built
// from a TaInstance right after enter() returned TEE_ERROR_TARGET_DEAD, while the engine
// still holds the state the entry stopped in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ta_runtime.h"

namespace swemu::core {

struct CrashReport {
  // "memory-read", "memory-write", "memory-execute", "undefined-instruction",
  // "stack-protector", "heap-corruption", "panic", "hang" or "other".
  std::string crash_class;
  FaultInfo fault;
  std::string location;             // the faulting PC as symbol+offset
  std::vector<uint64_t> frames;     // PC, then return addresses (best effort)
  std::vector<uint64_t> sites;      // frames as instructions: return addresses -> calls
  uint64_t image_base = 0;          // where the TA's ELF was loaded (for its addresses)
  std::vector<std::string> sources; // "file:line" per frame, when filled (see text())
  std::vector<std::string> symbols; // frames, symbolized
  std::string instruction;          // "ldr x0, [x1, #8]" (or why it could not be read)
  std::string registers;            // one block of text

  // "class at symbol+offset": what makes two crashes the same bug.
  std::string key() const;
  // The whole report, several lines.
  std::string text() const;
};

// Call right after TaInstance::enter() returned with the instance dead.
CrashReport make_crash_report(TaInstance& ta);

} // namespace swemu::core
