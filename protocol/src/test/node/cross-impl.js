#!/usr/bin/env node
// Reference side of CrossImplementationTest: runs the official socket.io-parser and engine.io-parser
// on a shared set of packets and frames and prints the results as JSON on stdout.
//
//   node cross-impl.js vectors          -> the vectors (packets, frames, invalid frames, numbers, strings)
//   node cross-impl.js decode < in.json -> decodes frame sequences written by the Java codec
//
// Packets are described as JSON text: {"type":n,"nsp":"/x","id":n,"data":...} where a binary value is
// {"$binary":"<base64>"}. Descriptions are sent as strings so the Java side can compare them byte for byte.
"use strict";

const fs = require("fs");

function load(name) {
  try {
    return require(name);
  } catch (e) {
    process.stderr.write(`cannot load the npm package '${name}' (${e.message}); run 'npm ci' in the repository root\n`);
    process.exit(3);
  }
}

const sio = load("socket.io-parser");
const eio = load("engine.io-parser");
const versions = { node: process.version, "socket.io-parser": version("socket.io-parser"), "engine.io-parser": version("engine.io-parser") };

function version(name) {
  let dir = require("path").dirname(require.resolve(name));
  for (;;) {
    const file = require("path").join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      if (pkg.name === name && pkg.version) return pkg.version;
    }
    const up = require("path").dirname(dir);
    if (up === dir) return "unknown";
    dir = up;
  }
}

// ---- helpers ------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32), so both sides see the same "random" data on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bytes(n, seed) {
  const r = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

function isBinary(v) {
  return Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}

/** A JSON-ready copy of a value with binary values as {"$binary": base64}. */
function describeValue(v) {
  if (isBinary(v)) {
    const buf = Buffer.isBuffer(v) ? v : v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return { $binary: buf.toString("base64") };
  }
  if (Array.isArray(v)) return v.map(describeValue);
  if (v !== null && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v)) o[k] = describeValue(v[k]);
    return o;
  }
  return v;
}

function describePacket(p) {
  const d = { type: p.type, nsp: p.nsp };
  if (p.id !== undefined && p.id !== null) d.id = p.id;
  if (p.data !== undefined) d.data = describeValue(p.data);
  return JSON.stringify(d);
}

function engineFrame(packet) {
  let out;
  eio.encodePacket(packet, false, (encoded) => { out = encoded; }); // synchronous in Node
  return out;
}

/** Socket.IO packet -> Engine.IO text frames, as a server sends them over API Gateway (base64 binary). */
function encodeFrames(packet) {
  return new sio.Encoder().encode(packet).map((part) =>
    typeof part === "string" ? engineFrame({ type: "message", data: part }) : engineFrame({ type: "message", data: part }));
}

/** Engine.IO text frames -> Socket.IO packets, as the reference server decodes them; throws on rejection. */
function decodeFrames(frames) {
  const decoder = new sio.Decoder();
  const packets = [];
  decoder.on("decoded", (p) => packets.push(p));
  for (const frame of frames) {
    const e = eio.decodePacket(frame, "nodebuffer");
    if (e.type === "error") throw new Error("engine.io parser error");
    if (e.type !== "message") throw new Error("not a message packet: " + e.type);
    decoder.add(e.data);
  }
  return packets;
}

function describeEngine(p) {
  const d = { type: p.type };
  if (isBinary(p.data)) d.binary = Buffer.from(p.data).toString("base64");
  else if (p.data !== undefined) d.data = p.data;
  return JSON.stringify(d);
}

function engineFromDescription(d) {
  return d.binary !== undefined ? { type: d.type, data: Buffer.from(d.binary, "base64") } : d;
}

function tryRun(fn) {
  try {
    return { ok: fn() };
  } catch (e) {
    return { error: String(e && e.message) };
  }
}

// ---- the shared vectors -------------------------------------------------------------------------

const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join("") + "\u007f";
const LONE = ["\ud800", "a\udc00b", "\udbff", "x\udfff", "\udc00\ud800", "\ud83d"];
const EMOJI = "😀 👍🏽 👨‍👩‍👧 🇫🇷 \u{10ffff}";
const UNICODE = "héllo wörld ñ 日本語 עברית العربية \u2028\u2029 \ufeff \u00a0 ÿ";
const NUMBERS = [0, -0, 1, -1, 1.5, -2.25, 0.1 + 0.2, 1 / 3, 1e21, 1e-7, 0.000001, 1e-6, 123e-20, 1e23, 1.9e22,
  2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e300, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE * 3, 123456789012345680000,
  1e20, 100, 4.35, 0.5e-6];

function bigString(n, seed) {
  const r = prng(seed);
  const parts = ["a", "é", "日", "😀", "\n", "\"", "\\", "\u0001", " ", "z"];
  let s = "";
  while (s.length < n) s += parts[Math.floor(r() * parts.length)];
  return s;
}

function bigArray(n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push({ id: i, name: "item-" + i, price: i * 1.25, tags: ["t" + (i % 7)], ok: i % 2 === 0 });
  return out;
}

function socketIoPackets() {
  const T = sio.PacketType;
  const list = [
    ["connect main, no auth", { type: T.CONNECT, nsp: "/" }],
    ["connect with auth", { type: T.CONNECT, nsp: "/", data: { token: "abc.def", nested: { a: [1, 2], b: null } } }],
    ["connect namespace with auth", { type: T.CONNECT, nsp: "/admin", data: { token: "t", n: 1.5 } }],
    ["connect reply with sid and pid", { type: T.CONNECT, nsp: "/chat", data: { sid: "SoHo-1_x", pid: "p-42" } }],
    ["disconnect main", { type: T.DISCONNECT, nsp: "/" }],
    ["disconnect namespace", { type: T.DISCONNECT, nsp: "/admin" }],
    ["connect_error object", { type: T.CONNECT_ERROR, nsp: "/", data: { message: "Not authorized", data: { code: 401 } } }],
    ["connect_error namespace", { type: T.CONNECT_ERROR, nsp: "/random", data: { message: "Invalid namespace" } }],
    ["connect_error string (v2 form)", { type: T.CONNECT_ERROR, nsp: "/", data: "Not authorized" }],
    ["event", { type: T.EVENT, nsp: "/", data: ["chat", { text: "hi", from: "ann", at: 1700000000000 }] }],
    ["event no args", { type: T.EVENT, nsp: "/", data: ["ping"] }],
    ["event numeric name", { type: T.EVENT, nsp: "/", data: [42, "answer"] }],
    ["event with ack id", { type: T.EVENT, nsp: "/", id: 7, data: ["message-with-ack", 1, "2", { 3: [4] }] }],
    ["event namespace with ack id", { type: T.EVENT, nsp: "/chat", id: 123, data: ["send", { room: "r1" }] }],
    ["event max ack id", { type: T.EVENT, nsp: "/", id: 2 ** 53 - 1, data: ["x"] }],
    ["event ack id 0", { type: T.EVENT, nsp: "/a/b", id: 0, data: ["x", null, true, false] }],
    ["event unicode namespace", { type: T.EVENT, nsp: "/ns-ü😀", data: ["ü", UNICODE] }],
    ["event emoji", { type: T.EVENT, nsp: "/", data: ["emoji", EMOJI, { [EMOJI]: EMOJI }] }],
    ["event lone surrogates", { type: T.EVENT, nsp: "/", data: ["lone", ...LONE, { [LONE[0]]: LONE[1] }] }],
    ["event control chars", { type: T.EVENT, nsp: "/", data: ["ctl", CONTROL, { [CONTROL]: "\b\f\n\r\t\"\\/" }] }],
    ["event numbers", { type: T.EVENT, nsp: "/", data: ["num", ...NUMBERS, { n: NUMBERS }] }],
    ["event integer-like keys", { type: T.EVENT, nsp: "/", data: ["keys", { b: 1, 10: "x", 2: "y", a: 2, "01": 3, "-1": 4, 4294967295: 5 }] }],
    ["event deep nesting", { type: T.EVENT, nsp: "/", data: ["deep", JSON.parse("[".repeat(100) + "1" + "]".repeat(100))] }],
    ["event large string ~100KB", { type: T.EVENT, nsp: "/", data: ["big", bigString(100 * 1024, 7)] }],
    ["event large array ~100KB", { type: T.EVENT, nsp: "/big", id: 99, data: ["rows", bigArray(1500)] }],
    ["ack", { type: T.ACK, nsp: "/", id: 1, data: ["ok", { status: 200 }] }],
    ["ack empty", { type: T.ACK, nsp: "/", id: 0, data: [] }],
    ["ack namespace", { type: T.ACK, nsp: "/admin", id: 456, data: [null, "done"] }],
    ["binary event two attachments", { type: T.EVENT, nsp: "/", data: ["upload", bytes(1024, 1), { meta: "x", file: bytes(1024, 2) }] }],
    ["binary event namespace ack id", { type: T.EVENT, nsp: "/files", id: 12, data: ["put", { name: "a.bin", data: bytes(33, 3) }] }],
    ["binary event empty buffer", { type: T.EVENT, nsp: "/", data: ["empty", Buffer.alloc(0)] }],
    ["binary event typed array views", { type: T.EVENT, nsp: "/", data: ["views", new Uint8Array([1, 2, 3]), new Uint8Array([250, 251, 252, 253]).buffer] }],
    ["binary event ten attachments", { type: T.EVENT, nsp: "/", data: ["many", ...Array.from({ length: 10 }, (_, i) => bytes(i + 1, 100 + i))] }],
    ["binary event large attachment ~100KB", { type: T.EVENT, nsp: "/", data: ["blob", bytes(100 * 1024, 9)] }],
    ["binary event placeholder-looking object", { type: T.EVENT, nsp: "/", data: ["ph", { _placeholder: false, num: 0 }, bytes(2, 5)] }],
    ["binary ack", { type: T.ACK, nsp: "/", id: 5, data: [bytes(16, 4)] }],
    ["binary ack namespace", { type: T.ACK, nsp: "/admin", id: 2 ** 31, data: ["r", [bytes(3, 6), { x: bytes(4, 7) }]] }],
  ];
  return list.map(([name, packet]) => {
    const description = describePacket(packet);
    return { name, packet: description, frames: encodeFrames(packet) };
  });
}

function enginePackets() {
  const open = JSON.stringify({ sid: "lv_VI97HAXpY6yYWAAAC", upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 });
  const list = [
    ["open", { type: "open", data: open }],
    ["close", { type: "close" }],
    ["ping", { type: "ping" }],
    ["ping probe", { type: "ping", data: "probe" }],
    ["pong", { type: "pong" }],
    ["pong probe", { type: "pong", data: "probe" }],
    ["message", { type: "message", data: "hello" }],
    ["message socket.io event", { type: "message", data: '2["chat","hi"]' }],
    ["message unicode", { type: "message", data: EMOJI + UNICODE + LONE.join("") }],
    ["message with record separator inside", { type: "message", data: "a\u001eb" }],
    ["upgrade", { type: "upgrade" }],
    ["noop", { type: "noop" }],
    ["binary message", { type: "message", data: bytes(300, 11) }],
    ["binary message empty", { type: "message", data: Buffer.alloc(0) }],
    ["binary message one byte", { type: "message", data: Buffer.from([0xff]) }],
    ["binary message two bytes", { type: "message", data: Buffer.from([0x00, 0xfe]) }],
  ];
  return list.map(([name, packet]) => ({ name, packet: describeEngine(packet), frame: engineFrame(packet) }));
}

function enginePayloads() {
  const list = [
    ["single message", [{ type: "message", data: "4hello" }]],
    ["polling mix", [{ type: "open", data: '{"sid":"x"}' }, { type: "message", data: '40{"sid":"y"}' }, { type: "ping" },
      { type: "message", data: bytes(10, 12) }, { type: "noop" }]],
    ["binary only", [{ type: "message", data: bytes(5, 13) }, { type: "message", data: bytes(6, 14) }]],
  ];
  return list.map(([name, packets]) => {
    let payload;
    eio.encodePayload(packets, (p) => { payload = p; });
    return { name, packets: packets.map(describeEngine), payload };
  });
}

// Frame sequences (Engine.IO text frames) that both implementations must reject.
const INVALID_SOCKET_IO = [
  ["unknown type 7", ["47"]],
  ["unknown type 9 with payload", ['49["a"]']],
  ["unknown type letter", ["4a"]],
  ["unknown type minus", ["4-1"]],
  ["binary event without attachment count", ['45["a",{"_placeholder":true,"num":0}]']],
  ["binary event without dash", ["451"]],
  ["binary event empty attachment count", ['45-["a"]']],
  ["binary event non-numeric attachment count", ['45a-["a"]']],
  ["binary event zero attachments", ['450-["a"]']],
  ["binary ack zero attachments", ["460-1[]"]],
  ["binary event too many attachments (11 > 10)", ['4511-["a"]']],
  ["binary event far too many attachments", ['4599999999999-["a"]']],
  ["connect payload array", ["40[]"]],
  ["connect payload string", ['40"token"']],
  ["connect payload null", ["40null"]],
  ["connect payload number after namespace", ["40/admin,{}x"]],
  ["connect payload true", ["40/admin,true"]],
  ["disconnect with object payload", ["41{}"]],
  ["disconnect with namespace and payload", ['41/admin,{"a":1}']],
  ["disconnect with string payload", ['41"bye"']],
  ["disconnect with array payload", ["41[]"]],
  ["connect_error array", ['44["err"]']],
  ["connect_error null", ["44null"]],
  ["connect_error boolean", ["44/admin,true"]],
  ["event object payload", ['42{"a":1}']],
  ["event string payload", ['42"chat"']],
  ["event null payload", ["42null"]],
  ["event empty array", ["42[]"]],
  ["event empty array with ack id", ["421[]"]],
  ["event reserved name connect", ['42["connect"]']],
  ["event reserved name connect_error", ['42["connect_error"]']],
  ["event reserved name disconnect", ['42["disconnect"]']],
  ["event reserved name disconnecting", ['42["disconnecting"]']],
  ["event reserved name newListener", ['42["newListener"]']],
  ["event reserved name removeListener", ['42/admin,3["removeListener",1]']],
  ["event name null", ["42[null]"]],
  ["event name object", ['42[{"a":1}]']],
  ["event name array", ['42[["a"]]']],
  ["event name boolean", ["42[true,1]"]],
  ["ack object payload", ['431{"a":1}']],
  ["ack string payload", ['431"ok"']],
  ["ack null payload", ["43/admin,1null"]],
  ["trailing garbage after array", ['42["a"]x']],
  ["trailing bracket", ['42["a"]]']],
  ["two json values", ['42["a"]["b"]']],
  ["two objects", ["40{}{}"]],
  ["invalid json trailing comma", ['42["a",]']],
  ["invalid json unterminated", ['42["a"']],
  ["invalid json single quotes", ["42['a']"]],
  ["invalid json NaN", ['42["a",NaN]']],
  ["invalid json leading zero", ['42["a",01]']],
  ["invalid json bad escape", ['42["\\x"]']],
  ["invalid json raw control char in string", ['42["a\tb"]']],
  ["invalid json unquoted key", ["40{a:1}"]],
  ["invalid json comment", ['42["a"/*c*/]']],
  ["binary event reserved name", ['451-["disconnect",{"_placeholder":true,"num":0}]', "bAQID"]],
  ["binary event not an array", ['451-{"a":{"_placeholder":true,"num":0}}', "bAQID"]],
  ["binary ack not an array", ['461-1{"a":{"_placeholder":true,"num":0}}', "bAQID"]],
  ["placeholder index too large", ['451-["a",{"_placeholder":true,"num":1}]', "bAQID"]],
  ["placeholder index negative", ['451-["a",{"_placeholder":true,"num":-1}]', "bAQID"]],
  ["placeholder index string", ['451-["a",{"_placeholder":true,"num":"0"}]', "bAQID"]],
  ["placeholder index missing", ['451-["a",{"_placeholder":true}]', "bAQID"]],
  ["placeholder index infinite", ['452-["a",{"_placeholder":true,"num":1e400}]', "bAQID", "bBAU="]],
  ["binary attachment without header", ["bAQID"]],
  ["text while waiting for attachments", ['452-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', "bAQID", '42["b"]']],
  ["engine.io unknown type", ["7abc"]],
  ["engine.io empty frame", [""]],
  ["engine.io message without data", ["4"]],
  ["engine.io ping instead of message", ["2"]],
];

// Frame sequences the reference parser accepts and the Java codec rejects on purpose (it is stricter).
const JAVA_STRICTER = [
  ["whitespace as packet type (reference: CONNECT)", ["4 "]],
  ["attachment count written as a decimal", ['451.0-["a",{"_placeholder":true,"num":0}]', "bAQID"]],
  ["attachment count with sign", ['45+1-["a",{"_placeholder":true,"num":0}]', "bAQID"]],
  ["ack id above 2^53-1 (reference rounds it)", ['429007199254740992["a"]']],
  ["ack id of 20 digits", ['4212345678901234567890["a"]']],
  ["number longer than 1000 digits (Jackson limit)", ['42["a",' + "1".repeat(1001) + "]"]],
  ["base64 with characters outside the alphabet", ['451-["a",{"_placeholder":true,"num":0}]', "b!!AQID"]],
  ["url-safe base64", ['451-["a",{"_placeholder":true,"num":0}]', "b-_-_"]],
];

const INVALID_ENGINE = ["", "7", "9x", "x", "B", " 4", "\u001e", "-1"];
const INVALID_PAYLOADS = ["", "\u001e", "4a\u001e7b", "4a\u001e\u001e4b", "4a\u001e"];

// Frames written by clients that both decode and encode again: the re-encoded frames must be identical.
const REENCODE = [
  ['42["e",1.0,1E2,1e21,1e-7,0.000001,-0,-0.0,1.9e22,1e23,5e-324,2.5e-3,1.7976931348623157e308,12345678901234567e4]'],
  ['42["e",0.1,0.2,0.30000000000000004,3.14159,100.5e-1,7e-1,1e+0,1E+21,12.5E-7]'],
  ['42["e",{"b":1,"1":2,"0":3,"01":4,"4294967295":5,"4294967294":6,"-1":7,"a":8,"a":9}]'],
  ['42["e","\\u00e9\\/\\ud83d\\ude00\\ud800\\u2028\\u001F\\u0000\\b"]'],
  ['42 [ "spaced" , { "a" : [ 1 , 2 ] } ] '.replace(/^42 /, "42")],
  ['42/admin,17["e",{"nested":{"deep":[[[{}]]]}}]'],
  ['40/admin,{"token":"x","n":1e400}'],
  ['451-["bin",{"_placeholder":true,"num":0},{"_placeholder":false,"num":0}]', "bAAECAw=="],
  ['462-/ns,9[{"_placeholder":true,"num":1},{"k":{"_placeholder":true,"num":0,"extra":1}}]', "bAQ==", "b/w=="],
  ['452-["dup",{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}]', "bAQ==", "bAg=="],
];

function numberVectors() {
  const r = prng(2024);
  const view = new DataView(new ArrayBuffer(8));
  const out = [];
  const add = (d) => {
    view.setFloat64(0, d);
    out.push({ bits: view.getBigUint64(0).toString(16), json: JSON.stringify(d) });
  };
  NUMBERS.forEach(add);
  [NaN, Infinity, -Infinity, 2 ** -1074, 2 ** -1022, 2 ** -1022 - 2 ** -1074, 0.1, 9.999999999999999e22, 1e22, 1e-6,
    9.999999999999999e-7, 1e15, 1e15 + 0.5, 999999999999999.9, 1e16, 1e21 - 65536].forEach(add);
  for (let i = 0; i < 4000; i++) {
    const kind = i % 4;
    let d;
    if (kind === 0) {
      view.setUint32(0, Math.floor(r() * 2 ** 32));
      view.setUint32(4, Math.floor(r() * 2 ** 32));
      d = view.getFloat64(0);
      if (!Number.isFinite(d)) continue;
    } else if (kind === 1) {
      d = Number(Math.floor(r() * 2e6 - 1e6) + "e" + Math.floor(r() * 80 - 40));
    } else if (kind === 2) {
      d = Number.MIN_VALUE * Math.floor(r() * 1e6); // subnormals
    } else {
      d = r() * 10 ** Math.floor(r() * 44 - 22);
    }
    add(d);
  }
  return out;
}

function stringVectors() {
  const out = [];
  const add = (s) => out.push({ value: s, json: JSON.stringify(s) });
  for (let c = 0; c < 0x80; c++) add(String.fromCharCode(c));
  [CONTROL, EMOJI, UNICODE, ...LONE, "\ud800\udc00", "\udfff\udbff", "\u2028\u2029", "\ufeff", "\u0085", "\uffff",
    "a\"b\\c/d", "</script>", ""].forEach(add);
  const r = prng(77);
  for (let i = 0; i < 300; i++) {
    let s = "";
    const n = Math.floor(r() * 12);
    for (let j = 0; j < n; j++) {
      const pick = r();
      s += pick < 0.3 ? String.fromCharCode(Math.floor(r() * 0x80))
        : pick < 0.5 ? String.fromCharCode(0xd800 + Math.floor(r() * 0x800)) // surrogates, often lone
          : String.fromCharCode(Math.floor(r() * 0x10000));
    }
    add(s);
  }
  return out;
}

function decodeCase(frames) {
  const r = tryRun(() => decodeFrames(frames).map(describePacket));
  return r.error !== undefined ? { error: r.error } : { packets: r.ok };
}

function reencodeCase(frames) {
  const r = tryRun(() => decodeFrames(frames).map((p) => encodeFrames(p)));
  return r.error !== undefined ? { error: r.error } : { frames: r.ok };
}

function vectors() {
  return {
    versions,
    socketio: socketIoPackets(),
    engine: enginePackets(),
    payloads: enginePayloads(),
    invalid: INVALID_SOCKET_IO.map(([name, frames]) => ({ name, frames, node: decodeCase(frames) })),
    javaStricter: JAVA_STRICTER.map(([name, frames]) => ({ name, frames, node: decodeCase(frames) })),
    invalidEngine: INVALID_ENGINE.map((frame) => ({ frame, node: eio.decodePacket(frame, "nodebuffer").type })),
    invalidPayloads: INVALID_PAYLOADS.map((payload) => ({
      payload, node: eio.decodePayload(payload, "nodebuffer").some((p) => p.type === "error") ? "error" : "ok" })),
    reencode: REENCODE.map((frames) => ({ frames, node: reencodeCase(frames) })),
    numbers: numberVectors(),
    strings: stringVectors(),
  };
}

/** Input: {"socketio":[{"name","frames"}], "engine":[{"name","frame"}], "payloads":[{"name","payload"}]}. */
function decodeInput(input) {
  return {
    versions,
    socketio: (input.socketio || []).map((c) => ({ name: c.name, node: decodeCase(c.frames) })),
    engine: (input.engine || []).map((c) => {
      const p = eio.decodePacket(c.frame, "nodebuffer");
      return { name: c.name, node: p.type === "error" ? { error: "parser error" } : { packet: describeEngine(p) } };
    }),
    payloads: (input.payloads || []).map((c) => {
      const ps = eio.decodePayload(c.payload, "nodebuffer");
      return { name: c.name, node: ps.some((p) => p.type === "error") ? { error: "parser error" } : { packets: ps.map(describeEngine) } };
    }),
    encodeEngine: (input.encodeEngine || []).map((c) => ({ name: c.name, frame: engineFrame(engineFromDescription(c.packet)) })),
  };
}

function main() {
  const mode = process.argv[2];
  let result;
  if (mode === "vectors") {
    result = vectors();
  } else if (mode === "decode") {
    result = decodeInput(JSON.parse(fs.readFileSync(0, "utf8")));
  } else {
    process.stderr.write("usage: cross-impl.js vectors | decode < input.json\n");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(result));
}

main();
