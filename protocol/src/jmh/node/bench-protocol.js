#!/usr/bin/env node
// The Node side of scripts/bench-protocol.sh: the same operations as ProtocolCodecBenchmark, on the
// same frames (src/jmh/bench-frames.json), with socket.io-parser and engine.io-parser.
// One operation: Engine.IO frame(s) in -> packet (binary reassembled) -> Engine.IO frames out.
// Usage: node bench-protocol.js [warmupIterations] [measurementIterations] [secondsPerIteration]
"use strict";

const fs = require("fs");
const path = require("path");
const { Encoder, Decoder } = require("socket.io-parser");
const eio = require("engine.io-parser");

const [warmups, iterations, seconds] = [3, 5, 2].map((d, i) => Number(process.argv[2 + i] || d));
const frames = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "bench-frames.json"), "utf8"));

const encoder = new Encoder();
const decoder = new Decoder();
let decoded = null;
decoder.on("decoded", (p) => { decoded = p; });

function toFrame(part) {
  let out;
  eio.encodePacket({ type: "message", data: part }, false, (f) => { out = f; }); // base64 for Buffers
  return out;
}

function relay(input) {
  for (const frame of input) {
    const e = eio.decodePacket(frame, "nodebuffer");
    decoder.add(e.data);
  }
  const p = decoded;
  decoded = null;
  return encoder.encode(p).map(toFrame);
}

const cases = {
  chatEvent: () => relay(frames.chat),
  ack: () => relay(frames.ack),
  binaryEventWithTwoAttachments: () => relay(frames.binary),
};

let sink = 0;
function iteration(fn, ms) {
  const end = process.hrtime.bigint() + BigInt(ms) * 1000000n;
  let ops = 0;
  const start = process.hrtime.bigint();
  let now = start;
  while (now < end) {
    for (let i = 0; i < 256; i++) sink += fn().length;
    ops += 256;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

const results = {};
for (const [name, fn] of Object.entries(cases)) {
  const expected = frames[name === "chatEvent" ? "chat" : name === "ack" ? "ack" : "binary"];
  const got = fn();
  if (JSON.stringify(got) !== JSON.stringify(expected)) {
    throw new Error(`${name}: the round trip changed the frames`);
  }
  for (let i = 0; i < warmups; i++) iteration(fn, seconds * 1000);
  const scores = [];
  for (let i = 0; i < iterations; i++) scores.push(iteration(fn, seconds * 1000));
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, scores.length - 1));
  results[name] = { opsPerSecond: mean, stdev: sd, iterations: scores };
  process.stderr.write(`node ${name}: ${mean.toFixed(0)} ops/s (sd ${sd.toFixed(0)})\n`);
}
results.sink = sink % 7;
results.versions = {
  node: process.version,
  "socket.io-parser": require(require.resolve("socket.io-parser").replace(/build[\\/]cjs[\\/]index\.js$/, "package.json")).version,
};
process.stdout.write(JSON.stringify(results));
