#!/usr/bin/env bash
# Installs everything swemu needs to build and test, on Debian 12 (bookworm), as root.
#
# Unicorn 2.1.1 and mbedTLS 3.6 come from Debian 13 (trixie) through a low-priority apt
# pin (see DESIGN.md: Debian 12's Unicorn 2.0.1 takes a slow path for every guest store,
# and mbedTLS 2.28 is out of support). Nothing else is taken from trixie.
# Idempotent: when everything is present it only checks and returns.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "bootstrap: run as root (it installs Debian packages)" >&2
  exit 2
fi

# Packages from Debian 12.
BOOKWORM_PKGS=(
  build-essential cmake ninja-build pkg-config git
  clang lld llvm libclang-rt-14-dev
  nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev libsqlite3-dev libcapstone-dev
  libdw-dev lcov libboost-context-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  valgrind gdb-multiarch
)
# Packages from Debian 13, pinned.
TRIXIE_PKGS=(libunicorn-dev libmbedtls-dev)

SOURCES=/etc/apt/sources.list.d/swemu-trixie.sources
PIN=/etc/apt/preferences.d/swemu-trixie.pref

have_all() {
  local want=$((${#BOOKWORM_PKGS[@]} + ${#TRIXIE_PKGS[@]})) have
  have=$(dpkg-query -W -f='${Status}\n' "${BOOKWORM_PKGS[@]}" "${TRIXIE_PKGS[@]}" 2>/dev/null |
    grep -c '^install ok installed$' || true)
  [ "$have" = "$want" ]
}
versions_ok() {
  pkg-config --atleast-version=2.1 unicorn 2>/dev/null &&
    dpkg --compare-versions "$(dpkg-query -W -f='${Version}' libmbedtls-dev 2>/dev/null)" ge 3.6
}

if [ -f "$SOURCES" ] && [ -f "$PIN" ] && have_all && versions_ok; then
  echo "bootstrap: all dependencies present"
  exit 0
fi

cat >"$SOURCES" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC

# Everything from trixie at priority 1 (never chosen on its own); only the Unicorn and
# mbedTLS packages are raised so that they come from trixie.
cat >"$PIN" <<'PREF'
Package: *
Pin: release n=trixie
Pin-Priority: 1

Package: libunicorn-dev libunicorn2t64 libunicorn2 libmbedtls-dev libmbedtls21 libmbedcrypto16 libmbedx509-7 libtfpsacrypto* libmbed*
Pin: release n=trixie
Pin-Priority: 990
PREF

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${BOOKWORM_PKGS[@]}"
apt-get install -y -qq --no-install-recommends -t trixie "${TRIXIE_PKGS[@]}"

if ! versions_ok; then
  echo "bootstrap: Unicorn >= 2.1 and mbedTLS >= 3.6 were not installed; check $PIN" >&2
  exit 1
fi
echo "bootstrap: dependencies installed"
