#!/usr/bin/env bash
# Installs the Debian 12 packages coopledger builds, tests and runs with. Idempotent: when every
# package is already there it returns at once without touching apt.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  librocksdb-dev capnproto libcapnp-dev libsodium-dev libssl-dev
  libboost-dev libspdlog-dev libfmt-dev libcli11-dev nlohmann-json3-dev libcsv-dev
  libhpdf-dev fonts-dejavu-core
  libgtest-dev libbenchmark-dev poppler-utils libxml2-utils
  libyaml-dev
  ledger
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
