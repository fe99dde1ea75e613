#!/usr/bin/env bash
# Same-session comparisons with the load driver: runs alternate (so drift on this shared machine hits every side
# alike), then the medians and ratios are printed. Loopback only; every run is bounded by the driver itself.
#
#   loadtests/bench.sh ab --gateway-dll A/Gateway.dll --gateway-dll B/Gateway.dll [--scenario S] [--runs N] [-- driver options]
#   loadtests/bench.sh floor [--gateway-dll PATH] [--runs N] [-- driver options]
#
# ab:    scenario S (default saturate) with build A, then B, A, B, ... (N each, default 3); medians of accepted/s,
#        deliveries/s, e2e p99, gateway CPU ms/event and peak RSS, and B/A.
# floor: floor, floor-lpush and ingest in turn, N rounds; medians and the ratios to the floor.
# Each run's JSON line and driver log are kept under .data/bench/<time>-<mode>/.
set -euo pipefail

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

cd "$(dirname "$0")/.."
driver=loadtests/LoadDriver/bin/Release/net10.0/LoadDriver.dll

mode=${1:-}
[ "$mode" = ab ] || [ "$mode" = floor ] || usage
shift
runs=3
scenario=saturate
dlls=()
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --gateway-dll) [ $# -ge 2 ] || usage; dlls+=("$2"); shift 2 ;;
    --scenario) [ $# -ge 2 ] || usage; scenario=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
    --) shift; passthrough=("$@"); break ;;
    *) usage ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]?$ ]] || { echo "bench: --runs must be 1 to 99" >&2; exit 2; }
if [ "$mode" = ab ] && [ ${#dlls[@]} -ne 2 ]; then
  echo "bench: ab needs two --gateway-dll paths (A, then B)" >&2
  exit 2
fi
if [ "$mode" = floor ] && [ ${#dlls[@]} -gt 1 ]; then
  echo "bench: floor takes at most one --gateway-dll (for the ingest runs)" >&2
  exit 2
fi
for dll in "${dlls[@]}"; do
  [ -f "$dll" ] || { echo "bench: no gateway build at $dll" >&2; exit 2; }
done
[ -f "$driver" ] || { echo "bench: no driver at $driver; run 'dotnet build loadtests/LoadDriver -c Release'" >&2; exit 2; }

out=.data/bench/$(date -u +%Y%m%d-%H%M%S)-$mode
mkdir -p "$out"

# One field of a JSON line, empty when absent or null: jq when installed, else node.
field() {
  if command -v jq >/dev/null; then
    jq -r --arg f "$2" '.[$f] // empty' "$1"
  else
    node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = r[process.argv[2]];
             if (v !== undefined && v !== null) console.log(v);' "$1" "$2"
  fi
}

# Median of the numbers on stdin; "-" when there are none.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Median of one field over every run of a label.
med() {
  for file in "$out/$1".*.json; do field "$file" "$2"; done | median
}

# b / a to two decimals; "-" when either is missing or a is 0.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a + 0 == 0) print "-"; else printf "%.2f\n", b / a }'
}

failed=0

# run LABEL N DRIVER-ARGS...: one driver run; its JSON line goes to $out/LABEL.N.json (a dot, so that the glob of
# "floor" does not take in "floor-lpush").
run() {
  local label=$1 n=$2
  shift 2
  local json="$out/$label.$n.json" log="$out/$label.$n.log" rc=0
  echo "bench: $label run $n: dotnet $driver $* ${passthrough[*]}" >&2
  dotnet "$driver" "$@" "${passthrough[@]}" >"$json" 2>"$log" || rc=$?
  if [ "$rc" -eq 2 ] || [ ! -s "$json" ]; then
    rm -f "$json"
    echo "bench: $label run $n could not run (exit $rc); the end of $log:" >&2
    tail -5 "$log" >&2
    exit 2
  fi
  if [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
    echo "bench: $label run $n did not pass (lost, bad signatures or nothing accepted); its figures are kept" >&2
  fi
  local summary="" metric value
  for metric in acceptedPerSec deliveriesPerSec e2eP99Ms lost gatewayCpuMsPerEvent redisCpuMsPerEvent redisScriptCallsPerEvent redisCommandsPerEvent gatewayPeakRssMb; do
    value=$(field "$json" "$metric")
    [ -n "$value" ] && summary+=" $metric=$value"
  done
  echo "bench: $label run $n:$summary" >&2
}

if [ "$mode" = ab ]; then
  for n in $(seq 1 "$runs"); do
    run A "$n" --scenario "$scenario" --gateway-dll "${dlls[0]}"
    run B "$n" --scenario "$scenario" --gateway-dll "${dlls[1]}"
  done

  echo "scenario $scenario, median of $runs runs each, alternating A,B (results in $out)"
  echo "A = ${dlls[0]}"
  echo "B = ${dlls[1]}"
  printf '%-22s %12s %12s %8s\n' metric A B B/A
  for metric in acceptedPerSec deliveriesPerSec e2eP99Ms gatewayCpuMsPerEvent redisCpuMsPerEvent redisScriptCallsPerEvent redisCommandsPerEvent gatewayPeakRssMb; do
    a=$(med A "$metric")
    b=$(med B "$metric")
    printf '%-22s %12s %12s %8s\n' "$metric" "$a" "$b" "$(ratio "$a" "$b")"
  done
else
  ingest_dll=()
  [ ${#dlls[@]} -eq 1 ] && ingest_dll=(--gateway-dll "${dlls[0]}")
  for n in $(seq 1 "$runs"); do
    run floor "$n" --scenario floor
    run floor-lpush "$n" --scenario floor-lpush
    run ingest "$n" --scenario ingest "${ingest_dll[@]}"
  done

  echo "floor, floor-lpush and ingest, median of $runs runs each, alternating (results in $out)"
  printf '%-12s %14s %22s %20s %18s\n' run acceptedPerSec gatewayCpuMsPerEvent redisCpuMsPerEvent gatewayPeakRssMb
  for label in floor floor-lpush ingest; do
    printf '%-12s %14s %22s %20s %18s\n' "$label" "$(med "$label" acceptedPerSec)" "$(med "$label" gatewayCpuMsPerEvent)" \
      "$(med "$label" redisCpuMsPerEvent)" "$(med "$label" gatewayPeakRssMb)"
  done
  floor=$(med floor acceptedPerSec)
  lpush=$(med floor-lpush acceptedPerSec)
  ingest=$(med ingest acceptedPerSec)
  echo "ingest/floor       $(ratio "$floor" "$ingest")"
  echo "ingest/floor-lpush $(ratio "$lpush" "$ingest")"
  echo "floor-lpush/floor  $(ratio "$floor" "$lpush")"
fi

if [ "$failed" -gt 0 ]; then
  echo "bench: $failed run(s) did not pass; see their JSON in $out" >&2
  exit 1
fi
