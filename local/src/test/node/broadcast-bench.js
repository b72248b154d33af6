// Benchmark clients for BroadcastBench: N socket.io clients join room "bench", print READY, then
// report for every round when the last of them received the round's event.
// Usage: node broadcast-bench.js <ws-url> <clients>
"use strict";
const { io } = require("socket.io-client");
const [url, n] = [process.argv[2], Number(process.argv[3] || 1000)];
const clients = [];
const rounds = new Map(); // key -> {count, last}

function record(key) {
  const now = Date.now();
  let r = rounds.get(key);
  if (!r) rounds.set(key, (r = { count: 0, last: 0 }));
  r.count++;
  r.last = Math.max(r.last, now);
  if (r.count === n) console.log(`ROUND ${key} ${r.last} ${r.count}`);
}

async function main() {
  for (let i = 0; i < n; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 50); j++) {
      const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 60000 });
      clients.push(s);
      s.on("bench", (round) => record("b" + round));
      s.on("item:new", (item) => record("s" + item.round));
      batch.push(new Promise((resolve, reject) => {
        s.once("connect", () => s.timeout(60000).emitWithAck("join", "bench").then(resolve, reject));
        s.once("connect_error", reject);
      }));
    }
    await Promise.all(batch);
  }
  console.log("READY");
}

const timer = setTimeout(() => { console.error("benchmark clients timed out"); process.exit(2); }, 600000);
process.stdin.on("data", (d) => { if (String(d).includes("STOP")) { clients.forEach((s) => s.disconnect()); clearTimeout(timer); setTimeout(() => process.exit(0), 100); } });
main().catch((e) => { console.error(e); process.exit(1); });
