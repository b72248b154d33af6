#!/usr/bin/env bash
# Heartbeat benchmark (issue 19): N connections due at once in the DynamoDB state store (DynamoDB
# Local, in-process), @connections answering each ping after an injected latency; one row per tick
# until all are pinged. Not part of mvn verify; numbers in docs/performance.md.
# Usage: scripts/bench-heartbeat.sh [connections=100000] [latencyMs=20] [budgetMs=50000] [store=dynamodb|memory]
set -euo pipefail
cd "$(dirname "$0")/.."
build=(-q -pl local -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
  -Dmdep.includeScope=test)
mvn -o "${build[@]}" 2>/dev/null || mvn "${build[@]}"
cp=$(cat local/target/bench.cp)
echo "machine: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
# the Lambda runtime's JIT and GC settings, as in bench-broadcast.sh
jvm_flags=${BENCH_JVM_FLAGS-"-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
java -Xmx3g ${jvm_flags} -Dsqlite4java.library.path=local/target/classes/native \
  -cp "local/target/test-classes:local/target/classes:$cp" \
  dev.socketiolambda.local.bench.HeartbeatBench "${1:-100000}" "${2:-20}" "${3:-50000}" "${4:-dynamodb}"
