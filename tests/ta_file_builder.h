// Builds signed TA files (`<uuid>.ta`) in memory for loader tests, with RSA keys made by
// mbedTLS. Layout (optee-abi.md §4.7; OP-TEE signed_hdr.h), all little-endian:
//   for each subkey: struct shdr(SUBKEY) ‖ hash ‖ sig ‖ subkey body (img_size) ‖ name
//   then:            struct shdr(TA or BOOTSTRAP_TA) ‖ hash ‖ sig ‖ [bootstrap header] ‖ ELF
// The root key signs the first header; each subkey signs the header after it.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>

#include "swemu/core/ta_store.h"
#include "swemu/core/uuid.h"

namespace swemu::test {

inline void put_le32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
inline void put_le16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
inline void set_le32(std::vector<uint8_t>& out, size_t offset, uint32_t v) {
  for (size_t i = 0; i < 4; ++i)
    out.at(offset + i) = static_cast<uint8_t>(v >> (8 * i));
}
inline void append(std::vector<uint8_t>& out, std::span<const uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

inline std::array<uint8_t, 32> sha256_of(std::initializer_list<std::span<const uint8_t>> parts) {
  std::array<uint8_t, 32> out{};
  mbedtls_sha256_context ctx;
  mbedtls_sha256_init(&ctx);
  mbedtls_sha256_starts(&ctx, 0);
  for (auto part : parts)
    mbedtls_sha256_update(&ctx, part.data(), part.size());
  mbedtls_sha256_finish(&ctx, out.data());
  mbedtls_sha256_free(&ctx);
  return out;
}

// A deterministic RNG (tests must be reproducible); fine for throwaway test keys only.
inline int test_rng(void* state, unsigned char* out, size_t len) {
  auto* gen = static_cast<std::mt19937_64*>(state);
  for (size_t i = 0; i < len; ++i)
    out[i] = static_cast<unsigned char>((*gen)() & 0xFF);
  return 0;
}

// An RSA key pair for signing test files. Generation takes a while: share instances.
class TestRsaKey {
public:
  TestRsaKey(unsigned bits, uint64_t seed) : rng_(seed) {
    mbedtls_pk_init(&pk_);
    if (mbedtls_pk_setup(&pk_, mbedtls_pk_info_from_type(MBEDTLS_PK_RSA)) != 0 ||
        mbedtls_rsa_gen_key(rsa(), test_rng, &rng_, bits, 65537) != 0)
      throw std::runtime_error("RSA key generation failed");
  }
  ~TestRsaKey() { mbedtls_pk_free(&pk_); }
  TestRsaKey(const TestRsaKey&) = delete;
  TestRsaKey& operator=(const TestRsaKey&) = delete;

  size_t bytes() const { return mbedtls_rsa_get_len(rsa()); }

  std::string public_pem() const {
    std::vector<unsigned char> buf(4096);
    if (mbedtls_pk_write_pubkey_pem(&pk_, buf.data(), buf.size()) != 0)
      throw std::runtime_error("PEM export failed");
    return reinterpret_cast<const char*>(buf.data());
  }
  std::string private_pem() const {
    std::vector<unsigned char> buf(16384);
    if (mbedtls_pk_write_key_pem(&pk_, buf.data(), buf.size()) != 0)
      throw std::runtime_error("PEM export failed");
    return reinterpret_cast<const char*>(buf.data());
  }
  std::vector<uint8_t> modulus() const {
    std::vector<uint8_t> n(bytes());
    mbedtls_rsa_export_raw(rsa(), n.data(), n.size(), nullptr, 0, nullptr, 0, nullptr, 0, nullptr,
                           0);
    return n;
  }
  std::vector<uint8_t> exponent() const {
    // 65537 in 4 bytes: a 320-byte body for RSA-2048, as in OP-TEE's documented subkey dump.
    std::vector<uint8_t> e(4);
    mbedtls_rsa_export_raw(rsa(), nullptr, 0, nullptr, 0, nullptr, 0, nullptr, 0, e.data(),
                           e.size());
    return e;
  }

  // Signs a SHA-256 digest; PSS with MGF1-SHA256 and `salt_len` (sign_encrypt.py uses 32).
  std::vector<uint8_t> sign(uint32_t algo, std::span<const uint8_t> digest,
                            int salt_len = 32) const {
    std::vector<uint8_t> sig(bytes());
    int rc = 0;
    if (algo == core::TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256) {
      mbedtls_rsa_set_padding(rsa(), MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
      rc = mbedtls_rsa_rsassa_pss_sign_ext(rsa(), test_rng, &rng_, MBEDTLS_MD_SHA256, 32,
                                           digest.data(), salt_len, sig.data());
    } else {
      mbedtls_rsa_set_padding(rsa(), MBEDTLS_RSA_PKCS_V15, MBEDTLS_MD_SHA256);
      rc = mbedtls_rsa_rsassa_pkcs1_v15_sign(rsa(), test_rng, &rng_, MBEDTLS_MD_SHA256, 32,
                                             digest.data(), sig.data());
    }
    if (rc != 0)
      throw std::runtime_error("RSA signing failed");
    return sig;
  }

private:
  mbedtls_rsa_context* rsa() const { return mbedtls_pk_rsa(pk_); }
  mutable mbedtls_pk_context pk_;
  mutable std::mt19937_64 rng_;
};

// struct shdr ‖ hash ‖ sig, where hash = SHA-256(struct shdr ‖ payload...).
inline std::vector<uint8_t> signed_header(uint32_t img_type, uint32_t img_size, uint32_t algo,
                                          std::initializer_list<std::span<const uint8_t>> payload,
                                          const TestRsaKey& signer, int salt_len = 32) {
  std::vector<uint8_t> out;
  put_le32(out, core::SHDR_MAGIC);
  put_le32(out, img_type);
  put_le32(out, img_size);
  put_le32(out, algo);
  put_le16(out, 32);
  put_le16(out, static_cast<uint16_t>(signer.bytes()));
  mbedtls_sha256_context ctx;
  std::array<uint8_t, 32> digest{};
  mbedtls_sha256_init(&ctx);
  mbedtls_sha256_starts(&ctx, 0);
  mbedtls_sha256_update(&ctx, out.data(), out.size());
  for (auto part : payload)
    mbedtls_sha256_update(&ctx, part.data(), part.size());
  mbedtls_sha256_finish(&ctx, digest.data());
  mbedtls_sha256_free(&ctx);
  append(out, digest);
  append(out, signer.sign(algo, digest, salt_len));
  return out;
}

struct SubkeySpec {
  const TestRsaKey* key = nullptr; // the subkey's key pair (it signs the next header)
  Uuid uuid;                       // the namespace it defines
  std::string name;                // names the next subkey or TA in that namespace
  uint32_t name_size = 64;         // name is NUL-padded to this (OP-TEE's tools use 64); 0 = none
  uint32_t version = 1;
  uint32_t max_depth = 0;
};

// struct shdr_subkey with the modulus and exponent attributes, then their values.
inline std::vector<uint8_t> subkey_body(const SubkeySpec& s, uint32_t algo) {
  const std::vector<uint8_t> n = s.key->modulus();
  const std::vector<uint8_t> e = s.key->exponent();
  const auto attrs_end =
      static_cast<uint32_t>(core::kShdrSubkeySize + 2 * core::kShdrSubkeyAttrSize);
  std::vector<uint8_t> out(s.uuid.octets.begin(), s.uuid.octets.end());
  put_le32(out, s.name_size);
  put_le32(out, s.version);
  put_le32(out, s.max_depth);
  put_le32(out, algo);
  put_le32(out, 2);
  put_le32(out, core::TEE_ATTR_RSA_MODULUS);
  put_le32(out, attrs_end);
  put_le32(out, static_cast<uint32_t>(n.size()));
  put_le32(out, core::TEE_ATTR_RSA_PUBLIC_EXPONENT);
  put_le32(out, attrs_end + static_cast<uint32_t>(n.size()));
  put_le32(out, static_cast<uint32_t>(e.size()));
  append(out, n);
  append(out, e);
  return out;
}

struct TaSpec {
  std::vector<uint8_t> elf;
  Uuid uuid;
  uint32_t ta_version = 0;
  uint32_t img_type = core::SHDR_BOOTSTRAP_TA;
  uint32_t algo = core::TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256;
  const TestRsaKey* root = nullptr;
  std::vector<SubkeySpec> subkeys; // root-side first
  int salt_len = 32;
};

struct BuiltTa {
  std::vector<uint8_t> bytes;
  std::vector<size_t> header_offsets; // each struct shdr, in file order; the TA's is last
  size_t image_offset = 0;

  // Offsets of one header's hash and signature.
  size_t hash_offset(size_t header) const { return header_offsets.at(header) + 20; }
  size_t sig_offset(size_t header) const { return header_offsets.at(header) + 20 + 32; }
};

inline BuiltTa build_signed_ta(const TaSpec& spec) {
  BuiltTa out;
  const TestRsaKey* signer = spec.root;
  for (const SubkeySpec& s : spec.subkeys) {
    std::vector<uint8_t> body = subkey_body(s, spec.algo);
    out.header_offsets.push_back(out.bytes.size());
    append(out.bytes, signed_header(core::SHDR_SUBKEY, static_cast<uint32_t>(body.size()),
                                    spec.algo, {body}, *signer, spec.salt_len));
    append(out.bytes, body);
    std::vector<uint8_t> name(s.name.begin(), s.name.end());
    name.resize(s.name_size, 0);
    append(out.bytes, name);
    signer = s.key;
  }
  std::vector<uint8_t> bootstrap;
  if (spec.img_type == core::SHDR_BOOTSTRAP_TA) {
    bootstrap.assign(spec.uuid.octets.begin(), spec.uuid.octets.end());
    put_le32(bootstrap, spec.ta_version);
  }
  out.header_offsets.push_back(out.bytes.size());
  append(out.bytes, signed_header(spec.img_type, static_cast<uint32_t>(spec.elf.size()), spec.algo,
                                  {bootstrap, spec.elf}, *signer, spec.salt_len));
  append(out.bytes, bootstrap);
  out.image_offset = out.bytes.size();
  append(out.bytes, spec.elf);
  return out;
}

} // namespace swemu::test
