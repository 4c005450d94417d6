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
  chromium
)
# The browser tests run on Node.js; a machine that has node and npm from elsewhere keeps them.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

# The browser tests' npm packages (playwright-core only: it drives Debian's chromium and never
# downloads a browser), from the committed package-lock.json.
install_web_test_packages() {
  local web
  web="$(cd "$(dirname "$0")/.." && pwd)/tests/web"
  if [ ! -f "$web/node_modules/playwright-core/package.json" ] ||
     [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    echo "installing the browser tests' npm packages into $web/node_modules" >&2
    (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  install_web_test_packages
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
install_web_test_packages
