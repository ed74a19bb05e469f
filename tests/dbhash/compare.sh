#!/bin/bash
# The same random operation sequence applied by the native build and by the WebAssembly build
# gives the same database hash (issue 4). Runs both xueji-dbhash binaries and compares their
# output. Exit 77 (skipped) when the other build has not been built yet.
set -u
native="$1"; wasm="$2"; shift 2
if [ ! -x "$native" ] || [ ! -f "$wasm" ]; then
  echo "skipped: needs both builds ($native, $wasm); run make build"
  exit 77
fi
native_out=$("$native" "$@") || { echo "native run failed:"; echo "$native_out"; exit 1; }
wasm_out=$(node --no-experimental-fetch "$wasm" "$@") || { echo "wasm run failed:"; echo "$wasm_out"; exit 1; }
echo "native:"; echo "$native_out"
echo "wasm:"; echo "$wasm_out"
if [ "$native_out" != "$wasm_out" ]; then
  echo "DIFFERENT: the two builds computed different databases from the same operations"
  exit 1
fi
echo "same hash"
