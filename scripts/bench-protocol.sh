#!/usr/bin/env bash
# Protocol codec throughput: the Java codec (JMH, protocol/src/jmh) against socket.io-parser +
# engine.io-parser on Node (protocol/src/jmh/node/bench-protocol.js), same frames, same operations
# (decode + encode of one message). Prints a table with the Java/Node ratio.
#
#   scripts/bench-protocol.sh            # 1 fork, 3 warmup x 2 s, 5 measurement x 2 s (both sides)
#   WARMUPS=1 ITERATIONS=2 SECONDS_PER_ITERATION=1 scripts/bench-protocol.sh   # quick look
#
# Needs: JDK 17+, Maven, Node 20 and `npm ci` in the repository root. Never part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WARMUPS=${WARMUPS:-3}
ITERATIONS=${ITERATIONS:-5}
SECONDS_PER_ITERATION=${SECONDS_PER_ITERATION:-2}
OUT=${OUT:-$ROOT/protocol/target/bench}
mkdir -p "$OUT"

if ! command -v node >/dev/null; then
  echo "node not found: install Node 20 and run 'npm ci' in $ROOT" >&2
  exit 1
fi
if [ ! -f node_modules/socket.io-parser/package.json ] || [ ! -f node_modules/engine.io-parser/package.json ]; then
  echo "socket.io-parser / engine.io-parser missing: run 'npm ci' in $ROOT" >&2
  exit 1
fi

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== building the JMH benchmark (mvn -Pbench)"
mvn -q -B -Pbench -pl protocol test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt" >/dev/null
CP="$ROOT/protocol/target/test-classes:$ROOT/protocol/target/classes:$(cat "$OUT/classpath.txt")"

echo "== Java (JMH: 1 fork, ${WARMUPS} warmup x ${SECONDS_PER_ITERATION}s, ${ITERATIONS} measurement x ${SECONDS_PER_ITERATION}s)"
(cd protocol && java -cp "$CP" org.openjdk.jmh.Main 'dev.socketiolambda.protocol.bench.ProtocolCodecBenchmark' \
  -f 1 -wi "$WARMUPS" -w "${SECONDS_PER_ITERATION}s" -i "$ITERATIONS" -r "${SECONDS_PER_ITERATION}s" \
  -rf json -rff "$OUT/jmh.json") | grep -E '^(Benchmark|ProtocolCodecBenchmark)' || true

echo "== Node (same warmup and measurement)"
node protocol/src/jmh/node/bench-protocol.js "$WARMUPS" "$ITERATIONS" "$SECONDS_PER_ITERATION" >"$OUT/node.json"

echo "== results (load average now $(cut -d' ' -f1-3 /proc/loadavg))"
node - "$OUT/jmh.json" "$OUT/node.json" <<'JS'
const fs = require("fs");
const jmh = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const node = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const labels = {
  chatEvent: '(a) 42["chat",{~200 B}]',
  ack: '(b) 431["ok",{...}]',
  binaryEventWithTwoAttachments: "(c) binary event, 2 x 1 KB",
};
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const rows = [["case", "Java ops/s (± err)", "Node ops/s (± sd)", "Java/Node"]];
for (const [key, label] of Object.entries(labels)) {
  const j = jmh.find((r) => r.benchmark.endsWith("." + key));
  const n = node[key];
  rows.push([label, `${fmt(j.primaryMetric.score)} ± ${fmt(j.primaryMetric.scoreError)}`,
    `${fmt(n.opsPerSecond)} ± ${fmt(n.stdev)}`, (j.primaryMetric.score / n.opsPerSecond).toFixed(2) + "x"]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r) => "| " + r.map((v, c) => v.padEnd(widths[c])).join(" | ") + " |";
console.log(line(rows[0]));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
rows.slice(1).forEach((r) => console.log(line(r)));
console.log(`\nJDK ${jmh[0].jdkVersion} (${jmh[0].vmName}), ${node.versions.node}, socket.io-parser ${node.versions["socket.io-parser"]}`);
JS
