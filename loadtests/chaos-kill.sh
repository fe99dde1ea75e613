#!/usr/bin/env bash
# Duplicates under SIGKILL: the load driver sends steady load to gateway A (api + worker), which is killed with
# SIGKILL every INTERVAL seconds and restarted; gateway W (worker only) stays up. Prints the driver's JSON line
# (its "duplicates" are deliveries received more than once). Loopback only; every process started here is stopped.
#   loadtests/chaos-kill.sh [gateway.dll]      (env: DURATION=60 INTERVAL=5 RATE=200 REDIS_PORT=6391 API_PORT=18091)
set -euo pipefail
cd "$(dirname "$0")/.."
dll=${1:-src/Gateway/bin/Release/net10.0/Gateway.dll}
duration=${DURATION:-60}
interval=${INTERVAL:-5}
rate=${RATE:-200}
redis_port=${REDIS_PORT:-6391}
api_port=${API_PORT:-18091}
key="chaos-admin-$RANDOM$RANDOM"
logs=".data/chaos/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$logs"
pids=()
cleanup() { for p in "${pids[@]}" ${api_pid:-}; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$logs/redis.log" 2>&1 &
pids+=($!)
sleep 0.5
export Redis__Configuration="127.0.0.1:$redis_port" Gateway__AdminApiKey="$key" Encryption__Key="$(head -c 32 /dev/urandom | base64)" \
  Security__AllowPrivateNetworks=true Security__AllowHttp=true

start_api() {
  Gateway__Roles=api,worker dotnet "$dll" --urls "http://127.0.0.1:$api_port" >>"$logs/api.log" 2>&1 &
  api_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
}

Gateway__Roles=worker dotnet "$dll" --urls "http://127.0.0.1:0" >"$logs/worker.log" 2>&1 &
pids+=($!)
start_api

dotnet loadtests/LoadDriver/bin/Release/net10.0/LoadDriver.dll --scenario steady --rate "$rate" --duration "$duration" \
  --gateway "http://127.0.0.1:$api_port" --admin-key "$key" >"$logs/report.json" 2>"$logs/driver.log" &
driver=$!
sleep 8 # tenant, endpoints and warm-up first
kills=0
end=$((SECONDS + duration - 8))
while kill -0 "$driver" 2>/dev/null && [ $SECONDS -lt $end ]; do
  sleep "$interval"
  kill -9 "$api_pid" 2>/dev/null || true
  wait "$api_pid" 2>/dev/null || true
  kills=$((kills + 1))
  start_api
done
wait "$driver" || true
echo "kills=$kills logs=$logs"
cat "$logs/report.json"
