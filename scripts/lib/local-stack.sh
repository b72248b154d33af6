# shellcheck shell=bash
# Starting the local stack jar for the scripts that drive it (scripts/load-run.sh, scripts/fuzz.sh;
# FuzzIT runs fuzz.sh). Source it from the repository root, then:
#
#   local_stack_jar "$OUT"                  # builds the jar when missing, copies it to $OUT
#   start_local_stack "$OUT" [JVM options] -- [stack options]
#
# start_local_stack runs the copy in the background (standard output in $OUT/stack.out, errors in
# $OUT/stack.err), stops it when the script exits, waits up to 120 s for it to listen, and sets
# STACK (its pid), STACK_URL (ws://...) and STACK_DYNAMO (its DynamoDB endpoint); it exits 1 with
# the stack's errors when the stack dies or does not start.

local_stack_jar() {
  local out=$1 jar=${JAR:-local/target/socketio-local.jar}
  [ -f "$jar" ] || mvn -B -q -o package -DskipTests
  mkdir -p "$out"
  cp "$jar" "$out/socketio-local.jar" # a build running meanwhile cannot swap it under the JVM
}

start_local_stack() {
  local out=$1 jvm=()
  shift
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  java "${jvm[@]}" -jar "$out/socketio-local.jar" "$@" >"$out/stack.out" 2>"$out/stack.err" &
  STACK=$!
  trap 'kill $STACK 2>/dev/null || true; wait $STACK 2>/dev/null || true' EXIT
  for _ in $(seq 1 240); do
    grep -q "listening on" "$out/stack.out" 2>/dev/null && break
    kill -0 $STACK 2>/dev/null || { cat "$out/stack.err" >&2; exit 1; }
    sleep 0.5
  done
  STACK_URL=$(grep "listening on" "$out/stack.out" | awk '{print $3}')
  STACK_DYNAMO=$(grep "dynamodb on" "$out/stack.out" | awk '{print $3}')
  [ -n "$STACK_URL" ] || { echo "the local stack did not start" >&2; cat "$out/stack.err" >&2; exit 1; }
}
