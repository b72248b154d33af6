#!/usr/bin/env bash
# Local stack and runtime measurements, end to end, printed as markdown (docs/performance.md,
# "## Local stack and runtime"). Everything runs on 127.0.0.1 with free ports and is stopped at the end.
#
#   scripts/bench-local.sh                         # full run, 10-15 minutes
#   CLIENTS="1 10" DURATION_MS=5000 WARMUP_MS=10000 COLD_RUNS=2 scripts/bench-local.sh   # quick look
#   SECTIONS="cold" scripts/bench-local.sh         # only some of: artifact cold load profile
#
# 1. artifact: size of functions/target/socketio-functions.jar and its biggest contributors (unzip -v),
#    and the size of the minimized jar every function runs (socketio-functions-min.jar);
# 2. cold start:
#    a. `java -jar local/target/socketio-local.jar --port 0` launch -> "listening" -> client connected
#       -> first message-with-ack answered (scripts/bench/first-ack.js), COLD_RUNS times;
#    b. Lambda-like: a fresh JVM with only socketio-functions.jar (+ the ColdStart class) and Lambda's
#       Java 17 defaults (-XX:TieredStopAtLevel=1, SerialGC) builds `new DefaultHandler()` from the
#       environment and handles a first `$default` 42 event with ack against DynamoDB Local that is
#       already running and warm (BenchDynamo); the same after the SnapStart priming hook
#       (sdk-primed: the first invoke a restored snapshot pays); and with the in-memory store (no AWS SDK);
#       and the floor: the same JVM set-up building only the DynamoDB client and reading one item;
#       COLD_MODES picks among sdk, sdk-primed, memory, floor; each runs once per jar of COLD_JARS
#       (all = socketio-functions.jar, min = socketio-functions-min.jar), the
#       jars and modes interleaved within a run; COLD_INVOKES events each (the first two and the
#       median of the rest are reported, with the rest's median CPU time);
#    c. with LAMBDA_MEMORY (e.g. "1024 512"), b once per memory size with the CPU Lambda gives it:
#       "At 1,769 MB, a function has the equivalent of one vCPU (one vCPU-second of credits per
#       second)" (docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), so the JVM runs in
#       a cgroup whose CPU quota is MB/1769 of one CPU per CPU_PERIOD_US (default 100000), and sees 2
#       processors as on Lambda below 3,008 MB. DynamoDB Local stays outside (the remote service).
#       Needs root and a cgroup v1 cpu or v2 cpu controller; "host" runs unconstrained (the default);
# 3. load: the local stack jar and a plain Node socket.io 4 server (scripts/bench/echo-server.js)
#    side by side; for each N in CLIENTS, N socket.io-client@4 clients do sequential
#    emitWithAck("message-with-ack") for DURATION_MS, then BROADCAST rounds of "to-all"
#    (scripts/bench/load.js). Both servers are warmed up first: the local stack's JVM for WARMUP_MS
#    (10 clients, in WARMUP_CHUNK_MS chunks whose numbers show the JIT warm-up curve), Node for
#    NODE_WARMUP_MS;
# 4. where the time goes: the same load against ProfiledStack, an instrumented copy of the local
#    stack wiring, for N in PROFILE_CLIENTS.
#
# Needs: JDK 17+, Node 20 and `npm ci` in the repository root, unzip; the jars from
# `mvn -q -o package -DskipTests` (built here only when missing, or always with BUILD=1).
# Never part of `mvn verify`. The jars are copied to $OUT/jars first (a build running meanwhile
# cannot swap them under the JVMs); results (JSON lines, markdown) go to $OUT (default
# ${TMPDIR:-/tmp}/socketio-bench-local).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CLIENTS=${CLIENTS:-"1 10 50"}
DURATION_MS=${DURATION_MS:-10000}
WARMUP_MS=${WARMUP_MS:-150000}
WARMUP_CHUNK_MS=${WARMUP_CHUNK_MS:-10000}
NODE_WARMUP_MS=${NODE_WARMUP_MS:-5000}
WARMUP_ACKS=${WARMUP_ACKS:-20}
PAYLOAD=${PAYLOAD:-64}
BROADCAST=${BROADCAST:-20}
COLD_RUNS=${COLD_RUNS:-5}
COLD_MODES=${COLD_MODES:-"sdk sdk-primed memory floor"}
COLD_JARS=${COLD_JARS:-"all min"}
COLD_INVOKES=${COLD_INVOKES:-20}
LAMBDA_MEMORY=${LAMBDA_MEMORY:-host}
CPU_PERIOD_US=${CPU_PERIOD_US:-100000}
PROFILE_CLIENTS=${PROFILE_CLIENTS:-"1 10"}
SECTIONS=${SECTIONS:-"artifact cold load profile"}
OUT=${OUT:-${TMPDIR:-/tmp}/socketio-bench-local}
BUILT_LOCAL_JAR=$ROOT/local/target/socketio-local.jar
BUILT_FUNCTIONS_JAR=$ROOT/functions/target/socketio-functions.jar
LOCAL_JAR=$OUT/jars/socketio-local.jar
FUNCTIONS_JAR=$OUT/jars/socketio-functions.jar
BENCH_CLASSES=$OUT/jars/bench-classes
RESULTS=$OUT/results.jsonl
LAMBDA_JVM_FLAGS=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

for tool in java javac node unzip; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done
[ -f node_modules/socket.io/package.json ] && [ -f node_modules/socket.io-client/package.json ] \
  || { echo "socket.io / socket.io-client missing: run 'npm ci' in $ROOT" >&2; exit 1; }
role_jar() { if [ "$1" = all ]; then echo socketio-functions.jar; else echo "socketio-functions-$1.jar"; fi; }
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$BUILT_LOCAL_JAR" ] || [ ! -f "$BUILT_FUNCTIONS_JAR" ] \
    || [ ! -f "$ROOT/functions/target/socketio-functions-min.jar" ]; then
  echo "== building: mvn -q -o package -DskipTests" >&2
  mvn -q -o package -DskipTests >&2
fi
rm -rf "$OUT/jars"
mkdir -p "$OUT" "$BENCH_CLASSES"
cp "$BUILT_LOCAL_JAR" "$LOCAL_JAR"
cp "$BUILT_FUNCTIONS_JAR" "$FUNCTIONS_JAR"
for role in min; do
  cp "$ROOT/functions/target/$(role_jar "$role")" "$OUT/jars/$(role_jar "$role")"
done
JARS_BUILT_AT=$(date -u -r "$BUILT_LOCAL_JAR" '+%H:%M UTC')
: >"$RESULTS"
echo "== compiling the bench tools (local/src/test/java/dev/socketiolambda/local/bench) -> $BENCH_CLASSES" >&2
javac -nowarn -d "$BENCH_CLASSES" -cp "$LOCAL_JAR" "$ROOT"/local/src/test/java/dev/socketiolambda/local/bench/*.java

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  # the CPU cgroups of LAMBDA_MEMORY (empty once their JVMs exited)
  rmdir /sys/fs/cgroup/socketio-bench-* /sys/fs/cgroup/cpu/socketio-bench-* 2>/dev/null || true
}
trap cleanup EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "== $* (load $(load))" >&2; }
# wait_for FILE REGEX SECONDS: until a line of FILE matches
wait_for() {
  for _ in $(seq $(($3 * 10))); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1:" >&2
  cat "$1" >&2
  return 1
}
# tag KIND EXTRA_JSON_FIELDS: prefixes a one-line JSON object with fields
tag() { sed -e "s/^{/{\"kind\":\"$1\",$2/" >>"$RESULTS"; }
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
section() { [[ " $SECTIONS " == *" $1 "* ]]; }

# run_load SERVER PHASE URL PID CLIENTS DURATION_MS [load.js options]: one load.js run, tagged
run_load() {
  local server=$1 phase=$2 url=$3 pid=$4 n=$5 ms=$6
  shift 6
  node scripts/bench/load.js --url "$url" --clients "$n" --duration-ms "$ms" --warmup "$WARMUP_ACKS" \
    --payload "$PAYLOAD" --server-pid "$pid" --label "$server" "$@" \
    | tag load "\"server\":\"$server\",\"phase\":\"$phase\","
}

# warm_up SERVER URL PID: WARMUP_MS of load with 10 clients, in chunks. A fresh JVM of the local
# stack (DynamoDB Local, AWS SDK, emulator and runtime in one process) needs minutes of load before
# the JIT is done; the chunks record that curve.
warm_up() {
  local elapsed=0
  while [ "$elapsed" -lt "$WARMUP_MS" ]; do
    run_load "$1" warmup "$2" "$3" 10 "$WARMUP_CHUNK_MS"
    elapsed=$((elapsed + WARMUP_CHUNK_MS))
  done
}

# ------------------------------------------------------------------ 1. artifact
measure_artifact() {
  unzip -v "$FUNCTIONS_JAR" >"$OUT/artifact-listing.txt"
  local role jar
  : >"$OUT/artifact-sizes.txt"
  for role in all min; do
    jar=$OUT/jars/$(role_jar "$role")
    echo "$role $(stat -c %s "$jar") $(unzip -Z1 "$jar" | wc -l)" >>"$OUT/artifact-sizes.txt"
  done
}

# cpu_group MB: makes (once) the cgroup that gives its processes the CPU of a Lambda function of MB
# megabytes, and prints its directory
cpu_group() {
  local quota=$((CPU_PERIOD_US * $1 / 1769)) dir
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    dir=/sys/fs/cgroup/socketio-bench-$1
    mkdir -p "$dir" && echo "$quota $CPU_PERIOD_US" >"$dir/cpu.max"
  else
    dir=/sys/fs/cgroup/cpu/socketio-bench-$1
    mkdir -p "$dir" && echo "$CPU_PERIOD_US" >"$dir/cpu.cfs_period_us" && echo "$quota" >"$dir/cpu.cfs_quota_us"
  fi || { echo "cannot make a CPU cgroup for $1 MB (root and a cpu controller needed)" >&2; return 1; }
  echo "$dir"
}
# with_cpu_of MB COMMAND...: runs COMMAND in MB's cgroup ("host": as it is)
with_cpu_of() {
  local mb=$1
  shift
  if [ "$mb" = host ]; then
    "$@"
  else
    sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$(cpu_group "$mb")" "$@"
  fi
}

# ------------------------------------------------------------------ 2. cold start
measure_cold() {
  local i mode
  for i in $(seq "$COLD_RUNS"); do
    log "cold start of the local stack jar, run $i/$COLD_RUNS"
    node scripts/bench/first-ack.js "$LOCAL_JAR" | tag firstack "\"run\":$i,\"loadavg\":\"$(load)\","
  done

  log "DynamoDB Local for the Lambda-like cold start (BenchDynamo: tables, one seeded connection, warm-up)"
  local conn="BenchColdStart="
  rm -f "$OUT/dynamo.stdin"
  mkfifo "$OUT/dynamo.stdin"
  java -cp "$LOCAL_JAR:$BENCH_CLASSES" dev.socketiolambda.local.bench.BenchDynamo "$conn" 3000 \
    <"$OUT/dynamo.stdin" >"$OUT/dynamo.out" 2>"$OUT/dynamo.err" &
  local dynamo_pid=$!
  PIDS+=("$dynamo_pid")
  exec 7>"$OUT/dynamo.stdin" # keeps BenchDynamo's stdin open until the end of this section
  wait_for "$OUT/dynamo.out" "^dynamodb on" 180
  local dynamo_url
  dynamo_url=$(grep -o 'http://[0-9.:]*' "$OUT/dynamo.out")
  grep '^warm-up' "$OUT/dynamo.out" | sed 's/.*/{"text":"&"}/' | tag dynamo-warmup ""
  local jar mb cpus
  for i in $(seq "$COLD_RUNS"); do
    for jar in $COLD_JARS; do
      for mb in $LAMBDA_MEMORY; do
        cpus=()
        [ "$mb" = host ] || cpus=(-XX:ActiveProcessorCount=2)
        for mode in $COLD_MODES; do
          log "Lambda-like cold start ($jar jar, $mb MB, $mode), run $i/$COLD_RUNS"
          # a clean environment holding what the function would get on AWS (dummy credentials)
          with_cpu_of "$mb" env -i PATH="$PATH" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
            SOCKETIO_APP=dev.socketiolambda.functions.apps.DemoApp DYNAMODB_ENDPOINT="$dynamo_url" \
            SOCKETIO_MANAGEMENT_ENDPOINT=http://127.0.0.1:1/local \
            java "${LAMBDA_JVM_FLAGS[@]}" "${cpus[@]}" -cp "$OUT/jars/$(role_jar "$jar"):$BENCH_CLASSES" \
            dev.socketiolambda.local.bench.ColdStart "$mode" "$(date +%s%6N)" "$conn" "$COLD_INVOKES" \
            | tag coldstart "\"run\":$i,\"jar\":\"$jar\",\"memory\":\"$mb\",\"loadavg\":\"$(load)\","
        done
      done
    done
  done
  exec 7>&-
  stop "$dynamo_pid"
}

# ------------------------------------------------------------------ 3. load, side by side
measure_load() {
  local n
  log "starting the local stack jar and the Node socket.io server"
  java -jar "$LOCAL_JAR" --port 0 >"$OUT/local.out" 2>"$OUT/local.err" &
  local local_pid=$!
  PIDS+=("$local_pid")
  node scripts/bench/echo-server.js 0 >"$OUT/node.out" 2>"$OUT/node.err" &
  local node_pid=$!
  PIDS+=("$node_pid")
  wait_for "$OUT/local.out" "^listening on" 120
  wait_for "$OUT/node.out" "^listening on" 30
  local local_url node_url
  local_url=$(grep -o 'ws://[0-9.:]*' "$OUT/local.out")
  node_url=$(grep -o 'ws://[0-9.:]*' "$OUT/node.out")

  log "warm-up: local stack ${WARMUP_MS} ms in chunks of ${WARMUP_CHUNK_MS} ms, Node ${NODE_WARMUP_MS} ms, 10 clients"
  warm_up local "$local_url" "$local_pid"
  run_load node warmup "$node_url" "$node_pid" 10 "$NODE_WARMUP_MS"
  for n in $CLIENTS; do
    log "$n clients: local stack"
    run_load local measure "$local_url" "$local_pid" "$n" "$DURATION_MS" --broadcast "$BROADCAST"
    log "$n clients: Node socket.io"
    run_load node measure "$node_url" "$node_pid" "$n" "$DURATION_MS" --broadcast "$BROADCAST"
  done
  stop "$local_pid"
  stop "$node_pid"
}

# ------------------------------------------------------------------ 4. where the time goes
measure_profile() {
  local n
  log "starting ProfiledStack (instrumented local stack)"
  java -cp "$LOCAL_JAR:$BENCH_CLASSES" dev.socketiolambda.local.bench.ProfiledStack \
    >"$OUT/profiled.out" 2>"$OUT/profiled.err" &
  local pid=$!
  PIDS+=("$pid")
  wait_for "$OUT/profiled.out" "^listening on" 120
  local url stats_url
  url=$(grep -o 'ws://[0-9.:]*' "$OUT/profiled.out")
  stats_url=$(grep -o 'http://[0-9.:]*' "$OUT/profiled.out")
  log "warm-up: ProfiledStack ${WARMUP_MS} ms"
  warm_up profiled "$url" "$pid"
  for n in $PROFILE_CLIENTS; do
    log "$n clients: ProfiledStack"
    run_load profiled measure "$url" "$pid" "$n" "$DURATION_MS" --stats-url "$stats_url" --broadcast "$BROADCAST"
  done
  stop "$pid"
}

START_LOAD=$(load)
log "start"
ARTIFACT_BYTES=$(stat -c %s "$FUNCTIONS_JAR")
ARTIFACT_LISTING=
if section artifact; then
  measure_artifact
  ARTIFACT_LISTING=$OUT/artifact-listing.txt
fi
if section cold; then
  measure_cold
fi
if section load; then
  measure_load
fi
if section profile && [ -n "$PROFILE_CLIENTS" ]; then
  measure_profile
fi

# ------------------------------------------------------------------ report
{
  echo "Run: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -n "$(git status --porcelain 2>/dev/null)" ] && echo ' (working tree has uncommitted changes)'), jars built at $JARS_BUILT_AT."
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -m | awk '/^Mem:/ {printf "%.1f GiB RAM", $2/1024}'); $(java -version 2>&1 | head -1 | tr -d '"'); Node $(node --version)."
  echo "Load average (1/5/15 min): $START_LOAD at the start, $(load) at the end; per cell in the tables."
  echo "Settings: CLIENTS=\"$CLIENTS\" DURATION_MS=$DURATION_MS WARMUP_MS=$WARMUP_MS WARMUP_CHUNK_MS=$WARMUP_CHUNK_MS NODE_WARMUP_MS=$NODE_WARMUP_MS WARMUP_ACKS=$WARMUP_ACKS PAYLOAD=$PAYLOAD BROADCAST=$BROADCAST COLD_RUNS=$COLD_RUNS COLD_MODES=\"$COLD_MODES\" COLD_JARS=\"$COLD_JARS\" PROFILE_CLIENTS=\"$PROFILE_CLIENTS\"."
  grep '"kind":"dynamo-warmup"' "$RESULTS" | sed -e 's/.*"text":"\(.*\)"}/DynamoDB Local (BenchDynamo, same JVM as the client) \1./' || true
  echo
  ARTIFACT_BYTES=$ARTIFACT_BYTES ARTIFACT_SIZES=$OUT/artifact-sizes.txt node scripts/bench/report.js "$RESULTS" $ARTIFACT_LISTING
} | tee "$OUT/report.md"
log "done: $OUT/report.md, raw results in $RESULTS"
