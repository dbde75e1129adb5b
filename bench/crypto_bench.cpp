// GP crypto driven from a TA (tas/crypto_bench through the Client API) against the same
// mbedTLS calls made directly on the host, in one run: SHA-256 and AES-128-GCM of a 1 MiB
// memref, RSA-2048 PKCS#1 v1.5 and ECDSA P-256 signatures. main() prints each ratio with
// its target (issue #5: bulk within 1.3x, signatures within 1.1x).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/entropy.h>
#include <mbedtls/gcm.h>
#include <mbedtls/rsa.h>
#include <mbedtls/sha256.h>

#include "bench_support.h"
#include "crypto_bench_ta.h"
#include "swemu/bridge/default_transport.h"
#include "tee_client_api.h"

namespace {

using namespace swemu;

constexpr size_t kBulkSize = 1 << 20;
const TEEC_UUID kCryptoBench = CRYPTO_BENCH_TA_UUID;

// One session to crypto_bench for the whole run (opening it generates an RSA key), and
// shared memory for the parameters, allocated once: the client passes MEMREF_PARTIAL
// references into it, so the TA works on the client's memory itself, as a client that
// moves bulk data through a TEE does. (Temporary memrefs would add the Client API's copies
// in and out of shared memory to every call.)
class TaSession {
public:
  TaSession() {
    bench::use_bundled_secure_world();
    uint32_t origin = 0;
    ok_ = TEEC_InitializeContext(nullptr, &ctx_) == TEEC_SUCCESS &&
          TEEC_OpenSession(&ctx_, &sess_, &kCryptoBench, TEEC_LOGIN_PUBLIC, nullptr, nullptr,
                           &origin) == TEEC_SUCCESS;
    for (TEEC_SharedMemory* shm : {&in_, &out_, &tag_}) {
      shm->size = shm == &tag_ ? 16 : kBulkSize;
      shm->flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
      ok_ = ok_ && TEEC_AllocateSharedMemory(&ctx_, shm) == TEEC_SUCCESS;
    }
    if (ok_)
      std::memset(in_.buffer, 0x5a, in_.size);
  }
  bool ok() const { return ok_; }
  // Invokes `cmd` with p0 = in_size bytes of input, p1 = out_size bytes of output and,
  // if `tag`, p2 = a 16-byte tag output.
  bool run(uint32_t cmd, size_t in_size, size_t out_size, bool tag) {
    TEEC_Operation op{};
    op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT,
                                     tag ? TEEC_MEMREF_PARTIAL_OUTPUT : TEEC_NONE, TEEC_NONE);
    op.params[0].memref = {&in_, in_size, 0};
    op.params[1].memref = {&out_, out_size, 0};
    if (tag)
      op.params[2].memref = {&tag_, 16, 0};
    uint32_t origin = 0;
    return TEEC_InvokeCommand(&sess_, cmd, &op, &origin) == TEEC_SUCCESS;
  }

private:
  TEEC_Context ctx_{};
  TEEC_Session sess_{};
  TEEC_SharedMemory in_{};
  TEEC_SharedMemory out_{};
  TEEC_SharedMemory tag_{};
  bool ok_ = false;
};

TaSession& session() {
  static TaSession s;
  return s;
}

// A host DRBG for the direct mbedTLS calls, seeded once.
struct HostRng {
  HostRng() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, nullptr, 0);
  }
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
};

HostRng& host_rng() {
  static HostRng r;
  return r;
}

void run_in_ta(benchmark::State& state, uint32_t cmd, size_t in_size, size_t out_size,
               bool with_tag) {
  if (!session().ok()) {
    state.SkipWithError("cannot open a session to crypto_bench");
    return;
  }
  for (auto _ : state)
    if (!session().run(cmd, in_size, out_size, with_tag)) {
      state.SkipWithError("invoke failed");
      break;
    }
}

void BM_Ta_Sha256_1MiB(benchmark::State& state) {
  run_in_ta(state, CRYPTO_BENCH_CMD_SHA256, kBulkSize, 32, false);
}
void BM_Host_Sha256_1MiB(benchmark::State& state) {
  std::vector<uint8_t> in(kBulkSize, 0x5a);
  uint8_t out[32];
  for (auto _ : state)
    mbedtls_sha256(in.data(), in.size(), out, 0);
}

void BM_Ta_AesGcmEncrypt_1MiB(benchmark::State& state) {
  run_in_ta(state, CRYPTO_BENCH_CMD_AES_GCM_ENCRYPT, kBulkSize, kBulkSize, true);
}
void BM_Host_AesGcmEncrypt_1MiB(benchmark::State& state) {
  std::vector<uint8_t> in(kBulkSize, 0x5a);
  std::vector<uint8_t> out(kBulkSize);
  const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const uint8_t nonce[12] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce,
                             0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
  uint8_t tag[16];
  for (auto _ : state) {
    // As the TA path does per call: a fresh key schedule, then one encrypt-and-tag.
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 128);
    mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, in.size(), nonce, sizeof nonce, nullptr, 0,
                              in.data(), out.data(), sizeof tag, tag);
    mbedtls_gcm_free(&gcm);
  }
}

void BM_Ta_Rsa2048Sign(benchmark::State& state) {
  run_in_ta(state, CRYPTO_BENCH_CMD_RSA2048_SIGN, 32, 256, false);
}
void BM_Host_Rsa2048Sign(benchmark::State& state) {
  mbedtls_rsa_context rsa;
  mbedtls_rsa_init(&rsa);
  if (mbedtls_rsa_gen_key(&rsa, mbedtls_ctr_drbg_random, &host_rng().drbg, 2048, 65537) != 0) {
    state.SkipWithError("RSA key generation failed");
    mbedtls_rsa_free(&rsa);
    return;
  }
  const uint8_t digest[32] = {0x5a};
  uint8_t sig[256];
  for (auto _ : state)
    mbedtls_rsa_pkcs1_sign(&rsa, mbedtls_ctr_drbg_random, &host_rng().drbg, MBEDTLS_MD_SHA256,
                           sizeof digest, digest, sig);
  mbedtls_rsa_free(&rsa);
}

void BM_Ta_EcdsaP256Sign(benchmark::State& state) {
  run_in_ta(state, CRYPTO_BENCH_CMD_ECDSA_P256_SIGN, 32, 64, false);
}
void BM_Host_EcdsaP256Sign(benchmark::State& state) {
  mbedtls_ecdsa_context key;
  mbedtls_ecdsa_init(&key);
  if (mbedtls_ecdsa_genkey(&key, MBEDTLS_ECP_DP_SECP256R1, mbedtls_ctr_drbg_random,
                           &host_rng().drbg) != 0) {
    state.SkipWithError("ECDSA key generation failed");
    mbedtls_ecdsa_free(&key);
    return;
  }
  const uint8_t digest[32] = {0x5a};
  uint8_t sig[64];
  mbedtls_mpi r;
  mbedtls_mpi s;
  mbedtls_mpi_init(&r);
  mbedtls_mpi_init(&s);
  for (auto _ : state) {
    mbedtls_ecdsa_sign(&key.MBEDTLS_PRIVATE(grp), &r, &s, &key.MBEDTLS_PRIVATE(d), digest,
                       sizeof digest, mbedtls_ctr_drbg_random, &host_rng().drbg);
    mbedtls_mpi_write_binary(&r, sig, 32);
    mbedtls_mpi_write_binary(&s, sig + 32, 32);
  }
  mbedtls_mpi_free(&r);
  mbedtls_mpi_free(&s);
  mbedtls_ecdsa_free(&key);
}

BENCHMARK(BM_Host_Sha256_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Ta_Sha256_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Host_AesGcmEncrypt_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Ta_AesGcmEncrypt_1MiB)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Host_Rsa2048Sign)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Ta_Rsa2048Sign)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Host_EcdsaP256Sign)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Ta_EcdsaP256Sign)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv) {
  // On a shared machine one pass of each benchmark drifts with the load, so by default
  // every benchmark runs five times, interleaved at random, and the ratios use medians.
  std::vector<char*> args(argv, argv + argc);
  const bool own_repetitions = std::any_of(args.begin(), args.end(), [](const char* a) {
    return std::string_view(a).starts_with("--benchmark_repetitions");
  });
  std::string repetitions = "--benchmark_repetitions=5";
  std::string interleave = "--benchmark_enable_random_interleaving=true";
  std::string aggregates = "--benchmark_report_aggregates_only=true";
  if (!own_repetitions)
    for (std::string* a : {&repetitions, &interleave, &aggregates})
      args.push_back(a->data());
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  swemu::bench::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  struct Pair {
    const char* what;
    const char* ta;
    const char* host;
    double target;
  };
  const Pair pairs[] = {
      {"SHA-256 of 1 MiB", "BM_Ta_Sha256_1MiB", "BM_Host_Sha256_1MiB", 1.3},
      {"AES-128-GCM encrypt of 1 MiB", "BM_Ta_AesGcmEncrypt_1MiB", "BM_Host_AesGcmEncrypt_1MiB",
       1.3},
      {"RSA-2048 PKCS#1 v1.5 sign", "BM_Ta_Rsa2048Sign", "BM_Host_Rsa2048Sign", 1.1},
      {"ECDSA P-256 sign", "BM_Ta_EcdsaP256Sign", "BM_Host_EcdsaP256Sign", 1.1},
  };
  std::printf("\n");
  for (const Pair& p : pairs) {
    const double ta = reporter.ns(p.ta);
    const double host = reporter.ns(p.host);
    if (ta > 0 && host > 0)
      std::printf("%s from a TA / direct mbedTLS = %.2fx (target <= %.1fx)\n", p.what, ta / host,
                  p.target);
  }
  benchmark::Shutdown();
  return 0;
}
