#!/usr/bin/env node
// Load for scripts/bench-local.sh: N socket.io-client@4 (npm) clients against one server.
//
//   node scripts/bench/load.js --url ws://127.0.0.1:3000 --clients 10 [--duration-ms 10000]
//        [--warmup 50] [--payload 64] [--max-per-client 100000] [--broadcast 20]
//        [--server-pid PID] [--stats-url http://127.0.0.1:P] [--label NAME]
//
// 1. connects N clients (websocket transport, like API Gateway), 10 at a time, to "/";
// 2. warm-up: every client does --warmup sequential acks;
// 3. measurement: every client loops `await socket.timeout(10000).emitWithAck("message-with-ack", payload)`
//    until --duration-ms has passed (or --max-per-client acks): bounded, stops by itself;
//    latency = one round trip, measured with process.hrtime; msgs/s = acks completed / wall time;
// 4. broadcast (--broadcast R rounds, when N > 1... also for N = 1): client 0 emits "to-all" {seq};
//    time until every one of the N clients has received "all-message" with that seq;
// 5. disconnects everything and prints one JSON line.
// With --server-pid the server's CPU time (utime+stime from /proc) during step 3 is reported
// (ms of server CPU per message); with --stats-url the profiled stack's counters are reset before
// step 3 and read after it, and again around step 4 (scripts/bench-local.sh "where the time goes").
"use strict";
const path = require("path");
const fs = require("fs");
const http = require("http");
const { io } = require(path.join(__dirname, "..", "..", "node_modules", "socket.io-client"));

function arg(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const url = arg("url");
const clients = Number(arg("clients", 1));
const durationMs = Number(arg("duration-ms", 10000));
const warmup = Number(arg("warmup", 50));
const payloadBytes = Number(arg("payload", 64));
const maxPerClient = Number(arg("max-per-client", 100000));
const broadcastRounds = Number(arg("broadcast", 0));
const serverPid = arg("server-pid");
const statsUrl = arg("stats-url");
const label = arg("label", url);
if (!url) {
  console.error("--url is required");
  process.exit(2);
}

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms, monotonic
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pct(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}
function summary(values) {
  const s = Float64Array.from(values).sort();
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  return { count: s.length, p50: pct(s, 0.5), p90: pct(s, 0.9), p99: pct(s, 0.99), max: s.length ? s[s.length - 1] : null, mean };
}
function cpuTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15), clock ticks
  } catch (e) {
    return null;
  }
}
function getJson(u) {
  return new Promise((resolve, reject) => {
    http.get(u, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => { try { resolve(JSON.parse(body)); } catch (e) { reject(e); } });
    }).on("error", reject);
  });
}

function connect(i) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 20000 });
    const timer = setTimeout(() => reject(new Error(`client ${i}: no connect within 20 s`)), 20000);
    socket.once("connect", () => { clearTimeout(timer); resolve({ socket, connectMs: now() - t0 }); });
    socket.once("connect_error", (e) => { clearTimeout(timer); reject(new Error(`client ${i}: ${e.message}`)); });
  });
}

async function main() {
  const text = "x".repeat(payloadBytes);
  const sockets = [];
  const connectMs = [];
  const tc = now();
  for (let i = 0; i < clients; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(clients, i + 10); j++) batch.push(connect(j));
    for (const c of await Promise.all(batch)) { sockets.push(c.socket); connectMs.push(c.connectMs); }
  }
  const connectAllMs = now() - tc;
  let disconnectedEarly = 0;
  sockets.forEach((s) => s.on("disconnect", () => { disconnectedEarly++; }));

  let errors = 0;
  let mismatches = 0;
  async function ackOnce(socket, n) {
    const reply = await socket.timeout(10000).emitWithAck("message-with-ack", { n, text });
    if (!reply || reply.n !== n) mismatches++;
  }
  await Promise.all(sockets.map(async (s) => {
    for (let k = 0; k < warmup; k++) {
      try { await ackOnce(s, -1 - k); } catch (e) { errors++; }
    }
  }));
  const warmupErrors = errors;
  errors = 0;

  const loadavgStart = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  if (statsUrl) await getJson(statsUrl + "/reset");
  const cpu0 = serverPid ? cpuTicks(serverPid) : null;
  const clientCpu0 = process.cpuUsage();
  const latencies = [];
  const t0 = now();
  const deadline = t0 + durationMs;
  await Promise.all(sockets.map(async (s) => {
    for (let k = 0; k < maxPerClient && now() < deadline; k++) {
      const a = now();
      try {
        await ackOnce(s, k);
        latencies.push(now() - a);
      } catch (e) {
        errors++;
      }
    }
  }));
  const elapsed = now() - t0;
  const cpu1 = serverPid ? cpuTicks(serverPid) : null;
  const clientCpu = process.cpuUsage(clientCpu0);
  const stats = statsUrl ? await getJson(statsUrl + "/stats") : null;
  const lat = summary(latencies);
  const serverCpuMs = cpu0 != null && cpu1 != null ? (cpu1 - cpu0) * 10 : null; // USER_HZ = 100 on Linux

  // broadcast: client 0 emits "to-all"; time until all N have received that round's "all-message"
  const fanout = [];
  const fanoutAck = [];
  let broadcastLost = 0;
  if (statsUrl && broadcastRounds) await getJson(statsUrl + "/reset");
  for (let r = 0; r < broadcastRounds; r++) {
    const seq = `b${r}`;
    const t = now();
    const received = Promise.all(sockets.map((s) => new Promise((resolve) => {
      const onMsg = (m) => {
        if (m && m.seq === seq) { s.off("all-message", onMsg); resolve(now() - t); }
      };
      s.on("all-message", onMsg);
    })));
    const timeout = sleep(10000).then(() => null);
    try {
      await sockets[0].timeout(10000).emitWithAck("to-all", { seq, text });
      fanoutAck.push(now() - t);
    } catch (e) {
      errors++;
    }
    const all = await Promise.race([received, timeout]);
    if (all === null) { broadcastLost++; sockets.forEach((s) => s.removeAllListeners("all-message")); continue; }
    fanout.push(Math.max(...all));
  }

  const broadcastStats = statsUrl && broadcastRounds ? await getJson(statsUrl + "/stats") : null;
  const earlyBeforeClose = disconnectedEarly;
  sockets.forEach((s) => s.close());
  await sleep(300);
  console.log(JSON.stringify({
    label, clients, durationMs, payloadBytes, warmup,
    connect: summary(connectMs), connectAllMs,
    acks: lat.count, elapsedMs: elapsed, msgsPerSec: lat.count / (elapsed / 1000),
    latency: lat, errors, warmupErrors, mismatches, disconnectedEarly: earlyBeforeClose,
    serverCpuMs, serverCpuMsPerMsg: serverCpuMs != null && lat.count ? serverCpuMs / lat.count : null,
    clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
    broadcast: broadcastRounds ? { rounds: broadcastRounds, lost: broadcastLost, allReceived: summary(fanout), senderAck: summary(fanoutAck) } : null,
    stats,
    broadcastStats,
    loadavgStart,
    loadavg: fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
  }));
  process.exit(0);
}
main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
