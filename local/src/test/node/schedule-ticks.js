// Waits for the ticks of a schedule run by the local stack: connects to the main namespace with the
// real socket.io-client and collects TICKS "tick" events. Usage: node schedule-ticks.js <ws-url> <ticks>.
// Exits 0 and prints {"ticks":[...payloads]} when they arrived, 1 with the reason otherwise.
"use strict";
const { io } = require("socket.io-client");

const [url, count] = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 30000);
const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000 });
const ticks = [];
const timer = setTimeout(() => fail(new Error("timed out with " + ticks.length + " of " + count + " ticks")),
  TIMEOUT_MS);

function fail(e) {
  console.error(e && e.stack || String(e));
  s.disconnect();
  process.exit(1);
}

s.on("connect_error", fail);
s.on("tick", (payload) => {
  ticks.push(payload);
  if (ticks.length === Number(count)) {
    clearTimeout(timer);
    console.log(JSON.stringify({ ticks }));
    s.disconnect();
    setTimeout(() => process.exit(0), 50);
  }
});
