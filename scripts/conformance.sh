#!/usr/bin/env bash
# The official socket.io-protocol test suite (github.com/socketio/socket.io-protocol, test-suite/)
# against the local stack running `--app conformance` on 127.0.0.1:3000 (the port the suite hard-codes),
# polling and WebSocket. The suite is extracted to a temporary directory at run time and never committed.
#
#   scripts/conformance.sh                      # route responses off (as deployed by default)
#   ROUTE_RESPONSES=on scripts/conformance.sh   # route responses on: the suite sees the noop `6` where it waits for a frame
#   SUITE_GIT_DIR=/path/to/socket.io-protocol/.git scripts/conformance.sh   # a local clone instead of GitHub
#
# Needs: JDK 17+, Node 18+, npm (the suite's own devDependencies are installed in the temp dir), git;
# the jar from `mvn -q -o package -DskipTests -pl local -am` (built here when missing).
# Prints mocha's summary; exits with mocha's status (the number of failing tests). Never part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
ROUTE_RESPONSES=${ROUTE_RESPONSES:-off}
JAR=${JAR:-$ROOT/local/target/socketio-local.jar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/socketio-conformance.XXXXXX")
STACK_PID=
cleanup() {
  if [ -n "$STACK_PID" ]; then kill "$STACK_PID" 2>/dev/null || true; wait "$STACK_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in java node npm git curl; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
  echo "== building: mvn -q -o package -DskipTests -pl local -am" >&2
  mvn -B -q -o package -DskipTests -pl local -am
fi

echo "== extracting the suite to $WORK" >&2
if [ -n "${SUITE_GIT_DIR:-}" ]; then
  git --git-dir="$SUITE_GIT_DIR" archive HEAD test-suite | tar -x -C "$WORK"
else
  git clone -q --depth 1 https://github.com/socketio/socket.io-protocol "$WORK/repo"
  mv "$WORK/repo/test-suite" "$WORK/test-suite"
fi
(cd "$WORK/test-suite" && npm install --no-audit --no-fund --silent >/dev/null)

echo "== starting the local stack: --app conformance --route-responses $ROUTE_RESPONSES" >&2
java -jar "$JAR" --app conformance --port 3000 --route-responses "$ROUTE_RESPONSES" >"$WORK/stack.log" 2>&1 &
STACK_PID=$!
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:3000/socket.io/?EIO=4&transport=polling" && break
  kill -0 "$STACK_PID" 2>/dev/null || { cat "$WORK/stack.log" >&2; exit 1; }
  sleep 0.5
done

cd "$WORK/test-suite"
set +e
# --exit: the suite leaves sockets open after its last test (mocha would wait for them)
npx mocha --exit --reporter "${REPORTER:-spec}" test-suite.js
status=$?
exit $status
