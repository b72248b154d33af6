#!/usr/bin/env bash
# Broadcast benchmark (issue: fan-out engine): N real socket.io clients in one room on the local
# stack, @connections answering after an injected latency. Prints a markdown table.
# Usage: scripts/bench-broadcast.sh [clients=1000] [latencyMs=20] [rounds=5] [concurrency=256]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules/socket.io-client ] || npm ci --no-audit --no-fund
# A reactor build, no install: the sibling modules come from their target/classes in this tree,
# never from (possibly stale, shared) jars in ~/.m2.
build=(-q -pl local -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
  -Dmdep.includeScope=test)
mvn -o "${build[@]}" 2>/dev/null || mvn "${build[@]}"
cp=$(cat local/target/bench.cp)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load: $(cut -d' ' -f1-3 /proc/loadavg)"
ulimit -n 65536 2>/dev/null || true
# The JIT and GC of the Lambda java17/java21 runtimes (AWS Lambda docs, "Customize Java runtime startup
# behavior": tiered compilation stops at level 1, Serial GC): the fan-out runs here as it runs on Lambda.
# BENCH_JVM_FLAGS="" measures with the JVM's own defaults (C2, G1) instead; BENCH_JAVA_OPTS adds flags (JFR).
jvm_flags=${BENCH_JVM_FLAGS-"-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
echo "jvm flags: ${jvm_flags:-(JVM defaults)} ${BENCH_JAVA_OPTS:-}"
java -Xmx2g ${jvm_flags} ${BENCH_JAVA_OPTS:-} -Dsqlite4java.library.path=local/target/classes/native \
  -cp "local/target/test-classes:local/target/classes:$cp" \
  dev.socketiolambda.local.bench.BroadcastBench "${1:-1000}" "${2:-20}" "${3:-5}" "${4:-256}"
