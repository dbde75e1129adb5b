#include "ta_sign.h"

#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>

#include "swemu/core/ta_store.h"
#include "swemu/core/tee_abi.h"

namespace swemu::tools {
namespace {

using namespace swemu::abi;
using core::kShdrBootstrapSize;
using core::kShdrSize;

constexpr uint16_t kHashSize = 32;

template <class T> void put(std::vector<uint8_t>& out, T v) {
  uint8_t b[sizeof v];
  std::memcpy(b, &v, sizeof v);
  out.insert(out.end(), b, b + sizeof v);
}

Error sign_error(const std::string& what, int rc) {
  return make_error(TEE_ERROR_SECURITY, fmt::format("{} (mbedTLS error -{:#x})", what, -rc));
}

// mbedTLS objects with their free functions, released on every path.
struct Crypto {
  mbedtls_pk_context pk;
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  Crypto() {
    mbedtls_pk_init(&pk);
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
  }
  ~Crypto() {
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    mbedtls_pk_free(&pk);
  }
  Crypto(const Crypto&) = delete;
  Crypto& operator=(const Crypto&) = delete;
};

} // namespace

Result<std::vector<uint8_t>> sign_ta(std::span<const uint8_t> elf, const Uuid& uuid,
                                     uint32_t ta_version, const std::string& key_pem_path,
                                     SignAlgo algo) {
  if (elf.size() > core::kMaxTaFileBytes)
    return make_error(TEE_ERROR_EXCESS_DATA, "the ELF is larger than a TA may be");
  auto c = std::make_unique<Crypto>();
  static const char kPers[] = "swemu ta sign";
  if (int rc = mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy,
                                     reinterpret_cast<const unsigned char*>(kPers), sizeof kPers);
      rc != 0)
    return sign_error("seeding the random generator failed", rc);
  if (int rc = mbedtls_pk_parse_keyfile(&c->pk, key_pem_path.c_str(), nullptr,
                                        mbedtls_ctr_drbg_random, &c->drbg);
      rc != 0)
    return sign_error(fmt::format("{}: not a readable private key", key_pem_path), rc);
  if (mbedtls_pk_get_type(&c->pk) != MBEDTLS_PK_RSA)
    return make_error(TEE_ERROR_NOT_SUPPORTED,
                      fmt::format("{}: only RSA keys sign TAs", key_pem_path));
  mbedtls_rsa_context* rsa = mbedtls_pk_rsa(c->pk);
  const size_t sig_size = mbedtls_rsa_get_len(rsa);

  std::vector<uint8_t> shdr;
  put<uint32_t>(shdr, core::SHDR_MAGIC);
  put<uint32_t>(shdr, core::SHDR_BOOTSTRAP_TA);
  put<uint32_t>(shdr, static_cast<uint32_t>(elf.size()));
  put<uint32_t>(shdr, algo == SignAlgo::kPss ? core::TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256
                                             : core::TEE_ALG_RSASSA_PKCS1_V1_5_SHA256);
  put<uint16_t>(shdr, kHashSize);
  put<uint16_t>(shdr, static_cast<uint16_t>(sig_size));
  std::vector<uint8_t> bootstrap(uuid.octets.begin(), uuid.octets.end());
  put<uint32_t>(bootstrap, ta_version);

  // hash = SHA-256(shdr ‖ bootstrap header ‖ ELF)
  uint8_t hash[kHashSize];
  mbedtls_sha256_context sha;
  mbedtls_sha256_init(&sha);
  mbedtls_sha256_starts(&sha, 0);
  mbedtls_sha256_update(&sha, shdr.data(), shdr.size());
  mbedtls_sha256_update(&sha, bootstrap.data(), bootstrap.size());
  mbedtls_sha256_update(&sha, elf.data(), elf.size());
  mbedtls_sha256_finish(&sha, hash);
  mbedtls_sha256_free(&sha);

  std::vector<uint8_t> sig(sig_size);
  // The padding mode must match the scheme; MGF1 uses SHA-256 as sign_encrypt.py does.
  if (int rc = algo == SignAlgo::kPss
                   ? mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256)
                   : mbedtls_rsa_set_padding(rsa, MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_NONE);
      rc != 0)
    return sign_error("setting the RSA padding failed", rc);
  int rc = algo == SignAlgo::kPss
               ? mbedtls_rsa_rsassa_pss_sign_ext(rsa, mbedtls_ctr_drbg_random, &c->drbg,
                                                 MBEDTLS_MD_SHA256, kHashSize, hash, kHashSize,
                                                 sig.data())
               : mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa, mbedtls_ctr_drbg_random, &c->drbg,
                                                   MBEDTLS_MD_SHA256, kHashSize, hash, sig.data());
  if (rc != 0)
    return sign_error("signing failed", rc);

  std::vector<uint8_t> out;
  out.reserve(kShdrSize + kHashSize + sig_size + kShdrBootstrapSize + elf.size());
  out.insert(out.end(), shdr.begin(), shdr.end());
  out.insert(out.end(), hash, hash + kHashSize);
  out.insert(out.end(), sig.begin(), sig.end());
  out.insert(out.end(), bootstrap.begin(), bootstrap.end());
  out.insert(out.end(), elf.begin(), elf.end());
  return out;
}

} // namespace swemu::tools
