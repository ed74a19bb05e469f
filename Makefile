# Xueji — two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
# Debian's Emscripten needs Debian's node modules (acorn…) whatever node is first on PATH.
export NODE_PATH := /usr/share/nodejs
JOBS ?= $(shell nproc)
HOST ?= 127.0.0.1
PORT ?= 8080
DATA ?= data
BUILD_TYPE ?= RelWithDebInfo
GENERATOR := -G Ninja

.PHONY: run test setup build native wasm asan seed serve format check-format clean bench bench-quick bench-province

run: setup build seed
	@cat $(DATA)/demo-accounts.txt
	build/native/sync-server/xueji-server serve --data $(DATA) --web build/wasm/web --host $(HOST) --port $(PORT)

test: setup build asan
	ctest --test-dir build/native --output-on-failure -j $(JOBS)
	ctest --test-dir build/wasm --output-on-failure
	ctest --test-dir build/asan --output-on-failure -j $(JOBS) -L unit

setup:
	@bash scripts/setup.sh

build: native wasm

native:
	cmake -S . -B build/native $(GENERATOR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build build/native -j $(JOBS)

wasm:
	emcmake cmake -S . -B build/wasm $(GENERATOR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build/wasm -j $(JOBS)

# The core and its unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	cmake -S . -B build/asan $(GENERATOR) -DCMAKE_BUILD_TYPE=Debug -DXUEJI_SANITIZE=ON >/dev/null
	cmake --build build/asan -j $(JOBS) --target xueji_unit_tests

seed:
	@test -f $(DATA)/xueji.db || build/native/sync-server/xueji-server seed --data $(DATA)

# Benchmarks (issue 7, docs/PERFORMANCE.md): `name value unit` lines on stdout and in
# bench/results/latest.txt (`make bench`) or bench/results/quick.txt (`make bench-quick`, the
# smoke run inside `make test`, so it never overwrites the full report). BENCH_BUILD lets
# CTest's smoke test reuse the build it runs from.
BENCH_BUILD ?= build/native
BENCH_DEVICES ?= 200
BENCH_SECONDS ?= 60
BENCH_PACE ?= 5
BENCH_QUICK_DEVICES ?= 10
BENCH_QUICK_SECONDS ?= 10
# The province-scale population (15M students, 47.7 GB, 1 h 50 min here): made once by
# `make bench-province`, then measured by every `make bench` while it exists.
BENCH_PROVINCE ?= bench/data/province-15m
BENCH_PROVINCE_STUDENTS ?= 15000000
BENCH_OUT = bench/results/$(if $(filter bench-quick,$@),quick,latest).txt
# `make bench` ends with the browser client's figures (bench/client_bench.mjs, section 5): it
# needs build/wasm/web (make wasm) and Chromium, and fails saying so when either is missing.
bench bench-quick:
	@test -f $(BENCH_BUILD)/build.ninja || cmake -S . -B $(BENCH_BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BENCH_BUILD) --target xueji-bench xueji-gen xueji-server xueji-sim
	@mkdir -p bench/results
	$(BENCH_BUILD)/bench/xueji-bench $(if $(filter bench-quick,$@),--quick) --out $(BENCH_OUT)
	@if [ "$@" = bench ] && [ -f $(BENCH_PROVINCE)/xueji.db ]; then \
	  $(BENCH_BUILD)/bench/xueji-bench --only scale --scale-data $(BENCH_PROVINCE) --append --out $(BENCH_OUT); \
	elif [ "$@" = bench ]; then echo "# 3b. province scale: no $(BENCH_PROVINCE)/xueji.db (make bench-province), not measured" | tee -a $(BENCH_OUT); fi
	bench/concurrency.sh $(BENCH_BUILD) $(BENCH_OUT) \
	  $(if $(filter bench-quick,$@),$(BENCH_QUICK_DEVICES) $(BENCH_QUICK_SECONDS),$(BENCH_DEVICES) $(BENCH_SECONDS)) $(BENCH_PACE)
	@if [ "$@" = bench ]; then XUEJI_SERVER=$(BENCH_BUILD)/sync-server/xueji-server node bench/client_bench.mjs $(BENCH_OUT); fi

bench-province:
	@test -f $(BENCH_BUILD)/build.ninja || cmake -S . -B $(BENCH_BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BENCH_BUILD) --target xueji-gen
	@test ! -f $(BENCH_PROVINCE)/xueji.db || { echo "$(BENCH_PROVINCE)/xueji.db exists"; exit 0; }; \
	  $(BENCH_BUILD)/bench/xueji-gen --students $(BENCH_PROVINCE_STUDENTS) --data $(BENCH_PROVINCE)

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

check-format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
