// The service queue example (examples/queue, seed 003) driven by the real socket.io-client from npm
// against the local stack started with --app queue. Usage: node queue-scenarios.js <ws-url> <scenario>.
// QUEUE_SECRET (env) is the stack's AUTH_JWT_SECRET: tokens are minted here with Node's own HMAC.
// Every scenario creates its own service and counters through the admin routes (the production path:
// HTTP route -> DynamoDB -> stream rule -> broadcast) and uses its own user ids.
// Exits 0 when every assertion held and prints one JSON line of facts; 1 with the failure otherwise.
"use strict";
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { io } = require("socket.io-client");

const [url, scenario] = process.argv.slice(2);
const http = url.replace(/^ws/, "http");
const SECRET = process.env.QUEUE_SECRET;
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 20000);
const SETTLE_MS = 700; // after the recipients got an event, how long non-recipients get to (wrongly) receive it
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const sockets = [];
const svc = "S_" + scenario.replace(/[^A-Za-z0-9]/g, "_"); // the scenario's service type
const ADMIN = scenario + "-admin", STAFF = scenario + "-staff", STAFF2 = scenario + "-staff2";
const CUST = scenario + "-cust", CUST2 = scenario + "-cust2";
const ROLES = { [ADMIN]: ["admin"], [STAFF]: ["staff"], [STAFF2]: ["staff"], [CUST]: ["customer"], [CUST2]: ["customer"] };

function b64url(data) {
  return Buffer.from(data).toString("base64url");
}

function token(sub, claims = {}, { secret = SECRET } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub, name: sub, roles: ROLES[sub] || [], aud: "socketio-queue", iat: now, exp: now + 3600, ...claims };
  const input = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" })) + "." + b64url(JSON.stringify(payload));
  return input + "." + crypto.createHmac("sha256", secret).update(input).digest("base64url");
}

function client(auth) {
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, auth });
  s.events = [];
  s.onAny((event, ...args) => s.events.push({ event, args, seen: false }));
  sockets.push(s);
  return s;
}

// connects as a user; resolves with [socket, payload of the "connected" event]
async function login(user) {
  const s = client({ token: token(user) });
  const info = await next(s, "connected");
  assert.ok(s.connected, user + " should be connected");
  s.user = user;
  return [s, info];
}

function refused(auth) {
  const s = client(auth);
  return new Promise((resolve, reject) => {
    s.once("connect", () => reject(new Error("connected with " + JSON.stringify(auth))));
    s.once("connect_error", (err) => resolve(err));
  });
}

async function next(s, event, predicate = () => true) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const hit = s.events.find((e) => !e.seen && e.event === event && predicate(e.args[0]));
    if (hit) {
      hit.seen = true;
      return hit.args[0];
    }
    if (Date.now() > deadline) throw new Error("timed out waiting for " + event + " on " + (s.user || s.id));
    await new Promise((r) => setTimeout(r, 10));
  }
}

function received(s, event, predicate = () => true) {
  return s.events.filter((e) => e.event === event && predicate(e.args[0])).map((e) => e.args[0]);
}

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));

// after the recipients have the event: none of these sockets got it
async function noneGot(others, event, predicate, what) {
  await settle();
  for (const s of others) {
    assert.equal(received(s, event, predicate).length, 0, (s.user || s.id) + " must not receive " + what);
  }
}

function call(s, event, payload) {
  return payload === undefined ? s.timeout(10000).emitWithAck(event) : s.timeout(10000).emitWithAck(event, payload);
}

async function joins(s, event, payload, room) {
  const r = await call(s, event, payload);
  assert.deepEqual(r, { success: true, room }, event + " " + JSON.stringify(payload));
  return r;
}

async function fails(s, event, payload, code, message) {
  const r = await call(s, event, payload);
  assert.equal(r.success, false, event + " " + JSON.stringify(payload) + " should fail: " + JSON.stringify(r));
  assert.equal(r.code, code, event + ": " + JSON.stringify(r));
  assert.equal(typeof r.error, "string");
  if (message) assert.equal(r.error, message);
  return r;
}

async function api(method, path, user, body) {
  const headers = {};
  if (user) headers.authorization = "Bearer " + token(user);
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(http + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function apiOk(method, path, user, body, status = 200) {
  const r = await api(method, path, user, body);
  assert.equal(r.status, status, method + " " + path + " answered " + r.status + " " + JSON.stringify(r.body));
  return r.body;
}

async function apiFails(method, path, user, body, status) {
  const r = await api(method, path, user, body);
  assert.equal(r.status, status, method + " " + path + " answered " + r.status + " " + JSON.stringify(r.body));
  assert.equal(typeof r.body.error.message, "string");
  return r.body.error;
}

async function setUp() {
  await apiOk("PUT", "/api/services/" + svc, ADMIN, { prefix: "Q" }, 201);
  await apiOk("PUT", "/api/counters/" + scenario + "-c1", ADMIN, { counterName: "Desk 1", serviceType: svc }, 201);
  await apiOk("PUT", "/api/counters/" + scenario + "-c2", ADMIN, { counterName: "Desk 2", serviceType: svc }, 201);
}

const scenarios = {
  // CONNECT auth and the connected event with the sequential client number
  async connect() {
    for (const [name, auth] of Object.entries({
      none: {}, garbage: { token: "x.y.z" },
      badSignature: { token: token(CUST, {}, { secret: "another-secret-another-secret-000000" }) },
      wrongAudience: { token: token(CUST, { aud: "socketio-chat" }) },
      expired: { token: token(CUST, { exp: Math.floor(Date.now() / 1000) - 60 }) },
    })) {
      const err = await refused(auth);
      assert.equal(err.message, "unauthorized", name);
      assert.equal(err.data.code, "UNAUTHORIZED", name);
    }
    const [a, first] = await login(CUST);
    const [, second] = await login(CUST2);
    assert.deepEqual(Object.keys(first).sort(), ["clientId", "message", "socketId", "timestamp"]);
    assert.equal(first.socketId, a.id);
    assert.equal(first.message, "Connected to queue management server");
    assert.match(first.timestamp, ISO);
    assert.ok(Number.isInteger(first.clientId) && first.clientId >= 1);
    assert.ok(second.clientId > first.clientId, "client numbers are sequential");
    // ping answers pong with the server's time
    const pong = await call(a, "ping");
    assert.equal(pong.pong, true);
    assert.match(pong.timestamp, ISO);
    assert.ok(Math.abs(pong.serverTime - Date.now()) < 60000);
    // a token that expires while connected (the IT runs with AUTH_CLOCK_SKEW=0s): the next event is
    // answered "token expired" by the shared auth and the server disconnects the socket
    const exp = Math.floor(Date.now() / 1000) + 3;
    const short = client({ token: token(CUST, { exp }) });
    await next(short, "connected");
    await new Promise((r) => setTimeout(r, Math.max(0, (exp + 1) * 1000 + 200 - Date.now())));
    const gone = new Promise((resolve) => short.once("disconnect", resolve));
    const late = await call(short, "joinServiceQueue", { serviceType: "Finance" });
    assert.equal(late.error.message, "token expired");
    assert.equal(late.error.data.code, "TOKEN_EXPIRED");
    assert.equal(await gone, "io server disconnect");
    return { first: first.clientId, second: second.clientId };
  },

  // every join event, each role against each room, validation, leaving, staffConnectionUpdate
  async rooms() {
    await setUp();
    const [admin, adminInfo] = await login(ADMIN);
    const [staff, staffInfo] = await login(STAFF);
    const [cust, custInfo] = await login(CUST);
    const [cust2] = await login(CUST2);

    // joinDashboard: staff and admins only, identity from the token
    await fails(cust, "joinDashboard", { userRole: "admin", userId: CUST }, "FORBIDDEN");
    await fails(staff, "joinDashboard", { userRole: "admin", userId: STAFF }, "FORBIDDEN");
    await fails(staff, "joinDashboard", { userRole: "staff", userId: ADMIN }, "FORBIDDEN");
    await fails(staff, "joinDashboard", { userRole: 7 }, "VALIDATION");
    await joins(admin, "joinDashboard", undefined, "dashboard"); // the seed's data = {} default
    const adminJoined = await next(admin, "staffConnectionUpdate");
    assert.equal(adminJoined.clientId, adminInfo.clientId);
    await joins(staff, "joinDashboard", { userRole: "staff", userId: STAFF }, "dashboard");
    const update = await next(admin, "staffConnectionUpdate", (u) => u.clientId === staffInfo.clientId);
    assert.deepEqual(Object.keys(update).sort(), ["action", "clientId", "timestamp", "totalConnected"]);
    assert.equal(update.action, "connected");
    assert.match(update.timestamp, ISO);
    assert.ok(update.totalConnected >= 4, JSON.stringify(update));
    await next(staff, "staffConnectionUpdate", (u) => u.clientId === staffInfo.clientId); // io.to: the joiner too
    await noneGot([cust, cust2], "staffConnectionUpdate", () => true, "staffConnectionUpdate");

    // joinServiceQueue: anyone, known services; the others in the queue hear queueUserJoined
    await fails(cust, "joinServiceQueue", {}, "VALIDATION", "serviceType is required");
    await fails(cust, "joinServiceQueue", "Finance", "VALIDATION", "payload must be an object");
    await fails(cust, "joinServiceQueue", { serviceType: "No_Such_Service" }, "NOT_FOUND");
    await fails(cust, "joinServiceQueue", { serviceType: "../dashboard" }, "VALIDATION");
    await joins(cust, "joinServiceQueue", { serviceType: svc }, "service-" + svc);
    await joins(cust2, "joinServiceQueue", { serviceType: svc }, "service-" + svc);
    const joined = await next(cust, "queueUserJoined");
    assert.deepEqual(Object.keys(joined).sort(), ["clientId", "serviceType", "timestamp"]);
    assert.equal(joined.serviceType, svc);
    assert.notEqual(joined.clientId, custInfo.clientId);
    assert.match(joined.timestamp, ISO);
    await noneGot([cust2, admin, staff], "queueUserJoined", (j) => j.serviceType === svc,
      "queueUserJoined of itself or of a queue it is not in");

    // joinCounter: counter staff (and admins) only
    const counter = scenario + "-c1";
    await fails(cust, "joinCounter", { counterId: counter }, "FORBIDDEN");
    await fails(staff, "joinCounter", {}, "VALIDATION", "counterId is required");
    await fails(staff, "joinCounter", { counterId: "no-such-counter" }, "NOT_FOUND");
    await joins(staff, "joinCounter", { counterId: counter }, "counter-" + counter);
    await joins(admin, "joinCounter", { counterId: counter }, "counter-" + counter);

    // joinUserRoom: one's own only
    await fails(cust, "joinUserRoom", {}, "VALIDATION", "userId is required");
    await fails(cust, "joinUserRoom", { userId: CUST2 }, "FORBIDDEN");
    await fails(admin, "joinUserRoom", { userId: CUST }, "FORBIDDEN");
    await joins(cust, "joinUserRoom", { userId: CUST }, "user-" + CUST);

    // clientInfo kept in socket.data, clientError logged (with or without a callback): the admin route shows it
    cust.emit("clientInfo", { userAgent: "node-test/" + "x".repeat(400), language: "en-KE", timezone: "Africa/Nairobi" });
    cust.emit("clientError", { message: "boom", stack: "Error: boom\n    at test".repeat(500) });
    assert.deepEqual(await call(cust, "clientError", { message: "second" }), { success: true });
    await fails(cust, "clientInfo", { language: 5 }, "VALIDATION");
    const info = await apiOk("GET", "/api/admin/clients/" + encodeURIComponent(cust.id), ADMIN);
    assert.equal(info.id, cust.id);
    assert.equal(info.clientId, custInfo.clientId);
    assert.equal(info.userId, CUST);
    assert.equal(info.userRole, "customer");
    assert.equal(info.serviceType, svc);
    assert.equal(info.language, "en-KE");
    assert.equal(info.timezone, "Africa/Nairobi");
    assert.equal(info.userAgent.length, 256, "bounded");
    assert.deepEqual(info.rooms, ["service-" + svc, "user-" + CUST]);
    assert.match(info.connectedAt, ISO);
    await apiFails("GET", "/api/admin/clients/" + encodeURIComponent(cust.id), STAFF, undefined, 403);
    await apiFails("GET", "/api/admin/clients/nobody", ADMIN, undefined, 404);
    const count = await apiOk("GET", "/api/admin/clients/count", ADMIN);
    assert.ok(count.count >= 4, JSON.stringify(count));

    // leaveRoom
    await fails(cust, "leaveRoom", {}, "VALIDATION", "room is required");
    await fails(cust, "leaveRoom", { room: cust.id }, "VALIDATION");
    await joins(cust2, "leaveRoom", { room: "service-" + svc }, "service-" + svc);
    await joins(staff, "leaveRoom", { room: "dashboard" }, "dashboard");
    const [staff2, staff2Info] = await login(STAFF2);
    await joins(staff2, "joinDashboard", {}, "dashboard");
    await next(admin, "staffConnectionUpdate", (u) => u.clientId === staff2Info.clientId);
    await noneGot([staff], "staffConnectionUpdate", (u) => u.clientId === staff2Info.clientId, "dashboard updates after leaving");

    // a dashboard member's disconnect reaches the dashboard; a non-member's does not
    staff2.disconnect();
    const gone = await next(admin, "staffConnectionUpdate", (u) => u.action === "disconnected");
    assert.equal(gone.clientId, staff2Info.clientId);
    assert.equal(gone.reason, "client namespace disconnect");
    assert.match(gone.timestamp, ISO);
    assert.equal(typeof gone.totalConnected, "number");
    cust2.disconnect();
    await noneGot([admin], "staffConnectionUpdate", (u) => u.action === "disconnected" && u.clientId !== staff2Info.clientId,
      "a customer's disconnect");
    return { totalConnected: update.totalConnected };
  },

  // the ticket lifecycle: HTTP routes -> tables -> stream rules -> the seed's room broadcasts
  async tickets() {
    await setUp();
    const c1 = scenario + "-c1", c2 = scenario + "-c2";
    const [admin] = await login(ADMIN);
    const [staff] = await login(STAFF);
    const [staff2] = await login(STAFF2);
    const [cust] = await login(CUST);
    const [cust2] = await login(CUST2);
    await joins(admin, "joinDashboard", {}, "dashboard");
    await joins(staff, "joinCounter", { counterId: c1 }, "counter-" + c1);
    await joins(staff2, "joinCounter", { counterId: c2 }, "counter-" + c2);
    await joins(cust, "joinServiceQueue", { serviceType: svc }, "service-" + svc);
    await joins(cust, "joinUserRoom", { userId: CUST }, "user-" + CUST);
    await joins(cust2, "joinUserRoom", { userId: CUST2 }, "user-" + CUST2);
    const all = [admin, staff, staff2, cust, cust2];

    // counter open: counterStatusChange to the counter and the dashboard
    await apiFails("POST", "/api/counters/" + c1 + "/open", CUST, undefined, 403);
    await apiFails("POST", "/api/counters/" + c1 + "/open", undefined, undefined, 401);
    await apiFails("POST", "/api/counters/" + c1 + "/call-next", STAFF, undefined, 409); // closed
    await apiOk("POST", "/api/counters/" + c1 + "/open", STAFF);
    await apiFails("POST", "/api/counters/" + c1 + "/open", STAFF, undefined, 409);
    await apiFails("POST", "/api/counters/nope/open", STAFF, undefined, 404);
    const isOpen = (c) => c.counterId === c1 && c.status === "available";
    const opened = await next(staff, "counterStatusChange", isOpen);
    assert.deepEqual(opened, { counterId: c1, counterName: "Desk 1", serviceType: svc, status: "available",
      timestamp: opened.timestamp });
    assert.match(opened.timestamp, ISO);
    assert.deepEqual(await next(admin, "counterStatusChange", isOpen), opened);
    await noneGot([staff2, cust, cust2], "counterStatusChange", isOpen, "another counter's status");

    // take a ticket: ticketCreated to the service, the dashboard and the ticket's user; queueUpdated
    await apiFails("POST", "/api/tickets", CUST, {}, 400);
    await apiFails("POST", "/api/tickets", CUST, { serviceType: "No_Such" }, 404);
    await apiFails("POST", "/api/tickets", CUST, { serviceType: svc, priority: "vip" }, 400);
    await apiFails("POST", "/api/tickets", undefined, { serviceType: svc }, 401);
    const t1 = await apiOk("POST", "/api/tickets", CUST, { serviceType: svc }, 201);
    assert.equal(t1.ticketNumber, "Q-001");
    assert.equal(t1.ticketId, svc + "-1");
    assert.equal(t1.position, 1);
    assert.equal(t1.userId, CUST);
    const created = await next(cust, "ticketCreated", (t) => t.ticketId === t1.ticketId);
    assert.deepEqual(created, { ticketId: t1.ticketId, ticketNumber: "Q-001", serviceType: svc, status: "waiting",
      priority: "normal", timestamp: created.timestamp, message: "New ticket #Q-001 created" });
    assert.match(created.timestamp, ISO);
    assert.deepEqual(await next(admin, "ticketCreated", (t) => t.ticketId === t1.ticketId), created);
    const queued = await next(cust, "queueUpdated", (q) => q.serviceType === svc && q.totalWaiting === 1);
    assert.deepEqual(queued, { serviceType: svc, totalWaiting: 1, calledUpTo: 0, lastNumber: 1, timestamp: queued.timestamp });
    await next(admin, "queueUpdated", (q) => q.serviceType === svc && q.totalWaiting === 1);
    await noneGot([staff, staff2, cust2], "ticketCreated", (t) => t.ticketId === t1.ticketId, "someone else's new ticket");
    await noneGot([staff, staff2, cust2], "queueUpdated", (q) => q.serviceType === svc, "queueUpdated of another queue");
    // the second customer (not in the service room) hears of its own ticket through its user room, once
    const t2 = await apiOk("POST", "/api/tickets", CUST2, { serviceType: svc, priority: "high" }, 201);
    assert.equal(t2.position, 2);
    assert.equal((await next(cust2, "ticketCreated", (t) => t.ticketId === t2.ticketId)).priority, "high");
    await next(cust, "ticketCreated", (t) => t.ticketId === t2.ticketId); // same service room
    await settle();
    assert.equal(received(cust2, "ticketCreated", (t) => t.ticketId === t2.ticketId).length, 1, "one event per socket");
    // reading tickets: one's own, or staff
    assert.equal((await apiOk("GET", "/api/tickets/" + t1.ticketId, CUST)).position, 1);
    await apiFails("GET", "/api/tickets/" + t1.ticketId, CUST2, undefined, 404);
    assert.equal((await apiOk("GET", "/api/tickets/" + t2.ticketId, STAFF)).position, 2);
    await apiFails("GET", "/api/tickets/not-a-ticket", STAFF, undefined, 404);

    // call next at counter 1: ticketServing to service, dashboard, user and counter; counter busy
    await apiFails("POST", "/api/counters/" + c1 + "/call-next", CUST, undefined, 403);
    const serving = await apiOk("POST", "/api/counters/" + c1 + "/call-next", STAFF);
    assert.equal(serving.ticketId, t1.ticketId);
    assert.equal(serving.status, "serving");
    const isServing = (t) => t.ticketId === t1.ticketId && t.status === "serving";
    const served = await next(staff, "ticketServing", isServing);
    assert.deepEqual(served, { ticketId: t1.ticketId, ticketNumber: "Q-001", serviceType: svc, status: "serving",
      priority: "normal", timestamp: served.timestamp, message: "Ticket #Q-001 is now being served at Desk 1",
      counterId: c1, counterName: "Desk 1" });
    for (const s of [admin, cust]) assert.deepEqual(await next(s, "ticketServing", isServing), served);
    await noneGot([staff2, cust2], "ticketServing", isServing, "another's ticket being served");
    const busy = await next(admin, "counterStatusChange", (c) => c.counterId === c1 && c.status === "busy");
    assert.equal(busy.currentTicket, "Q-001");
    await next(staff, "counterStatusChange", (c) => c.counterId === c1 && c.status === "busy");
    const afterCall = await next(cust, "queueUpdated", (q) => q.nowServing === "Q-001");
    assert.equal(afterCall.totalWaiting, 1);
    assert.equal(afterCall.calledUpTo, 1);
    assert.equal((await apiOk("GET", "/api/tickets/" + t2.ticketId, CUST2)).position, 1);
    await apiFails("POST", "/api/counters/" + c1 + "/call-next", STAFF, undefined, 409); // busy
    await apiFails("POST", "/api/counters/" + c1 + "/close", STAFF, undefined, 409); // busy

    // complete: ticketCompleted, the counter free again
    await apiFails("POST", "/api/tickets/" + t2.ticketId + "/complete", STAFF, undefined, 409); // waiting
    await apiFails("POST", "/api/tickets/" + t1.ticketId + "/complete", CUST, undefined, 403);
    await apiOk("POST", "/api/tickets/" + t1.ticketId + "/complete", STAFF);
    const isDone = (t) => t.ticketId === t1.ticketId && t.status === "completed";
    const done = await next(cust, "ticketCompleted", isDone);
    assert.equal(done.message, "Ticket #Q-001 has been completed");
    assert.equal(done.counterName, "Desk 1");
    assert.match(done.completedAt, ISO);
    for (const s of [admin, staff]) assert.deepEqual(await next(s, "ticketCompleted", isDone), done);
    await noneGot([staff2, cust2], "ticketCompleted", isDone, "another's ticket completed");
    await next(admin, "counterStatusChange", (c) => c.counterId === c1 && c.status === "available");

    // serve a ticket out of order at counter 2 (opened by its staff), then "call next" finds nobody waiting
    await apiOk("POST", "/api/counters/" + c2 + "/open", STAFF2);
    await apiFails("POST", "/api/tickets/" + t2.ticketId + "/serve", STAFF2, {}, 400);
    await apiFails("POST", "/api/tickets/" + t1.ticketId + "/serve", STAFF2, { counterId: c2 }, 409); // completed
    const recalled = await apiOk("POST", "/api/tickets/" + t2.ticketId + "/serve", STAFF2, { counterId: c2 });
    assert.equal(recalled.counterId, c2);
    const t2Serving = await next(cust2, "ticketServing", (t) => t.ticketId === t2.ticketId);
    assert.equal(t2Serving.counterName, "Desk 2");
    await next(staff2, "ticketServing", (t) => t.ticketId === t2.ticketId);
    await noneGot([staff], "ticketServing", (t) => t.ticketId === t2.ticketId, "a ticket of another counter");
    const nobody = await apiFails("POST", "/api/counters/" + c1 + "/call-next", STAFF, undefined, 409);
    assert.match(nobody.message, /no tickets waiting/);
    await next(cust, "queueUpdated", (q) => q.nowServing === "Q-002" && q.totalWaiting === 0);
    await apiOk("POST", "/api/tickets/" + t2.ticketId + "/complete", STAFF2);
    await next(cust2, "ticketCompleted", (t) => t.ticketId === t2.ticketId);

    // close counter 1
    await apiOk("POST", "/api/counters/" + c1 + "/close", STAFF);
    await next(staff, "counterStatusChange", (c) => c.counterId === c1 && c.status === "closed");
    await next(admin, "counterStatusChange", (c) => c.counterId === c1 && c.status === "closed");

    // the dashboard's first picture
    const board = await apiOk("GET", "/api/dashboard", STAFF);
    const service = board.services.find((s) => s.serviceType === svc);
    assert.equal(service.servedCount, 2);
    assert.equal(service.totalWaiting, 0);
    assert.deepEqual(board.counters.filter((c) => c.serviceType === svc).map((c) => c.counterId + ":" + c.status).sort(),
      [c1 + ":closed", c2 + ":available"]);
    await apiFails("GET", "/api/dashboard", CUST, undefined, 403);
    return { tickets: 2, events: all.reduce((n, s) => n + s.events.length, 0) };
  },

  // admin-only routes: create services and counters, broadcastToAll as systemNotification
  async admin() {
    await apiFails("PUT", "/api/services/" + svc, STAFF, {}, 403);
    await apiFails("PUT", "/api/services/bad-name", ADMIN, {}, 400);
    await apiFails("PUT", "/api/services/" + svc, ADMIN, { prefix: "toolong" }, 400);
    await apiOk("PUT", "/api/services/" + svc, ADMIN, {}, 201);
    assert.equal((await apiOk("PUT", "/api/services/" + svc, ADMIN, { prefix: "ZZ" }, 200)).prefix, "SAD"); // exists: unchanged
    await apiFails("PUT", "/api/counters/x1", ADMIN, { counterName: "X", serviceType: "No_Such" }, 404);
    await apiFails("PUT", "/api/counters/x1", ADMIN, { serviceType: svc }, 400);
    await apiFails("PUT", "/api/counters/x1", STAFF, { counterName: "X", serviceType: svc }, 403);
    const [admin] = await login(ADMIN);
    const [cust] = await login(CUST);
    await apiFails("POST", "/api/admin/notifications", STAFF, { message: "hi" }, 403);
    await apiFails("POST", "/api/admin/notifications", ADMIN, { message: "" }, 400);
    const sent = await apiOk("POST", "/api/admin/notifications", ADMIN, { message: "System maintenance in 5 minutes" });
    assert.equal(sent.success, true);
    assert.ok(sent.recipients >= 2);
    for (const s of [admin, cust]) {
      const n = await next(s, "systemNotification");
      assert.equal(n.message, "System maintenance in 5 minutes");
      assert.match(n.timestamp, ISO);
    }
    // CORS for the routes: a preflight from a page on another origin
    const pre = await fetch(http + "/api/tickets", { method: "OPTIONS", headers: { origin: "http://localhost:5173",
      "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" } });
    assert.ok(pre.status === 204 || pre.status === 200, "preflight " + pre.status);
    assert.ok(pre.headers.get("access-control-allow-origin"));
    return { recipients: sent.recipients };
  },

  // loadBalancingMetrics every 10 s to the dashboard only, with real figures
  async metrics() {
    await setUp();
    const [admin] = await login(ADMIN);
    const [cust] = await login(CUST);
    await joins(admin, "joinDashboard", {}, "dashboard");
    await joins(cust, "joinServiceQueue", { serviceType: svc }, "service-" + svc);
    await apiOk("POST", "/api/tickets", CUST, { serviceType: svc }, 201);
    await apiOk("POST", "/api/tickets", CUST, { serviceType: svc }, 201);
    const hasQueue = (m) => (m.services.find((s) => s.serviceType === svc) || {}).queueLength === 2;
    const m = await next(admin, "loadBalancingMetrics", hasQueue);
    assert.match(m.timestamp, ISO);
    assert.ok(m.connectedClients >= 2, JSON.stringify(m));
    const mine = m.services.find((s) => s.serviceType === svc);
    assert.deepEqual(mine, { serviceType: svc, queueLength: 2, nowServing: null, servedCount: 0, averageWaitSeconds: 0,
      availableCounters: 0 });
    assert.ok(m.counters.total >= 2 && m.counters.closed >= 2, JSON.stringify(m.counters));
    assert.equal(received(cust, "loadBalancingMetrics").length, 0, "customers get no metrics");
    return { connectedClients: m.connectedClients };
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
