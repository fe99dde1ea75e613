#!/usr/bin/env bash
# Durable mode (Redis:WaitForReplicas) through a master failover, as an operator would try it: a 3 + 3 Redis Cluster
# on loopback (append-only file, appendfsync always), one gateway (api + worker), the client of client.mjs at RATE
# events/s for DURATION s retrying with its Idempotency-Key, one master SIGKILLed at KILL_AT s and restarted
# RESTART_AFTER s later (RESTART=0: never, so its shard is left without a replica). Before that, with SATURATE > 0,
# SATURATE_ROUNDS rounds of wrk -c16 for SATURATE s (after WARMUP s) against the same cluster with WaitForReplicas=0
# and =WAIT, and the median of their ratios (DURATION=0: only that). Prints JSON lines.
# Everything listens on 127.0.0.1 and every process started here is stopped at the end.
#   loadtests/failover/run.sh [gateway.dll]
#   env: WAIT=1 RESTART=1 RATE=150 DURATION=30 KILL_AT=10 RESTART_AFTER=10 SATURATE=10 SATURATE_ROUNDS=3 WARMUP=5
#        BASE_PORT=7400 API_PORT=18092
set -euo pipefail
cd "$(dirname "$0")/../.."
dll=${1:-src/Gateway/bin/Release/net10.0/Gateway.dll}
wait_replicas=${WAIT:-1}
restart=${RESTART:-1}
rate=${RATE:-150}
duration=${DURATION:-30}
kill_at=${KILL_AT:-10}
restart_after=${RESTART_AFTER:-10}
saturate=${SATURATE:-10}
rounds=${SATURATE_ROUNDS:-3}
warmup=${WARMUP:-5}
base=${BASE_PORT:-7400}
api_port=${API_PORT:-18092}
key="failover-admin-$RANDOM$RANDOM"
enc_key="$(head -c 32 /dev/urandom | base64)"
logs=".data/failover/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$logs"
ports=($(seq "$base" $((base + 5))))
declare -A node_pid
gateway_pid=
cleanup() {
  [ -n "$gateway_pid" ] && kill -9 "$gateway_pid" 2>/dev/null || true
  for p in "${node_pid[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

start_node() {
  local port=$1 dir="$logs/node-$1"
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --cluster-enabled yes --cluster-config-file nodes.conf \
    --cluster-node-timeout 2000 --appendonly yes --appendfsync always --save "" >>"$dir/redis.log" 2>&1 &
  node_pid[$port]=$!
}
cluster_ok() { redis-cli -p "${ports[0]}" cluster info 2>/dev/null | grep -q cluster_state:ok; }

for p in "${ports[@]}"; do start_node "$p"; done
for p in "${ports[@]}"; do for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done; done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${ports[@]}") --cluster-replicas 1 --cluster-yes >"$logs/create.log" 2>&1
for _ in $(seq 1 100); do cluster_ok && break; sleep 0.2; done
sleep 2 # replicas' first sync
nodes=$(printf '127.0.0.1:%s,' "${ports[@]}")

start_gateway() {
  Redis__Configuration="${nodes}abortConnect=false,connectTimeout=2000" Redis__WaitForReplicas="$1" \
    Redis__WaitForReplicasTimeout=00:00:01 Gateway__AdminApiKey="$key" Encryption__Key="$enc_key" Gateway__Roles=api,worker \
    Security__AllowPrivateNetworks=true Security__AllowHttp=true Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
    dotnet "$dll" >>"$logs/gateway-wait$1.log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "gateway not ready" >&2; exit 1
}
# CPU seconds (user + system) a process has used, and those of every Redis node together.
cpu_of() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat" 2>/dev/null || echo 0; }
redis_cpu() { local t=0; for p in "${node_pid[@]}"; do t=$(awk -v t="$t" -v c="$(cpu_of "$p")" 'BEGIN {print t + c}'); done; echo "$t"; }
stop_gateway() { kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; gateway_pid=; }

body=tests/Gateway.Tests/Schemas/samples/order.completed.json
if [ "$saturate" -gt 0 ]; then
  # One tenant and one endpoint (a closed port: deliveries fail and retry, as they cost the same either way). Each
  # round measures both settings, in alternating order, after a warm-up that JIT-compiles the gateway; the ratio is
  # the median of the rounds' ratios.
  lua="$logs/post.lua"
  ratios=()
  for round in $(seq 1 "$rounds"); do
    declare -A rps=() cpu=()
    order=(0 "$wait_replicas")
    [ $((round % 2)) = 0 ] && order=("$wait_replicas" 0)
    for w in "${order[@]}"; do
      start_gateway "$w"
      tenant_key=$(curl -s -XPOST "http://127.0.0.1:$api_port/admin/tenants" -H "Authorization: Bearer $key" \
        -H 'content-type: application/json' -d '{"name":"saturate"}' | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
      curl -s -XPOST "http://127.0.0.1:$api_port/v1/endpoints" -H "Authorization: Bearer $tenant_key" -H 'content-type: application/json' \
        -d '{"url":"http://127.0.0.1:9/hook","eventTypes":["*"]}' >/dev/null
      printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer %s"\nwrk.body = [[%s]]\n' \
        "$tenant_key" "$(cat "$body")" >"$lua"
      wrk -t2 -c16 -d"${warmup}s" -s "$lua" "http://127.0.0.1:$api_port/v1/events" >/dev/null 2>&1
      gateway_before=$(cpu_of "$gateway_pid"); redis_before=$(redis_cpu)
      wrk -t2 -c16 -d"${saturate}s" -s "$lua" "http://127.0.0.1:$api_port/v1/events" >"$logs/wrk-$round-wait$w.txt" 2>&1
      rps[$w]=$(awk '/Requests\/sec/ {print $2}' "$logs/wrk-$round-wait$w.txt")
      # CPU per accepted event, in ms: the gateway's and all Redis nodes'.
      cpu[$w]=$(awk -v g0="$gateway_before" -v g1="$(cpu_of "$gateway_pid")" -v r0="$redis_before" -v r1="$(redis_cpu)" -v n="${rps[$w]}" -v d="$saturate" \
        'BEGIN {printf "{\"gatewayMsPerEvent\":%.3f,\"redisMsPerEvent\":%.3f}", (g1 - g0) * 1000 / (n * d), (r1 - r0) * 1000 / (n * d)}')
      stop_gateway
    done
    ratio=$(awk "BEGIN {printf \"%.2f\", ${rps[$wait_replicas]} / ${rps[0]}}")
    ratios+=("$ratio")
    echo "{\"saturation\":{\"round\":$round,\"wait0\":${rps[0]},\"wait$wait_replicas\":${rps[$wait_replicas]},\"ratio\":$ratio,\"cpu0\":${cpu[0]},\"cpu$wait_replicas\":${cpu[$wait_replicas]}}}"
  done
  echo "{\"saturation\":{\"rounds\":$rounds,\"medianRatio\":$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')}}"
fi

[ "$duration" = 0 ] && exit 0 # saturation only
start_gateway "$wait_replicas"
GATEWAY="http://127.0.0.1:$api_port" ADMIN_KEY="$key" RATE="$rate" DURATION="$duration" BODY="$body" \
  node loadtests/failover/client.mjs >"$logs/report.json" 2>"$logs/client.log" &
client=$!
for _ in $(seq 1 100); do grep -q ready "$logs/client.log" 2>/dev/null && break; sleep 0.1; done
sleep "$kill_at"
victim=$(redis-cli -p "${ports[0]}" cluster nodes | awk '$3 ~ /master/ && $3 !~ /fail/ {split($2, a, "[:@]"); print a[2]; exit}')
kill -9 "${node_pid[$victim]}"
echo "killed master $victim at ${kill_at}s" >>"$logs/client.log"
if [ "$restart" = 1 ]; then
  sleep "$restart_after"
  start_node "$victim"
fi
wait "$client" || true
echo "{\"waitForReplicas\":$wait_replicas,\"restart\":$restart,\"rate\":$rate,\"duration\":$duration,\"run\":$(cat "$logs/report.json")}"
