// The storefront example (examples/storefront, seed 004) driven by real socket.io-client instances, one
// per role, against the local stack started with --app storefront. Writes go through the HTTP routes
// (route -> domain table -> stream -> hook -> broadcast), as in production. Every scenario uses its
// own users and products. Usage: node storefront-scenarios.js <ws-url> <http-base-url> <scenario>.
// STOREFRONT_SECRET (env) is the stack's AUTH_JWT_SECRET: tokens are minted here with Node's HMAC.
// Exits 0 when every assertion held (one JSON line of facts); 1 with the failure otherwise.
"use strict";
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { io } = require("socket.io-client");

const [url, base, scenario] = process.argv.slice(2);
const SECRET = process.env.STOREFRONT_SECRET;
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 20000);
const QUIET_MS = 400; // how long a non-recipient is watched after the recipients got their event
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const sockets = [];
const facts = { scenario };
const u = (name) => scenario + "-" + name; // user ids of this scenario

function b64url(data) {
  return Buffer.from(data).toString("base64url");
}

function token(sub, roles, claims = {}, secret = SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub, roles, aud: "socketio-storefront", iat: now, exp: now + 3600, ...claims };
  const input = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" })) + "." + b64url(JSON.stringify(payload));
  return input + "." + crypto.createHmac("sha256", secret).update(input).digest("base64url");
}

// a user: a token, a socket that records every event, and HTTP calls with the token
async function user(name, roles, extraAuth = {}) {
  const id = u(name);
  const t = token(id, roles);
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000,
    auth: { token: t, ...extraAuth } });
  s.events = [];
  s.onAny((event, ...args) => s.events.push({ event, args, seen: false }));
  sockets.push(s);
  await new Promise((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", (e) => reject(new Error(id + " connect_error " + e.message + " " + JSON.stringify(e.data))));
  });
  return { id, token: t, s, http: (method, path, body) => http(method, path, t, body) };
}

function refused(auth) {
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, auth });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once("connect", () => reject(new Error("connected with " + JSON.stringify(auth))));
    s.once("connect_error", (err) => resolve(err));
  });
}

async function http(method, path, tok, body) {
  const headers = {};
  if (tok) headers.authorization = "Bearer " + tok;
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function okHttp(who, method, path, body, status = 200) {
  const r = await who.http(method, path, body);
  assert.equal(r.status, status, method + " " + path + " by " + who.id + ": " + JSON.stringify(r.body));
  return r.body;
}

async function failsHttp(who, method, path, body, status, field) {
  const r = who ? await who.http(method, path, body) : await http(method, path, null, body);
  assert.equal(r.status, status, method + " " + path + " should answer " + status + ": " + JSON.stringify(r.body));
  assert.equal(typeof r.body.error.message, "string");
  if (field) assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  return r.body.error;
}

// the first unconsumed event of that name whose envelope matches, waiting for it
async function next(who, event, predicate = () => true) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const hit = who.s.events.find((e) => !e.seen && e.event === event && predicate(e.args[0]));
    if (hit) {
      hit.seen = true;
      return hit.args[0];
    }
    if (Date.now() > deadline) {
      throw new Error("timed out waiting for " + event + " on " + who.id + "; got " +
        JSON.stringify(who.s.events.map((e) => e.event)));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

// the envelope of the seed: {type, data, timestamp, userId?}
function envelope(e, event, userId) {
  assert.equal(e.type, event);
  assert.match(e.timestamp, ISO);
  assert.equal(typeof e.data, "object");
  if (userId === null) assert.equal(e.userId, undefined, event + " has no actor");
  else if (userId !== undefined) assert.equal(e.userId, userId, event + " userId");
  const keys = Object.keys(e).sort();
  assert.ok(keys.every((k) => ["data", "metadata", "timestamp", "type", "userId"].includes(k)), keys.join());
  return e.data;
}

// waits for the event on every recipient (checked by `check`), then makes sure non-recipients got none
async function delivered(event, recipients, others, predicate, check) {
  const got = [];
  for (const r of recipients) {
    const e = await next(r, event, predicate);
    check(e, r);
    got.push(e);
  }
  await new Promise((r) => setTimeout(r, QUIET_MS));
  for (const o of others) {
    const leaked = o.s.events.filter((e) => e.event === event && predicate(e.args[0]));
    assert.equal(leaked.length, 0, event + " reached " + o.id + ": " + JSON.stringify(leaked.map((e) => e.args[0])));
  }
  facts[event] = (facts[event] || 0) + recipients.length;
  return got[0];
}

const about = (field, value) => (e) => e && e.data && e.data[field] === value;

function call(who, event, payload) {
  return who.s.timeout(10000).emitWithAck(event, payload);
}

async function fails(who, event, payload, code) {
  const r = await call(who, event, payload);
  assert.equal(r.ok, false, event + " " + JSON.stringify(payload) + " should fail with " + code);
  assert.equal(r.error.code, code, event + ": " + JSON.stringify(r.error));
  assert.ok(r.error.message.length > 0);
  return r.error;
}

async function product(seller, fields = {}) {
  return okHttp(seller, "POST", "/products", { name: "Mug", price: 10, stock: 20, ...fields }, 201);
}

const scenarios = {
  async auth() {
    const bad = {
      none: {},
      garbage: { token: "not-a-jwt" },
      badSignature: { token: token(u("x"), ["buyer"], {}, "another-secret-another-secret-0000000") },
      expired: { token: token(u("x"), ["buyer"], { exp: Math.floor(Date.now() / 1000) - 3600 }) },
      wrongAudience: { token: token(u("x"), ["buyer"], { aud: "socketio-chat" }) },
    };
    for (const [name, auth] of Object.entries(bad)) {
      const err = await refused(auth);
      assert.equal(err.message, "unauthorized", name);
      assert.equal(err.data.code, "UNAUTHORIZED", name);
    }
    const noRole = await refused({ token: token(u("x"), ["customer"]) });
    assert.equal(noRole.data.code, "FORBIDDEN");
    // the seed's auth: {userId} is accepted only when it is the token's own user
    const mismatch = await refused({ token: token(u("b"), ["buyer"]), userId: u("someone-else") });
    assert.equal(mismatch.data.code, "USER_MISMATCH");
    const b = await user("b", ["buyer"], { userId: u("b") });
    assert.ok(b.s.connected);
    // HTTP: no token 401, bad token 401, wrong role 403
    await failsHttp(null, "POST", "/products", { name: "x", price: 1, stock: 1 }, 401);
    const r = await http("POST", "/products", "garbage", { name: "x", price: 1, stock: 1 });
    assert.equal(r.status, 401);
    await failsHttp(b, "POST", "/products", { name: "x", price: 1, stock: 1 }, 403);
    facts.refused = Object.keys(bad).length + 2;
  },

  async products() {
    const seller = await user("seller", ["seller"]);
    const other = await user("other-seller", ["seller"]);
    const viewer = await user("viewer", ["buyer"]);
    const carter = await user("carter", ["buyer"]);
    const visitor = await user("visitor", ["buyer"]);
    const late = await user("late", ["buyer"]);
    assert.equal((await call(visitor, "storefront:visit", { sellerId: seller.id })).ok, true);

    const p = await product(seller, { name: "Lamp", price: 45.5, stock: 20, description: "brass" });
    await delivered("product:created", [seller, visitor], [other, viewer, carter], about("productId", p.productId),
      (e) => {
        const d = envelope(e, "product:created", seller.id);
        assert.equal(d.sellerId, seller.id);
        assert.equal(d.name, "Lamp");
        assert.equal(d.description, "brass");
        assert.equal(d.price, 45.5);
        assert.equal(d.stock, 20);
        assert.equal(d.status, "active");
        assert.equal(e.timestamp, d.updatedAt);
        assert.equal(d.updatedBy, undefined);
      });

    const view = await call(viewer, "product:view", { productId: p.productId });
    assert.equal(view.ok, true);
    assert.equal(view.product.productId, p.productId);
    const viewed = await delivered("analytics:product_viewed", [seller], [other, viewer],
      about("productId", p.productId), (e) => envelope(e, "analytics:product_viewed", viewer.id));
    assert.deepEqual(viewed.data, { productId: p.productId, sellerId: seller.id, views: 1 });

    const line = await okHttp(carter, "PUT", "/cart/items/" + p.productId, { quantity: 2 });
    assert.equal(line.quantity, 2);
    await delivered("cart:updated", [carter], [viewer, seller], about("productId", p.productId), (e) => {
      const d = envelope(e, "cart:updated", carter.id);
      assert.deepEqual(d, { userId: carter.id, productId: p.productId, sellerId: seller.id, name: "Lamp", quantity: 2,
        action: "added", price: 45.5 });
    });
    await okHttp(carter, "PUT", "/cart/items/" + p.productId, { quantity: 3 });
    await delivered("cart:updated", [carter], [viewer], (e) => about("productId", p.productId)(e) && e.data.quantity === 3,
      (e) => assert.equal(envelope(e, "cart:updated").action, "updated"));

    await okHttp(seller, "PATCH", "/products/" + p.productId, { name: "Brass lamp" });
    await delivered("product:updated", [seller, viewer], [carter, visitor, other], about("productId", p.productId),
      (e) => assert.equal(envelope(e, "product:updated", seller.id).name, "Brass lamp"));

    await okHttp(seller, "PUT", "/products/" + p.productId + "/price", { price: 39.9 });
    await delivered("product:price_changed", [viewer, carter], [visitor, other, late], about("productId", p.productId),
      (e) => assert.deepEqual(envelope(e, "product:price_changed", seller.id),
        { productId: p.productId, sellerId: seller.id, name: "Brass lamp", price: 39.9, previousPrice: 45.5 }));

    await okHttp(seller, "PUT", "/products/" + p.productId + "/stock", { stock: 5 });
    await delivered("product:stock_changed", [viewer, carter], [visitor, other], about("productId", p.productId),
      (e) => assert.deepEqual(envelope(e, "product:stock_changed", seller.id),
        { productId: p.productId, sellerId: seller.id, name: "Brass lamp", stock: 5, previousStock: 20 }));
    await delivered("product:low_stock", [seller], [viewer, carter, other], about("productId", p.productId),
      (e) => assert.equal(envelope(e, "product:low_stock").threshold, 10));
    await delivered("stock:low", [seller], [viewer, carter, other], about("productId", p.productId),
      (e) => assert.deepEqual(envelope(e, "stock:low", seller.id),
        { productId: p.productId, sellerId: seller.id, name: "Brass lamp", stock: 5, threshold: 10 }));
    await delivered("analytics:inventory_alert", [seller], [viewer, other], about("alert", "low_stock"),
      (e) => assert.equal(envelope(e, "analytics:inventory_alert").stock, 5));

    await okHttp(seller, "PUT", "/products/" + p.productId + "/stock", { stock: 0 });
    await delivered("stock:out", [seller, viewer], [carter, other, visitor], about("productId", p.productId),
      (e) => assert.equal(envelope(e, "stock:out", seller.id).stock, 0));
    await delivered("analytics:inventory_alert", [seller], [viewer], about("alert", "out_of_stock"),
      (e) => assert.equal(envelope(e, "analytics:inventory_alert").stock, 0));
    // a user who views it while out of stock hears of the restock; the earlier viewer does not
    assert.equal((await call(late, "product:view", { productId: p.productId })).product.stock, 0);
    await okHttp(seller, "PUT", "/products/" + p.productId + "/stock", { stock: 15 });
    await delivered("stock:restocked", [late], [viewer, carter, seller], about("productId", p.productId),
      (e) => assert.deepEqual(envelope(e, "stock:restocked", seller.id),
        { productId: p.productId, sellerId: seller.id, name: "Brass lamp", stock: 15, previousStock: 0 }));

    // a viewer who left hears nothing more; product:deleted reaches the seller and cart users only
    assert.equal((await call(viewer, "product:leave", { productId: p.productId })).ok, true);
    await okHttp(seller, "PUT", "/products/" + p.productId + "/price", { price: 41 });
    await delivered("product:price_changed", [carter], [viewer], (e) => about("productId", p.productId)(e) && e.data.price === 41,
      () => {});
    await okHttp(seller, "DELETE", "/products/" + p.productId);
    await delivered("product:deleted", [seller, carter], [viewer, late, visitor, other], about("productId", p.productId),
      (e) => assert.deepEqual(envelope(e, "product:deleted", seller.id),
        { productId: p.productId, sellerId: seller.id, name: "Brass lamp" }));

    // cart removal and clear leave the cart room
    const q = await product(seller, { name: "Cup", price: 3 });
    await okHttp(carter, "PUT", "/cart/items/" + q.productId, { quantity: 1 });
    await next(carter, "cart:updated", about("productId", q.productId));
    await okHttp(carter, "DELETE", "/cart/items/" + q.productId);
    await delivered("cart:updated", [carter], [seller], (e) => about("productId", q.productId)(e) && e.data.action === "removed",
      (e) => assert.equal(envelope(e, "cart:updated").quantity, 0));
    await okHttp(seller, "PUT", "/products/" + q.productId + "/price", { price: 4 });
    await new Promise((r) => setTimeout(r, QUIET_MS));
    assert.ok(!carter.s.events.some((e) => e.event === "product:price_changed" && e.args[0].data.productId === q.productId),
      "a removed cart line still hears price changes");
    await okHttp(carter, "PUT", "/cart/items/" + q.productId, { quantity: 1 });
    // the deleted product's line stays in the cart (its owner heard product:deleted) until removed
    const cleared = await okHttp(carter, "DELETE", "/cart");
    assert.deepEqual(cleared.removed.sort(), [p.productId, q.productId].sort());
    assert.deepEqual(await okHttp(carter, "GET", "/cart"), []);

    // validation and authorization
    await fails(viewer, "product:view", {}, "VALIDATION_FAILED");
    await fails(viewer, "product:view", { productId: "no such/id" }, "VALIDATION_FAILED");
    await fails(viewer, "product:view", { productId: "p_missing" }, "NOT_FOUND");
    await fails(viewer, "storefront:visit", "seller", "VALIDATION_FAILED");
    viewer.s.emit("product:view", { productId: 7 }); // no ack: an error event
    const err = await next(viewer, "error");
    assert.equal(err.code, "VALIDATION_FAILED");
    assert.equal(err.event, "product:view");
    await failsHttp(seller, "POST", "/products", { name: "x", price: -1, stock: 1 }, 400, "price");
    await failsHttp(seller, "POST", "/products", { name: "x", price: 1.234, stock: 1 }, 400, "price");
    await failsHttp(seller, "POST", "/products", { name: "", price: 1, stock: 1 }, 400, "name");
    await failsHttp(seller, "POST", "/products", { name: "x", price: 1, stock: 1.5 }, 400, "stock");
    await failsHttp(other, "PATCH", "/products/" + q.productId, { name: "mine" }, 403);
    await failsHttp(seller, "PATCH", "/products/" + q.productId, { colour: "red" }, 400, "colour");
    await failsHttp(seller, "PUT", "/products/" + q.productId + "/stock", { stock: 1, price: 2 }, 400);
    await failsHttp(viewer, "PUT", "/products/" + q.productId + "/stock", { stock: 1 }, 403);
    await failsHttp(seller, "PUT", "/cart/items/" + q.productId, { quantity: 1 }, 403);
    await failsHttp(carter, "PUT", "/cart/items/" + q.productId, { quantity: 0 }, 400, "quantity");
    await failsHttp(carter, "PUT", "/cart/items/" + q.productId, { quantity: 999 }, 409);
    await failsHttp(carter, "DELETE", "/cart/items/" + q.productId, undefined, 404);
    await failsHttp(seller, "DELETE", "/products/p_missing", undefined, 404);
    const stored = await okHttp(seller, "GET", "/products/" + q.productId);
    assert.equal(stored.name, "Cup"); // refused writes changed nothing
    assert.equal(stored.price, 4);
  },

  async orders() {
    const seller = await user("seller", ["seller"]);
    const buyer = await user("buyer", ["buyer"]);
    const other = await user("other", ["buyer"]);
    const admin = await user("admin", ["admin"]);
    const p = await product(seller, { price: 12.5, stock: 5 });
    const order = await okHttp(buyer, "POST", "/orders", { items: [{ productId: p.productId, quantity: 2 }] }, 201);
    assert.equal(order.total, 25);
    await delivered("order:updated", [buyer, seller], [other, admin], about("orderId", order.orderId), (e) => {
      const d = envelope(e, "order:updated", buyer.id);
      assert.equal(d.action, "created");
      assert.equal(d.status, "placed");
      assert.equal(d.paymentStatus, "unpaid");
      assert.equal(d.total, 25);
      assert.deepEqual(d.items, [{ productId: p.productId, name: "Mug", quantity: 2, price: 12.5 }]);
    });
    await delivered("notification:order", [buyer, seller], [other, admin], (e) => e.data.message.includes(order.orderId),
      (e, r) => {
        const d = envelope(e, "notification:order", buyer.id);
        assert.equal(d.userId, r.id);
        assert.equal(d.category, "order");
        assert.equal(d.read, false);
      });
    assert.equal((await okHttp(seller, "GET", "/products/" + p.productId)).stock, 3);

    await okHttp(seller, "PATCH", "/orders/" + order.orderId + "/status", { status: "shipped" });
    await delivered("order:updated", [buyer, seller], [other], (e) => about("orderId", order.orderId)(e) && e.data.action === "shipped",
      (e) => assert.equal(envelope(e, "order:updated", seller.id).status, "shipped"));
    await delivered("notification:shipping", [buyer], [seller, other], (e) => e.data.message.includes(order.orderId),
      (e) => assert.equal(envelope(e, "notification:shipping", seller.id).category, "shipping"));

    await okHttp(buyer, "POST", "/orders/" + order.orderId + "/payment");
    await delivered("order:updated", [buyer, seller], [other], (e) => about("orderId", order.orderId)(e) && e.data.action === "payment_paid",
      (e) => assert.equal(envelope(e, "order:updated", buyer.id).paymentStatus, "paid"));
    await delivered("notification:payment", [buyer, seller], [other], (e) => e.data.message.includes(order.orderId),
      (e, r) => assert.equal(envelope(e, "notification:payment", buyer.id).userId, r.id));
    await delivered("analytics:revenue_updated", [seller], [buyer, other], about("orderId", order.orderId),
      (e) => assert.deepEqual(envelope(e, "analytics:revenue_updated", buyer.id),
        { orderId: order.orderId, sellerId: seller.id, amount: 25 }));

    await okHttp(seller, "PATCH", "/orders/" + order.orderId + "/status", { status: "completed" });
    await delivered("analytics:sale_completed", [seller], [buyer, other], about("orderId", order.orderId),
      (e) => assert.deepEqual(envelope(e, "analytics:sale_completed", seller.id),
        { orderId: order.orderId, sellerId: seller.id, amount: 25, productId: p.productId }));
    const metrics = await okHttp(seller, "GET", "/analytics/metrics");
    assert.equal(metrics.revenue, 25);
    assert.equal(metrics.sales, 1);

    // refusals store nothing
    await failsHttp(other, "POST", "/orders/" + order.orderId + "/payment", undefined, 403);
    await failsHttp(buyer, "POST", "/orders/" + order.orderId + "/payment", undefined, 409);
    await failsHttp(buyer, "PATCH", "/orders/" + order.orderId + "/status", { status: "shipped" }, 403);
    await failsHttp(seller, "PATCH", "/orders/" + order.orderId + "/status", { status: "teleported" }, 400, "status");
    await failsHttp(seller, "PATCH", "/orders/" + order.orderId + "/status", { status: "shipped" }, 409);
    await failsHttp(other, "GET", "/orders/" + order.orderId, undefined, 404);
    await failsHttp(buyer, "POST", "/orders", { items: [{ productId: p.productId, quantity: 4 }] }, 409);
    await failsHttp(buyer, "POST", "/orders", { items: [] }, 400, "items");
    await failsHttp(buyer, "POST", "/orders", { items: [{ productId: p.productId, quantity: 1 },
      { productId: p.productId, quantity: 1 }] }, 400, "items[1].productId");
    await failsHttp(seller, "POST", "/orders", { items: [{ productId: p.productId, quantity: 1 }] }, 403);
    assert.equal((await okHttp(seller, "GET", "/products/" + p.productId)).stock, 3);
    assert.equal((await okHttp(admin, "GET", "/orders/" + order.orderId)).status, "completed");
  },

  async wholesale() {
    const seller = await user("seller", ["seller"]);
    const buyer = await user("buyer", ["buyer"]);
    const nope = await user("nope", ["buyer"]);
    const p = await product(seller, { price: 100, stock: 50 });
    const inv = await okHttp(seller, "POST", "/wholesale/invitations", { buyerId: buyer.id, buyerEmail: "b@example.com",
      discountPercent: 10 }, 201);
    await delivered("wholesale:invitation_sent", [seller], [buyer, nope], about("id", inv.id), (e) => {
      const d = envelope(e, "wholesale:invitation_sent", seller.id);
      assert.equal(d.kind, "invitation");
      assert.equal(d.buyerId, buyer.id);
      assert.equal(d.buyerEmail, "b@example.com");
      assert.equal(d.discountPercent, 10);
      assert.equal(d.status, "pending");
    });
    await delivered("notification:wholesale", [buyer], [seller, nope], (e) => e.data.userId === buyer.id,
      (e) => envelope(e, "notification:wholesale", seller.id));
    await failsHttp(nope, "POST", "/wholesale/invitations/" + inv.id + "/accept", undefined, 403);
    await okHttp(buyer, "POST", "/wholesale/invitations/" + inv.id + "/accept");
    await delivered("wholesale:invitation_accepted", [seller, buyer], [nope], about("id", inv.id),
      (e) => assert.equal(envelope(e, "wholesale:invitation_accepted", buyer.id).status, "accepted"));
    await failsHttp(buyer, "POST", "/wholesale/invitations/" + inv.id + "/reject", undefined, 409);

    const inv2 = await okHttp(seller, "POST", "/wholesale/invitations", { buyerId: nope.id }, 201);
    await okHttp(nope, "POST", "/wholesale/invitations/" + inv2.id + "/reject");
    await delivered("wholesale:invitation_rejected", [seller], [nope, buyer], about("id", inv2.id),
      (e) => assert.equal(envelope(e, "wholesale:invitation_rejected", nope.id).status, "rejected"));

    await failsHttp(nope, "POST", "/wholesale/orders", { invitationId: inv.id, items: [{ productId: p.productId, quantity: 1 }] }, 403);
    await failsHttp(nope, "POST", "/wholesale/orders", { invitationId: inv2.id, items: [{ productId: p.productId, quantity: 1 }] }, 403);
    const wo = await okHttp(buyer, "POST", "/wholesale/orders", { invitationId: inv.id,
      items: [{ productId: p.productId, quantity: 10 }] }, 201);
    assert.equal(wo.total, 900);
    assert.equal(wo.depositAmount, 270);
    await delivered("wholesale:order_placed", [seller, buyer], [nope], about("id", wo.id), (e) => {
      const d = envelope(e, "wholesale:order_placed", buyer.id);
      assert.equal(d.total, 900);
      assert.equal(d.depositPaid, false);
      assert.deepEqual(d.items, [{ productId: p.productId, name: "Mug", quantity: 10, price: 90 }]);
    });
    await failsHttp(buyer, "POST", "/wholesale/orders/" + wo.id + "/balance", undefined, 409);
    await okHttp(seller, "PATCH", "/wholesale/orders/" + wo.id + "/status", { status: "confirmed" });
    await delivered("wholesale:order_updated", [seller, buyer], [nope], (e) => about("id", wo.id)(e) && e.data.status === "confirmed",
      (e) => envelope(e, "wholesale:order_updated", seller.id));
    await okHttp(buyer, "POST", "/wholesale/orders/" + wo.id + "/deposit");
    await delivered("wholesale:deposit_paid", [seller, buyer], [nope], about("id", wo.id),
      (e) => assert.equal(envelope(e, "wholesale:deposit_paid", buyer.id).depositPaid, true));
    await failsHttp(buyer, "POST", "/wholesale/orders/" + wo.id + "/deposit", undefined, 409);
    await okHttp(buyer, "POST", "/wholesale/orders/" + wo.id + "/balance");
    await delivered("wholesale:balance_paid", [seller, buyer], [nope], about("id", wo.id),
      (e) => assert.equal(envelope(e, "wholesale:balance_paid", buyer.id).balancePaid, true));
    await okHttp(seller, "PATCH", "/wholesale/orders/" + wo.id + "/status", { status: "shipped" });
    await delivered("wholesale:order_shipped", [buyer], [seller, nope], about("id", wo.id),
      (e) => assert.equal(envelope(e, "wholesale:order_shipped", seller.id).status, "shipped"));
    await delivered("wholesale:order_updated", [seller, buyer], [nope], (e) => about("id", wo.id)(e) && e.data.status === "shipped",
      () => {});
    await failsHttp(buyer, "PATCH", "/wholesale/orders/" + wo.id + "/status", { status: "delivered" }, 403);
    await failsHttp(seller, "PATCH", "/wholesale/orders/" + wo.id + "/status", { status: "lost" }, 400, "status");
    await failsHttp(buyer, "POST", "/wholesale/invitations", { buyerId: nope.id }, 403);
    await failsHttp(seller, "POST", "/wholesale/invitations", { buyerId: "" }, 400, "buyerId");
  },

  async quotations() {
    const seller = await user("seller", ["seller"]);
    const buyer = await user("buyer", ["buyer"]);
    const nope = await user("nope", ["buyer"]);
    const items = [{ description: "Custom print", quantity: 100, unitPrice: 1.5 }];
    const q = await okHttp(seller, "POST", "/quotations", { buyerId: buyer.id, items, notes: "net 30" }, 201);
    assert.equal(q.total, 150);
    await delivered("quotation:created", [seller], [buyer, nope], about("quotationId", q.quotationId), (e) => {
      const d = envelope(e, "quotation:created", seller.id);
      assert.equal(d.status, "draft");
      assert.equal(d.buyerId, buyer.id);
      assert.deepEqual(d.items, items);
      assert.match(d.expiresAt, ISO);
    });
    await okHttp(seller, "PATCH", "/quotations/" + q.quotationId, { notes: "net 15" });
    await delivered("quotation:updated", [seller], [buyer, nope], about("quotationId", q.quotationId),
      (e) => assert.equal(envelope(e, "quotation:updated", seller.id).notes, "net 15"));
    await failsHttp(buyer, "POST", "/quotations/" + q.quotationId + "/accept", undefined, 403); // a draft
    await okHttp(seller, "POST", "/quotations/" + q.quotationId + "/send");
    await delivered("quotation:sent", [buyer], [seller, nope], about("quotationId", q.quotationId),
      (e) => assert.equal(envelope(e, "quotation:sent", seller.id).status, "sent"));
    await delivered("notification:quotation", [buyer], [seller, nope], (e) => e.data.message.includes(q.quotationId),
      (e) => envelope(e, "notification:quotation", seller.id));
    await failsHttp(nope, "POST", "/quotations/" + q.quotationId + "/view", undefined, 403);
    await okHttp(buyer, "POST", "/quotations/" + q.quotationId + "/view");
    await delivered("quotation:viewed", [seller], [buyer, nope], about("quotationId", q.quotationId),
      (e) => assert.match(envelope(e, "quotation:viewed", buyer.id).viewedAt, ISO));
    await okHttp(seller, "PATCH", "/quotations/" + q.quotationId, { items: [{ description: "Custom print", quantity: 200, unitPrice: 1.4 }] });
    await delivered("quotation:updated", [seller, buyer], [nope], (e) => about("quotationId", q.quotationId)(e) && e.data.total === 280,
      (e) => envelope(e, "quotation:updated", seller.id));
    await okHttp(buyer, "POST", "/quotations/" + q.quotationId + "/accept");
    await delivered("quotation:accepted", [seller], [buyer, nope], about("quotationId", q.quotationId),
      (e) => assert.equal(envelope(e, "quotation:accepted", buyer.id).status, "accepted"));
    await delivered("notification:quotation", [seller], [nope], (e) => e.data.message.includes(q.quotationId),
      (e) => assert.equal(envelope(e, "notification:quotation", buyer.id).userId, seller.id));
    await failsHttp(buyer, "POST", "/quotations/" + q.quotationId + "/reject", undefined, 409);

    const r = await okHttp(seller, "POST", "/quotations", { buyerId: buyer.id, items }, 201);
    await okHttp(seller, "POST", "/quotations/" + r.quotationId + "/send");
    await okHttp(buyer, "POST", "/quotations/" + r.quotationId + "/reject");
    await delivered("quotation:rejected", [seller], [buyer, nope], about("quotationId", r.quotationId),
      (e) => assert.equal(envelope(e, "quotation:rejected", buyer.id).status, "rejected"));

    // quotation:expired comes from the expiry schedule, not from a client
    const x = await okHttp(seller, "POST", "/quotations", { buyerId: buyer.id, items, validForSeconds: 2 }, 201);
    await okHttp(seller, "POST", "/quotations/" + x.quotationId + "/send");
    await delivered("quotation:expired", [seller, buyer], [nope], about("quotationId", x.quotationId),
      (e) => assert.equal(envelope(e, "quotation:expired", null).status, "expired"));
    await failsHttp(buyer, "POST", "/quotations/" + x.quotationId + "/accept", undefined, 409);

    await failsHttp(buyer, "POST", "/quotations", { buyerId: buyer.id, items }, 403);
    await failsHttp(seller, "POST", "/quotations", { buyerId: buyer.id, items: [{ description: "x", quantity: 0, unitPrice: 1 }] },
      400, "items[0].quantity");
    await failsHttp(seller, "POST", "/quotations", { buyerId: buyer.id, items, validForSeconds: 0 }, 400, "validForSeconds");
  },

  async notifications() {
    const admin = await user("admin", ["admin"]);
    const buyer = await user("buyer", ["buyer"]);
    const seller = await user("seller", ["seller"]);
    const n = await okHttp(admin, "POST", "/notifications", { userId: buyer.id, category: "order", title: "Hi",
      message: "Your order " + scenario }, 201);
    await delivered("notification:order", [buyer], [admin, seller], about("notificationId", n.notificationId),
      (e) => assert.deepEqual(envelope(e, "notification:order", admin.id),
        { userId: buyer.id, notificationId: n.notificationId, category: "order", title: "Hi", message: "Your order " + scenario,
          read: false, createdAt: n.createdAt, updatedAt: n.updatedAt }));
    const listed = await okHttp(buyer, "GET", "/notifications");
    assert.ok(listed.some((x) => x.notificationId === n.notificationId));
    await failsHttp(seller, "POST", "/notifications/" + n.notificationId + "/read", undefined, 404);
    await okHttp(buyer, "POST", "/notifications/" + n.notificationId + "/read");
    await delivered("notification:read", [buyer], [admin, seller], about("notificationId", n.notificationId),
      (e) => assert.deepEqual(envelope(e, "notification:read", buyer.id),
        { notificationId: n.notificationId, userId: buyer.id, read: true, category: "order" }));
    await okHttp(buyer, "DELETE", "/notifications/" + n.notificationId);
    await delivered("notification:deleted", [buyer], [admin, seller], about("notificationId", n.notificationId),
      (e) => assert.deepEqual(envelope(e, "notification:deleted", buyer.id), { notificationId: n.notificationId, userId: buyer.id }));
    await failsHttp(buyer, "DELETE", "/notifications/" + n.notificationId, undefined, 404);

    const sys = await okHttp(admin, "POST", "/notifications/system", { title: "Maintenance", message: "At 22:00 " + scenario }, 201);
    await delivered("notification:system", [buyer, seller, admin], [], about("notificationId", sys.notificationId),
      (e) => {
        const d = envelope(e, "notification:system", admin.id);
        assert.equal(d.title, "Maintenance");
        assert.equal(d.category, "system");
      });
    await failsHttp(buyer, "POST", "/notifications/system", { title: "x", message: "y" }, 403);
    await failsHttp(seller, "POST", "/notifications", { userId: buyer.id, category: "order", title: "x", message: "y" }, 403);
    await failsHttp(admin, "POST", "/notifications", { userId: buyer.id, category: "gossip", title: "x", message: "y" }, 400, "category");
    await failsHttp(admin, "POST", "/notifications", { userId: "system", category: "order", title: "x", message: "y" }, 400, "userId");
  },

  // with STOREFRONT_DIRECT_EVENTS=product:price_changed,product:stock_changed the routes emit those two
  // themselves; the stream still sends the rest, and nothing arrives twice
  async direct() {
    const seller = await user("seller", ["seller"]);
    const viewer = await user("viewer", ["buyer"]);
    const p = await product(seller, { price: 10, stock: 20 });
    await next(seller, "product:created", about("productId", p.productId));
    await call(viewer, "product:view", { productId: p.productId });
    await okHttp(seller, "PUT", "/products/" + p.productId + "/price", { price: 11 });
    await delivered("product:price_changed", [viewer], [seller], about("productId", p.productId),
      (e) => assert.deepEqual(envelope(e, "product:price_changed", seller.id),
        { productId: p.productId, sellerId: seller.id, name: "Mug", price: 11, previousPrice: 10 }));
    await okHttp(seller, "PUT", "/products/" + p.productId + "/stock", { stock: 5 });
    await delivered("product:stock_changed", [viewer], [seller], about("productId", p.productId),
      (e) => assert.equal(envelope(e, "product:stock_changed", seller.id).stock, 5));
    await delivered("stock:low", [seller], [viewer], about("productId", p.productId), () => {}); // from the stream
    await new Promise((r) => setTimeout(r, 1500)); // the stream's turn: it must not send them again
    for (const ev of ["product:price_changed", "product:stock_changed"]) {
      assert.equal(viewer.s.events.filter((e) => e.event === ev).length, 1, ev + " arrived twice");
    }
    facts.direct = true;
  },

  // the same with the products table's stream stopped (StorefrontIT closes its poller): the two direct
  // events still arrive, proof that the routes send them; the stream's stock:low does not
  async "direct-no-stream"() {
    const seller = await user("seller", ["seller"]);
    const viewer = await user("viewer", ["buyer"]);
    const p = await product(seller, { price: 10, stock: 20 });
    await call(viewer, "product:view", { productId: p.productId });
    await okHttp(seller, "PUT", "/products/" + p.productId + "/price", { price: 12 });
    await delivered("product:price_changed", [viewer], [seller], about("productId", p.productId),
      (e) => assert.equal(envelope(e, "product:price_changed", seller.id).price, 12));
    await okHttp(seller, "PUT", "/products/" + p.productId + "/stock", { stock: 5 });
    await delivered("product:stock_changed", [viewer], [seller], about("productId", p.productId),
      (e) => assert.equal(envelope(e, "product:stock_changed", seller.id).previousStock, 20));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(seller.s.events.filter((e) => e.event === "stock:low" || e.event === "product:created").length, 0,
      "the stopped stream sent something");
    facts.direct = true;
  },

  async metrics() {
    const seller = await user("seller", ["seller"]);
    const buyer = await user("buyer", ["buyer"]);
    const p = await product(seller, { price: 7, stock: 9 });
    await call(buyer, "product:view", { productId: p.productId });
    const o = await okHttp(buyer, "POST", "/orders", { items: [{ productId: p.productId, quantity: 3 }] }, 201);
    await okHttp(buyer, "POST", "/orders/" + o.orderId + "/payment");
    const m = await delivered("analytics:metrics_updated", [seller], [buyer], (e) => e.data.revenue === 21,
      (e) => {
        const d = envelope(e, "analytics:metrics_updated", null);
        assert.equal(d.sellerId, seller.id);
        assert.equal(d.orders, 1);
        assert.equal(d.views, 1);
        assert.deepEqual(d.products, [{ productId: p.productId, views: 1 }]);
      });
    facts.metrics = m.data;
  },
};

(async () => {
  const run = scenarios[scenario];
  if (!run) throw new Error("unknown scenario " + scenario);
  await run();
  console.log(JSON.stringify(facts));
})().then(() => {
  sockets.forEach((s) => s.close());
  process.exit(0);
}, (e) => {
  console.error(e && e.stack ? e.stack : e);
  sockets.forEach((s) => s.close());
  process.exit(1);
});
