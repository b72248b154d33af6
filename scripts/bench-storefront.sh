#!/usr/bin/env bash
# Storefront latency benchmark (seed 004, examples/storefront): the local stack with --app storefront,
# N real socket.io buyers viewing one product, a seller changing its price R times through the HTTP route.
# Measures HTTP write -> client receipt of product:price_changed, p50/p99, and the delivery rate, twice:
# through the stream (route -> table -> stream poller -> hook -> broadcast) and the direct path
# (STOREFRONT_DIRECT_EVENTS: the route emits after its write). Outside mvn verify; numbers go in
# examples/storefront/README.md. Pings every minute (as deployments should), so that 1,000 clients on a
# loaded laptop are not dropped by heartbeats. Usage: scripts/bench-storefront.sh [buyers=1000] [rounds=20] [streamPollMs=100]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/socket.io-client ] || npm ci --no-audit --no-fund
buyers=${1:-1000}; rounds=${2:-20}; poll=${3:-100}
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
  echo -n "$1: "
  STOREFRONT_SECRET="$secret" node local/src/test/node/storefront-bench.js "ws://127.0.0.1:$port" \
    "http://127.0.0.1:$port" "$buyers" "$rounds" || true
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -f "$log"
}
run_one "stream (poll ${poll} ms)" ""
run_one "direct" "product:price_changed"
