#!/usr/bin/env bash
# Fetches the sources the WebAssembly build compiles itself, into the git-ignored .cache/:
#  - Dear ImGui 1.86 core (Debian's source package: the binary package has no core .cpp);
#  - the SQLite amalgamation, carried by the npm tarball of better-sqlite3 (pinned, hashed).
# Nothing fetched is committed. A second run only checks the stamps.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="$here/.cache"
mkdir -p "$cache"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

IMGUI_VERSION="1.86"
IMGUI_DEB_VERSION="1.86+ds-1"
IMGUI_ORIG_SHA256="0dace0e8e57d298eb6e93af12dc19420cb96330832f6495c733b90aeeef11f64"
SQLITE_CARRIER="better-sqlite3@12.9.0"
SQLITE_CARRIER_SHA256="ad0e29650140c49d0335b1d356596aa8166f12b758f418a98446130e3278f250"

# --- ImGui core sources -------------------------------------------------------------------
imgui_dir="$cache/imgui-$IMGUI_VERSION"
if [ ! -f "$imgui_dir/.ok" ]; then
  src_list=/etc/apt/sources.list.d/xueji-deb-src.sources
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    # Same archive as the binary packages, source entries only.
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$src_list" >/dev/null
    else
      grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/xueji-deb-src.list >/dev/null
    fi
    $SUDO apt-get update -qq
  fi
  work="$(mktemp -d)"
  (cd "$work" && apt-get source --download-only -q "imgui=$IMGUI_DEB_VERSION" >/dev/null 2>&1 \
     || { $SUDO apt-get update -qq && apt-get source --download-only -q "imgui=$IMGUI_DEB_VERSION"; })
  orig="$(ls "$work"/imgui_"$IMGUI_VERSION"*.orig.tar.* | head -1)"
  got="$(sha256sum "$orig" | cut -d' ' -f1)"
  if [ "$got" != "$IMGUI_ORIG_SHA256" ]; then
    echo "fetch-sources: imgui source checksum mismatch: $got" >&2; exit 1
  fi
  rm -rf "$imgui_dir" && mkdir -p "$imgui_dir"
  tar -xf "$orig" -C "$imgui_dir" --strip-components=1
  rm -rf "$work"
  touch "$imgui_dir/.ok"
fi

# --- SQLite amalgamation --------------------------------------------------------------------
sqlite_dir="$cache/sqlite"
if [ ! -f "$sqlite_dir/.ok" ]; then
  work="$(mktemp -d)"
  (cd "$work" && npm pack --silent "$SQLITE_CARRIER" >/dev/null)
  tgz="$(ls "$work"/*.tgz)"
  got="$(sha256sum "$tgz" | cut -d' ' -f1)"
  if [ "$got" != "$SQLITE_CARRIER_SHA256" ]; then
    echo "fetch-sources: $SQLITE_CARRIER checksum mismatch: $got" >&2; exit 1
  fi
  rm -rf "$sqlite_dir" && mkdir -p "$sqlite_dir"
  tar -xzf "$tgz" -C "$sqlite_dir" --strip-components=3 package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
  rm -rf "$work"
  touch "$sqlite_dir/.ok"
fi
echo "fetch-sources: imgui $IMGUI_VERSION and sqlite $(grep -m1 '#define SQLITE_VERSION ' "$sqlite_dir/sqlite3.h" | awk '{print $3}') ready in .cache/"
