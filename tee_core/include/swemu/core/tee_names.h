// Names of TEE result codes and origins, for logs and command output.
#pragma once

#include <cstdint>
#include <string>

namespace swemu {

std::string tee_result_name(uint32_t result); // "TEE_ERROR_SHORT_BUFFER", or hex
std::string tee_origin_name(uint32_t origin); // "TRUSTED_APP", or the number

} // namespace swemu
