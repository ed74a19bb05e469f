#!/bin/sh
# Section 4 of `make bench` (issue 7): N simulated school devices (xueji-sim, real LocalRegistry
# databases, one thread each) push and pull against one xueji-server on loopback for a fixed time,
# no faults, keep-alive connections straight to the server (--direct, as a browser talks).
# Headline, the paced model: each registrar makes one operation every PACE seconds on average
# and its device syncs like the web client (3 s after the last commit, every 5 min, on coming
# back online). Second figure, stress: every device acts and syncs as fast as it can.
# The devices run at nice 10, the server at normal priority: in reality they are N other
# machines, here they share its 2 cores. The baseline in the same run is one device alone in
# stress for the same time: the ratio of the p99 push latencies shows what contention costs.
# Server-side times come from the server's own request log (routing to response written).
# usage: bench/concurrency.sh BUILD_DIR RESULTS_FILE [DEVICES] [SECONDS] [PACE]
set -eu
build=$1
out=$2
devices=${3:-200}
seconds=${4:-60}
pace=${5:-5}
sim="$build/sim/xueji-sim"
server="$build/sync-server/xueji-server"

run() {  # $1 devices, then extra sim options → the sim's summary lines (name value unit)
  n=$1
  shift
  "$sim" --spawn-server "$server" --devices "$n" --ops 100000000 --duration "$seconds" \
    --faults 0 --direct --nice 10 --seed 2026 "$@" | grep -E '^(sim\.|all checks|CHECKS FAILED)'
}

echo "# 4. concurrency: $devices simulated devices (xueji-sim, one thread and one local SQLite each, realistic random operations and offline periods; the devices at nice 10, the server at normal priority, since in reality they are other machines) pushing and pulling against one server on loopback for $seconds s over keep-alive connections, no faults. paced: an operation every $pace s per device on average, sync 3 s after the last commit and every 5 min (the web client); stress: act and sync as fast as possible; baseline: 1 device alone in stress for $seconds s" | tee -a "$out"
base=$(run 1)
paced=$(run "$devices" --pace "$pace")
stress=$(run "$devices")
pick() { echo "$1" | awk -v k="$2" '$1 == k { print $2 }'; }
unit() { echo "$1" | awk -v k="$2" '$1 == k { print $3 }'; }
report() {  # $1 figure prefix, $2 tag, $3 the run's lines, $4 the keys
  for k in $4; do
    echo "$1.$k$2 $(pick "$3" "sim.$k") $(unit "$3" "sim.$k")"
  done
  # Which errors, when there are any (sim.errors.push_no_answer, …).
  echo "$3" | awk -v p="$1" -v t="$2" '$1 ~ /^sim\.errors\./ { sub(/^sim\./, "", $1); print p "." $1 t, $2, $3 }'
  awk -v a="$(pick "$3" sim.push_p99)" -v b="$(pick "$base" sim.push_p99)" -v n="$1.push_p99_ratio_to_one_device$2" \
    'BEGIN { if (b > 0) printf "%s %.1f x\n", n, a / b }'
  echo "$3" | grep -qx 'all checks passed' && echo "$1.checks_passed$2 1 bool" ||
    echo "$1.checks_passed$2 0 bool"
}
keys="push_p50 push_p99 pull_p50 pull_p99 server_push_p50 server_push_p99 server_pull_p50 server_pull_p99 acts_per_s ops_per_s settled_per_s requests_per_s cpu.server cpu.devices errors check_failures"
{
  echo "baseline.one_device_push_p99{seconds=$seconds} $(pick "$base" sim.push_p99) ms"
  report concurrency "{devices=$devices,seconds=$seconds,pace=$pace}" "$paced" "offered_ops_per_s $keys"
  report concurrency.stress "{devices=$devices,seconds=$seconds}" "$stress" "$keys"
} | tee -a "$out"
