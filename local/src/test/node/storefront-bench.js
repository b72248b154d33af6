// Storefront latency benchmark (scripts/bench-storefront.sh): N buyers view one product (room
// product:<id>); a seller changes its price R times through the HTTP route; every buyer records when
// product:price_changed of that round arrived. Latency = receipt - the moment the HTTP request was sent
// (one machine, one clock). Prints one JSON line: p50/p99/max latency, delivery rate, route time.
// Usage: node storefront-bench.js <ws-url> <http-base> [buyers=1000] [rounds=20]; STOREFRONT_SECRET in env.
"use strict";
const crypto = require("node:crypto");
const { io } = require("socket.io-client");

const [url, base] = process.argv.slice(2, 4);
const N = Number(process.argv[4] || 1000);
const ROUNDS = Number(process.argv[5] || 20);
const SECRET = process.env.STOREFRONT_SECRET;
const run = "bench" + Date.now().toString(36);

function token(sub, roles) {
  const now = Math.floor(Date.now() / 1000);
  const b = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const input = b({ alg: "HS256", typ: "JWT" }) + "." + b({ sub, roles, aud: "socketio-storefront", iat: now, exp: now + 3600 });
  return input + "." + crypto.createHmac("sha256", SECRET).update(input).digest("base64url");
}

async function http(method, path, tok, body) {
  const r = await fetch(base + path, { method, headers: { authorization: "Bearer " + tok, "content-type": "application/json" },
    body: JSON.stringify(body) });
  if (!r.ok) throw new Error(method + " " + path + ": " + r.status + " " + (await r.text()));
  return r.json();
}

function pct(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null;
}

async function main() {
  const seller = token(run + "-seller", ["seller"]);
  const product = await http("POST", "/products", seller, { name: "Bench mug", price: 10, stock: 100 });
  const sent = new Map(); // price -> when the request was sent
  const latencies = [];
  const received = new Map(); // price -> count
  const clients = [];
  const disconnects = {}; // reason -> count (a disconnected buyer misses the rest: it shows in the delivery rate)
  for (let i = 0; i < N; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + 50); j++) {
      const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 60000,
        auth: { token: token(run + "-b" + j, ["buyer"]) } });
      clients.push(s);
      s.on("disconnect", (reason) => { disconnects[reason] = (disconnects[reason] || 0) + 1; });
      s.on("product:price_changed", (e) => {
        const at = Date.now();
        const t0 = sent.get(e.data.price);
        if (t0 === undefined) return;
        latencies.push(at - t0);
        received.set(e.data.price, (received.get(e.data.price) || 0) + 1);
      });
      batch.push(new Promise((resolve, reject) => {
        s.once("connect", () => s.timeout(60000).emitWithAck("product:view", { productId: product.productId })
          .then((r) => (r.ok ? resolve() : reject(new Error(JSON.stringify(r)))), reject));
        s.once("connect_error", reject);
      }));
    }
    await Promise.all(batch);
  }
  const routeMs = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const price = 10 + r / 100;
    const t0 = Date.now();
    sent.set(price, t0);
    await http("PUT", "/products/" + product.productId + "/price", seller, { price });
    routeMs.push(Date.now() - t0);
    const deadline = Date.now() + 15000;
    while ((received.get(price) || 0) < N && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
    await new Promise((res) => setTimeout(res, 200)); // apart, so rounds do not overlap
  }
  await new Promise((res) => setTimeout(res, 1000)); // late arrivals still count (and show in max)
  latencies.sort((a, b) => a - b);
  routeMs.sort((a, b) => a - b);
  const expected = N * ROUNDS;
  const delivered = [...received.values()].reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ buyers: N, rounds: ROUNDS, expected, delivered,
    deliveryRate: delivered / expected, p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies[latencies.length - 1],
    routeP50: pct(routeMs, 50), routeP99: pct(routeMs, 99), disconnects }));
  clients.forEach((s) => s.disconnect());
}

const timer = setTimeout(() => { console.error("benchmark timed out"); process.exit(2); }, 900000);
main().then(() => { clearTimeout(timer); setTimeout(() => process.exit(0), 200); },
  (e) => { console.error(e); process.exit(1); });
