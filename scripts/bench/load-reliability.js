#!/usr/bin/env node
// The load run of issue 19, driven by scripts/load-run.sh: N real socket.io-client@4 (npm) clients
// against a local stack (--app demo) that injects @connections and DynamoDB faults, counting every
// ack and every broadcast delivery at the packet level, so that a lost or a duplicated frame shows.
//
//   node scripts/bench/load-reliability.js --url ws://127.0.0.1:P --dynamo http://127.0.0.1:D --table T
//        [--clients 2000] [--rooms 20] [--events 50000] [--broadcasts 500] [--soak-min 0]
//        [--server-pid PID] [--drain-ms 600000]
//
// 1. connects N clients (websocket transport, 20 at a time); each joins room r<i % rooms> (ack);
// 2. sends --events `message-with-ack` events, spread over the clients (each client one at a time):
//    every ack must carry its own payload back, exactly once (acks are counted by their packet id);
// 3. --broadcasts rounds of `to-room` from a random client: every other member of the room must
//    receive that `room-message` exactly once;
// 4. --soak-min minutes of the same traffic at a steady rate (events and broadcasts as above), the
//    server JVM's heap after a full GC sampled every minute (jcmd), to see that memory stays flat;
// 5. disconnects everything, then scans the state table (on the unfaulted DynamoDB endpoint) until
//    it is empty (the heartbeat visits what a $disconnect left behind) or --drain-ms passes.
// Prints one JSON line; exits 0 when nothing was lost or duplicated, no client was dropped, and the
// table ended empty. Bounded: every wait has a deadline.
"use strict";
const path = require("path");
const { execFileSync } = require("child_process");
const { io } = require(path.join(__dirname, "..", "..", "node_modules", "socket.io-client"));

function arg(name, fallback) {
  const i = process.argv.indexOf("--" + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const url = arg("url");
const dynamo = arg("dynamo");
const table = arg("table", "socketio");
const clientCount = Number(arg("clients", 2000));
const roomCount = Number(arg("rooms", 20));
const eventCount = Number(arg("events", 50000));
const broadcastCount = Number(arg("broadcasts", 500));
const soakMin = Number(arg("soak-min", 0));
const serverPid = arg("server-pid");
const drainMs = Number(arg("drain-ms", 600000));
if (!url || !dynamo) {
  console.error("--url and --dynamo are required");
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (m) => console.error(new Date().toISOString().slice(11, 19) + " " + m);
const t0 = Date.now();
const secondsIn = () => Math.round((Date.now() - t0) / 1000);
let phase = "connect"; // what the driver was doing when a client dropped

const clients = []; // {i, socket, room, acksSeen: Map<id, count>, got: Map<b, count>, dropped, pings}
const facts = { clients: clientCount, rooms: roomCount, connectErrors: 0, dropped: 0, drops: null,
  acks: { sent: 0, answered: 0, wrong: 0, timedOut: 0, duplicated: 0 },
  broadcasts: { sent: 0, expected: 0, received: 0, lost: 0, duplicated: 0, senderAckErrors: 0 },
  heapAfterGcMb: [], rowsLeft: null, drainSeconds: null };

// acks and events are counted from the engine's packets, before socket.io-client drops duplicates
function countPackets(c) {
  c.socket.io.engine.on("packet", (p) => {
    if (p.type !== "message" || typeof p.data !== "string") return;
    const m = /^3(\d+)\[/.exec(p.data); // an ACK to "/": 3<id>[...]
    if (m) {
      c.acksSeen.set(m[1], (c.acksSeen.get(m[1]) || 0) + 1);
    }
  });
}

function connect(i) {
  return new Promise((resolve) => {
    const socket = io(url, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: 30000 });
    const c = { i, socket, room: "r" + (i % roomCount), acksSeen: new Map(), got: new Map(), dropped: null,
      connectedAt: 0, pings: [] };
    socket.once("connect", () => {
      c.connectedAt = Date.now();
      countPackets(c);
      socket.io.engine.on("ping", () => c.pings.push(Date.now()));
      socket.on("room-message", (m) => { if (m && m.b !== undefined) c.got.set(m.b, (c.got.get(m.b) || 0) + 1); });
      socket.on("disconnect", (reason, details) => {
        if (c.leaving) return;
        c.dropped = dropOf(c, reason, details);
        facts.dropped++;
      });
      resolve(c);
    });
    socket.once("connect_error", (e) => { facts.connectErrors++; log(`client ${i}: connect_error ${e.message}`); resolve(null); });
  });
}

// why and when a client was dropped: socket.io-client's reason ("ping timeout", "transport close",
// "io server disconnect"...), the WebSocket close code when there was one, seconds into the run and
// since the client connected, and how long since the last server ping (an "Engine.IO ping" arrived)
function dropOf(c, reason, details) {
  const close = details && details.context && details.context.code !== undefined ? details.context : null;
  const last = c.pings.length ? c.pings[c.pings.length - 1] : c.connectedAt;
  return { reason, code: close ? close.code : null, closeReason: close && close.reason ? String(close.reason) : null,
    at: secondsIn(), age: Math.round((Date.now() - c.connectedAt) / 1000), phase,
    sinceLastPing: Math.round((Date.now() - last) / 1000), pings: c.pings.length };
}

// the longest wait between two pings (or between the connect and the first ping), per client
function pingGaps(c, until) {
  let prev = c.connectedAt;
  let max = 0;
  for (const t of [...c.pings, until]) { max = Math.max(max, t - prev); prev = t; }
  return Math.round(max / 1000);
}

function histogram(values, width) {
  const h = {};
  for (const v of values) { const k = Math.floor(v / width) * width; h[k] = (h[k] || 0) + 1; }
  return h;
}

// the drops by reason (with the close code), by minute of the run, by age of the client in
// minutes, by seconds since its last ping (30 s bins), and by what the driver was doing
function dropReport(until) {
  const drops = clients.filter((c) => c.dropped).map((c) => c.dropped);
  const count = (key) => drops.reduce((h, d) => { const k = key(d); h[k] = (h[k] || 0) + 1; return h; }, {});
  return {
    byReason: count((d) => d.reason + (d.code !== null ? " (" + d.code + (d.closeReason ? " " + d.closeReason : "") + ")" : "")),
    byMinute: histogram(drops.map((d) => d.at / 60), 1),
    byAgeMinute: histogram(drops.map((d) => d.age / 60), 1),
    bySinceLastPing: histogram(drops.map((d) => d.sinceLastPing), 30),
    byPhase: count((d) => d.phase),
    longestPingGapSeconds: histogram(clients.filter((c) => !c.dropped).map((c) => pingGaps(c, until)), 30),
    pingsPerLiveClient: histogram(clients.filter((c) => !c.dropped).map((c) => c.pings.length), 1),
  };
}

// the ack's first argument (emitWithAck resolves with it), or {err} after the timeout
async function ack(c, event, ...args) {
  if (c.dropped) return { err: "dropped" }; // counted as lost at once, not after the 60 s timeout
  try {
    return { reply: await c.socket.timeout(60000).emitWithAck(event, ...args) };
  } catch (e) {
    return { err: e.message };
  }
}

async function events(count, perSecond) {
  let next = 0;
  const started = Date.now();
  const worker = async (c) => {
    while (next < count && !c.dropped) {
      const n = next++;
      if (perSecond) {
        const due = started + (n * 1000) / perSecond;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      facts.acks.sent++;
      const r = await ack(c, "message-with-ack", { c: c.i, n });
      if (r.err) facts.acks.timedOut++;
      else if (!r.reply || r.reply.c !== c.i || r.reply.n !== n) facts.acks.wrong++;
      else facts.acks.answered++;
    }
  };
  await Promise.all(clients.map(worker));
}

let broadcastSeq = 0;
const expectedBy = new Map(); // b -> Set of client indexes that must receive it
async function broadcasts(count, perSecond) {
  const started = Date.now();
  const inFlight = [];
  for (let k = 0; k < count; k++) {
    if (perSecond) {
      const due = started + (k * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    const live = clients.filter((c) => !c.dropped);
    const sender = (live.length ? live : clients)[Math.floor(Math.random() * (live.length || clients.length))];
    const b = broadcastSeq++;
    expectedBy.set(b, clients.filter((c) => c.room === sender.room && c !== sender).map((c) => c.i));
    facts.broadcasts.sent++;
    inFlight.push(ack(sender, "to-room", sender.room, { b }).then((r) => {
      if (r.err || r.reply !== "sent") facts.broadcasts.senderAckErrors++;
    }));
    if (inFlight.length >= 10) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
}

function heapAfterGcMb() {
  if (!serverPid) return null;
  try {
    execFileSync("jcmd", [serverPid, "GC.run"], { stdio: "ignore", timeout: 60000 });
    const info = execFileSync("jcmd", [serverPid, "GC.heap_info"], { encoding: "utf8", timeout: 60000 });
    const m = /used (\d+)K/.exec(info);
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch (e) {
    return null;
  }
}

// DynamoDB Local accepts any signature: a Scan with Select COUNT over the state table, paged
async function rows() {
  let count = 0;
  let start;
  for (let page = 0; page < 1000; page++) {
    const body = { TableName: table, Select: "COUNT", ConsistentRead: true };
    if (start) body.ExclusiveStartKey = start;
    const res = await fetch(dynamo, { method: "POST", body: JSON.stringify(body), headers: {
      "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.Scan",
      authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    } });
    const json = await res.json();
    if (!res.ok) throw new Error("scan: " + JSON.stringify(json));
    count += json.Count;
    start = json.LastEvaluatedKey;
    if (!start) return count;
  }
  return count;
}

function tally() {
  for (const c of clients) {
    for (const n of c.acksSeen.values()) if (n > 1) facts.acks.duplicated += n - 1;
  }
  for (const [b, expected] of expectedBy) {
    facts.broadcasts.expected += expected.length;
    for (const i of expected) {
      const n = clients[i].got.get(b) || 0;
      if (n === 0) facts.broadcasts.lost++;
      else facts.broadcasts.received++;
      if (n > 1) facts.broadcasts.duplicated += n - 1;
    }
  }
}

async function main() {
  log(`connecting ${clientCount} clients`);
  for (let i = 0; i < clientCount; i += 20) {
    const batch = await Promise.all(Array.from({ length: Math.min(20, clientCount - i) }, (_, k) => connect(i + k)));
    batch.forEach((c) => c && clients.push(c));
  }
  clients.forEach((c, k) => (c.i = k)); // indexes into clients[]
  facts.connected = clients.length;
  facts.connectSeconds = Math.round((Date.now() - t0) / 1000);
  const joins = await Promise.all(clients.map((c) => ack(c, "join", c.room)));
  facts.joinErrors = joins.filter((r, k) => r.err || !Array.isArray(r.reply) || !r.reply.includes(clients[k].room)).length;
  facts.heapAfterGcMb.push({ at: "connected", mb: heapAfterGcMb() });

  phase = "events";
  log(`${eventCount} events with acks`);
  let t = Date.now();
  await events(eventCount);
  facts.eventsSeconds = Math.round((Date.now() - t) / 1000);
  phase = "broadcasts";
  log(`${broadcastCount} room broadcasts`);
  t = Date.now();
  await broadcasts(broadcastCount);
  facts.broadcastSeconds = Math.round((Date.now() - t) / 1000);
  facts.heapAfterGcMb.push({ at: "after load", mb: heapAfterGcMb() });

  for (let m = 1; m <= soakMin; m++) {
    phase = "soak " + m;
    log(`soak minute ${m} of ${soakMin}` + (facts.dropped ? ` (${facts.dropped} dropped so far: `
      + `${line(dropReport(Date.now()).byReason)})` : ""));
    await Promise.all([events(3000, 50), broadcasts(30, 0.5)]);
    facts.heapAfterGcMb.push({ at: "soak " + m, mb: heapAfterGcMb() });
  }
  await sleep(5000); // deliveries still in flight
  tally();
  facts.drops = dropReport(Date.now());
  logDrops(facts.drops);
  try { // the runtime's own counters (retries, throttles, posts): the faults did happen
    facts.serverMetrics = await (await fetch(url.replace(/^ws/, "http") + "/metrics")).json();
  } catch (e) {
    facts.serverMetrics = { error: e.message };
  }

  log("disconnecting");
  for (const c of clients) { c.leaving = true; c.socket.disconnect(); }
  t = Date.now();
  while (Date.now() - t < drainMs) {
    facts.rowsLeft = await rows();
    if (facts.rowsLeft === 0) break;
    await sleep(5000);
  }
  facts.drainSeconds = Math.round((Date.now() - t) / 1000);
  facts.heapAfterGcMb.push({ at: "drained", mb: heapAfterGcMb() });
  facts.seconds = Math.round((Date.now() - t0) / 1000);
  console.log(JSON.stringify(facts));
  const ok = facts.connectErrors === 0 && facts.dropped === 0 && facts.joinErrors === 0
    && facts.acks.answered === facts.acks.sent && facts.acks.duplicated === 0
    && facts.broadcasts.lost === 0 && facts.broadcasts.duplicated === 0 && facts.broadcasts.senderAckErrors === 0
    && facts.rowsLeft === 0;
  process.exit(ok ? 0 : 1);
}

const line = (h) => Object.entries(h).map(([k, n]) => `${k}: ${n}`).join(", ");
function logDrops(d) {
  log(`dropped: ${facts.dropped}`);
  if (!facts.dropped) return;
  log(`  by reason: ${line(d.byReason)}`);
  log(`  by minute of the run: ${line(d.byMinute)}`);
  log(`  by client age (minutes): ${line(d.byAgeMinute)}`);
  log(`  by seconds since the client's last ping: ${line(d.bySinceLastPing)}`);
  log(`  by phase: ${line(d.byPhase)}`);
}

// stopped early (Ctrl-C, timeout): the drops so far are still worth seeing
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    log(`stopped by ${signal} in phase ${phase}`);
    logDrops(dropReport(Date.now()));
    process.exit(1);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
