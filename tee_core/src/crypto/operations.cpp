// The operation factory and what every operation shares: the algorithm/mode rules of GP
// TEE Internal Core API v1.3.1 §6.2.1 (Table 6-2 gives the modes each class allows) and
// the default answer to a call that does not fit the operation's class.
#include <mbedtls/platform_util.h>

#include <fmt/format.h>

#include "crypto/crypto.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;

// TEE_MODE_* and TEE_OPERATION_* (optee-abi.md §6.4).
constexpr uint32_t kModeEncrypt = 0;
constexpr uint32_t kModeDecrypt = 1;
constexpr uint32_t kModeSign = 2;
constexpr uint32_t kModeVerify = 3;
constexpr uint32_t kModeMac = 4;
constexpr uint32_t kModeDigest = 5;
constexpr uint32_t kModeDerive = 6;

constexpr uint32_t kClassCipher = 1;
constexpr uint32_t kClassMac = 3;
constexpr uint32_t kClassAe = 4;
constexpr uint32_t kClassDigest = 5;
constexpr uint32_t kClassAsymmetricCipher = 6;
constexpr uint32_t kClassAsymmetricSignature = 7;
constexpr uint32_t kClassKeyDerivation = 8;

constexpr uint32_t kAttrFlagPublic = 1U << 28;
constexpr uint32_t kAttrFlagValue = 1U << 29;

// The operation class of an algorithm id: bits 31..28, except for the OP-TEE extension
// ids in class 0xF, whose class follows from the main algorithm and chain mode.
uint32_t operation_class(uint32_t algorithm) {
  const uint32_t cls = algorithm >> 28;
  if (cls != 0xF)
    return cls;
  const uint32_t main = algorithm & 0xFF;
  const uint32_t chain = (algorithm >> 8) & 0xF;
  if (main == 0x30) // RSA: PKCS#1 v1.5 without DigestInfo (sign), PSS/OAEP with MD5
    return chain == 0x2 ? kClassAsymmetricCipher : kClassAsymmetricSignature;
  return kClassMac; // DES3_CMAC
}

bool mode_allowed(uint32_t cls, uint32_t mode) {
  switch (cls) {
  case kClassCipher:
  case kClassAe:
  case kClassAsymmetricCipher:
    return mode == kModeEncrypt || mode == kModeDecrypt;
  case kClassMac:
    return mode == kModeMac;
  case kClassDigest:
    return mode == kModeDigest;
  case kClassAsymmetricSignature:
    return mode == kModeSign || mode == kModeVerify;
  case kClassKeyDerivation:
    return mode == kModeDerive;
  default:
    return false;
  }
}

Error wrong_class(const char* call, uint32_t algorithm) {
  return make_error(TEE_ERROR_BAD_STATE,
                    fmt::format("{} does not apply to algorithm {:#010x}", call, algorithm));
}

} // namespace

void wipe(void* p, size_t n) {
  mbedtls_platform_zeroize(p, n);
}

bool is_value_attribute(uint32_t id) {
  return (id & kAttrFlagValue) != 0;
}
bool is_public_attribute(uint32_t id) {
  return (id & kAttrFlagPublic) != 0;
}

const Attribute* Object::find(uint32_t id) const {
  for (const Attribute& a : attrs)
    if (a.id == id)
      return &a;
  return nullptr;
}

uint32_t translate_legacy_algorithm(uint32_t algorithm) {
  switch (algorithm) {
  case 0x70001041: // __OPTEE_ALG_ECDSA_P192
    return 0x70001042;
  case 0x70002041:
    return 0x70002042;
  case 0x70003041:
    return 0x70003042;
  case 0x70004041:
    return 0x70004042;
  case 0x70005041:
    return 0x70005042;
  case 0x80001042: // __OPTEE_ALG_ECDH_P192 .. P521
  case 0x80002042:
  case 0x80003042:
  case 0x80004042:
  case 0x80005042:
    return 0x80000042;
  default:
    return algorithm;
  }
}

Result<std::unique_ptr<Operation>> create_operation(uint32_t algorithm, uint32_t mode) {
  algorithm = translate_legacy_algorithm(algorithm);
  const uint32_t cls = operation_class(algorithm);
  std::unique_ptr<Operation> op;
  switch (cls) {
  case kClassCipher:
  case kClassMac:
  case kClassAe:
  case kClassDigest:
    op = make_symmetric_operation(algorithm, mode);
    break;
  case kClassAsymmetricCipher:
  case kClassAsymmetricSignature:
    op = make_asymmetric_operation(algorithm, mode);
    break;
  case kClassKeyDerivation:
    op = make_kdf_operation(algorithm, mode);
    if (!op)
      op = make_asymmetric_operation(algorithm, mode);
    break;
  default:
    break;
  }
  if (!op)
    return make_error(TEE_ERROR_NOT_SUPPORTED,
                      fmt::format("algorithm {:#010x} is not supported", algorithm));
  if (!mode_allowed(cls, mode))
    return make_error(
        TEE_ERROR_BAD_PARAMETERS,
        fmt::format("mode {} is not allowed for algorithm {:#010x}", mode, algorithm));
  return op;
}

// Defaults: the call does not belong to this operation's class.

Result<void> Operation::hash_init(const Object*, ByteView) {
  return wrong_class("HASH_INIT", algorithm_);
}
Result<void> Operation::hash_update(ByteView) {
  return wrong_class("HASH_UPDATE", algorithm_);
}
size_t Operation::hash_size() const {
  return 0;
}
Result<void> Operation::hash_final(ByteView, Bytes&) {
  return wrong_class("HASH_FINAL", algorithm_);
}

Result<void> Operation::cipher_init(const Object*, const Object*, ByteView) {
  return wrong_class("CIPHER_INIT", algorithm_);
}
size_t Operation::cipher_update_size(size_t) const {
  return 0;
}
Result<size_t> Operation::cipher_final_size(size_t) const {
  return wrong_class("CIPHER_FINAL", algorithm_);
}
Result<void> Operation::cipher_update(ByteView, Bytes&) {
  return wrong_class("CIPHER_UPDATE", algorithm_);
}
Result<void> Operation::cipher_final(ByteView, Bytes&) {
  return wrong_class("CIPHER_FINAL", algorithm_);
}

Result<void> Operation::ae_init(const Object*, ByteView, size_t, size_t, size_t) {
  return wrong_class("AUTHENC_INIT", algorithm_);
}
Result<void> Operation::ae_update_aad(ByteView) {
  return wrong_class("AUTHENC_UPDATE_AAD", algorithm_);
}
size_t Operation::ae_update_size(size_t) const {
  return 0;
}
size_t Operation::ae_final_size(size_t) const {
  return 0;
}
size_t Operation::ae_tag_size() const {
  return 0;
}
Result<void> Operation::ae_update(ByteView, Bytes&) {
  return wrong_class("AUTHENC_UPDATE_PAYLOAD", algorithm_);
}
Result<void> Operation::ae_enc_final(ByteView, Bytes&, Bytes&) {
  return wrong_class("AUTHENC_ENC_FINAL", algorithm_);
}
Result<void> Operation::ae_dec_final(ByteView, ByteView, Bytes&) {
  return wrong_class("AUTHENC_DEC_FINAL", algorithm_);
}

Result<void> Operation::asym_operate(const Object&, std::span<const Attribute>, ByteView, Bytes&,
                                     Rng&) {
  return wrong_class("ASYMM_OPERATE", algorithm_);
}
Result<void> Operation::asym_verify(const Object&, std::span<const Attribute>, ByteView, ByteView) {
  return wrong_class("ASYMM_VERIFY", algorithm_);
}
Result<void> Operation::derive(const Object&, std::span<const Attribute>, Object&, Rng&) {
  return wrong_class("CRYP_DERIVE_KEY", algorithm_);
}

} // namespace swemu::core::crypto
