// Digests, MACs, symmetric ciphers and authenticated encryption (GP TEE Internal Core API
// v1.3.1 §6.3-6.6; algorithm ids in optee-abi.md §6.5).
//
// Every operation keeps its whole state in copyable members so that clone()
// (CRYP_STATE_COPY) is a plain copy. mbedTLS digest contexts are copied with
// mbedtls_md_clone; block-cipher key schedules are rebuilt from the saved key. An
// mbedtls_cipher_context_t (and so its CMAC state) cannot be copied and
// mbedtls_aes_crypt_xts cannot stream, so the chaining modes, CBC-MAC, CMAC and XTS are
// written here over mbedTLS's single-block AES/DES primitives. HMAC is assembled from two
// digest contexts (RFC 2104) because mbedtls_md_clone copies the digest state but not the
// HMAC pads. GCM and CCM use mbedTLS's streaming API; a copy sets up its own context
// from the key and takes the running state fields over.
//
// Outputs (`out`, `tag`) are replaced, not appended to.
#include <mbedtls/aes.h>
#include <mbedtls/ccm.h>
#include <mbedtls/des.h>
#include <mbedtls/gcm.h>
#include <mbedtls/md.h>
// This header lacks its own extern "C" guard in mbedTLS 3.6.
extern "C" {
#include <mbedtls/constant_time.h>
}

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>
#include <limits>

#include <fmt/format.h>

#include "crypto/crypto.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;

constexpr uint32_t kModeEncrypt = 0;
constexpr uint32_t kAttrSecretValue = 0xC000'0000;
constexpr uint32_t kTypeGenericSecret = 0xA000'0000;
constexpr uint32_t kTypeAes = 0xA000'0010;
constexpr uint32_t kTypeDes = 0xA000'0011;
constexpr uint32_t kTypeDes3 = 0xA000'0013;

// TEE_ALG_* of this family (optee-abi.md §6.5).
constexpr uint32_t kAlgMd5Sha1 = 0x5000'000F;
constexpr uint32_t kAlgAesEcbNopad = 0x1000'0010;
constexpr uint32_t kAlgAesCbcNopad = 0x1000'0110;
constexpr uint32_t kAlgAesCtr = 0x1000'0210;
constexpr uint32_t kAlgAesCts = 0x1000'0310;
constexpr uint32_t kAlgAesXts = 0x1000'0410;
constexpr uint32_t kAlgDesEcbNopad = 0x1000'0011;
constexpr uint32_t kAlgDesCbcNopad = 0x1000'0111;
constexpr uint32_t kAlgDes3EcbNopad = 0x1000'0013;
constexpr uint32_t kAlgDes3CbcNopad = 0x1000'0113;
constexpr uint32_t kAlgAesCbcMacNopad = 0x3000'0110;
constexpr uint32_t kAlgAesCbcMacPkcs5 = 0x3000'0510;
constexpr uint32_t kAlgAesCmac = 0x3000'0610;
constexpr uint32_t kAlgDesCbcMacNopad = 0x3000'0111;
constexpr uint32_t kAlgDesCbcMacPkcs5 = 0x3000'0511;
constexpr uint32_t kAlgDes3CbcMacNopad = 0x3000'0113;
constexpr uint32_t kAlgDes3CbcMacPkcs5 = 0x3000'0513;
constexpr uint32_t kAlgDes3Cmac = 0xF000'0613;
constexpr uint32_t kAlgAesCcm = 0x4000'0710;
constexpr uint32_t kAlgAesGcm = 0x4000'0810;

constexpr size_t kMaxBlock = 16;

Error bad_params(std::string msg) {
  return make_error(TEE_ERROR_BAD_PARAMETERS, std::move(msg));
}
Error bad_state(std::string msg) {
  return make_error(TEE_ERROR_BAD_STATE, std::move(msg));
}
Error out_of_memory() {
  return make_error(TEE_ERROR_OUT_OF_MEMORY, "out of memory");
}
Error mbedtls_failed(const char* what, int rc) {
  return make_error(TEE_ERROR_GENERIC, fmt::format("{} failed (mbedTLS -{:#x})", what, -rc));
}

size_t add_saturating(size_t a, size_t b) {
  return a > std::numeric_limits<size_t>::max() - b ? std::numeric_limits<size_t>::max() : a + b;
}

// The digest of a digest or HMAC algorithm: its main-algorithm byte (§6.4).
const mbedtls_md_info_t* md_info_for(uint32_t main_algorithm) {
  mbedtls_md_type_t t = MBEDTLS_MD_NONE;
  switch (main_algorithm) {
  case 0x01:
    t = MBEDTLS_MD_MD5;
    break;
  case 0x02:
    t = MBEDTLS_MD_SHA1;
    break;
  case 0x03:
    t = MBEDTLS_MD_SHA224;
    break;
  case 0x04:
    t = MBEDTLS_MD_SHA256;
    break;
  case 0x05:
    t = MBEDTLS_MD_SHA384;
    break;
  case 0x06:
    t = MBEDTLS_MD_SHA512;
    break;
  case 0x08:
    t = MBEDTLS_MD_SHA3_224;
    break;
  case 0x09:
    t = MBEDTLS_MD_SHA3_256;
    break;
  case 0x0A:
    t = MBEDTLS_MD_SHA3_384;
    break;
  case 0x0B:
    t = MBEDTLS_MD_SHA3_512;
    break;
  default:
    return nullptr;
  }
  return mbedtls_md_info_from_type(t);
}

// HMAC's block size B (RFC 2104 §2; FIPS 202 §7 gives the SHA-3 rates). mbedTLS 3.6 has no
// public accessor for it.
size_t hmac_block_size(uint32_t main_algorithm) {
  switch (main_algorithm) {
  case 0x05:
  case 0x06:
    return 128;
  case 0x08:
    return 144;
  case 0x09:
    return 136;
  case 0x0A:
    return 104;
  case 0x0B:
    return 72;
  default:
    return 64;
  }
}

// The secret of a symmetric key object, after checking the object fits the algorithm.
Result<ByteView> secret_of(const Object* key, std::initializer_list<uint32_t> types,
                           uint32_t algorithm) {
  if (key == nullptr)
    return bad_state(fmt::format("no key set for algorithm {:#010x}", algorithm));
  if (!key->initialized())
    return bad_params("key object is not initialized");
  if (std::find(types.begin(), types.end(), key->type) == types.end())
    return bad_params(
        fmt::format("key type {:#010x} does not fit algorithm {:#010x}", key->type, algorithm));
  const Attribute* secret = key->find(kAttrSecretValue);
  if (secret == nullptr)
    return bad_params("key object has no TEE_ATTR_SECRET_VALUE");
  return ByteView(secret->ref);
}

// An mbedTLS digest context that copies by cloning.
class MdContext {
public:
  explicit MdContext(const mbedtls_md_info_t* info) : info_(info) {
    mbedtls_md_init(&ctx_);
    ok_ = mbedtls_md_setup(&ctx_, info_, 0) == 0;
  }
  MdContext(const MdContext& other) : MdContext(other.info_) {
    if (ok_)
      ok_ = mbedtls_md_clone(&ctx_, &other.ctx_) == 0;
  }
  MdContext& operator=(const MdContext&) = delete;
  ~MdContext() { mbedtls_md_free(&ctx_); }

  bool ok() const { return ok_; }
  size_t size() const { return mbedtls_md_get_size(info_); }
  Result<void> starts() { return check("mbedtls_md_starts", mbedtls_md_starts(&ctx_)); }
  Result<void> update(ByteView data) {
    return check("mbedtls_md_update", mbedtls_md_update(&ctx_, data.data(), data.size()));
  }
  // Writes size() bytes.
  Result<void> finish(uint8_t* out) {
    return check("mbedtls_md_finish", mbedtls_md_finish(&ctx_, out));
  }

private:
  Result<void> check(const char* what, int rc) {
    if (!ok_)
      return out_of_memory();
    if (rc != 0)
      return mbedtls_failed(what, rc);
    return {};
  }

  const mbedtls_md_info_t* info_;
  mbedtls_md_context_t ctx_;
  bool ok_ = false;
};

template <class T> Result<std::unique_ptr<Operation>> copy_of(const T& op) {
  auto copy = std::make_unique<T>(op);
  if (!copy->ok())
    return out_of_memory();
  return std::unique_ptr<Operation>(std::move(copy));
}

// --- Digests (GP §6.3) ---

class DigestOperation final : public Operation {
public:
  DigestOperation(uint32_t algorithm, uint32_t mode,
                  const std::vector<const mbedtls_md_info_t*>& infos)
      : Operation(algorithm, mode) {
    for (const mbedtls_md_info_t* info : infos)
      parts_.emplace_back(info);
    // A digest needs no key: it is ready from allocation (libutee never calls HASH_INIT
    // before the first update).
    (void)restart();
  }

  bool ok() const {
    return std::all_of(parts_.begin(), parts_.end(), [](const MdContext& c) { return c.ok(); });
  }
  Result<std::unique_ptr<Operation>> clone() const override { return copy_of(*this); }

  Result<void> hash_init(const Object*, ByteView) override { return restart(); }
  Result<void> hash_update(ByteView chunk) override {
    for (MdContext& part : parts_)
      SWEMU_TRY_VOID(part.update(chunk));
    return {};
  }
  size_t hash_size() const override {
    size_t n = 0;
    for (const MdContext& part : parts_)
      n += part.size();
    return n;
  }
  // TEE_DigestDoFinal leaves the operation in its initial state (GP §6.3.3), so the
  // context restarts right away.
  Result<void> hash_final(ByteView chunk, Bytes& out) override {
    SWEMU_TRY_VOID(hash_update(chunk));
    out.assign(hash_size(), 0);
    size_t at = 0;
    for (MdContext& part : parts_) {
      SWEMU_TRY_VOID(part.finish(out.data() + at));
      at += part.size();
    }
    return restart();
  }

private:
  Result<void> restart() {
    for (MdContext& part : parts_)
      SWEMU_TRY_VOID(part.starts());
    return {};
  }

  std::vector<MdContext> parts_; // MD5SHA1: MD5 then SHA-1 over the same input
};

// --- HMAC (RFC 2104) ---

class HmacOperation final : public Operation {
public:
  HmacOperation(uint32_t algorithm, uint32_t mode, const mbedtls_md_info_t* info)
      : Operation(algorithm, mode), inner_(info), outer_(info),
        block_size_(hmac_block_size(algorithm & 0xFF)) {}

  bool ok() const { return inner_.ok() && outer_.ok(); }
  Result<std::unique_ptr<Operation>> clone() const override { return copy_of(*this); }

  Result<void> hash_init(const Object* key, ByteView) override {
    active_ = false;
    // GP Table 5-9 / §6.2.4: an HMAC key is the algorithm's own HMAC type or a generic
    // secret.
    const uint32_t own_type = 0xA000'0000 | (algorithm() & 0xFF);
    const ByteView secret = SWEMU_TRY(secret_of(key, {own_type, kTypeGenericSecret}, algorithm()));
    Bytes k(block_size_, 0);
    if (secret.size() > block_size_) {
      SWEMU_TRY_VOID(outer_.starts());
      SWEMU_TRY_VOID(outer_.update(secret));
      SWEMU_TRY_VOID(outer_.finish(k.data()));
    } else {
      std::copy(secret.begin(), secret.end(), k.begin());
    }
    Bytes ipad(block_size_);
    opad_.assign(block_size_, 0);
    for (size_t i = 0; i < block_size_; ++i) {
      ipad[i] = k[i] ^ 0x36;
      opad_[i] = k[i] ^ 0x5C;
    }
    SWEMU_TRY_VOID(inner_.starts());
    SWEMU_TRY_VOID(inner_.update(ipad));
    active_ = true;
    return {};
  }
  Result<void> hash_update(ByteView chunk) override {
    if (!active_)
      return bad_state("MAC operation is not initialized");
    return inner_.update(chunk);
  }
  size_t hash_size() const override { return inner_.size(); }
  Result<void> hash_final(ByteView chunk, Bytes& out) override {
    SWEMU_TRY_VOID(hash_update(chunk));
    Bytes inner_hash(inner_.size());
    SWEMU_TRY_VOID(inner_.finish(inner_hash.data()));
    SWEMU_TRY_VOID(outer_.starts());
    SWEMU_TRY_VOID(outer_.update(opad_));
    SWEMU_TRY_VOID(outer_.update(inner_hash));
    out.assign(outer_.size(), 0);
    SWEMU_TRY_VOID(outer_.finish(out.data()));
    // GP §6.4.2: after a final the MAC needs TEE_MACInit again.
    active_ = false;
    return {};
  }

private:
  MdContext inner_;
  MdContext outer_;
  size_t block_size_;
  Bytes opad_; // (K ^ opad), kept for the outer hash
  bool active_ = false;
};

// --- Block ciphers ---

enum class BlockAlg { Aes, Des, Des3 };

// One block cipher with both key schedules. Copies rebuild the schedules from the key.
class BlockCipher {
public:
  explicit BlockCipher(BlockAlg alg) : alg_(alg) {
    mbedtls_aes_init(&aes_enc_);
    mbedtls_aes_init(&aes_dec_);
    mbedtls_des_init(&des_enc_);
    mbedtls_des_init(&des_dec_);
    mbedtls_des3_init(&des3_enc_);
    mbedtls_des3_init(&des3_dec_);
  }
  BlockCipher(const BlockCipher& other) : BlockCipher(other.alg_) {
    if (!other.key_.empty())
      (void)set_key(other.key_);
  }
  BlockCipher& operator=(const BlockCipher&) = delete;
  ~BlockCipher() {
    mbedtls_aes_free(&aes_enc_);
    mbedtls_aes_free(&aes_dec_);
    mbedtls_des_free(&des_enc_);
    mbedtls_des_free(&des_dec_);
    mbedtls_des3_free(&des3_enc_);
    mbedtls_des3_free(&des3_dec_);
  }

  size_t block_size() const { return alg_ == BlockAlg::Aes ? 16 : 8; }
  uint32_t object_type() const {
    return alg_ == BlockAlg::Aes ? kTypeAes : alg_ == BlockAlg::Des ? kTypeDes : kTypeDes3;
  }

  // GP Table 5-9: AES 128/192/256 bits; DES one 8-byte key with parity bits (ignored);
  // DES3 two keys (16 bytes, K3 = K1) or three (24 bytes).
  Result<void> set_key(ByteView key) {
    int rc = 0;
    switch (alg_) {
    case BlockAlg::Aes:
      if (key.size() != 16 && key.size() != 24 && key.size() != 32)
        return bad_params(fmt::format("AES key of {} bytes", key.size()));
      rc = mbedtls_aes_setkey_enc(&aes_enc_, key.data(), key.size() * 8);
      if (rc == 0)
        rc = mbedtls_aes_setkey_dec(&aes_dec_, key.data(), key.size() * 8);
      break;
    case BlockAlg::Des:
      if (key.size() != MBEDTLS_DES_KEY_SIZE)
        return bad_params(fmt::format("DES key of {} bytes", key.size()));
      rc = mbedtls_des_setkey_enc(&des_enc_, key.data());
      if (rc == 0)
        rc = mbedtls_des_setkey_dec(&des_dec_, key.data());
      break;
    case BlockAlg::Des3:
      if (key.size() == size_t{2} * MBEDTLS_DES_KEY_SIZE) {
        rc = mbedtls_des3_set2key_enc(&des3_enc_, key.data());
        if (rc == 0)
          rc = mbedtls_des3_set2key_dec(&des3_dec_, key.data());
      } else if (key.size() == size_t{3} * MBEDTLS_DES_KEY_SIZE) {
        rc = mbedtls_des3_set3key_enc(&des3_enc_, key.data());
        if (rc == 0)
          rc = mbedtls_des3_set3key_dec(&des3_dec_, key.data());
      } else {
        return bad_params(fmt::format("DES3 key of {} bytes", key.size()));
      }
      break;
    }
    if (rc != 0)
      return mbedtls_failed("block cipher key setup", rc);
    key_ = to_bytes(key);
    return {};
  }

  Result<void> set_key_from(const Object* key, uint32_t algorithm) {
    const ByteView secret = SWEMU_TRY(secret_of(key, {object_type()}, algorithm));
    return set_key(secret);
  }

  // One block in place. The single-block calls cannot fail once a key is set.
  void encrypt(uint8_t* block) {
    switch (alg_) {
    case BlockAlg::Aes:
      (void)mbedtls_aes_crypt_ecb(&aes_enc_, MBEDTLS_AES_ENCRYPT, block, block);
      break;
    case BlockAlg::Des:
      (void)mbedtls_des_crypt_ecb(&des_enc_, block, block);
      break;
    case BlockAlg::Des3:
      (void)mbedtls_des3_crypt_ecb(&des3_enc_, block, block);
      break;
    }
  }
  void decrypt(uint8_t* block) {
    switch (alg_) {
    case BlockAlg::Aes:
      (void)mbedtls_aes_crypt_ecb(&aes_dec_, MBEDTLS_AES_DECRYPT, block, block);
      break;
    case BlockAlg::Des:
      (void)mbedtls_des_crypt_ecb(&des_dec_, block, block);
      break;
    case BlockAlg::Des3:
      (void)mbedtls_des3_crypt_ecb(&des3_dec_, block, block);
      break;
    }
  }

private:
  BlockAlg alg_;
  Bytes key_;
  mbedtls_aes_context aes_enc_;
  mbedtls_aes_context aes_dec_;
  mbedtls_des_context des_enc_;
  mbedtls_des_context des_dec_;
  mbedtls_des3_context des3_enc_;
  mbedtls_des3_context des3_dec_;
};

void xor_into(uint8_t* dst, const uint8_t* src, size_t n) {
  for (size_t i = 0; i < n; ++i)
    dst[i] ^= src[i];
}

// An IV for CBC-style chaining: exactly one block (GP §6.4.3 / §6.4.1), or none (zero).
Result<void> load_iv(ByteView iv, size_t block_size, bool empty_allowed, uint8_t* chain) {
  if (iv.empty() && empty_allowed) {
    std::fill(chain, chain + block_size, 0);
    return {};
  }
  if (iv.size() != block_size)
    return bad_params(fmt::format("IV of {} bytes, the block size is {}", iv.size(), block_size));
  std::copy(iv.begin(), iv.end(), chain);
  return {};
}

// --- CBC-MAC and CMAC (GP §6.4; ISO/IEC 9797-1 algorithm 1, NIST SP 800-38B) ---

enum class BlockMacKind { CbcMacNopad, CbcMacPkcs5, Cmac };

class BlockMacOperation final : public Operation {
public:
  BlockMacOperation(uint32_t algorithm, uint32_t mode, BlockAlg alg, BlockMacKind kind)
      : Operation(algorithm, mode), cipher_(alg), kind_(kind) {}
  BlockMacOperation(const BlockMacOperation&) = default;
  BlockMacOperation& operator=(const BlockMacOperation&) = delete;
  ~BlockMacOperation() override { wipe(chain_.data(), chain_.size()); }

  bool ok() const { return true; }
  Result<std::unique_ptr<Operation>> clone() const override { return copy_of(*this); }

  Result<void> hash_init(const Object* key, ByteView iv) override {
    active_ = false;
    SWEMU_TRY_VOID(cipher_.set_key_from(key, algorithm()));
    const size_t bs = cipher_.block_size();
    if (kind_ == BlockMacKind::Cmac) {
      // CMAC has no IV (SP 800-38B §6.2); an IV given anyway is ignored, as for ECB.
      std::fill(chain_.begin(), chain_.end(), 0);
      derive_cmac_subkeys();
    } else {
      SWEMU_TRY_VOID(load_iv(iv, bs, true, chain_.data()));
    }
    pending_.clear();
    total_ = 0;
    active_ = true;
    return {};
  }

  Result<void> hash_update(ByteView chunk) override {
    if (!active_)
      return bad_state("MAC operation is not initialized");
    absorb(chunk);
    return {};
  }

  size_t hash_size() const override { return cipher_.block_size(); }

  Result<void> hash_final(ByteView chunk, Bytes& out) override {
    SWEMU_TRY_VOID(hash_update(chunk));
    const size_t bs = cipher_.block_size();
    std::array<uint8_t, kMaxBlock> last{};
    switch (kind_) {
    case BlockMacKind::CbcMacNopad:
      if (!pending_.empty())
        return bad_params(
            fmt::format("CBC-MAC NOPAD over {} bytes, not a multiple of {}", total_, bs));
      break;
    case BlockMacKind::CbcMacPkcs5: {
      // PKCS #5 padding (RFC 8018 §6.1.1 step 4): always 1..bs bytes of the pad length.
      const size_t pad = bs - pending_.size();
      std::copy(pending_.begin(), pending_.end(), last.begin());
      std::fill(last.begin() + static_cast<ptrdiff_t>(pending_.size()),
                last.begin() + static_cast<ptrdiff_t>(bs), static_cast<uint8_t>(pad));
      mix_block(last.data());
      break;
    }
    case BlockMacKind::Cmac:
      // SP 800-38B §6.2 steps 3-4: a complete last block takes K1, a padded one K2.
      std::copy(pending_.begin(), pending_.end(), last.begin());
      if (pending_.size() == bs) {
        xor_into(last.data(), k1_.data(), bs);
      } else {
        last[pending_.size()] = 0x80;
        xor_into(last.data(), k2_.data(), bs);
      }
      mix_block(last.data());
      break;
    }
    wipe(last.data(), last.size());
    out.assign(chain_.begin(), chain_.begin() + static_cast<ptrdiff_t>(bs));
    active_ = false;
    return {};
  }

private:
  void mix_block(const uint8_t* block) {
    xor_into(chain_.data(), block, cipher_.block_size());
    cipher_.encrypt(chain_.data());
  }

  // Full blocks go into the chain as soon as they are known not to be the last one: at
  // once for CBC-MAC, only when more data follows for CMAC (its last block is tweaked).
  void absorb(ByteView data) {
    const size_t bs = cipher_.block_size();
    total_ = add_saturating(total_, data.size());
    while (!data.empty()) {
      if (pending_.size() == bs) {
        mix_block(pending_.data());
        pending_.clear();
      }
      const size_t take = std::min(bs - pending_.size(), data.size());
      pending_.insert(pending_.end(), data.begin(), data.begin() + static_cast<ptrdiff_t>(take));
      data = data.subspan(take);
      if (pending_.size() == bs && kind_ != BlockMacKind::Cmac) {
        mix_block(pending_.data());
        pending_.clear();
      }
    }
  }

  // SP 800-38B §6.1: L = CIPH_K(0); K1 = dbl(L); K2 = dbl(K1), with R_128 = 0x87 and
  // R_64 = 0x1B.
  void derive_cmac_subkeys() {
    const size_t bs = cipher_.block_size();
    const uint8_t rb = bs == 16 ? 0x87 : 0x1B;
    auto dbl = [&](const uint8_t* in, uint8_t* out) {
      const uint8_t carry = in[0] >> 7;
      for (size_t i = 0; i + 1 < bs; ++i)
        out[i] = static_cast<uint8_t>((in[i] << 1) | (in[i + 1] >> 7));
      out[bs - 1] = static_cast<uint8_t>(in[bs - 1] << 1);
      // Constant time: the reduction is masked in rather than branched on.
      out[bs - 1] ^= static_cast<uint8_t>(rb & (0 - carry));
    };
    std::array<uint8_t, kMaxBlock> l{};
    cipher_.encrypt(l.data());
    k1_.assign(bs, 0);
    k2_.assign(bs, 0);
    dbl(l.data(), k1_.data());
    dbl(k1_.data(), k2_.data());
    wipe(l.data(), l.size());
  }

  BlockCipher cipher_;
  BlockMacKind kind_;
  std::array<uint8_t, kMaxBlock> chain_{};
  Bytes pending_; // < bs bytes (CBC-MAC) or 1..bs bytes once data arrived (CMAC)
  Bytes k1_;
  Bytes k2_;
  size_t total_ = 0;
  bool active_ = false;
};

// --- ECB, CBC, CTR, CTS (GP §6.5, NIST SP 800-38A, SP 800-38A addendum CBC-CS3) ---

enum class ChainMode { Ecb, Cbc, Ctr, Cts };

class BlockCipherOperation final : public Operation {
public:
  BlockCipherOperation(uint32_t algorithm, uint32_t mode, BlockAlg alg, ChainMode chain)
      : Operation(algorithm, mode), cipher_(alg), chain_mode_(chain),
        encrypt_(mode == kModeEncrypt) {}
  BlockCipherOperation(const BlockCipherOperation&) = default;
  BlockCipherOperation& operator=(const BlockCipherOperation&) = delete;
  // The key stream is as sensitive as the key for the bytes it has left.
  ~BlockCipherOperation() override { wipe(keystream_.data(), keystream_.size()); }

  bool ok() const { return true; }
  Result<std::unique_ptr<Operation>> clone() const override { return copy_of(*this); }

  Result<void> cipher_init(const Object* key1, const Object*, ByteView iv) override {
    active_ = false;
    SWEMU_TRY_VOID(cipher_.set_key_from(key1, algorithm()));
    const size_t bs = cipher_.block_size();
    if (chain_mode_ == ChainMode::Ecb)
      // ECB takes no IV; like OP-TEE, one given anyway is ignored.
      std::fill(chain_.begin(), chain_.end(), 0);
    else
      SWEMU_TRY_VOID(load_iv(iv, bs, false, chain_.data()));
    pending_.clear();
    keystream_used_ = bs;
    active_ = true;
    return {};
  }

  size_t cipher_update_size(size_t src_len) const override {
    if (chain_mode_ == ChainMode::Ctr)
      return src_len;
    return processable(add_saturating(pending_.size(), src_len));
  }

  Result<size_t> cipher_final_size(size_t src_len) const override {
    if (chain_mode_ == ChainMode::Ctr)
      return src_len;
    const size_t bs = cipher_.block_size();
    const size_t total = add_saturating(pending_.size(), src_len);
    if (chain_mode_ == ChainMode::Cts) {
      if (total < bs)
        return bad_params(fmt::format("CTS needs at least one block, got {} bytes", total));
    } else if (total % bs != 0) {
      return bad_params(fmt::format("{} bytes is not a multiple of the block size", total));
    }
    return total;
  }

  Result<void> cipher_update(ByteView src, Bytes& out) override {
    if (!active_)
      return bad_state("cipher operation is not initialized");
    if (chain_mode_ == ChainMode::Ctr) {
      ctr_crypt(src, out);
      return {};
    }
    Bytes all = pending_;
    all.insert(all.end(), src.begin(), src.end());
    const size_t n = processable(all.size());
    out.assign(all.begin(), all.begin() + static_cast<ptrdiff_t>(n));
    crypt_blocks(out.data(), n);
    pending_.assign(all.begin() + static_cast<ptrdiff_t>(n), all.end());
    return {};
  }

  Result<void> cipher_final(ByteView src, Bytes& out) override {
    if (!active_)
      return bad_state("cipher operation is not initialized");
    SWEMU_TRY_VOID(cipher_final_size(src.size()));
    if (chain_mode_ == ChainMode::Ctr) {
      ctr_crypt(src, out);
    } else {
      Bytes all = pending_;
      all.insert(all.end(), src.begin(), src.end());
      pending_.clear();
      out = std::move(all);
      if (chain_mode_ == ChainMode::Cts)
        cts_final(out);
      else
        crypt_blocks(out.data(), out.size());
    }
    active_ = false;
    return {};
  }

private:
  // Bytes of `total` buffered ones that can be processed now.
  size_t processable(size_t total) const {
    const size_t bs = cipher_.block_size();
    if (chain_mode_ != ChainMode::Cts)
      return total - total % bs;
    // CTS holds back the last full block and what follows it (1..2 blocks): they are
    // only processed, swapped, at the final.
    if (total <= bs)
      return 0;
    return (total - bs - 1) / bs * bs;
  }

  // ECB or CBC (CTS uses CBC for all but its last two blocks) over whole blocks, in place.
  void crypt_blocks(uint8_t* data, size_t len) {
    const size_t bs = cipher_.block_size();
    for (size_t at = 0; at < len; at += bs) {
      uint8_t* block = data + at;
      if (chain_mode_ == ChainMode::Ecb) {
        encrypt_ ? cipher_.encrypt(block) : cipher_.decrypt(block);
      } else if (encrypt_) {
        xor_into(block, chain_.data(), bs);
        cipher_.encrypt(block);
        std::copy(block, block + bs, chain_.begin());
      } else {
        std::array<uint8_t, kMaxBlock> saved{};
        std::copy(block, block + bs, saved.begin());
        cipher_.decrypt(block);
        xor_into(block, chain_.data(), bs);
        chain_ = saved;
      }
    }
  }

  // CBC-CS3 (NIST SP 800-38A addendum; RFC 3962 §5 / RFC 2040 §8): the last two blocks are
  // always swapped, and exactly one block is plain CBC. `data` holds the whole remaining
  // input (>= one block) and is transformed in place.
  void cts_final(Bytes& data) {
    const size_t bs = cipher_.block_size();
    const size_t total = data.size();
    if (total == bs) {
      crypt_blocks(data.data(), bs);
      return;
    }
    const size_t head = (total - bs - 1) / bs * bs;
    crypt_blocks(data.data(), head);
    uint8_t* tail = data.data() + head;
    const size_t d = total - head - bs; // bytes in the last, possibly partial, block: 1..bs
    std::array<uint8_t, kMaxBlock> a{};
    std::array<uint8_t, kMaxBlock> b{};
    if (encrypt_) {
      // E = ENC(P_{n-1} ^ C_{n-2}); C_n = ENC(E ^ (P_n || 0)); output C_n || MSB_d(E).
      std::copy(tail, tail + bs, a.begin());
      xor_into(a.data(), chain_.data(), bs);
      cipher_.encrypt(a.data());
      std::copy(tail + bs, tail + bs + d, b.begin());
      xor_into(b.data(), a.data(), bs);
      cipher_.encrypt(b.data());
      std::copy(b.begin(), b.begin() + static_cast<ptrdiff_t>(bs), tail);
      std::copy(a.begin(), a.begin() + static_cast<ptrdiff_t>(d), tail + bs);
    } else {
      // Input C_n || C*; DEC(C_n) = E ^ (P_n || 0) gives P_n and E's missing tail;
      // P_{n-1} = DEC(E) ^ C_{n-2}.
      std::copy(tail, tail + bs, b.begin());
      cipher_.decrypt(b.data());
      std::copy(tail + bs, tail + bs + d, a.begin());
      std::copy(b.begin() + static_cast<ptrdiff_t>(d), b.begin() + static_cast<ptrdiff_t>(bs),
                a.begin() + static_cast<ptrdiff_t>(d));
      for (size_t i = 0; i < d; ++i)
        b[i] ^= a[i];
      std::copy(b.begin(), b.begin() + static_cast<ptrdiff_t>(d), tail + bs);
      cipher_.decrypt(a.data());
      xor_into(a.data(), chain_.data(), bs);
      std::copy(a.begin(), a.begin() + static_cast<ptrdiff_t>(bs), tail);
    }
    wipe(a.data(), a.size());
    wipe(b.data(), b.size());
  }

  // CTR (SP 800-38A §6.5): the IV is the first counter block, incremented as one
  // big-endian integer of the block's width; a partly used key-stream block carries over.
  void ctr_crypt(ByteView src, Bytes& out) {
    const size_t bs = cipher_.block_size();
    out.assign(src.begin(), src.end());
    for (uint8_t& byte : out) {
      if (keystream_used_ == bs) {
        keystream_ = chain_;
        cipher_.encrypt(keystream_.data());
        for (size_t i = bs; i-- > 0;)
          if (++chain_[i] != 0)
            break;
        keystream_used_ = 0;
      }
      byte ^= keystream_[keystream_used_++];
    }
  }

  BlockCipher cipher_;
  ChainMode chain_mode_;
  bool encrypt_;
  bool active_ = false;
  std::array<uint8_t, kMaxBlock> chain_{}; // CBC chaining value or CTR counter block
  std::array<uint8_t, kMaxBlock> keystream_{};
  size_t keystream_used_ = kMaxBlock;
  Bytes pending_;
};

// --- XTS (IEEE 1619-2007 §5.3-5.4) ---

// Streamed like OP-TEE's XTS: whole blocks are processed as they come with a running
// tweak, except the last full block and what follows it, held back (as for CTS) in case
// the final needs them for ciphertext stealing. mbedtls_aes_crypt_xts only takes a whole
// data unit per call, so the mode is assembled here from two AES key schedules.
class XtsOperation final : public Operation {
public:
  XtsOperation(uint32_t algorithm, uint32_t mode)
      : Operation(algorithm, mode), data_key_(BlockAlg::Aes), tweak_key_(BlockAlg::Aes),
        encrypt_(mode == kModeEncrypt) {}
  XtsOperation(const XtsOperation&) = default;
  XtsOperation& operator=(const XtsOperation&) = delete;
  ~XtsOperation() override { wipe(tweak_.data(), tweak_.size()); }

  bool ok() const { return true; }
  Result<std::unique_ptr<Operation>> clone() const override { return copy_of(*this); }

  Result<void> cipher_init(const Object* key1, const Object* key2, ByteView iv) override {
    active_ = false;
    const ByteView k1 = SWEMU_TRY(secret_of(key1, {kTypeAes}, algorithm()));
    const ByteView k2 = SWEMU_TRY(secret_of(key2, {kTypeAes}, algorithm()));
    if (k1.size() != k2.size())
      return bad_params("XTS keys of different sizes");
    if (iv.size() != kBlock)
      return bad_params(fmt::format("XTS tweak of {} bytes, needs 16", iv.size()));
    SWEMU_TRY_VOID(data_key_.set_key(k1));
    SWEMU_TRY_VOID(tweak_key_.set_key(k2));
    // §5.3.1: T = E_K2(i) * alpha^j; the IV is i as 16 bytes.
    std::copy(iv.begin(), iv.end(), tweak_.begin());
    tweak_key_.encrypt(tweak_.data());
    pending_.clear();
    active_ = true;
    return {};
  }

  size_t cipher_update_size(size_t src_len) const override {
    return processable(add_saturating(pending_.size(), src_len));
  }
  Result<size_t> cipher_final_size(size_t src_len) const override {
    const size_t total = add_saturating(pending_.size(), src_len);
    if (total < kBlock)
      return bad_params(fmt::format("XTS needs at least one block, got {} bytes", total));
    return total;
  }

  Result<void> cipher_update(ByteView src, Bytes& out) override {
    if (!active_)
      return bad_state("cipher operation is not initialized");
    Bytes all = pending_;
    all.insert(all.end(), src.begin(), src.end());
    const size_t n = processable(all.size());
    out.assign(all.begin(), all.begin() + static_cast<ptrdiff_t>(n));
    for (size_t at = 0; at < n; at += kBlock)
      crypt_block(out.data() + at);
    pending_.assign(all.begin() + static_cast<ptrdiff_t>(n), all.end());
    return {};
  }

  Result<void> cipher_final(ByteView src, Bytes& out) override {
    if (!active_)
      return bad_state("cipher operation is not initialized");
    SWEMU_TRY_VOID(cipher_final_size(src.size()));
    Bytes all = pending_;
    all.insert(all.end(), src.begin(), src.end());
    pending_.clear();
    active_ = false;
    const size_t partial = all.size() % kBlock;
    const size_t whole = all.size() - partial - (partial != 0 ? kBlock : 0);
    for (size_t at = 0; at < whole; at += kBlock)
      crypt_block(all.data() + at);
    if (partial != 0)
      steal(all.data() + whole, partial);
    out = std::move(all);
    return {};
  }

private:
  static constexpr size_t kBlock = 16;

  // Whole blocks before the last full one: only that block and a partial one after it
  // can take part in stealing.
  static size_t processable(size_t total) {
    return total < kBlock ? 0 : (total / kBlock - 1) * kBlock;
  }

  // §5.2: multiply the tweak by alpha in GF(2^128), little-endian bytes, x^128 = x^7+x^2+x+1.
  static void next_tweak(std::array<uint8_t, kBlock>& t) {
    const uint8_t carry = t[kBlock - 1] >> 7;
    for (size_t i = kBlock - 1; i > 0; --i)
      t[i] = static_cast<uint8_t>((t[i] << 1) | (t[i - 1] >> 7));
    t[0] = static_cast<uint8_t>((t[0] << 1) ^ (0x87 & (0 - carry)));
  }

  // One block with tweak t: C = E_K1(P ^ T) ^ T (decryption likewise with D_K1).
  void crypt_with(uint8_t* block, const std::array<uint8_t, kBlock>& t) {
    xor_into(block, t.data(), kBlock);
    encrypt_ ? data_key_.encrypt(block) : data_key_.decrypt(block);
    xor_into(block, t.data(), kBlock);
  }
  void crypt_block(uint8_t* block) {
    crypt_with(block, tweak_);
    next_tweak(tweak_);
  }

  // §5.3.2 / §5.4.2 ciphertext stealing over the last full block and `partial` bytes after
  // it. Decryption uses the two tweaks in the opposite order.
  void steal(uint8_t* data, size_t partial) {
    std::array<uint8_t, kBlock> t_last = tweak_;
    std::array<uint8_t, kBlock> t_next = tweak_;
    next_tweak(t_next);
    if (!encrypt_)
      std::swap(t_last, t_next);
    std::array<uint8_t, kBlock> cc{};
    std::copy(data, data + kBlock, cc.begin());
    crypt_with(cc.data(), t_last);
    // The stolen tail of CC fills the short block, which is then processed in its place.
    std::array<uint8_t, kBlock> pp = cc;
    std::copy(data + kBlock, data + kBlock + partial, pp.begin());
    crypt_with(pp.data(), t_next);
    std::copy(pp.begin(), pp.end(), data);
    std::copy(cc.begin(), cc.begin() + static_cast<ptrdiff_t>(partial), data + kBlock);
    wipe(cc.data(), cc.size());
    wipe(pp.data(), pp.size());
  }

  BlockCipher data_key_;
  BlockCipher tweak_key_;
  bool encrypt_;
  bool active_ = false;
  std::array<uint8_t, kBlock> tweak_{};
  Bytes pending_;
};

// --- AES-GCM and AES-CCM (GP §6.6, NIST SP 800-38D, SP 800-38C) ---

class AeOperation final : public Operation {
public:
  AeOperation(uint32_t algorithm, uint32_t mode)
      : Operation(algorithm, mode), gcm_mode_(algorithm == kAlgAesGcm) {
    mbedtls_gcm_init(&gcm_);
    mbedtls_ccm_init(&ccm_);
  }
  // mbedTLS offers no copy of a GCM/CCM context: the copy sets up its own from the key
  // (the cipher context and GCM's H table), then takes the running state fields over.
  AeOperation(const AeOperation& other)
      : Operation(other), gcm_mode_(other.gcm_mode_), key_(other.key_), tag_len_(other.tag_len_),
        aad_len_(other.aad_len_), payload_len_(other.payload_len_), aad_fed_(other.aad_fed_),
        payload_fed_(other.payload_fed_), pending_(other.pending_), phase_(other.phase_) {
    mbedtls_gcm_init(&gcm_);
    mbedtls_ccm_init(&ccm_);
    if (phase_ == Phase::Aad || phase_ == Phase::Payload)
      ok_ = setkey() == 0;
    if (ok_)
      copy_running_state(other);
  }
  AeOperation& operator=(const AeOperation&) = delete;
  ~AeOperation() override {
    mbedtls_gcm_free(&gcm_);
    mbedtls_ccm_free(&ccm_);
  }

  bool ok() const { return ok_; }
  Result<std::unique_ptr<Operation>> clone() const override { return copy_of(*this); }

  Result<void> ae_init(const Object* key, ByteView nonce, size_t tag_len, size_t aad_len,
                       size_t payload_len) override {
    phase_ = Phase::Idle;
    const ByteView secret = SWEMU_TRY(secret_of(key, {kTypeAes}, algorithm()));
    if (secret.size() != 16 && secret.size() != 24 && secret.size() != 32)
      return bad_params(fmt::format("AES key of {} bytes", secret.size()));
    if (gcm_mode_) {
      // GP §6.6.1 TEE_AEInit: GCM tags of 96, 104, 112, 120 or 128 bits.
      if (tag_len < 12 || tag_len > 16)
        return make_error(TEE_ERROR_NOT_SUPPORTED, fmt::format("GCM tag of {} bytes", tag_len));
      if (nonce.empty())
        return bad_params("GCM needs a nonce");
    } else {
      // SP 800-38C §A.1: Tlen in {4, 6, ..., 16} bytes, nonce 7..13 bytes, and the payload
      // length must fit in the q = 15 - n byte length field.
      if (tag_len < 4 || tag_len > 16 || tag_len % 2 != 0)
        return make_error(TEE_ERROR_NOT_SUPPORTED, fmt::format("CCM tag of {} bytes", tag_len));
      if (nonce.size() < 7 || nonce.size() > 13)
        return bad_params(fmt::format("CCM nonce of {} bytes (7..13 allowed)", nonce.size()));
      const size_t q = 15 - nonce.size();
      if (q < sizeof(size_t) && (payload_len >> (8 * q)) != 0)
        return bad_params(
            fmt::format("CCM payload of {} bytes does not fit a {}-byte length", payload_len, q));
      // mbedTLS's streaming CCM only encodes the short AAD length forms (< 2^16 - 2^8).
      if (aad_len >= 0xFF00)
        return make_error(TEE_ERROR_NOT_SUPPORTED,
                          fmt::format("CCM with {} bytes of AAD is not supported", aad_len));
    }
    key_ = to_bytes(secret);
    tag_len_ = tag_len;
    aad_len_ = aad_len;
    payload_len_ = payload_len;
    aad_fed_ = 0;
    payload_fed_ = 0;
    pending_.clear();
    const bool enc = mode() == kModeEncrypt;
    // A fresh context: mbedtls_ccm_starts does not clear the state flags of an earlier run.
    mbedtls_gcm_free(&gcm_);
    mbedtls_ccm_free(&ccm_);
    mbedtls_gcm_init(&gcm_);
    mbedtls_ccm_init(&ccm_);
    int rc = setkey();
    if (rc == 0 && gcm_mode_)
      rc = mbedtls_gcm_starts(&gcm_, enc ? MBEDTLS_GCM_ENCRYPT : MBEDTLS_GCM_DECRYPT, nonce.data(),
                              nonce.size());
    if (rc == 0 && !gcm_mode_)
      rc = mbedtls_ccm_starts(&ccm_, enc ? MBEDTLS_CCM_ENCRYPT : MBEDTLS_CCM_DECRYPT, nonce.data(),
                              nonce.size());
    if (rc == 0 && !gcm_mode_)
      rc = mbedtls_ccm_set_lengths(&ccm_, aad_len_, payload_len_, tag_len_);
    if (rc != 0)
      return bad_params(fmt::format("AE setup failed (mbedTLS error -{:#x})", -rc));
    phase_ = Phase::Aad;
    return {};
  }

  Result<void> ae_update_aad(ByteView aad) override {
    if (phase_ != Phase::Aad)
      return bad_state("AAD after the payload started, or the operation is not initialized");
    if (!gcm_mode_ && aad.size() > aad_len_ - aad_fed_)
      return bad_params(fmt::format("more AAD than the {} bytes declared", aad_len_));
    if (!aad.empty()) {
      const int rc = gcm_mode_ ? mbedtls_gcm_update_ad(&gcm_, aad.data(), aad.size())
                               : mbedtls_ccm_update_ad(&ccm_, aad.data(), aad.size());
      if (rc != 0)
        return mbedtls_failed("AE AAD update", rc);
    }
    aad_fed_ += aad.size();
    return {};
  }

  size_t ae_update_size(size_t src_len) const override {
    const size_t total = add_saturating(pending_.size(), src_len);
    return total - total % 16;
  }
  size_t ae_final_size(size_t src_len) const override {
    return add_saturating(pending_.size(), src_len);
  }
  size_t ae_tag_size() const override { return tag_len_; }

  Result<void> ae_update(ByteView src, Bytes& out) override {
    SWEMU_TRY_VOID(enter_payload(src.size()));
    out.clear();
    out.reserve(ae_update_size(src.size()));
    return feed_blocks(src, out, false);
  }

  Result<void> ae_enc_final(ByteView src, Bytes& out, Bytes& tag) override {
    if (mode() != kModeEncrypt)
      return bad_state("AUTHENC_ENC_FINAL on a decryption");
    Bytes computed;
    SWEMU_TRY_VOID(finish(src, out, computed));
    tag = std::move(computed);
    return {};
  }

  Result<void> ae_dec_final(ByteView src, ByteView tag, Bytes& out) override {
    out.clear();
    if (mode() == kModeEncrypt)
      return bad_state("AUTHENC_DEC_FINAL on an encryption");
    Bytes plain;
    Bytes computed;
    SWEMU_TRY_VOID(finish(src, plain, computed));
    // Constant-time compare; on mismatch the final's plaintext is never released.
    if (tag.size() != tag_len_ || mbedtls_ct_memcmp(tag.data(), computed.data(), tag_len_) != 0)
      return make_error(TEE_ERROR_MAC_INVALID, "AE tag mismatch");
    out = std::move(plain);
    return {};
  }

private:
  enum class Phase { Idle, Aad, Payload, Done };

  int setkey() {
    const auto bits = static_cast<unsigned>(key_.size() * 8);
    return gcm_mode_ ? mbedtls_gcm_setkey(&gcm_, MBEDTLS_CIPHER_ID_AES, key_.data(), bits)
                     : mbedtls_ccm_setkey(&ccm_, MBEDTLS_CIPHER_ID_AES, key_.data(), bits);
  }

  // The fields of the mbedTLS 3.6 contexts that change after setkey (gcm.h, ccm.h).
  void copy_running_state(const AeOperation& other) {
#define SWEMU_P(field) MBEDTLS_PRIVATE(field)
    if (gcm_mode_) {
      const mbedtls_gcm_context& o = other.gcm_;
      gcm_.SWEMU_P(len) = o.SWEMU_P(len);
      gcm_.SWEMU_P(add_len) = o.SWEMU_P(add_len);
      std::memcpy(gcm_.SWEMU_P(base_ectr), o.SWEMU_P(base_ectr), sizeof o.SWEMU_P(base_ectr));
      std::memcpy(gcm_.SWEMU_P(y), o.SWEMU_P(y), sizeof o.SWEMU_P(y));
      std::memcpy(gcm_.SWEMU_P(buf), o.SWEMU_P(buf), sizeof o.SWEMU_P(buf));
      gcm_.SWEMU_P(mode) = o.SWEMU_P(mode);
    } else {
      const mbedtls_ccm_context& o = other.ccm_;
      std::memcpy(ccm_.SWEMU_P(y), o.SWEMU_P(y), sizeof o.SWEMU_P(y));
      std::memcpy(ccm_.SWEMU_P(ctr), o.SWEMU_P(ctr), sizeof o.SWEMU_P(ctr));
      ccm_.SWEMU_P(plaintext_len) = o.SWEMU_P(plaintext_len);
      ccm_.SWEMU_P(add_len) = o.SWEMU_P(add_len);
      ccm_.SWEMU_P(tag_len) = o.SWEMU_P(tag_len);
      ccm_.SWEMU_P(processed) = o.SWEMU_P(processed);
      ccm_.SWEMU_P(q) = o.SWEMU_P(q);
      ccm_.SWEMU_P(mode) = o.SWEMU_P(mode);
      ccm_.SWEMU_P(state) = o.SWEMU_P(state);
    }
#undef SWEMU_P
  }

  Result<void> enter_payload(size_t more) {
    if (phase_ != Phase::Aad && phase_ != Phase::Payload)
      return bad_state("AE operation is not initialized");
    if (!gcm_mode_) {
      // SP 800-38C: the lengths are encoded up front, so the data must match them.
      if (aad_fed_ != aad_len_)
        return bad_params(
            fmt::format("payload after {} bytes of AAD, {} declared", aad_fed_, aad_len_));
      const size_t fed = payload_fed_ + pending_.size();
      if (more > payload_len_ - fed)
        return bad_params(fmt::format("more payload than the {} bytes declared", payload_len_));
    }
    phase_ = Phase::Payload;
    return {};
  }

  Result<void> finish(ByteView src, Bytes& out, Bytes& tag) {
    SWEMU_TRY_VOID(enter_payload(src.size()));
    if (!gcm_mode_ && payload_fed_ + pending_.size() + src.size() != payload_len_)
      return bad_params(fmt::format("payload shorter than the {} bytes declared", payload_len_));
    const size_t total = pending_.size() + src.size();
    phase_ = Phase::Done;
    out.clear();
    out.reserve(total);
    SWEMU_TRY_VOID(feed_blocks(src, out, true));
    tag.assign(tag_len_, 0);
    if (gcm_mode_) {
      std::array<uint8_t, 16> rest{};
      size_t rest_len = 0;
      const int rc =
          mbedtls_gcm_finish(&gcm_, rest.data(), rest.size(), &rest_len, tag.data(), tag_len_);
      if (rc != 0)
        return mbedtls_failed("mbedtls_gcm_finish", rc);
      out.insert(out.end(), rest.begin(), rest.begin() + static_cast<ptrdiff_t>(rest_len));
    } else {
      const int rc = mbedtls_ccm_finish(&ccm_, tag.data(), tag_len_);
      if (rc != 0)
        return mbedtls_failed("mbedtls_ccm_finish", rc);
    }
    if (out.size() != total)
      return make_error(TEE_ERROR_GENERIC, "AE output length mismatch");
    return {};
  }

  // Appends to `out` what mbedTLS makes of pending_ + src: whole blocks only, so that
  // mbedTLS outputs exactly what it is given, and the rest stays pending — unless `last`,
  // when everything is fed. `src` is fed in place, without a copy.
  Result<void> feed_blocks(ByteView src, Bytes& out, bool last) {
    if (!pending_.empty()) {
      const size_t take = std::min(src.size(), 16 - pending_.size());
      pending_.insert(pending_.end(), src.begin(), src.begin() + static_cast<ptrdiff_t>(take));
      src = src.subspan(take);
      if (pending_.size() < 16 && !last)
        return {};
      const Bytes block = std::move(pending_);
      pending_.clear();
      SWEMU_TRY_VOID(feed_payload(block, out));
    }
    const size_t n = last ? src.size() : src.size() - src.size() % 16;
    SWEMU_TRY_VOID(feed_payload(src.first(n), out));
    pending_.assign(src.begin() + static_cast<ptrdiff_t>(n), src.end());
    return {};
  }

  Result<void> feed_payload(ByteView data, Bytes& out) {
    if (data.empty())
      return {};
    const size_t at = out.size();
    out.resize(at + data.size());
    size_t written = 0;
    const int rc = gcm_mode_ ? mbedtls_gcm_update(&gcm_, data.data(), data.size(), out.data() + at,
                                                  data.size(), &written)
                             : mbedtls_ccm_update(&ccm_, data.data(), data.size(), out.data() + at,
                                                  data.size(), &written);
    if (rc != 0) {
      out.clear();
      return mbedtls_failed("AE payload update", rc);
    }
    if (written != data.size()) {
      out.clear();
      return make_error(TEE_ERROR_GENERIC, "AE output lagged its input");
    }
    payload_fed_ += data.size();
    return {};
  }

  bool gcm_mode_;
  mbedtls_gcm_context gcm_;
  mbedtls_ccm_context ccm_;
  Bytes key_;
  size_t tag_len_ = 0;
  size_t aad_len_ = 0;
  size_t payload_len_ = 0;
  size_t aad_fed_ = 0;
  size_t payload_fed_ = 0;
  Bytes pending_; // < 16 bytes not given to mbedTLS yet
  Phase phase_ = Phase::Idle;
  bool ok_ = true;
};

} // namespace

std::unique_ptr<Operation> make_symmetric_operation(uint32_t algorithm, uint32_t mode) {
  switch (algorithm) {
  case kAlgAesEcbNopad:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Aes, ChainMode::Ecb);
  case kAlgAesCbcNopad:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Aes, ChainMode::Cbc);
  case kAlgAesCtr:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Aes, ChainMode::Ctr);
  case kAlgAesCts:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Aes, ChainMode::Cts);
  case kAlgAesXts:
    return std::make_unique<XtsOperation>(algorithm, mode);
  case kAlgDesEcbNopad:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Des, ChainMode::Ecb);
  case kAlgDesCbcNopad:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Des, ChainMode::Cbc);
  case kAlgDes3EcbNopad:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Des3, ChainMode::Ecb);
  case kAlgDes3CbcNopad:
    return std::make_unique<BlockCipherOperation>(algorithm, mode, BlockAlg::Des3, ChainMode::Cbc);
  case kAlgAesCbcMacNopad:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Aes,
                                               BlockMacKind::CbcMacNopad);
  case kAlgAesCbcMacPkcs5:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Aes,
                                               BlockMacKind::CbcMacPkcs5);
  case kAlgAesCmac:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Aes, BlockMacKind::Cmac);
  case kAlgDesCbcMacNopad:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Des,
                                               BlockMacKind::CbcMacNopad);
  case kAlgDesCbcMacPkcs5:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Des,
                                               BlockMacKind::CbcMacPkcs5);
  case kAlgDes3CbcMacNopad:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Des3,
                                               BlockMacKind::CbcMacNopad);
  case kAlgDes3CbcMacPkcs5:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Des3,
                                               BlockMacKind::CbcMacPkcs5);
  case kAlgDes3Cmac:
    return std::make_unique<BlockMacOperation>(algorithm, mode, BlockAlg::Des3, BlockMacKind::Cmac);
  case kAlgAesCcm:
  case kAlgAesGcm:
    return std::make_unique<AeOperation>(algorithm, mode);
  case kAlgMd5Sha1: {
    const mbedtls_md_info_t* md5 = md_info_for(0x01);
    const mbedtls_md_info_t* sha1 = md_info_for(0x02);
    if (md5 == nullptr || sha1 == nullptr)
      return nullptr;
    return std::make_unique<DigestOperation>(algorithm, mode,
                                             std::vector<const mbedtls_md_info_t*>{md5, sha1});
  }
  default:
    break;
  }
  // Digests 0x500000xx and HMACs 0x300000xx: only the main-algorithm byte is set.
  if ((algorithm & 0x0FFF'FF00) != 0)
    return nullptr;
  const mbedtls_md_info_t* info = md_info_for(algorithm & 0xFF);
  if (info == nullptr)
    return nullptr;
  if ((algorithm >> 28) == 0x5)
    return std::make_unique<DigestOperation>(algorithm, mode,
                                             std::vector<const mbedtls_md_info_t*>{info});
  if ((algorithm >> 28) == 0x3)
    return std::make_unique<HmacOperation>(algorithm, mode, info);
  return nullptr;
}

size_t digest_length(uint32_t algorithm) {
  switch (algorithm) {
  case kAlgMd5Sha1:
    return 36;
  case kAlgAesCbcMacNopad:
  case kAlgAesCbcMacPkcs5:
  case kAlgAesCmac:
    return 16;
  case kAlgDesCbcMacNopad:
  case kAlgDesCbcMacPkcs5:
  case kAlgDes3CbcMacNopad:
  case kAlgDes3CbcMacPkcs5:
  case kAlgDes3Cmac:
    return 8;
  default:
    break;
  }
  const uint32_t cls = algorithm >> 28;
  if ((cls != 0x5 && cls != 0x3) || (algorithm & 0x0FFF'FF00) != 0)
    return 0;
  const mbedtls_md_info_t* info = md_info_for(algorithm & 0xFF);
  return info == nullptr ? 0 : mbedtls_md_get_size(info);
}

} // namespace swemu::core::crypto
