#!/usr/bin/env node
// Cold start of the whole local stack, for scripts/bench-local.sh:
//   node scripts/bench/first-ack.js local/target/socketio-local.jar [java options...]
// spawns `java [options] -jar JAR --port 0` (DynamoDB Local, tables, emulator, runtime: a fresh JVM),
// and measures, from the spawn call: the "listening on" line; the client's "connect" (the WebSocket
// upgrade = $connect, the open packet from the async open step, then CONNECT 40 on $default);
// the first `message-with-ack` round trip. Then stops the JVM (SIGTERM) and prints one JSON line.
"use strict";
const path = require("path");
const { spawn } = require("child_process");
const { io } = require(path.join(__dirname, "..", "..", "node_modules", "socket.io-client"));

const jar = process.argv[2];
const javaOpts = process.argv.slice(3);
const now = () => Number(process.hrtime.bigint()) / 1e6;

const t0 = now();
const child = spawn("java", [...javaOpts, "-jar", jar, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let out = "";
let err = "";
child.stderr.on("data", (d) => (err += d));
const fail = (msg) => { console.error(msg + "\n" + err); try { child.kill("SIGKILL"); } catch (e) {} process.exit(1); };
const guard = setTimeout(() => fail("no first ack within 120 s"), 120000);

child.stdout.on("data", async (d) => {
  out += d;
  const m = out.match(/listening on (ws:\/\/[0-9.:]+)/);
  if (!m || child.listening) return;
  child.listening = true;
  const listening = now() - t0;
  const socket = io(m[1], { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 30000 });
  socket.once("connect_error", (e) => fail("connect_error " + e.message));
  socket.once("connect", async () => {
    const connected = now() - t0;
    const reply = await socket.timeout(30000).emitWithAck("message-with-ack", { n: 1 });
    const firstAck = now() - t0;
    const a = now();
    await socket.timeout(30000).emitWithAck("message-with-ack", { n: 2 });
    const secondAckMs = now() - a;
    socket.close();
    clearTimeout(guard);
    if (!reply || reply.n !== 1) fail("bad reply " + JSON.stringify(reply));
    child.on("exit", () => {
      console.log(JSON.stringify({
        launchToListeningMs: listening, launchToConnectedMs: connected, launchToFirstAckMs: firstAck,
        firstAckRoundTripMs: firstAck - connected, secondAckRoundTripMs: secondAckMs,
      }));
      process.exit(0);
    });
    child.kill("SIGTERM");
  });
});
child.on("exit", (code) => { if (!child.listening) fail("java exited early with " + code); });
