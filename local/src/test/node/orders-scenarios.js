// The orders example (examples/orders, seed 001) driven by the real socket.io-client from npm
// against the local stack started with --app orders. Usage: node orders-scenarios.js <ws-url> <scenario>.
// ORDERS_SECRET (env) is the stack's AUTH_JWT_SECRET: tokens are minted here with Node's own HMAC.
// HTTP routes are on the same port as the WebSocket. Users are named after the scenario, so
// scenarios do not see each other's events (except business:status:update, which reaches everyone).
// Exits 0 when every assertion held and prints one JSON line of facts; 1 with the failure otherwise.
"use strict";
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { io } = require("socket.io-client");

const [url, scenario] = process.argv.slice(2);
const http = url.replace(/^ws/, "http");
const SECRET = process.env.ORDERS_SECRET;
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 20000);
const sockets = [];
const u = (name) => scenario + "-" + name;

function b64url(data) {
  return Buffer.from(data).toString("base64url");
}

function token(sub, roles, claims = {}, { secret = SECRET } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub, name: "Name of " + sub, roles, aud: "socketio-orders", iat: now, exp: now + 3600, ...claims };
  const input = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" })) + "." + b64url(JSON.stringify(payload));
  return input + "." + crypto.createHmac("sha256", secret).update(input).digest("base64url");
}

// a client that records every event it gets, in order; connection options as the seed's, but path/transports
function client(auth) {
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, auth });
  s.events = [];
  s.onAny((event, ...args) => s.events.push({ event, args, seen: false }));
  sockets.push(s);
  return s;
}

function connected(s) {
  return new Promise((resolve, reject) => {
    if (s.connected) return resolve(s);
    s.once("connect", () => resolve(s));
    s.once("connect_error", (err) => reject(new Error("connect_error: " + err.message + " " + JSON.stringify(err.data))));
  });
}

// connects like the seed's SocketService (auth.token "Bearer <jwt>") and registers like its 'connect' handler
async function login(name, role, { register = true } = {}) {
  const sub = u(name);
  const s = await connected(client({ token: "Bearer " + token(sub, [role]) }));
  s.sub = sub;
  if (register) {
    s.emit("register", { userId: sub, role });
    const r = await next(s, "registered");
    assert.deepEqual(r, { success: true, userId: sub, role, socketId: s.id });
  }
  return s;
}

function refused(auth) {
  const s = client(auth);
  return new Promise((resolve, reject) => {
    s.once("connect", () => reject(new Error("connected with " + JSON.stringify(auth))));
    s.once("connect_error", (err) => resolve(err));
  });
}

// the first event of that name (and matching predicate) not consumed yet, waiting for it if needed
async function next(s, event, predicate = () => true) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const hit = s.events.find((e) => !e.seen && e.event === event && predicate(e.args[0]));
    if (hit) {
      hit.seen = true;
      return hit.args[0];
    }
    if (Date.now() > deadline) throw new Error("timed out waiting for " + event + " on " + (s.sub || s.id));
    await new Promise((r) => setTimeout(r, 10));
  }
}

function received(s, event, predicate = () => true) {
  return s.events.filter((e) => e.event === event && predicate(e.args[0])).map((e) => e.args[0]);
}

function call(s, event, payload) {
  return s.timeout(10000).emitWithAck(event, payload);
}

async function ok(s, event, payload) {
  const r = await call(s, event, payload);
  assert.equal(r.success, true, event + " " + JSON.stringify(payload) + " answered " + JSON.stringify(r));
  return r;
}

async function fails(s, event, payload, code) {
  const r = await call(s, event, payload);
  assert.equal(r.success, false, event + " " + JSON.stringify(payload) + " should fail with " + code);
  assert.equal(r.code, code, event + ": " + JSON.stringify(r));
  assert.ok(typeof r.message === "string" && r.message.length > 0);
  return r;
}

// without an ack, a refusal comes as the seed's 'error' event {message} (plus code and event)
async function failsWithErrorEvent(s, event, payload, code) {
  s.emit(event, payload);
  const e = await next(s, "error", (x) => x && x.event === event);
  assert.equal(e.code, code, event + ": " + JSON.stringify(e));
  assert.ok(typeof e.message === "string" && e.message.length > 0);
  return e;
}

async function api(method, path, who, body) {
  const headers = { "content-type": "application/json" };
  if (who) headers.authorization = "Bearer " + token(who.sub, [who.role]);
  const send = body !== undefined && method !== "GET";
  const res = await fetch(http + path, { method, headers, body: send ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function apiOk(method, path, who, body) {
  const r = await api(method, path, who, body);
  assert.ok(r.status === 200 || r.status === 201, method + " " + path + " answered " + r.status + " " + JSON.stringify(r.body));
  assert.equal(r.body.success, true);
  return r.body.data;
}

async function apiFails(method, path, who, body, status, field) {
  const r = await api(method, path, who, body);
  assert.equal(r.status, status, method + " " + path + " " + JSON.stringify(body) + ": " + JSON.stringify(r.body));
  assert.ok(r.body.error && typeof r.body.error.message === "string", JSON.stringify(r.body));
  if (field) assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  return r.body.error;
}

const as = (sub, role) => ({ sub: u(sub), role });
const ADMIN = () => as("admin", "admin");

// a broadcast every socket gets; once a socket has it, every earlier broadcast to it has arrived too
// (the stream function delivers records in order), so "did not receive" checks hold from then on
async function barrier(all, admin) {
  const state = (await apiOk("GET", "/api/v1/business/status", admin)).isOpen;
  await apiOk("PATCH", "/api/v1/business/status", admin, { isOpen: !state });
  await Promise.all(all.map((s) => next(s, "business:status:update", (x) => x.isOpen === !state)));
  await apiOk("PATCH", "/api/v1/business/status", admin, { isOpen: state });
  await Promise.all(all.map((s) => next(s, "business:status:update", (x) => x.isOpen === state)));
}

const scenarios = {
  // JWT at CONNECT, register against the token, ping
  async auth() {
    const cases = {
      none: {},
      garbage: { token: "Bearer not-a-jwt" },
      badSignature: { token: "Bearer " + token(u("a"), ["customer"], {}, { secret: "another-secret-another-secret-000" }) },
      expired: { token: token(u("a"), ["customer"], { exp: Math.floor(Date.now() / 1000) - 3600 }) },
      wrongAudience: { token: token(u("a"), ["customer"], { aud: "someone-else" }) },
    };
    const reasons = {};
    for (const [name, auth] of Object.entries(cases)) {
      const err = await refused(auth);
      assert.equal(err.message, "unauthorized", name);
      assert.equal(err.data.code, "UNAUTHORIZED", name);
      reasons[name] = err.data.message;
    }
    // a bare token works as well as the seed's "Bearer <token>"
    const bare = await connected(client({ token: token(u("bare"), ["customer"]) }));
    assert.equal((await ok(bare, "register", { userId: u("bare"), role: "customer" })).userId, u("bare"));
    const c = await login("c", "customer", { register: false });
    // identity from the token: another user id or a role the token lacks is refused, with the seed's error shape
    const mismatch = await failsWithErrorEvent(c, "register", { userId: "507f1f77bcf86cd799439011", role: "customer" },
      "FORBIDDEN");
    assert.equal(mismatch.message, "userId does not match your token");
    await failsWithErrorEvent(c, "register", { userId: c.sub, role: "admin" }, "FORBIDDEN");
    await fails(c, "register", { userId: c.sub, role: "superuser" }, "VALIDATION");
    await fails(c, "register", "customer", "VALIDATION");
    await fails(c, "register", { userId: 42 }, "VALIDATION");
    assert.equal(received(c, "registered").length, 0);
    // role left out: the token's only role
    assert.equal((await ok(c, "register", { userId: c.sub })).role, "customer");
    assert.deepEqual(await next(c, "registered"), { success: true, userId: c.sub, role: "customer", socketId: c.id });
    // ping: a pong event and the ack
    const before = Date.now();
    const ack = await ok(c, "ping");
    const pong = await next(c, "pong");
    assert.equal(pong.timestamp, ack.timestamp);
    assert.ok(Date.parse(pong.timestamp) >= before - 60000);
    // unknown events get the runtime's answer, never a crash
    const unknown = await call(c, "no:such:event", {});
    assert.ok(unknown && unknown.error, JSON.stringify(unknown));
    return { refused: Object.keys(cases).length, reasons };
  },

  // every catalogue event through the production paths, with recipients and non-recipients
  async catalogue() {
    const admin = await login("admin", "admin");
    const carla = await login("carla", "customer");
    const chris = await login("chris", "customer");
    const dan = await login("dan", "delivery");
    const dina = await login("dina", "delivery");
    const guest = await login("guest", "customer", { register: false }); // connected, never registered
    const all = [admin, carla, chris, dan, dina, guest];
    const A = ADMIN(), C = as("carla", "customer"), C2 = as("chris", "customer"), D = as("dan", "delivery"),
      D2 = as("dina", "delivery");
    await barrier(all, A);

    // business:status:update reaches every client, registered or not
    const closed = await apiOk("PATCH", "/api/v1/business/status", A, { isOpen: false });
    for (const s of all) {
      const e = await next(s, "business:status:update", (x) => x.isOpen === false);
      assert.deepEqual(Object.keys(e).sort(), ["businessName", "isOpen", "message"]);
      assert.equal(e.businessName, closed.businessName);
      assert.equal(e.message, closed.message);
    }
    await apiFails("POST", "/api/v1/orders", C, { items: [{ product: "cola", quantity: 1 }], deliveryAddress: "x" }, 409);
    await apiOk("PATCH", "/api/v1/business/status", A, { isOpen: true });
    await Promise.all(all.map((s) => next(s, "business:status:update", (x) => x.isOpen === true)));

    // delivery:status:update: an agent goes available -> admins
    await apiOk("PATCH", "/api/v1/delivery/status", D, { status: "available" });
    await apiOk("PATCH", "/api/v1/delivery/status", D2, { status: "available" });
    assert.deepEqual(await next(admin, "delivery:status:update", (x) => x.deliveryBoyId === dan.sub),
      { deliveryBoyId: dan.sub, status: "available", currentOrder: null });

    // order:new to admins and agents
    const order = await apiOk("POST", "/api/v1/orders", C, {
      items: [{ product: "margherita", quantity: 2 }, { product: "cola", quantity: 1 }], deliveryAddress: "123 Main St" });
    assert.equal(order.totalAmount, 19.2);
    assert.equal(order.status, "pending");
    const id = order.orderId;
    const isOrder = (x) => x.orderId === id;
    const expectedNew = { orderId: id, customerName: "Name of " + carla.sub, totalAmount: 19.2, items: [
      { product: "margherita", name: "Pizza Margherita", quantity: 2, price: 8.5 },
      { product: "cola", name: "Cola 0.5 l", quantity: 1, price: 2.2 }] };
    for (const s of [admin, dan, dina]) assert.deepEqual(await next(s, "order:new", isOrder), expectedNew);

    // order rooms: the customer, the agent (once assigned) and admins only
    await ok(carla, "join:order", id);
    await ok(admin, "join:order", { orderId: id });
    await fails(chris, "join:order", id, "FORBIDDEN");
    await fails(dan, "join:order", id, "FORBIDDEN"); // not assigned yet
    await fails(carla, "join:order", "no-such-order", "NOT_FOUND");
    await fails(carla, "join:order", "bad id!", "VALIDATION");
    await failsWithErrorEvent(carla, "join:order", undefined, "VALIDATION");

    // order:assigned to the agent, delivery:status:update busy to admins
    await apiOk("PATCH", `/api/v1/orders/${id}/assign`, A, { deliveryBoyId: dan.sub });
    const assigned = await next(dan, "order:assigned", isOrder);
    assert.deepEqual(assigned, { orderId: id, orderNumber: order.orderNumber, customerName: "Name of " + carla.sub,
      deliveryAddress: "123 Main St", totalAmount: 19.2, status: "pending" });
    assert.deepEqual(await next(admin, "delivery:status:update", (x) => x.deliveryBoyId === dan.sub),
      { deliveryBoyId: dan.sub, status: "busy", currentOrder: id });
    await ok(dan, "join:order", id);
    await fails(dina, "join:order", id, "FORBIDDEN");

    // join:delivery: admins and the agent himself
    await ok(admin, "join:delivery", dan.sub);
    await ok(dan, "join:delivery", { deliveryId: dan.sub });
    await fails(carla, "join:delivery", dan.sub, "FORBIDDEN");
    await fails(dina, "join:delivery", dan.sub, "FORBIDDEN");

    // order:status:update to customer and agent, order:status:changed to admins
    await apiOk("PATCH", `/api/v1/orders/${id}/status`, A, { status: "confirmed" });
    for (const s of [carla, dan]) {
      assert.deepEqual(await next(s, "order:status:update", isOrder),
        { orderId: id, status: "confirmed", message: "Your order has been confirmed" });
    }
    assert.deepEqual(await next(admin, "order:status:changed", isOrder),
      { orderId: id, status: "confirmed", message: "Your order has been confirmed" });
    await apiOk("PATCH", `/api/v1/orders/${id}/status`, A, { status: "ready" });
    await next(carla, "order:status:update", (x) => x.orderId === id && x.status === "ready");

    // delivery:location -> delivery:location:update to the order's customer and the admins tracking it
    await ok(dan, "delivery:location", { orderId: id, latitude: 52.52, longitude: 13.405, speed: 8.5, heading: 270 });
    for (const s of [carla, admin]) {
      const loc = await next(s, "delivery:location:update", isOrder);
      assert.deepEqual(loc.location, { lat: 52.52, lng: 13.405, latitude: 52.52, longitude: 13.405 });
      assert.equal(loc.speed, 8.5);
      assert.equal(loc.heading, 270);
      assert.equal(loc.deliveryBoyId, dan.sub);
    }
    // throttled per agent: a burst gets at most one per window through
    const windowMs = Number(process.env.LOCATION_WINDOW_MS);
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 50));
    const burst = await Promise.all([1, 2, 3].map((i) => call(dan, "delivery:location",
      { orderId: id, latitude: 52.5 + i / 100, longitude: 13.4 })));
    assert.ok(burst.filter((r) => r.success).length <= 2, JSON.stringify(burst));
    assert.ok(burst.some((r) => r.code === "RATE_LIMITED" && r.retryAfterMs > 0), JSON.stringify(burst));
    await new Promise((r) => setTimeout(r, windowMs));
    // only the agent of the order, only agents, only valid ranges (invalid reports do not count against the throttle)
    await fails(dina, "delivery:location", { orderId: id, latitude: 1, longitude: 1 }, "FORBIDDEN");
    await fails(carla, "delivery:location", { orderId: id, latitude: 1, longitude: 1 }, "FORBIDDEN");
    await fails(dan, "delivery:location", { orderId: id, latitude: 91, longitude: 1 }, "VALIDATION");
    await fails(dan, "delivery:location", { orderId: id, latitude: 1, longitude: -181 }, "VALIDATION");
    await fails(dan, "delivery:location", { orderId: id, latitude: 1, longitude: 1, speed: 9999 }, "VALIDATION");
    await failsWithErrorEvent(dan, "delivery:location", { orderId: id, latitude: "north", longitude: 1 }, "VALIDATION");
    await fails(dan, "delivery:location", { orderId: "no-such-order", latitude: 1, longitude: 1 }, "NOT_FOUND");

    // the agent moves the order on; payment:received to admins and the customer
    await apiOk("PATCH", `/api/v1/orders/${id}/status`, D, { status: "out_for_delivery" });
    await next(carla, "order:status:update", (x) => x.orderId === id && x.status === "out_for_delivery");
    await next(admin, "order:status:changed", (x) => x.orderId === id && x.status === "out_for_delivery");
    const paid = await apiOk("POST", "/api/v1/payments", C, { orderId: id, paymentMethod: "card", amount: 19.2 });
    assert.equal(paid.status, "completed");
    for (const s of [admin, carla]) {
      assert.deepEqual(await next(s, "payment:received", isOrder), { orderId: id, amount: 19.2, paymentMethod: "card" });
    }
    await apiFails("POST", "/api/v1/payments", C, { orderId: id, paymentMethod: "card" }, 409);
    await apiOk("PATCH", `/api/v1/orders/${id}/status`, D, { status: "delivered" });
    await next(carla, "order:status:update", (x) => x.orderId === id && x.status === "delivered");
    assert.deepEqual(await next(admin, "delivery:status:update", (x) => x.deliveryBoyId === dan.sub),
      { deliveryBoyId: dan.sub, status: "available", currentOrder: null });
    await new Promise((r) => setTimeout(r, windowMs));
    await fails(dan, "delivery:location", { orderId: id, latitude: 1, longitude: 1 }, "FORBIDDEN"); // tracking ended
    await ok(carla, "leave:order", id);
    await ok(admin, "leave:order", { orderId: id });

    // notification:new to one user
    await apiOk("POST", "/api/v1/notifications", A, { userId: carla.sub, title: "Thanks", message: "Rate your meal",
      type: "order" });
    assert.deepEqual(await next(carla, "notification:new"), { title: "Thanks", message: "Rate your meal", type: "order" });

    // offer:new to every customer
    const code = ("OFF" + Date.now()).slice(0, 20);
    await apiOk("POST", "/api/v1/offers", A, { code, description: "10% off pizzas", discountValue: 10 });
    for (const s of [carla, chris]) {
      assert.deepEqual(await next(s, "offer:new", (x) => x.code === code),
        { code, description: "10% off pizzas", discountValue: 10 });
    }

    // order:cancelled to the customer, admins and agents
    const second = await apiOk("POST", "/api/v1/orders", C, { items: [{ product: "salad", quantity: 1 }],
      deliveryAddress: "123 Main St" });
    const isSecond = (x) => x.orderId === second.orderId;
    await next(admin, "order:new", isSecond);
    await apiFails("PATCH", `/api/v1/orders/${second.orderId}/cancel`, C2, { reason: "not mine" }, 404);
    await apiOk("PATCH", `/api/v1/orders/${second.orderId}/cancel`, C, { reason: "Changed my mind" });
    for (const s of [carla, admin, dan, dina]) {
      assert.deepEqual(await next(s, "order:cancelled", isSecond),
        { orderId: second.orderId, orderNumber: second.orderNumber, reason: "Changed my mind" });
    }
    await next(carla, "order:status:update", (x) => isSecond(x) && x.status === "cancelled");

    // nobody got what the seed does not send them
    await barrier(all, A);
    const none = (s, event, pred = () => true) => assert.equal(received(s, event, pred).length, 0,
      (s.sub) + " got " + event + ": " + JSON.stringify(received(s, event, pred)));
    for (const s of [carla, chris, guest]) none(s, "order:new");
    for (const s of [chris, dina, guest, admin]) none(s, "order:status:update", isOrder);
    for (const s of [carla, chris, dan, dina, guest]) none(s, "order:status:changed");
    for (const s of [chris, dina, guest]) none(s, "delivery:location:update");
    none(dan, "delivery:location:update");
    for (const s of [carla, chris, dina, guest]) none(s, "delivery:status:update");
    // dan joined his own delivery room: he sees his status changes (busy was before he joined)
    assert.deepEqual(received(dan, "delivery:status:update").map((x) => x.status), ["available"]);
    for (const s of [carla, chris, dina, guest, admin]) none(s, "order:assigned");
    for (const s of [chris, dan, dina, guest]) none(s, "payment:received");
    for (const s of [admin, chris, dan, dina, guest]) none(s, "notification:new");
    for (const s of [admin, dan, dina, guest]) none(s, "offer:new");
    for (const s of [chris, guest]) none(s, "order:cancelled");
    // exactly once each where it was sent
    assert.equal(received(carla, "order:status:update", isOrder).length, 4);
    assert.equal(received(carla, "delivery:location:update", isOrder).length,
      1 + burst.filter((r) => r.success).length);

    // monitoring routes (admin only)
    const status = (await api("GET", "/api/v1/socket/status", A)).body;
    for (const s of [admin, carla, chris, dan, dina]) {
      assert.ok(status.connectedUsers.some((x) => x.userId === s.sub && x.socketId === s.id), s.sub);
    }
    assert.ok(!status.connectedUsers.some((x) => x.userId === guest.sub), "a never-registered socket is no user");
    assert.ok(status.totalConnections >= all.length);
    const metrics = (await api("GET", "/api/v1/metrics/socket", A)).body;
    for (const e of ["business:status:update", "order:new", "order:status:update", "order:status:changed",
      "order:cancelled", "order:assigned", "delivery:status:update", "delivery:location:update", "payment:received",
      "notification:new", "offer:new"]) {
      assert.ok(metrics.eventMetrics[e] >= 1, e + " " + JSON.stringify(metrics));
    }
    assert.ok(metrics.connectedUsers >= all.length);
    assert.ok(metrics.uptime >= 0);
    await apiFails("GET", "/api/v1/socket/status", C, undefined, 403);
    await apiFails("GET", "/api/v1/metrics/socket", D, undefined, 403);
    await apiFails("GET", "/api/v1/metrics/socket", null, undefined, 401);
    return { orderId: id, locationsThrough: burst.filter((r) => r.success).length + 1, metrics: metrics.eventMetrics };
  },

  // every route's authorization and validation failures
  async routes() {
    const A = ADMIN(), C = as("carla", "customer"), C2 = as("chris", "customer"), D = as("dan", "delivery");
    const D2 = as("dina", "delivery");
    // 401 without a token or with a bad one, 403 with the wrong role
    for (const [method, path] of [["PATCH", "/api/v1/business/status"], ["POST", "/api/v1/orders"],
      ["PATCH", "/api/v1/orders/x/status"], ["PATCH", "/api/v1/orders/x/cancel"], ["PATCH", "/api/v1/orders/x/assign"],
      ["PATCH", "/api/v1/delivery/status"], ["POST", "/api/v1/payments"], ["POST", "/api/v1/notifications"],
      ["POST", "/api/v1/offers"], ["GET", "/api/v1/socket/status"], ["GET", "/api/v1/metrics/socket"]]) {
      await apiFails(method, path, null, {}, 401);
      const bad = await fetch(http + path, { method, headers: { authorization: "Bearer nope", "content-type":
        "application/json" }, body: method === "GET" ? undefined : "{}" });
      assert.equal(bad.status, 401, path);
    }
    await apiFails("PATCH", "/api/v1/business/status", C, { isOpen: true }, 403);
    await apiFails("POST", "/api/v1/orders", A, { items: [], deliveryAddress: "x" }, 403);
    await apiFails("PATCH", "/api/v1/orders/x/assign", D, { deliveryBoyId: "d" }, 403);
    await apiFails("PATCH", "/api/v1/delivery/status", C, { status: "available" }, 403);
    await apiFails("POST", "/api/v1/payments", D, { orderId: "x", paymentMethod: "card" }, 403);
    await apiFails("POST", "/api/v1/notifications", C, { userId: "x", title: "t", message: "m" }, 403);
    await apiFails("POST", "/api/v1/offers", D, { code: "ABC", description: "d", discountValue: 1 }, 403);
    // validation: 400 naming the field
    await apiFails("PATCH", "/api/v1/business/status", A, { isOpen: "yes" }, 400, "isOpen");
    await apiFails("POST", "/api/v1/orders", C, { items: [], deliveryAddress: "x" }, 400, "items");
    await apiFails("POST", "/api/v1/orders", C, { items: [{ product: "sushi", quantity: 1 }], deliveryAddress: "x" },
      400, "items[0].product");
    await apiFails("POST", "/api/v1/orders", C, { items: [{ product: "cola", quantity: 0 }], deliveryAddress: "x" },
      400, "items[0].quantity");
    await apiFails("POST", "/api/v1/orders", C, { items: [{ product: "cola", quantity: 1 }] }, 400, "deliveryAddress");
    const bodyless = await fetch(http + "/api/v1/orders", { method: "POST", headers: {
      authorization: "Bearer " + token(C.sub, ["customer"]), "content-type": "application/json" }, body: "{oops" });
    assert.equal(bodyless.status, 400);
    await apiFails("PATCH", "/api/v1/delivery/status", D, { status: "busy" }, 400, "status");
    await apiFails("POST", "/api/v1/notifications", A, { userId: "x", title: "", message: "m" }, 400, "title");
    await apiFails("POST", "/api/v1/notifications", A, { userId: "x", title: "t", message: "m", type: "spam" }, 400, "type");
    await apiFails("POST", "/api/v1/offers", A, { code: "lower", description: "d", discountValue: 1 }, 400, "code");
    await apiFails("POST", "/api/v1/offers", A, { code: "ABC", description: "d", discountValue: -5 }, 400, "discountValue");
    await apiFails("POST", "/api/v1/payments", C, { orderId: "x", paymentMethod: "bitcoin" }, 400, "paymentMethod");
    // unknown orders are 404; the order of another customer too
    await apiFails("PATCH", "/api/v1/orders/no-such/status", A, { status: "confirmed" }, 404);
    await apiFails("POST", "/api/v1/payments", C, { orderId: "no-such", paymentMethod: "cash" }, 404);
    const order = await apiOk("POST", "/api/v1/orders", C, { items: [{ product: "tiramisu", quantity: 1 }],
      deliveryAddress: "9 Elm St" });
    const id = order.orderId;
    await apiFails("GET", `/api/v1/orders/${id}`, C2, undefined, 404);
    assert.equal((await apiOk("GET", `/api/v1/orders/${id}`, C)).orderId, id);
    await apiFails("POST", "/api/v1/payments", C2, { orderId: id, paymentMethod: "cash" }, 404);
    await apiFails("POST", "/api/v1/payments", C, { orderId: id, paymentMethod: "cash", amount: 1 }, 400, "amount");
    // status rules: bad values, no going back, agents only on their own order and only the last two steps
    await apiFails("PATCH", `/api/v1/orders/${id}/status`, A, { status: "teleported" }, 400, "status");
    await apiFails("PATCH", `/api/v1/orders/${id}/status`, A, { status: "cancelled" }, 400, "status");
    await apiFails("PATCH", `/api/v1/orders/${id}/status`, D, { status: "delivered" }, 404);
    await apiFails("PATCH", `/api/v1/orders/${id}/assign`, A, { deliveryBoyId: "nobody-here" }, 404);
    await apiOk("PATCH", "/api/v1/delivery/status", D, { status: "offline" });
    await apiFails("PATCH", `/api/v1/orders/${id}/assign`, A, { deliveryBoyId: D.sub }, 409);
    await apiOk("PATCH", "/api/v1/delivery/status", D, { status: "available" });
    await apiOk("PATCH", "/api/v1/delivery/status", D2, { status: "available" });
    await apiOk("PATCH", `/api/v1/orders/${id}/assign`, A, { deliveryBoyId: D.sub });
    await apiFails("PATCH", `/api/v1/orders/${id}/assign`, A, { deliveryBoyId: D2.sub }, 409);
    await apiFails("PATCH", "/api/v1/delivery/status", D, { status: "offline" }, 409); // busy with the order
    await apiFails("PATCH", `/api/v1/orders/${id}/status`, D, { status: "preparing" }, 403);
    await apiFails("PATCH", `/api/v1/orders/${id}/status`, D2, { status: "delivered" }, 404);
    await apiOk("PATCH", `/api/v1/orders/${id}/status`, A, { status: "preparing" });
    await apiFails("PATCH", `/api/v1/orders/${id}/status`, A, { status: "confirmed" }, 409);
    await apiFails("PATCH", `/api/v1/orders/${id}/cancel`, C, {}, 409); // the kitchen started
    await apiOk("PATCH", `/api/v1/orders/${id}/status`, A, { status: "ready" });
    await apiFails("PATCH", `/api/v1/orders/${id}/cancel`, A, {}, 409); // left the kitchen
    await apiOk("PATCH", `/api/v1/orders/${id}/status`, D, { status: "delivered" });
    await apiFails("PATCH", `/api/v1/orders/${id}/status`, A, { status: "delivered" }, 409);
    const offer = { code: ("DUP" + Date.now()).slice(0, 20), description: "d", discountValue: 1.5 };
    await apiOk("POST", "/api/v1/offers", A, offer);
    await apiFails("POST", "/api/v1/offers", A, offer, 409);
    return { ok: true };
  },

  // the seed's limit on socket events per user (the IT starts a stack with ORDERS_EVENT_RATE=5/24h)
  async ratelimit() {
    const c = await login("c", "customer", { register: false });
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await call(c, "ping"));
    const accepted = answers.filter((r) => r.success).length;
    const limited = answers.filter((r) => r.code === "RATE_LIMITED");
    assert.ok(accepted >= 1 && accepted <= 10, JSON.stringify(answers)); // 5 per window, at most two windows
    assert.equal(accepted + limited.length, 7);
    assert.ok(limited.length >= 1, JSON.stringify(answers));
    assert.ok(limited.every((r) => r.retryAfterMs > 0 && /too many requests/.test(r.message)));
    return { limitedAfter: answers.findIndex((r) => !r.success) };
  },
};

(async () => {
  const fn = scenarios[scenario];
  if (!fn) throw new Error("unknown scenario " + scenario);
  let timer;
  const result = await Promise.race([
    fn(),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("scenario timed out")), TIMEOUT_MS * 6); }),
  ]);
  clearTimeout(timer);
  console.log(JSON.stringify({ scenario, ...result }));
})().then(() => {
  sockets.forEach((s) => s.disconnect());
  process.exit(0);
}, (e) => {
  console.error(e && e.stack || String(e));
  sockets.forEach((s) => s.disconnect());
  process.exit(1);
});
