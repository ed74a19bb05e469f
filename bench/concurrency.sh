#!/bin/sh
# Section 4 of `make bench` (issue 7): N simulated school devices (xueji-sim, real LocalRegistry
# databases, one thread each) push and pull against one xueji-server on loopback for a fixed time,
# no faults. The baseline in the same run is one device alone for the same time: the ratio of the
# p99 push latencies shows what contention costs on this machine.
# usage: bench/concurrency.sh BUILD_DIR RESULTS_FILE [DEVICES] [SECONDS]
set -eu
build=$1
out=$2
devices=${3:-200}
seconds=${4:-60}
sim="$build/sim/xueji-sim"
server="$build/sync-server/xueji-server"

run() {  # $1 devices → the sim's summary lines (name value unit)
  "$sim" --spawn-server "$server" --devices "$1" --ops 100000000 --duration "$seconds" \
    --faults 0 --seed 2026 | grep -E '^(sim\.|all checks|CHECKS FAILED)'
}

echo "# 4. concurrency: $devices simulated devices (xueji-sim, one thread and one local SQLite each, realistic random operations and offline periods) pushing and pulling against one server on loopback for $seconds s, no faults; baseline: 1 device alone for $seconds s" | tee -a "$out"
base=$(run 1)
many=$(run "$devices")
pick() { echo "$1" | awk -v k="$2" '$1 == k { print $2 }'; }
tag="{devices=$devices,seconds=$seconds}"
{
  for k in ops_per_s requests_per_s push_p50 push_p99 pull_p50 pull_p99 errors check_failures; do
    unit=$(echo "$many" | awk -v k="sim.$k" '$1 == k { print $3 }')
    echo "concurrency.$k$tag $(pick "$many" "sim.$k") $unit"
  done
  echo "baseline.one_device_push_p99{seconds=$seconds} $(pick "$base" sim.push_p99) ms"
  awk -v a="$(pick "$many" sim.push_p99)" -v b="$(pick "$base" sim.push_p99)" \
    'BEGIN { if (b > 0) printf "concurrency.push_p99_ratio_to_one_device%s %.1f x\n", "'"$tag"'", a / b }'
  echo "$many" | grep -qx 'all checks passed' && echo "concurrency.checks_passed$tag 1 bool" ||
    echo "concurrency.checks_passed$tag 0 bool"
} | tee -a "$out"
