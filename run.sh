#!/usr/bin/env bash
# Runs the gateway on http://127.0.0.1:8080. Without Redis:Configuration it starts a local store under .data/.
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
exec dotnet run --project src/Gateway -c Release -- "$@"
