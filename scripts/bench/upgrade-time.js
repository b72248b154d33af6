// Time to connect and to upgrade with socket.io-client's default options (polling, then WebSocket)
// against a running stack. Usage: node scripts/bench/upgrade-time.js <http-url> [runs=20]
// Prints one JSON line: medians and p90 of handshake->connect and handshake->upgrade, in ms.
"use strict";
const { io } = require("socket.io-client");
const [url, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 20);

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, resolve));
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

(async () => {
  const connect = [];
  const upgrade = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const s = io(url, { reconnection: false, forceNew: true, timeout: 10000 });
    const upgraded = once(s.io.engine, "upgrade");
    await once(s, "connect");
    connect.push(performance.now() - t0);
    await upgraded;
    upgrade.push(performance.now() - t0);
    s.disconnect();
  }
  console.log(JSON.stringify({ runs, connectMedianMs: Math.round(pct(connect, 0.5)), connectP90Ms: Math.round(pct(connect, 0.9)),
    upgradeMedianMs: Math.round(pct(upgrade, 0.5)), upgradeP90Ms: Math.round(pct(upgrade, 0.9)) }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
