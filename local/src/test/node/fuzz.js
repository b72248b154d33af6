// Fuzz run against a live local endpoint (FuzzIT runs a short one; scripts/fuzz.sh the long one):
// CONNECTIONS raw WebSocket clients (the `ws` package) send FRAMES random and mutated Engine.IO /
// Socket.IO frames in all, while CANARIES real socket.io-client@4 clients keep emitting with acks.
// Every frame the server sends to the raw clients must decode with the reference parsers
// (engine.io-parser, socket.io-parser): an "Internal server error" frame (a crashed $default) or a
// frame no client could read counts as invalid. Every canary ack must come back, no canary may be
// disconnected, no connection may stall, and a client connecting after the run must still be served.
// Usage: node fuzz.js <ws-url>; env FRAMES (2000), CONNECTIONS (8), CANARIES (3), SEED (1),
// MAX_FRAME_BYTES (30000: under API Gateway's 32 KB frame). Exits 0 when all held, 1 otherwise;
// prints one JSON line of counts either way.
"use strict";
const WebSocket = require("ws");
const { io } = require("socket.io-client");
const eio = require("engine.io-parser");
const sio = require("socket.io-parser");

const url = process.argv[2];
const FRAMES = Number(process.env.FRAMES || 2000);
const CONNECTIONS = Number(process.env.CONNECTIONS || 8);
const CANARIES = Number(process.env.CANARIES || 3);
const MAX_FRAME_BYTES = Number(process.env.MAX_FRAME_BYTES || 30000);
let seed = Number(process.env.SEED || 1) >>> 0 || 1;

function random() { // xorshift32: the same SEED replays the same frames
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (n) => Math.floor(random() * n);

const CORPUS = [
  "40", "40{\"token\":\"x\"}", "40/custom,", "40/custom,{\"a\":1}", "40/nope,", "41", "41/custom,",
  "42[\"message\",\"hi\"]", "42[\"message\",1,2,{\"a\":[true,null]}]", "421[\"message-with-ack\",1]",
  "42/custom,7[\"message-with-ack\",\"x\"]", "43[1]", "4312[\"x\"]", "44{\"message\":\"x\"}",
  "451-[\"message-with-ack\",{\"_placeholder\":true,\"num\":0}]", "452-3[\"message\",{\"_placeholder\":true,\"num\":1},"
      + "{\"_placeholder\":true,\"num\":0}]", "461-[{\"_placeholder\":true,\"num\":0}]", "bAQID", "b", "b====",
  "2", "3", "2probe", "3probe", "5", "6", "1", "0", "4", "42", "42[]", "42[1]", "42{}", "42\"s\"",
  "42[\"join\",\"room\"]", "42[\"__proto__\",{\"__proto__\":{\"x\":1}}]", "42[\"constructor\"]",
  "421[\"message-with-ack\",\"\\ud800\"]", "42[\"message\",\"\\u0660\\u0661\"]",
];
const ATOMS = ["[", "]", "{", "}", ",", "\"", ":", "-", "/", "\\", "\\u", "0", "9", "null", "true",
  "_placeholder", "num", "\u0000", "\ud83d", "\u2028", "99999999999999999999", "-1", "1e400", "NaN"];

function mutate(frame) {
  const chars = [...frame];
  switch (int(9)) {
    case 0: chars.splice(int(chars.length + 1), 0, pick(ATOMS)); break;
    case 1: chars.splice(int(chars.length), 1 + int(3)); break;
    case 2: chars[int(chars.length)] = String.fromCharCode(int(0x3000)); break;
    case 3: return frame.slice(0, int(frame.length + 1));
    case 4: return frame + frame;
    case 5: return "42" + "[".repeat(1 + int(3000)) + "]".repeat(int(3000));
    case 6: return "42[\"message\",\"" + "x".repeat(int(MAX_FRAME_BYTES)) + "\"]";
    case 7: return "4" + int(10) + (random() < 0.5 ? "/" + pick(["", "custom", "a/b", "\u00e9"]) + "," : "")
        + (random() < 0.5 ? String(int(1e9)) : "") + pick(CORPUS).slice(2);
    default: break;
  }
  return chars.join("");
}

function nextFrame() {
  const r = random();
  if (r < 0.25) return { text: pick(CORPUS) };
  if (r < 0.9) return { text: mutate(random() < 0.7 ? pick(CORPUS) : mutate(pick(CORPUS))) };
  if (r < 0.97) return { text: Array.from({ length: int(60) }, () => String.fromCharCode(int(0x800))).join("") };
  return { binary: Buffer.from(Array.from({ length: 1 + int(64) }, () => int(256))) };
}

const counts = { sent: 0, received: 0, invalid: 0, closedByServer: 0, reconnects: 0, stalls: 0, canaryAcks: 0,
  canaryFailures: 0, canaryDisconnects: 0 };
const invalidSamples = [];

function checkServerFrame(data, isBinary, decoder) {
  counts.received++;
  if (process.env.DEBUG) console.error("server: " + (isBinary ? "<binary>" : data.toString().slice(0, 120)));
  if (isBinary) { // an attachment of a binary packet: only valid while the decoder awaits one
    try { decoder.add(data); } catch (e) { return invalid("binary " + e.message); }
    return;
  }
  const text = data.toString();
  const packet = eio.decodePacket(text);
  if (packet.type === "error") return invalid(text);
  if (packet.type === "message") {
    try { decoder.add(packet.data); } catch (e) { return invalid(text + " (" + e.message + ")"); }
  }
}

function invalid(what) {
  counts.invalid++;
  if (invalidSamples.length < 10) invalidSamples.push(what.slice(0, 200));
}

function openRaw() { // resolves once the server's open packet arrived (or the attempt failed)
  return new Promise((resolve) => {
    const ws = new WebSocket(url + "/socket.io/?EIO=4&transport=websocket");
    const decoder = new sio.Decoder();
    decoder.on("decoded", () => {});
    ws.on("message", (data, isBinary) => {
      checkServerFrame(data, isBinary, decoder);
      const text = isBinary ? "" : data.toString();
      if (text.startsWith("0")) resolve(ws);
      if (text === "2") ws.send("3"); // stay connected: fuzz, not a ping timeout
      if (text.startsWith("3fz") && ws.answered) ws.answered(text);
    });
    ws.on("close", (code) => {
      if (code !== 1000) counts.closedByServer++;
      resolve(ws);
      if (ws.answered) ws.answered(null);
    });
    ws.on("error", () => {});
    setTimeout(() => resolve(ws), 10000);
  });
}

// After each fuzz frame a ping "2fz<n>" that the server answers "3fz<n>" once it has handled the
// frames before it (one connection's frames are handled in order): every frame is processed, not
// dropped in a queue behind a closing connection. No answer within 20 s is a stall.
function roundTrip(ws, n) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { counts.stalls++; ws.answered = null; resolve(); }, 20000);
    ws.answered = (text) => {
      if (text !== null && text !== "3fz" + n) return;
      clearTimeout(timer);
      ws.answered = null;
      resolve();
    };
    ws.send("2fz" + n);
  });
}

async function fuzzer(share) {
  let ws = null;
  for (let i = 0; i < share;) {
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      if (ws) counts.reconnects++;
      ws = await openRaw();
      if (ws.readyState !== WebSocket.OPEN) { await sleep(50); continue; }
      if (random() < 0.7) ws.send("40"); // most frames then reach a connected socket
    }
    const f = nextFrame();
    ws.send(f.binary || f.text, { binary: Boolean(f.binary) });
    if (process.env.DEBUG) console.error("client: " + (f.binary ? "<binary>" : f.text.slice(0, 120)));
    counts.sent++;
    i++;
    if (ws.readyState === WebSocket.OPEN) await roundTrip(ws, i);
  }
  if (ws) ws.close(1000);
}

function canary() {
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000 });
  s.on("disconnect", (reason) => {
    if (reason !== "io client disconnect") {
      counts.canaryDisconnects++;
      console.error("canary disconnected: " + reason);
    }
  });
  if (process.env.DEBUG) {
    s.on("connect", () => console.error("canary connected " + s.id));
    s.on("connect_error", (e) => console.error("canary connect_error " + e.message));
  }
  let running = true;
  const done = new Promise((resolve) => s.once("connect", async () => {
    for (let i = 0; running; i++) {
      try {
        const n = await s.timeout(20000).emitWithAck("message-with-ack", i);
        if (n === i) counts.canaryAcks++; else counts.canaryFailures++;
      } catch (e) {
        counts.canaryFailures++;
      }
    }
    resolve();
  }));
  s.once("connect_error", () => { counts.canaryFailures++; running = false; });
  const ready = new Promise((resolve) => { s.once("connect", resolve); s.once("connect_error", resolve); });
  return { ready, stop: async () => { running = false; await Promise.race([done, sleep(25000)]); s.disconnect(); } };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function lateClientServed() {
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000 });
  try {
    await new Promise((resolve, reject) => { s.once("connect", resolve); s.once("connect_error", reject); });
    const echo = await s.timeout(10000).emitWithAck("message-with-ack", "after");
    return echo === "after";
  } catch (e) {
    return false;
  } finally {
    s.disconnect();
  }
}

const timer = setTimeout(() => {
  console.log(JSON.stringify({ ...counts, timedOut: true }));
  process.exit(2);
}, Number(process.env.SCENARIO_TIMEOUT_MS || 600000));

(async () => {
  const canaries = Array.from({ length: CANARIES }, canary);
  await Promise.all(canaries.map((c) => c.ready)); // a cold server takes its time for the first ones
  const share = (k) => Math.floor(FRAMES / CONNECTIONS) + (k < FRAMES % CONNECTIONS ? 1 : 0);
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, k) => fuzzer(share(k))));
  await sleep(1000); // answers to the last frames
  await Promise.all(canaries.map((c) => c.stop()));
  const late = await lateClientServed();
  const ok = counts.invalid === 0 && counts.stalls === 0 && counts.canaryFailures === 0 && counts.canaryDisconnects === 0
      && counts.canaryAcks > 0 && late;
  console.log(JSON.stringify({ ...counts, lateClientServed: late, invalidSamples, ok }));
  clearTimeout(timer);
  setTimeout(() => process.exit(ok ? 0 : 1), 50);
})().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
