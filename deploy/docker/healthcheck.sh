#!/usr/bin/env bash
# Container health: GET /healthz must answer 200. The runtime image has no curl or wget, so this
# speaks HTTP over bash's /dev/tcp. HEALTHCHECK_PORT overrides the port (default 8080), HEALTHCHECK_PATH the path
# (default /healthz; the edge image sets /edge/healthz, since everything else it forwards).
set -euo pipefail
port="${HEALTHCHECK_PORT:-8080}"
path="${HEALTHCHECK_PATH:-/healthz}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "${path}" >&3
read -r -t 3 status_line <&3
exec 3<&-
[[ "${status_line}" == HTTP/1.?" 200 "* ]]
