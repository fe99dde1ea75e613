#!/usr/bin/env bash
# Builds and runs every test. Installs what a fresh machine lacks first.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v redis-cli >/dev/null || missing+=(redis-tools)
command -v promtool >/dev/null || missing+=(prometheus)
[ -x /usr/bin/chromium ] || missing+=(chromium)   # the console's browser tests (Playwright drives it)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)   # RabbitMQ destinations (tests start their own node)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # The package starts a system broker; the tests run their own node on private ports and need none.
    if [[ " ${missing[*]} " == *" rabbitmq-server "* ]]; then
      (service rabbitmq-server stop || systemctl stop rabbitmq-server) >/dev/null 2>&1 || true
    fi
  else
    echo "test.sh: missing ${missing[*]}; install them (apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

# Playwright drives Debian's chromium; it must not try to download its own browsers.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
dotnet tool restore >/dev/null
if [ -f tests/js/package.json ]; then
  (cd tests/js && npm ci --silent --no-audit --no-fund)
fi

results="$(mktemp -d)"
status=0
dotnet test Gateway.sln -c Release --logger "console;verbosity=normal" \
  --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" || status=$?

# The console log is long; repeat any failure at its end, where a truncated CI log still shows it.
if [ "$status" -ne 0 ]; then
  echo "==== failed tests ===="
  find "$results" -name '*.trx' -exec awk '
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11); show = 1; lines = 0; next }
    show && /<\/UnitTestResult>/ { show = 0; print ""; next }
    show && lines < 25 { gsub(/<[^>]*>/, ""); if ($0 ~ /[^ \t]/) { print "  " $0; lines++ } }
  ' {} +
fi
rm -rf "$results"
exit "$status"
