// Plain WebSocket clients for PostBench: N connections (the `ws` package, no socket.io decoding),
// print READY, then "GOT <k> <Date.now()>" when all N have received their k-th frame.
"use strict";
const WebSocket = require("ws");
const [url, n] = [process.argv[2], Number(process.argv[3] || 1000)];
const counts = new Map();
let open = 0;
for (let i = 0; i < n; i++) {
  const ws = new WebSocket(url);
  let k = 0;
  ws.on("open", () => { if (++open === n) console.log("READY"); });
  ws.on("message", () => {
    k++;
    const c = (counts.get(k) || 0) + 1;
    counts.set(k, c);
    if (c === n) console.log(`GOT ${k} ${Date.now()}`);
  });
  ws.on("error", (e) => { console.error(String(e)); process.exit(1); });
}
process.stdin.on("data", (d) => { if (String(d).includes("STOP")) process.exit(0); });
