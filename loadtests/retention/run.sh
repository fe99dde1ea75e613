#!/usr/bin/env bash
# Runs the gateway under steady load with short retention and samples Redis used_memory, to show it levels off.
# Everything listens on 127.0.0.1; every process started here is stopped on exit.
# Usage: loadtests/retention/run.sh [seconds=240] [eventsPerSecond=100] [sampleSeconds=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-240}
RATE=${2:-100}
SAMPLE=${3:-10}
REDIS_PORT=${REDIS_PORT:-16391}
GATEWAY_PORT=${GATEWAY_PORT:-15081}
RECEIVER_PORT=${RECEIVER_PORT:-17081}
ADMIN_KEY=retention-admin-key
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >/tmp/retention-redis.log 2>&1 &
pids+=($!)
node loadtests/retention/receiver.js "$RECEIVER_PORT" &
pids+=($!)
dotnet build src/Gateway -c Release -v q -nologo >/dev/null
Redis__Configuration=127.0.0.1:$REDIS_PORT Gateway__AdminApiKey=$ADMIN_KEY Encryption__Key="$(head -c 32 /dev/urandom | base64)" \
Security__AllowPrivateNetworks=true Security__AllowHttp=true \
Delivery__LogRetention=00:01:00 Delivery__AttemptLogSize=200 Delivery__DeadLetterLimit=500 \
Delivery__RetrySchedule=00:00:01,00:00:02 Delivery__BreakerFailureThreshold=10000 \
Gateway__EventRetention=00:01:00 Logging__LogLevel__Default=Warning \
dotnet src/Gateway/bin/Release/net10.0/Gateway.dll --urls "http://127.0.0.1:$GATEWAY_PORT" >/tmp/retention-gateway.log 2>&1 &
pids+=($!)

GW=http://127.0.0.1:$GATEWAY_PORT
for _ in $(seq 1 100); do curl -sf "$GW/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$GW/readyz" >/dev/null || { echo "the gateway did not start; see /tmp/retention-gateway.log" >&2; tail -5 /tmp/retention-gateway.log >&2; exit 1; }
API_KEY=$(curl -sf -X POST "$GW/admin/tenants" -H "authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json' -d '{"name":"retention"}' | jq -r .apiKey)
endpoint() { curl -sf -X POST "$GW/v1/endpoints" -H "authorization: Bearer $API_KEY" -H 'content-type: application/json' -d "$1" | jq -r .id; }
R=http://127.0.0.1:$RECEIVER_PORT
echo "endpoints: all $(endpoint "{\"url\":\"$R/all\",\"eventTypes\":[\"*\"]}")," \
  "over 50 $(endpoint "{\"url\":\"$R/big\",\"eventTypes\":[\"order.*\"],\"filter\":{\"\$orderTotal\":{\"gt\":50}}}")," \
  "blocklist $(endpoint "{\"url\":\"$R/nospam\",\"eventTypes\":[\"*\"],\"filter\":{\"\$customerEmail\":{\"nlike\":[\"*@spam.com\"]}}}")," \
  "failing $(endpoint "{\"url\":\"$R/down\",\"eventTypes\":[\"*\"]}")"
echo "load: $RATE events/s for $SECONDS_TO_RUN s; retention 1 min (logs, activity, dead letters, event bodies)"
node loadtests/retention/drive.js "$GW" "$API_KEY" "$REDIS_PORT" "$RATE" "$SECONDS_TO_RUN" "$SAMPLE"
echo "largest keys by type:"
redis-cli -p "$REDIS_PORT" --bigkeys 2>/dev/null | grep -E "^Biggest|found" | head -12
curl -sf "$GW/v1/stats/summary" -H "authorization: Bearer $API_KEY" | jq -c .
