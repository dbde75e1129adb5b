// The four parameters of one TA entry, as the session manager and the TA runtime see
// them: values, or memrefs pointing at host memory that backs non-secure shared memory.
#pragma once

#include <array>
#include <cstdint>

#include "swemu/core/tee_abi.h"

namespace swemu::core {

struct TaParam {
  uint32_t type = abi::TEE_PARAM_TYPE_NONE; // TEE_PARAM_TYPE_*
  uint64_t a = 0;                           // value a
  uint64_t b = 0;                           // value b
  uint8_t* host = nullptr;                  // memref buffer; nullptr is a NULL memref
  uint64_t pa = 0;                          // memref "physical" address (page offset kept)
  uint64_t size = 0;                        // memref size; updated on return

  bool is_value() const { return type >= 1 && type <= 3; }
  bool is_memref() const { return type >= 5 && type <= 7; }
  bool is_output() const { return type == 2 || type == 3 || type == 6 || type == 7; }
};

using TaParams = std::array<TaParam, abi::TEE_NUM_PARAMS>;

inline uint32_t packed_param_types(const TaParams& p) {
  return p[0].type | p[1].type << 4 | p[2].type << 8 | p[3].type << 12;
}

} // namespace swemu::core
