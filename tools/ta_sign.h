// Producing signed <uuid>.ta files (optee-abi.md §4.7), as OP-TEE's sign_encrypt.py does.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/uuid.h"

namespace swemu::tools {

enum class SignAlgo { kPss, kPkcs1V15 };

// shdr (BOOTSTRAP_TA) ‖ SHA-256 ‖ RSA signature ‖ shdr_bootstrap_ta ‖ ELF, signed with the
// private key in `key_pem_path`.
Result<std::vector<uint8_t>> sign_ta(std::span<const uint8_t> elf, const Uuid& uuid,
                                     uint32_t ta_version, const std::string& key_pem_path,
                                     SignAlgo algo);

} // namespace swemu::tools
