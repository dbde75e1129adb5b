// Signed TA files (`<uuid>.ta`) and the TA directory search.
//
// A `.ta` file is one or more signed headers followed by the ELF image; this module parses
// and checks it once, at the boundary, and hands back the ELF bytes for load_ta_elf.
// Facts: reference/optee-abi.md §4.7 (struct shdr, bootstrap header, hash), §7.3 (file
// names and search order); reference/ta-binaries.md (real files, subkey chains); OP-TEE's
// public core/include/signed_hdr.h and core/crypto/signed_hdr.c for the subkey header
// layout and rules (field order and sizes only; the code here is our own).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "swemu/core/result.h"
#include "swemu/core/uuid.h"

namespace swemu::core {

// Signed header ABI (optee-abi.md §4.7; OP-TEE core/include/signed_hdr.h). All fields are
// little-endian; UUIDs inside the headers are in RFC 4122 octet order.
inline constexpr uint32_t SHDR_MAGIC = 0x4F545348; // "HSTO" on disk
inline constexpr uint32_t SHDR_TA = 0;
inline constexpr uint32_t SHDR_BOOTSTRAP_TA = 1;
inline constexpr uint32_t SHDR_ENCRYPTED_TA = 2;
inline constexpr uint32_t SHDR_SUBKEY = 3;
inline constexpr uint64_t kShdrSize = 20;          // magic, img_type, img_size, algo, 2 × u16
inline constexpr uint64_t kShdrBootstrapSize = 20; // uuid[16], u32 ta_version
// uuid[16], name_size, subkey_version, max_depth, algo, attr_count; then attrs.
inline constexpr uint64_t kShdrSubkeySize = 36;
inline constexpr uint64_t kShdrSubkeyAttrSize = 12; // id, offs (from the body start), size

// Signature algorithms we accept in a signed header (optee-abi.md §6.5): the two that
// OP-TEE's sign_encrypt.py emits. PSS uses MGF1-SHA256 and a 32-byte salt.
inline constexpr uint32_t TEE_ALG_RSASSA_PKCS1_V1_5_SHA256 = 0x70004830;
inline constexpr uint32_t TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256 = 0x70414930;
// The subkey's public key attributes (optee-abi.md §6.7).
inline constexpr uint32_t TEE_ATTR_RSA_MODULUS = 0xD0000130;
inline constexpr uint32_t TEE_ATTR_RSA_PUBLIC_EXPONENT = 0xD0000230;

// Largest TA file we read; real TAs are well under 2 MiB.
inline constexpr uint64_t kMaxTaFileBytes = 64ULL << 20;
// Longest subkey chain we walk. OP-TEE sets no fixed limit (max_depth must only decrease);
// real chains have one or two levels, and each level costs an RSA verification.
inline constexpr size_t kMaxSubkeyChain = 8;

// The public half of OP-TEE's default development signing key (optee_os keys/default.pem,
// RSA-4096). Its private half is published with OP-TEE, so it authenticates nothing: it only
// lets stock-built TAs load. Products configure their own keys.
inline constexpr std::string_view kOpteeDefaultTaKeyPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEA6e6CY58Lzd7Vxb/B9k47\n"
    "X8fuvkYE8O1peo1UnmEaeuAI91y6wFSLkog7uPZcizDxyqA3OBtbFqi7nR0fTs+n\n"
    "r37W+yFSGZljZVXxudMojccsgHP9pMUjlmuu/1ISLyvA5Q8R6ALrTmNpUQfNqcdp\n"
    "IBgfwSDUrBUU0PIq6iiUdxoWtuC71OgKh4Ng8NXdIQHiJVwx2i/JB4lidWDPJY/n\n"
    "TLKnmDzbKtyKWeQfz4FJgDjDAThZXASeoaEpWmjRDvfbG6I7ziU20jiAA5R8T6ht\n"
    "9DdwoJ+CIKovscukdedPZ9b8/IesBiZURZv7pwqAMWLVb93PQj1a28VzyZOW4Mr/\n"
    "oa+9qY0/d19ApB5YJV7hf6fWY5mwPdAGuO4FpXinemD+HLXGXAu6+PlzftJW97Ut\n"
    "vE5DMzkrMm9DYjhe1b1AEHlDYJM7WTpRi9z4CuBymec5CsKFfZAJCQlKg5qjPKA7\n"
    "3CH1PBtVzAK+N8ktbsIAIoiX0aQ5yItY9FyxqduSt2dt0tPjrjflvHWI1+27zgYy\n"
    "0sWOlsSWyz9NMoH9x1IGV0/ufOvns95y3XR3ptHIrB1iZdfSdBCVTHAscVksD8FW\n"
    "lC2S/EFedqYcB3ZjR1Fpb9ReGK2ChSVU/Dxg+Xa3AzUXo4Fz8rNaJ3/BvB8NphDh\n"
    "i391IEoPu/bRTVm6MT/YHaECAwEAAQ==\n"
    "-----END PUBLIC KEY-----\n";

// Which TA files may be loaded.
struct TaVerifyPolicy {
  // Root keys accepted for the first signed header, as PEM text ("BEGIN PUBLIC KEY" or
  // "BEGIN RSA PUBLIC KEY"). Key i is named "key i" in TaBinary::signer and in messages.
  std::vector<std::string> public_keys_pem;
  // Development mode: also accept a plain ELF, or a signed file whose signature is bad, made
  // by an unknown key, or outside its subkey's authority. The layout and every SHA-256 hash
  // are still checked (a tampered or truncated file never loads) and a warning is logged.
  bool allow_unsigned = false;
};

// A policy that trusts OP-TEE's default development key only.
TaVerifyPolicy default_ta_verify_policy();

// One subkey of a chain, root-side first (signed_hdr.h struct shdr_subkey).
struct SubkeyInfo {
  Uuid uuid;
  std::string name; // bytes up to the first NUL; empty when name_size is 0
  uint32_t version = 0;
  uint32_t max_depth = 0;
};

// A TA file after its headers were checked.
struct TaBinary {
  std::vector<uint8_t> elf;        // the image, ready for load_ta_elf
  bool signed_file = false;        // false: a plain ELF (development mode only)
  bool signature_verified = false; // every signature in the file verified under the policy
  uint32_t ta_version = 0;         // from the bootstrap header; 0 otherwise
  std::optional<Uuid> uuid;        // from the bootstrap header (not checked against ta_head)
  std::string signer;              // "key 0", "key 0 / subkey <uuid> 'name'", or "" if unverified
  std::vector<SubkeyInfo> subkeys; // the chain that signed the TA, root-side first
};

// Parses and checks a TA file (a signed `.ta`, or a plain ELF in development mode).
// `what` names the file in messages; `expected_uuid`, when given, must equal the bootstrap
// header's UUID and is the UUID a subkey namespace is checked against.
// Errors: TEE_ERROR_BAD_FORMAT (layout; the message names the field), TEE_ERROR_SECURITY
// (hash, signature, key, UUID), TEE_ERROR_NOT_SUPPORTED (encrypted TAs, other algorithms),
// TEE_ERROR_BAD_PARAMETERS (a policy key that does not parse). Never reads outside `file`.
Result<TaBinary> open_ta_binary(std::span<const uint8_t> file, const std::string& what,
                                const Uuid* expected_uuid, const TaVerifyPolicy& policy);

// Checks that a PEM text is an RSA public key usable as a root key.
Result<void> check_public_key_pem(const std::string& pem, const std::string& what);

// The UUID a subkey with `name` (bytes up to the first NUL) admits below it: a version-5
// style UUID from SHA-512(subkey UUID octets ‖ name), first 16 bytes, version nibble 5 and
// RFC 4122 variant bits (OP-TEE core/crypto/signed_hdr.c). An empty name admits the
// subkey's own UUID.
Uuid subkey_namespace_uuid(const Uuid& subkey_uuid, std::string_view name);

// Finds a TA's file. For each directory in order, tries:
//   1. `<uuid>.ta` (RFC 4122 text, lowercase), as tee-supplicant (optee-abi.md §7.3);
//   2. `<uuid without its last dash>.ta`, tee-supplicant's deprecated fallback name;
//   3. `<uuid>.elf`, a plain ELF as our own TA build writes it (development mode only).
// Only regular files (or links to them) count. Returns the first match.
std::optional<std::filesystem::path> find_ta_file(const std::vector<std::filesystem::path>& dirs,
                                                  const Uuid& uuid);

// Reads a whole file, refusing one larger than `max_bytes` (TEE_ERROR_EXCESS_DATA) and
// reporting a missing or unreadable one as TEE_ERROR_ITEM_NOT_FOUND.
Result<std::vector<uint8_t>> read_file_limited(const std::filesystem::path& path,
                                               uint64_t max_bytes);

} // namespace swemu::core
