#!/usr/bin/env bash
# The long fuzz run of issue 19 against the live local endpoint (FuzzIT in `mvn verify` runs 1,500
# frames; this one 100,000 by default). Starts the local stack jar with the conformance app (with
# socket.io's default ping and connect timings, not the protocol suite's 300 ms ones) on free
# ports, runs local/src/test/node/fuzz.js (raw WebSocket clients sending random and mutated
# Engine.IO / Socket.IO frames, each followed by a ping the server must answer; socket.io-client
# canaries emitting with acks all along), prints its JSON line and the server's error lines, stops.
#
#   scripts/fuzz.sh                               # 100,000 frames, 16 connections, 5 canaries
#   FRAMES=10000 CONNECTIONS=4 SEED=7 scripts/fuzz.sh
#   EXTRA_ARGS="--parallel-default-ms 20" scripts/fuzz.sh   # any local stack options
#
# Exits 0 when every server frame decoded with the reference parsers, no connection stalled, every
# canary ack came back, no canary was disconnected and a client connecting afterwards was served.
# Needs: JDK 17+, Node 20, `npm ci` in the repository root, the jar from `mvn -q -o package -DskipTests`
# (built when missing). Never part of `mvn verify`. Numbers: docs/performance.md, "Fuzz run".
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES=${FRAMES:-100000}
CONNECTIONS=${CONNECTIONS:-16}
CANARIES=${CANARIES:-5}
SEED=${SEED:-20261204}
OUT=${OUT:-${TMPDIR:-/tmp}/socketio-fuzz}
[ -f node_modules/socket.io-client/package.json ] || { echo "socket.io-client missing: run 'npm ci'" >&2; exit 1; }
# shellcheck source=scripts/lib/local-stack.sh
. scripts/lib/local-stack.sh
local_stack_jar "$OUT"

# shellcheck disable=SC2086
start_local_stack "$OUT" -- --app conformance --port 0 --ping-interval 25000 --ping-timeout 20000 \
  --connect-timeout 45000 --tick-ms 1000 ${EXTRA_ARGS:-}
URL=$STACK_URL
echo "== fuzz: $FRAMES frames over $CONNECTIONS connections, $CANARIES canaries, seed $SEED, against $URL" >&2
START=$(date +%s)
set +e
FRAMES=$FRAMES CONNECTIONS=$CONNECTIONS CANARIES=$CANARIES SEED=$SEED SCENARIO_TIMEOUT_MS=7200000 \
  node local/src/test/node/fuzz.js "$URL" | tee "$OUT/result.json"
RC=${PIPESTATUS[0]}
set -e
echo "== $(( $(date +%s) - START )) s; exit $RC; server error lines: $(grep -c "error" "$OUT/stack.err" || true) (in $OUT/stack.err)" >&2
grep -i "exception\|error" "$OUT/stack.err" | sed 's/connection [A-Za-z0-9=_-]*/connection …/' | sort | uniq -c | sort -rn | head -15 >&2 || true
exit $RC
