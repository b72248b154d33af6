// The HTTP routes end-to-end test (e2e.HttpRoutesIT): two real socket.io clients join rooms
// "orders" and "other" on the demo app, print READY, and wait for "done" (emitted to both rooms
// once the Java side's HTTP requests were answered). Exits 0 when the "orders" client got exactly
// one "order:created" before "done" and the "other" client none; prints the payload it got.
// Usage: node http-routes.js <ws-url>
"use strict";
const assert = require("node:assert/strict");
const { io } = require("socket.io-client");

const [url] = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 30000);

function client() {
  return io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000 });
}

function joined(socket, room) {
  return new Promise((resolve, reject) => {
    socket.once("connect_error", (err) => reject(new Error("connect_error: " + err.message)));
    socket.once("connect", () => socket.emit("join", room, resolve));
  });
}

function record(socket) {
  const got = [];
  socket.onAny((event, ...args) => got.push([event, ...args]));
  const done = new Promise((resolve) => socket.on("done", resolve));
  return { got, done };
}

async function main() {
  const orders = client();
  const other = client();
  const a = record(orders);
  const b = record(other);
  await Promise.all([joined(orders, "orders"), joined(other, "other")]);
  console.log("READY");
  await Promise.all([a.done, b.done]);
  const created = a.got.filter(([event]) => event === "order:created");
  assert.equal(created.length, 1, "the orders room got one order:created: " + JSON.stringify(a.got));
  assert.equal(b.got.filter(([event]) => event === "order:created").length, 0,
    "the other room got no order:created: " + JSON.stringify(b.got));
  console.log(JSON.stringify(created[0][1]));
  orders.close();
  other.close();
}

const timer = setTimeout(() => {
  console.error("timed out after " + TIMEOUT_MS + " ms");
  process.exit(1);
}, TIMEOUT_MS);
main().then(() => {
  clearTimeout(timer);
  process.exit(0);
}, (err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
