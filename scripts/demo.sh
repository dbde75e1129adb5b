#!/usr/bin/env bash
# Sets up (as root on Debian 12), builds, and runs the demo: the sample client
# tools/hello_client.c calling tas/hello through the GP TEE Client API, with the secure
# world started in-process on the bundled manifests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
cmake --preset default >/dev/null
cmake --build --preset default -j"$(nproc)" --target swemu swemu-hello-client swemu_tas

echo
echo "== swemu ta info build/ta/hello.elf"
./build/tools/swemu ta info build/ta/hello.elf
echo
echo "== sample client (tools/hello_client.c)"
./build/tools/swemu-hello-client
echo
echo "== swemu invoke 8296e59f-0c73-418b-8e62-20011adec8d6 2 --in 73776d75 --out 8"
./build/tools/swemu invoke 8296e59f-0c73-418b-8e62-20011adec8d6 2 --in 73776d75 --out 8
