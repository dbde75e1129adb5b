#include "swemu/core/tee_names.h"

#include <fmt/format.h>

#include "swemu/core/tee_abi.h"

namespace swemu {

std::string tee_result_name(uint32_t result) {
  using namespace abi;
  struct Name {
    uint32_t code;
    const char* name;
  };
  static constexpr Name kNames[] = {
      {TEE_SUCCESS, "TEE_SUCCESS"},
      {TEE_ERROR_CORRUPT_OBJECT, "TEE_ERROR_CORRUPT_OBJECT"},
      {TEE_ERROR_STORAGE_NOT_AVAILABLE, "TEE_ERROR_STORAGE_NOT_AVAILABLE"},
      {TEE_ERROR_GENERIC, "TEE_ERROR_GENERIC"},
      {TEE_ERROR_ACCESS_DENIED, "TEE_ERROR_ACCESS_DENIED"},
      {TEE_ERROR_CANCEL, "TEE_ERROR_CANCEL"},
      {TEE_ERROR_ACCESS_CONFLICT, "TEE_ERROR_ACCESS_CONFLICT"},
      {TEE_ERROR_EXCESS_DATA, "TEE_ERROR_EXCESS_DATA"},
      {TEE_ERROR_BAD_FORMAT, "TEE_ERROR_BAD_FORMAT"},
      {TEE_ERROR_BAD_PARAMETERS, "TEE_ERROR_BAD_PARAMETERS"},
      {TEE_ERROR_BAD_STATE, "TEE_ERROR_BAD_STATE"},
      {TEE_ERROR_ITEM_NOT_FOUND, "TEE_ERROR_ITEM_NOT_FOUND"},
      {TEE_ERROR_NOT_IMPLEMENTED, "TEE_ERROR_NOT_IMPLEMENTED"},
      {TEE_ERROR_NOT_SUPPORTED, "TEE_ERROR_NOT_SUPPORTED"},
      {TEE_ERROR_NO_DATA, "TEE_ERROR_NO_DATA"},
      {TEE_ERROR_OUT_OF_MEMORY, "TEE_ERROR_OUT_OF_MEMORY"},
      {TEE_ERROR_BUSY, "TEE_ERROR_BUSY"},
      {TEE_ERROR_COMMUNICATION, "TEE_ERROR_COMMUNICATION"},
      {TEE_ERROR_SECURITY, "TEE_ERROR_SECURITY"},
      {TEE_ERROR_SHORT_BUFFER, "TEE_ERROR_SHORT_BUFFER"},
      {TEE_ERROR_EXTERNAL_CANCEL, "TEE_ERROR_EXTERNAL_CANCEL"},
      {TEE_ERROR_TIMEOUT, "TEE_ERROR_TIMEOUT"},
      {TEE_ERROR_OVERFLOW, "TEE_ERROR_OVERFLOW"},
      {TEE_ERROR_TARGET_DEAD, "TEE_ERROR_TARGET_DEAD"},
      {TEE_ERROR_STORAGE_NO_SPACE, "TEE_ERROR_STORAGE_NO_SPACE"},
  };
  for (const auto& n : kNames)
    if (n.code == result)
      return n.name;
  return fmt::format("{:#010x}", result);
}

std::string tee_origin_name(uint32_t origin) {
  switch (origin) {
  case abi::TEE_ORIGIN_API:
    return "API";
  case abi::TEE_ORIGIN_COMMS:
    return "COMMS";
  case abi::TEE_ORIGIN_TEE:
    return "TEE";
  case abi::TEE_ORIGIN_TRUSTED_APP:
    return "TRUSTED_APP";
  default:
    return std::to_string(origin);
  }
}

} // namespace swemu
