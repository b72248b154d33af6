#!/usr/bin/env bash
# The load run of issue 19 (never part of `mvn verify`): the local stack jar with the demo app,
# 5 % of PostToConnection calls failing (429 and 5xx, which AWS answers under load; a 410 means the
# connection is really gone, so it is not injected for live clients), 2 % of DynamoDB requests
# throttled, then scripts/bench/load-reliability.js: N real socket.io-client connections, events with
# acks, room broadcasts, an optional soak with the server's heap after GC sampled each minute, and
# the state table scanned until empty after everyone left.
#
#   scripts/load-run.sh                                   # 2,000 clients, 50,000 acks, 500 broadcasts
#   CLIENTS=200 EVENTS=5000 BROADCASTS=50 scripts/load-run.sh
#   SOAK_MIN=30 scripts/load-run.sh                       # plus a 30-minute soak
#   PING_INTERVAL=24000 PING_TIMEOUT=12000 EXTRA_ARGS="--idle-timeout-ms 60000" scripts/load-run.sh
#                                                         # a soak with every timing ten times shorter
#   EXTRA_ARGS="--parallel-default-ms 20" scripts/load-run.sh
#
# The heartbeat is the deployment's (240 s / 120 s, EngineConfig.DEFAULT), not the local stack's
# socket.io-like default (25 s / 20 s); the API Gateway emulator keeps its idle timeout (10 min)
# and maximum connection duration (2 h) unless EXTRA_ARGS sets --idle-timeout-ms / --max-duration-ms.
# Every dropped client is reported with its disconnect reason and time (load-reliability.js), and
# the connections the emulator itself closed are counted from its log.
#
# Exits 0 when no ack and no broadcast delivery was lost or duplicated, no client was dropped and
# no row was left. Needs: JDK 17+ (jcmd), Node 20, `npm ci`, the jar from `mvn -q package -DskipTests`
# (built when missing). Numbers: docs/performance.md, "Load run".
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-2000}
EVENTS=${EVENTS:-50000}
BROADCASTS=${BROADCASTS:-500}
ROOMS=${ROOMS:-20}
SOAK_MIN=${SOAK_MIN:-0}
POST_FAULTS=${POST_FAULTS:-0.05}
DYNAMO_FAULTS=${DYNAMO_FAULTS:-0.02}
PING_INTERVAL=${PING_INTERVAL:-240000}
PING_TIMEOUT=${PING_TIMEOUT:-120000}
OUT=${OUT:-${TMPDIR:-/tmp}/socketio-load-run}
[ -f node_modules/socket.io-client/package.json ] || { echo "socket.io-client missing: run 'npm ci'" >&2; exit 1; }
# shellcheck source=scripts/lib/local-stack.sh
. scripts/lib/local-stack.sh
local_stack_jar "$OUT"
ulimit -n 65536 2>/dev/null || true

# shellcheck disable=SC2086
start_local_stack "$OUT" -Xmx${HEAP:-4g} -- --app demo --port 0 \
  --ping-interval "$PING_INTERVAL" --ping-timeout "$PING_TIMEOUT" \
  --post-failure-rate "$POST_FAULTS" --post-failure-kinds 429,500,502,503,504 --fault-seed 19 \
  --dynamo-failure-rate "$DYNAMO_FAULTS" --dynamo-failure-kinds throttle --dynamo-fault-seed 19 \
  ${EXTRA_ARGS:-}
URL=$STACK_URL
DYNAMO=$STACK_DYNAMO
[ -n "$DYNAMO" ] || { echo "the local stack did not start" >&2; exit 1; }
echo "== load run: $CLIENTS clients, $EVENTS acks, $BROADCASTS broadcasts, soak $SOAK_MIN min," \
  "ping $PING_INTERVAL/$PING_TIMEOUT ms${EXTRA_ARGS:+, $EXTRA_ARGS}, against $URL;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
START=$(date +%s)
set +e
node scripts/bench/load-reliability.js --url "$URL" --dynamo "$DYNAMO" --clients "$CLIENTS" --rooms "$ROOMS" \
  --events "$EVENTS" --broadcasts "$BROADCASTS" --soak-min "$SOAK_MIN" --server-pid "$STACK" | tee "$OUT/result.json"
RC=${PIPESTATUS[0]}
set -e
echo "== $(( $(date +%s) - START )) s; exit $RC; load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "server error lines: $(grep -ci "exception\|error" "$OUT/stack.err" || true) (in $OUT/stack.err)" >&2
grep -i "exception\|error" "$OUT/stack.err" | sed 's/connection [A-Za-z0-9=_-]*/connection …/' | sort | uniq -c | sort -rn | head -15 >&2 || true
# the emulator's own closes (idle timeout, maximum connection duration), by kind
echo "== connections the API Gateway emulator closed: $(grep -c "with 1001 Going away" "$OUT/stack.err" || true)" >&2
grep "with 1001 Going away" "$OUT/stack.err" | sed 's/.*Going away: //; s/[0-9][0-9]* ms (/N ms (/' | sort | uniq -c >&2 || true
exit $RC
