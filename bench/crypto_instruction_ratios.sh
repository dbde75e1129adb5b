#!/bin/bash
# Instructions per call, TA path / direct mbedTLS, for each pair in swemu_crypto_bench,
# counted with callgrind (reproducible where wall clock is not). Takes a few minutes.
# Usage: bench/crypto_instruction_ratios.sh [BUILD_DIR]   (default: build)
set -euo pipefail
build=${1:-build}
bench="$build/bench/swemu_crypto_bench"
[ -x "$bench" ] || { echo "$bench not found: build the swemu_crypto_bench target first" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# name of the benchmark pair : the mbedTLS function the direct benchmark calls once per iteration
for pair in Sha256:mbedtls_sha256 AesGcm:mbedtls_gcm_crypt_and_tag \
            Rsa2048:mbedtls_rsa_pkcs1_sign EcdsaP256:mbedtls_ecdsa_sign; do
  name=${pair%%:*}
  fn=${pair##*:}
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bench" --benchmark_filter="$name" \
    --benchmark_repetitions=1 --benchmark_min_time=1.5 >/dev/null 2>&1
  callgrind_annotate --inclusive=yes "$out/cg" >"$out/txt"
  # "=> ???:fn (Nx)" and "=> .../teec.cpp:TEEC_InvokeCommand (Nx)": inclusive cost, calls.
  host=$(grep -E "=> \?\?\?:$fn \(" "$out/txt" | head -1 | sed -E 's/^ *([0-9,]+).*\(([0-9,]+)x\).*/\1 \2/' | tr -d ,)
  ta=$(grep -E "=> .*TEEC_InvokeCommand \(" "$out/txt" | head -1 | sed -E 's/^ *([0-9,]+).*\(([0-9,]+)x\).*/\1 \2/' | tr -d ,)
  echo "$name $host $ta" | awk '{h = $2 / $3; t = $4 / $5;
    printf "%-10s direct %.0f, TA %.0f instructions per call: %.3fx\n", $1, h, t, t / h}'
done
