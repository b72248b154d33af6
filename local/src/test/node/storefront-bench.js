// Storefront latency benchmark (scripts/bench-storefront.sh). Two modes; latency = receipt - the moment
// the HTTP request was sent (one machine, one clock); delivery = receipts of the expected recipients.
// - single (default): N buyers view one product (room product:<id>); a seller changes its price R times
//   through the HTTP route; every buyer records when product:price_changed of that round arrived. The
//   worst case: one broadcast to all N. Prints one JSON line: p50/p99/max latency, delivery rate, route time.
// - mix: N buyers over 100 products of 10 sellers (buyer b views product b % 100, ~10 viewers each, and has
//   product 2 * (b % 50) + 1 in its cart, ~20 carts per odd product); the seed's traffic through the HTTP
//   routes, paced at RATE writes per second, shuffled: price changes (-> product:price_changed to the
//   product's viewers and cart holders), cart line puts (-> cart:updated to the buyer), orders (->
//   order:updated to the buyer and the seller, notification:order to the buyer) and stock changes of the
//   even products, alternately below 10 and back (-> product:stock_changed to the viewers; the drops also
//   stock:low and product:low_stock to the seller). PER_TYPE writes of each kind (twice as many stock
//   writes: half of them drops), after WARM unmeasured writes. Prints a table per event and recipient
//   (p50/p90/p99/max, delivery, wrong recipients, duplicates) and one JSON line.
// Usage: node storefront-bench.js <ws-url> <http-base> [buyers=1000] [rounds=20]
//        node storefront-bench.js <ws-url> <http-base> mix [buyers=1000] [perType=500] [rate=25] [warm=100]
// STOREFRONT_SECRET in env.
"use strict";
const crypto = require("node:crypto");
const { io } = require("socket.io-client");

const [url, base] = process.argv.slice(2, 4);
const MIX = process.argv[4] === "mix";
const args = process.argv.slice(MIX ? 5 : 4);
const N = Number(args[0] || 1000);
const ROUNDS = Number(args[1] || 20); // single: rounds; mix: writes per kind
const RATE = Number(args[2] || 25);
const WARM = Number(args[3] === undefined ? 100 : args[3]);
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

async function single() {
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

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// the measured events and, per event, the key that ties a receipt to the write that caused it
const MEASURED = {
  "cart:updated": (d) => d.userId + "|" + d.quantity,
  "notification:order": (d) => d.userId,
  "order:updated": (d) => (d.action === "created" ? d.buyerId : null),
  "product:price_changed": (d) => d.productId + "|" + d.price,
  "product:stock_changed": (d) => d.productId + "|" + d.stock,
  "product:low_stock": (d) => d.productId + "|" + d.stock,
  "stock:low": (d) => d.productId + "|" + d.stock,
};

async function mix() {
  const SELLERS = 10, PRODUCTS = 100;
  const pending = new Map(); // event|key -> {t0, expect: Map(name -> label), got: Set}
  const stats = new Map(); // label -> {expected, delivered, lat: []}
  const odd = { wrong: 0, duplicates: 0, disconnects: {}, failed: {} };
  const stat = (label) => stats.get(label) || stats.set(label, { expected: 0, delivered: 0, lat: [] }).get(label);
  let measuring = false;

  function listen(s, name) {
    s.on("disconnect", (reason) => { odd.disconnects[reason] = (odd.disconnects[reason] || 0) + 1; });
    for (const [event, keyOf] of Object.entries(MEASURED)) {
      s.on(event, (e) => {
        const at = Date.now();
        const key = keyOf(e.data);
        const entry = key === null ? undefined : pending.get(event + "|" + key);
        if (!entry) return; // setup traffic, unmeasured writes (an order's stock change, the seller's notification)
        const label = entry.expect.get(name);
        if (label === undefined) { if (measuring) odd.wrong++; return; }
        if (entry.got.has(name)) { if (measuring) odd.duplicates++; return; }
        entry.got.add(name);
        if (entry.warm) return;
        const st = stat(label);
        st.delivered++;
        st.lat.push(at - entry.t0);
      });
    }
  }
  function expect(event, key, recipients, t0, warm) { // recipients: [[name, label]]
    const entry = { t0, warm, expect: new Map(recipients), got: new Set() };
    pending.set(event + "|" + key, entry);
    if (!warm) recipients.forEach(([, label]) => stat(label).expected++);
    return entry;
  }
  function connect(sub, roles) {
    const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 60000,
      auth: { token: token(sub, roles) } });
    listen(s, sub);
    return new Promise((resolve, reject) => {
      s.once("connect", () => resolve(s));
      s.once("connect_error", reject);
    });
  }

  // setup: sellers, products, buyers (connected, viewing one product, one line in the cart)
  const sellers = [];
  for (let i = 0; i < SELLERS; i++) {
    const id = run + "-s" + i;
    sellers.push({ id, tok: token(id, ["seller"]), socket: await connect(id, ["seller"]) });
  }
  const products = [];
  for (let i = 0; i < PRODUCTS; i += 10) {
    products.push(...await Promise.all([...Array(10)].map(async (_, j) => {
      const seller = sellers[(i + j) % SELLERS];
      const even = (i + j) % 2 === 0;
      const p = await http("POST", "/products", seller.tok, { name: "Bench " + (i + j), price: 10,
        stock: even ? 100 : 1000000 });
      return { id: p.productId, seller, even, viewers: [], holders: [], low: false, cycle: 0, busy: false };
    })));
  }
  const buyers = [];
  for (let i = 0; i < N; i += 50) {
    buyers.push(...await Promise.all([...Array(Math.min(50, N - i))].map(async (_, j) => {
      const b = i + j, id = run + "-b" + b;
      const viewed = products[b % PRODUCTS], carted = products[2 * (b % 50) + 1];
      const socket = await connect(id, ["buyer"]);
      const tok = token(id, ["buyer"]);
      const r = await socket.timeout(60000).emitWithAck("product:view", { productId: viewed.id });
      if (!r.ok) throw new Error("product:view " + JSON.stringify(r));
      await http("PUT", "/cart/items/" + carted.id, tok, { quantity: 1 });
      viewed.viewers.push(id);
      carted.holders.push(id);
      return { id, tok, socket, carted, quantity: 1 };
    })));
  }
  await sleep(2000); // the setup's own events drain
  measuring = true;

  // the writes: shuffled, paced at RATE per second, at most 64 in flight
  const kinds = [];
  for (let i = 0; i < ROUNDS; i++) kinds.push("price", "cart", "order", "stock", "stock");
  for (let i = kinds.length - 1; i > 0; i--) { const j = Math.floor(Math.random() * (i + 1)); [kinds[i], kinds[j]] = [kinds[j], kinds[i]]; }
  const warmKinds = [...Array(WARM)].map((_, i) => ["price", "cart", "order", "stock", "stock"][i % 5]);
  const all = [...warmKinds, ...kinds];
  const route = { price: [], cart: [], order: [], stock: [] };
  const cartOrder = [...buyers].sort(() => Math.random() - 0.5), orderOrder = [...buyers].sort(() => Math.random() - 0.5);
  let prices = 0, carts = 0, orders = 0, stocks = 0, inFlight = 0;
  const evenProducts = products.filter((p) => p.even);
  const viewersOf = (p) => [...new Set([...p.viewers, ...p.holders])].map((n) => [n, "product:price_changed -> viewers+carts"]);

  function write(kind, warm) { // registers what each recipient should receive, then sends the request
    const t0 = Date.now();
    if (kind === "price") {
      const p = products[Math.floor(Math.random() * PRODUCTS)];
      const price = (1000 + ++prices) / 100;
      expect("product:price_changed", p.id + "|" + price, viewersOf(p), t0, warm);
      return ["PUT", "/products/" + p.id + "/price", p.seller.tok, { price }];
    }
    if (kind === "cart") {
      const b = cartOrder[carts++ % cartOrder.length];
      const quantity = ++b.quantity;
      expect("cart:updated", b.id + "|" + quantity, [[b.id, "cart:updated -> buyer"]], t0, warm);
      return ["PUT", "/cart/items/" + b.carted.id, b.tok, { quantity }];
    }
    if (kind === "order") {
      const b = orderOrder[orders++ % orderOrder.length];
      expect("order:updated", b.id, [[b.id, "order:updated -> buyer"], [b.carted.seller.id, "order:updated -> seller"]], t0, warm);
      expect("notification:order", b.id, [[b.id, "notification:order -> buyer"]], t0, warm);
      return ["POST", "/orders", b.tok, { items: [{ productId: b.carted.id, quantity: 1 }] }];
    }
    let p; // stock: an even product with no stock write in flight, alternately below 10 and back to 100+
    for (let i = 0; i < evenProducts.length && (!p || p.busy); i++) p = evenProducts[stocks++ % evenProducts.length];
    if (p.busy) return null;
    p.busy = true;
    const drop = !p.low;
    const stock = drop ? 1 + (p.cycle++ % 9) : 100 + p.cycle;
    expect("product:stock_changed", p.id + "|" + stock, p.viewers.map((n) => [n, "product:stock_changed -> viewers"]), t0, warm);
    if (drop) {
      expect("stock:low", p.id + "|" + stock, [[p.seller.id, "stock:low -> seller"]], t0, warm);
      expect("product:low_stock", p.id + "|" + stock, [[p.seller.id, "product:low_stock -> seller"]], t0, warm);
    }
    return ["PUT", "/products/" + p.id + "/stock", p.seller.tok, { stock }, () => { p.low = drop; p.busy = false; }];
  }

  const start = Date.now();
  for (let i = 0; i < all.length; i++) {
    const at = start + (i * 1000) / RATE;
    if (at > Date.now()) await sleep(at - Date.now());
    while (inFlight >= 64) await sleep(2);
    const warm = i < WARM, kind = all[i];
    const req = write(kind, warm);
    if (!req) { odd.failed["stock (every product busy)"] = (odd.failed["stock (every product busy)"] || 0) + 1; continue; }
    const [method, path, tok, body, done] = req;
    const t0 = Date.now();
    inFlight++;
    http(method, path, tok, body).then(() => { if (!warm) route[kind].push(Date.now() - t0); },
      (e) => { odd.failed[kind] = (odd.failed[kind] || 0) + 1; if (odd.failed[kind] <= 3) console.error(String(e)); })
      .finally(() => { inFlight--; if (done) done(); });
  }
  const sentFor = (Date.now() - start) / 1000;
  while (inFlight > 0) await sleep(10);
  const deadline = Date.now() + 10000; // late arrivals still count (and show in max)
  while (Date.now() < deadline && [...pending.values()].some((e) => e.got.size < e.expect.size)) await sleep(50);
  await sleep(500);

  const rows = [...stats.entries()].sort().map(([label, st]) => {
    st.lat.sort((a, b) => a - b);
    return { event: label, expected: st.expected, delivered: st.delivered, rate: st.delivered / st.expected,
      p50: pct(st.lat, 50), p90: pct(st.lat, 90), p99: pct(st.lat, 99), max: st.lat[st.lat.length - 1] };
  });
  const routes = Object.fromEntries(Object.entries(route).map(([k, v]) => {
    v.sort((a, b) => a - b);
    return [k, { n: v.length, p50: pct(v, 50), p99: pct(v, 99) }];
  }));
  console.log("| event -> recipients | delivered | rate | p50 | p90 | p99 | max |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(`| ${r.event} | ${r.delivered} of ${r.expected} | ${(100 * r.rate).toFixed(2)} % | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} |`);
  }
  console.log("route answer (ms): " + Object.entries(routes).map(([k, v]) => `${k} p50 ${v.p50} p99 ${v.p99} (${v.n})`).join(", "));
  console.log(JSON.stringify({ buyers: N, perType: ROUNDS, rate: RATE, achievedRate: +(all.length / sentFor).toFixed(1),
    rows, routes, wrongRecipients: odd.wrong, duplicates: odd.duplicates, failedWrites: odd.failed, disconnects: odd.disconnects }));
  [...buyers.map((b) => b.socket), ...sellers.map((s) => s.socket)].forEach((s) => s.disconnect());
}

const timer = setTimeout(() => { console.error("benchmark timed out"); process.exit(2); }, 900000);
(MIX ? mix() : single()).then(() => { clearTimeout(timer); setTimeout(() => process.exit(0), 200); },
  (e) => { console.error(e); process.exit(1); });
