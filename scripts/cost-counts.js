#!/usr/bin/env node
// Counts, on the running local stack, what the runtime spends per operation: the cost model's
// runtime rows (scripts/cost-model.js, docs/cost.md) checked against the counters, not the docs.
//
//   npm ci && mvn -q -o package -DskipTests -pl local -am
//   node scripts/cost-counts.js [local/target/socketio-local.jar]
//
// Starts `java -jar JAR --port 0` (demo application, DynamoDB Local in process), connects
// socket.io-client@4 clients over WebSocket and, around each operation, reads `GET /metrics` (the
// runtime's counters: DynamoDbRequests, FramesIn, FramesOut, Broadcasts...). Prints one markdown
// table of counter deltas per operation (averaged over REPEAT runs of it). Stops the JVM at the end.
// Everything on 127.0.0.1; bounded by a 180 s guard.
"use strict";
const path = require("path");
const { spawn } = require("child_process");
const { io } = require(path.join(__dirname, "..", "node_modules", "socket.io-client"));

const jar = process.argv[2] || path.join(__dirname, "..", "local", "target", "socketio-local.jar");
const REPEAT = Number(process.env.REPEAT || 20);
const COUNTERS = ["DynamoDbRequests", "FramesIn", "EventsIn", "FramesOut", "Broadcasts", "BroadcastRecipients"];

const child = spawn("java", ["-jar", jar, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let out = "";
let err = "";
child.stderr.on("data", (d) => (err += d));
const stop = (code) => { try { child.kill("SIGTERM"); } catch (e) {} process.exit(code); };
const guard = setTimeout(() => { console.error("cost-counts: not done within 180 s\n" + err); stop(1); }, 180000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

child.stdout.on("data", (d) => {
  out += d;
  const m = out.match(/listening on ws:\/\/([0-9.:]+)/);
  if (!m || child.started) return;
  child.started = true;
  run(m[1]).then(() => { clearTimeout(guard); stop(0); }, (e) => { console.error(e.stack || e); stop(1); });
});

async function metrics(host) {
  const r = await fetch(`http://${host}/metrics`);
  return r.json();
}

// the counters once they stop moving (the async open step and deliveries run after the reply)
async function settled(host) {
  let last = JSON.stringify(await metrics(host));
  for (let i = 0; i < 40; i++) {
    await sleep(100);
    const now = JSON.stringify(await metrics(host));
    if (now === last) return JSON.parse(now);
    last = now;
  }
  return JSON.parse(last);
}

function connect(host) {
  return new Promise((resolve, reject) => {
    const s = io(`ws://${host}`, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 30000 });
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });
}

async function run(host) {
  const rows = [];
  const measure = async (label, times, op) => {
    const before = await settled(host);
    for (let i = 0; i < times; i++) await op(i);
    const after = await settled(host);
    rows.push({ label, times, delta: Object.fromEntries(COUNTERS.map((c) => [c, ((after[c] || 0) - (before[c] || 0)) / times])) });
  };
  const clients = [];
  await measure("connect: `$connect`, open step, CONNECT `40`, the demo's `auth` emit", REPEAT, async () => clients.push(await connect(host)));
  const [a, b, c] = clients;
  await measure("event with ack (`message-with-ack`)", REPEAT, (i) => a.timeout(10000).emitWithAck("message-with-ack", { n: i }));
  await measure("event without ack, the listener emits one event back (`message`)", REPEAT, async (i) => {
    const back = new Promise((r) => a.once("message-back", r));
    a.emit("message", { n: i });
    await back;
  });
  for (const s of [a, b, c]) await s.timeout(10000).emitWithAck("join", "cost-room");
  await measure("`socket.join(room)` (`join`, ack)", REPEAT, (i) => a.timeout(10000).emitWithAck("join", "room-" + i));
  await measure("broadcast to a room of 3, sender excluded: 2 recipients (`to-room`, ack)", REPEAT, (i) => a.timeout(10000).emitWithAck("to-room", "cost-room", { n: i }));
  await measure("pong `3` (Engine.IO packet, no Socket.IO event)", REPEAT, async () => {
    a.io.engine._sendPacket("pong"); // what the client answers a server ping with
  });
  const rest = clients.slice(3);
  await measure("client close: its `41` frame, then `$disconnect` (1 namespace)", rest.length, async (i) => {
    rest[i].close();
    await sleep(50);
  });
  for (const s of [a, b, c]) s.close();

  console.log(`Counted on the local stack (${path.relative(process.cwd(), jar)}), demo application, ${REPEAT} repetitions each, ${new Date().toISOString()}:`);
  console.log();
  console.log(`| operation | ${COUNTERS.join(" | ")} |`);
  console.log(`|---|${COUNTERS.map(() => "---:").join("|")}|`);
  for (const r of rows) {
    console.log(`| ${r.label} | ${COUNTERS.map((c) => (Number.isInteger(r.delta[c]) ? r.delta[c] : r.delta[c].toFixed(2))).join(" | ")} |`);
  }
}
