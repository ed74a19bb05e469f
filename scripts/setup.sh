#!/usr/bin/env bash
# Installs everything Xueji needs on a fresh Debian 12 machine. Idempotent: a second run
# only checks and does nothing slow. Called by `make run` and `make test`.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

# Root, or through sudo otherwise.
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl xz-utils dpkg-dev
  python3 python3-fonttools
  emscripten
  libimgui-dev libglfw3-dev libgl-dev
  libcpp-httplib-dev libssl-dev openssl zlib1g-dev
  libcereal-dev catch2 libsqlite3-dev sqlite3 libsodium-dev libxlsxwriter-dev libexpat1-dev
  fonts-noto-cjk fonts-hanazono fonts-babelstone-han
  chromium
  clang-format
)
# Debian's nodejs/npm only when no node is present (a machine may already carry a newer one).
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# Sources the WebAssembly build needs (ImGui core, SQLite amalgamation) and the test/data
# tools from npm, pinned and checked.
bash "$here/scripts/fetch-sources.sh"
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.xueji-lock; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.xueji-lock
fi
echo "setup: ok"
