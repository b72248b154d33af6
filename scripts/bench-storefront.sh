#!/usr/bin/env bash
# Storefront latency benchmark (seed 004, examples/storefront): the local stack with --app storefront and
# N real socket.io buyers with verified tokens. Measures HTTP write -> client receipt, p50/p99, and the
# delivery rate, twice: through the stream (route -> table -> stream poller -> hook -> broadcast) and with
# the direct path (STOREFRONT_DIRECT_EVENTS: the product routes emit after their write). Two modes:
# - single (default): all N buyers view one product, a seller changes its price R times: one broadcast to
#   all N (the fan-out bound). Usage: scripts/bench-storefront.sh [buyers=1000] [rounds=20] [streamPollMs=100]
# - mix: the seed's traffic: N buyers over 100 products (~10 viewers each) with a cart line each, price
#   changes, cart puts, orders and stock drops through the routes, paced; per event and recipient.
#   Usage: scripts/bench-storefront.sh mix [buyers=1000] [perType=500] [writesPerSecond=25] [streamPollMs=100]
# Outside mvn verify; numbers go in examples/storefront/README.md. Pings every minute (as deployments
# should), so that 1,000 clients on a loaded laptop are not dropped by heartbeats.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/socket.io-client ] || npm ci --no-audit --no-fund
mode=single; direct="product:price_changed"
if [ "${1:-}" = mix ]; then
  shift; mode=mix
  direct="product:price_changed,product:stock_changed,product:low_stock,stock:low,analytics:inventory_alert"
  buyers=${1:-1000}; rounds=${2:-500}; rate=${3:-25}; poll=${4:-100}
else
  buyers=${1:-1000}; rounds=${2:-20}; poll=${3:-100}
fi
jar=${STOREFRONT_BENCH_JAR:-local/target/socketio-local.jar}
[ -f "$jar" ] || mvn -q -o package -pl local -am -DskipTests
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg)"
ulimit -n 65536 2>/dev/null || true
secret="bench-storefront-secret-$(date +%s)-0123456789abcdef"
run_one() { # $1 = label, $2 = STOREFRONT_DIRECT_EVENTS
  local log port pid
  log=$(mktemp)
  java -Xmx2g -jar "$jar" --app storefront --port 0 --web-port 0 --stream-poll-ms "$poll" \
    --ping-interval 60000 --ping-timeout 60000 \
    --app-env AUTH_JWT_SECRET="$secret" --app-env STOREFRONT_DIRECT_EVENTS="$2" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do grep -q "listening on ws://" "$log" && break; sleep 1; done
  port=$(grep -o "listening on ws://127.0.0.1:[0-9]*" "$log" | head -1 | grep -o "[0-9]*$")
  if [ -z "$port" ]; then cat "$log"; kill "$pid"; exit 1; fi
  echo "$1 (load at start: $(cut -d' ' -f1-3 /proc/loadavg)):"
  if [ "$mode" = mix ]; then
    STOREFRONT_SECRET="$secret" node local/src/test/node/storefront-bench.js "ws://127.0.0.1:$port" \
      "http://127.0.0.1:$port" mix "$buyers" "$rounds" "$rate" || true
  else
    STOREFRONT_SECRET="$secret" node local/src/test/node/storefront-bench.js "ws://127.0.0.1:$port" \
      "http://127.0.0.1:$port" "$buyers" "$rounds" || true
  fi
  echo "(load at end: $(cut -d' ' -f1-3 /proc/loadavg))"
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$log"
}
run_one "stream (poll ${poll} ms)" ""
run_one "direct ($direct)" "$direct"
