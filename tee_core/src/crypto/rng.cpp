// The secure world's random source: mbedTLS CTR-DRBG with AES-256 (NIST SP 800-90A
// §10.2), behind a mutex. Its entropy comes from getrandom(2) on the host, or, for
// reproducible runs, from a seed stretched with SHA-256 so that the same seed always gives
// the same stream, reseeds included.
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/sha256.h>

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <mutex>

#include <fmt/format.h>

#include "crypto/crypto.h"

namespace swemu::core::crypto {
namespace {

using namespace swemu::abi;

// mbedtls_ctr_drbg_seed's f_entropy for the host: getrandom without GRND_RANDOM, which
// only blocks until the kernel pool is first initialized (never later, unlike
// /dev/random).
int host_entropy(void*, unsigned char* out, size_t len) {
  while (len > 0) {
    const ssize_t n = getrandom(out, len, 0);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
    }
    out += n;
    len -= static_cast<size_t>(n);
  }
  return 0;
}

// A deterministic entropy stream: SHA-256(seed || counter) for counter = 0, 1, ... (64-bit
// big-endian), handed out in order across calls.
class SeedStream {
public:
  explicit SeedStream(ByteView seed) : seed_(to_bytes(seed)) {}

  static int entropy(void* self, unsigned char* out, size_t len) {
    return static_cast<SeedStream*>(self)->read(out, len);
  }

private:
  int read(unsigned char* out, size_t len) {
    while (len > 0) {
      if (used_ == block_.size()) {
        uint8_t be[8];
        for (int i = 0; i < 8; ++i)
          be[i] = static_cast<uint8_t>(counter_ >> (56 - 8 * i));
        ++counter_;
        mbedtls_sha256_context ctx;
        mbedtls_sha256_init(&ctx);
        int rc = mbedtls_sha256_starts(&ctx, 0);
        if (rc == 0)
          rc = mbedtls_sha256_update(&ctx, seed_.data(), seed_.size());
        if (rc == 0)
          rc = mbedtls_sha256_update(&ctx, be, sizeof be);
        if (rc == 0)
          rc = mbedtls_sha256_finish(&ctx, block_.data());
        mbedtls_sha256_free(&ctx);
        if (rc != 0)
          return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        used_ = 0;
      }
      const size_t n = std::min(len, block_.size() - used_);
      std::copy_n(block_.begin() + static_cast<ptrdiff_t>(used_), n, out);
      used_ += n;
      out += n;
      len -= n;
    }
    return 0;
  }

  Bytes seed_;
  uint64_t counter_ = 0;
  Bytes block_ = Bytes(32);
  size_t used_ = 32;
};

class CtrDrbgRng final : public Rng {
public:
  CtrDrbgRng() { mbedtls_ctr_drbg_init(&drbg_); }
  ~CtrDrbgRng() override { mbedtls_ctr_drbg_free(&drbg_); }
  CtrDrbgRng(const CtrDrbgRng&) = delete;
  CtrDrbgRng& operator=(const CtrDrbgRng&) = delete;

  // The entropy source must outlive the DRBG: mbedTLS keeps the pointer for reseeds.
  bool seed(int (*f_entropy)(void*, unsigned char*, size_t), void* p_entropy,
            const char* personalization) {
    return mbedtls_ctr_drbg_seed(&drbg_, f_entropy, p_entropy,
                                 reinterpret_cast<const unsigned char*>(personalization),
                                 std::char_traits<char>::length(personalization)) == 0;
  }
  // Seeded from a deterministic stream the DRBG owns.
  bool seed(std::unique_ptr<SeedStream> stream, const char* personalization) {
    stream_ = std::move(stream);
    return seed(&SeedStream::entropy, stream_.get(), personalization);
  }

  Result<void> fill(uint8_t* out, size_t len) override {
    std::lock_guard<std::mutex> lock(mutex_);
    // CTR-DRBG serves at most MBEDTLS_CTR_DRBG_MAX_REQUEST bytes per call.
    while (len > 0) {
      const size_t n = std::min<size_t>(len, MBEDTLS_CTR_DRBG_MAX_REQUEST);
      const int rc = mbedtls_ctr_drbg_random(&drbg_, out, n);
      if (rc != 0)
        return make_error(TEE_ERROR_GENERIC, fmt::format("CTR-DRBG failed (mbedTLS -{:#x})", -rc));
      out += n;
      len -= n;
    }
    return {};
  }

private:
  std::mutex mutex_;
  std::unique_ptr<SeedStream> stream_; // declared before drbg_: freed after it
  mbedtls_ctr_drbg_context drbg_;
};

} // namespace

std::unique_ptr<Rng> Rng::from_host() {
  auto rng = std::make_unique<CtrDrbgRng>();
  if (!rng->seed(&host_entropy, nullptr, "swemu host rng"))
    return nullptr;
  return rng;
}

std::unique_ptr<Rng> Rng::from_seed(ByteView seed) {
  auto rng = std::make_unique<CtrDrbgRng>();
  if (!rng->seed(std::make_unique<SeedStream>(seed), "swemu seeded rng"))
    return nullptr;
  return rng;
}

int Rng::mbedtls_rng(void* rng, unsigned char* out, size_t len) {
  if (rng == nullptr)
    return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
  return static_cast<Rng*>(rng)->fill(out, len).ok() ? 0
                                                     : MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
}

} // namespace swemu::core::crypto
