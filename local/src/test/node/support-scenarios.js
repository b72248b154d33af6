// The vendor support desk (examples/support, seed 000) driven by the real socket.io-client from npm
// against the local stack started with --app support. Usage:
//   node support-scenarios.js <ws-url> <page-url> <scenario>
// SUPPORT_SECRET (env) is the stack's AUTH_JWT_SECRET: tokens are minted here with Node's own HMAC.
// Every scenario uses its own users: vendors <scenario>-v1 and -v2, support agent -s, admin -a.
// HTTP routes are on the WebSocket port (http://host:port/vendor-support-queries), as one API domain.
// "X does not receive E" is checked after a later event sent to X itself over the same connection
// (a barrier): frames to one connection arrive in the order they were posted.
// Exits 0 when every assertion held and prints one JSON line of facts; 1 with the failure otherwise.
"use strict";
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { io } = require("socket.io-client");

const [url, pageUrl, scenario] = process.argv.slice(2);
const http = url.replace(/^ws/, "http");
const SECRET = process.env.SUPPORT_SECRET;
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 20000);
const sockets = [];
const V1 = scenario + "-v1", V2 = scenario + "-v2", S = scenario + "-s", A = scenario + "-a";
const ROLES = { [V1]: ["vendor"], [V2]: ["vendor"], [S]: ["support"], [A]: ["admin"] };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function b64url(data) {
  return Buffer.from(data).toString("base64url");
}

function token(sub, claims = {}, { secret = SECRET } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload = { sub, name: "Name of " + sub, roles: ROLES[sub] || [], aud: "socketio-support", iat: now,
    exp: now + 3600, ...claims };
  const input = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" })) + "." + b64url(JSON.stringify(payload));
  return input + "." + crypto.createHmac("sha256", secret).update(input).digest("base64url");
}

// a client that records every event it gets, in order
function client(auth) {
  const s = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, auth });
  s.events = [];
  s.onAny((event, ...args) => s.events.push({ event, args, seen: false }));
  sockets.push(s);
  return s;
}

// connects as a user (its roles from ROLES unless claims say otherwise)
function login(user, claims) {
  const s = client({ token: token(user, claims) });
  return new Promise((resolve, reject) => {
    s.once("connect", () => resolve(s));
    s.once("connect_error", (err) => reject(new Error(user + " connect_error: " + JSON.stringify(err.data))));
  });
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
    if (Date.now() > deadline) throw new Error("timed out waiting for " + event + " on " + s.auth.token.slice(-6));
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
  assert.equal(r.ok, true, event + " " + JSON.stringify(payload) + " answered " + JSON.stringify(r));
  return r;
}

async function fails(s, event, payload, code) {
  const r = await call(s, event, payload);
  assert.equal(r.ok, false, event + " " + JSON.stringify(payload) + " should fail with " + code);
  assert.deepEqual(Object.keys(r.error).sort(), ["code", "message"]);
  assert.equal(r.error.code, code, event + ": " + JSON.stringify(r.error));
  assert.ok(r.error.message.length > 0);
  return r.error;
}

async function api(method, path, user, body, { raw, claims } = {}) {
  const headers = {};
  if (user) headers.authorization = "Bearer " + token(user, claims);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(http + path, { method, headers, body: body === undefined ? undefined
    : raw ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function created(user, body) {
  const r = await api("POST", "/vendor-support-queries", user, body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function httpFails(method, path, user, body, status, code, opts) {
  const r = await api(method, path, user, body, opts);
  assert.equal(r.status, status, method + " " + path + " by " + user + ": " + JSON.stringify(r.body));
  assert.equal(r.body.error.code, code, JSON.stringify(r.body));
  assert.equal(typeof r.body.error.message, "string");
  return r.body.error;
}

const scenarios = {
  // JWT at CONNECT and on the routes: bad tokens refused with the reason, tokens without a desk role too
  async auth() {
    const cases = {
      none: {},
      garbage: { token: "not-a-jwt" },
      badSignature: { token: token(V1, {}, { secret: "another-secret-another-secret-000" }) },
      expired: { token: token(V1, { exp: Math.floor(Date.now() / 1000) - 3600 }) },
      wrongAudience: { token: token(V1, { aud: "socketio-chat" }) },
    };
    const reasons = {};
    for (const [name, auth] of Object.entries(cases)) {
      const err = await refused(auth);
      assert.equal(err.message, "unauthorized", name);
      assert.equal(err.data.code, "UNAUTHORIZED", name);
      reasons[name] = err.data.message;
    }
    assert.equal(reasons.badSignature, "bad signature");
    assert.equal(reasons.wrongAudience, "wrong audience");
    for (const roles of [[], ["customer"]]) {
      const err = await refused({ token: token(V1, { roles }) });
      assert.equal(err.message, "forbidden");
      assert.deepEqual(err.data, { code: "FORBIDDEN", message: "the token's roles must include vendor, support or admin" });
    }
    // the demo page's token endpoint mints tokens the server accepts, with the demo user's roles
    const minted = await (await fetch(pageUrl + "demo/token?user=sam")).json();
    const sam = client({ token: minted.token });
    await new Promise((resolve, reject) => { sam.once("connect", resolve); sam.once("connect_error", reject); });
    const list = await fetch(http + "/vendor-support-queries", { headers: { authorization: "Bearer " + minted.token } });
    assert.equal(list.status, 200);
    assert.ok((await list.json()).queries.some((q) => q.queryId === "demo-payout"), "sam (support) sees the demo queries");
    // routes: no token 401, bad token 401, no desk role 403
    await httpFails("GET", "/vendor-support-queries", null, undefined, 401, "unauthorized");
    const bad = await fetch(http + "/vendor-support-queries", { headers: { authorization: "Bearer x.y.z" } });
    assert.equal(bad.status, 401);
    await httpFails("POST", "/vendor-support-queries", V1, { subject: "s", message: "m" }, 403, "forbidden",
      { claims: { roles: ["customer"] } });
    return { refused: Object.keys(cases).length + 2, reasons };
  },

  // createSupportQuery -> queries table -> stream rule -> newSupportQuery to support, admins and the vendor
  async queries() {
    const v1 = await login(V1);
    const v2 = await login(V2);
    const s = await login(S);
    const a = await login(A);
    const q = await created(V1, { subject: "  Payout missing ", message: "Where is my payout?" });
    assert.match(q.queryId, /^q-[0-9a-f]{16}$/);
    assert.deepEqual(q, { queryId: q.queryId, vendorId: V1, vendorName: "Name of " + V1, subject: "Payout missing",
      message: "Where is my payout?", status: "open", isRead: false, createdAt: q.createdAt, createdBy: V1,
      updatedAt: q.createdAt, messageCount: 0, unreadBySupport: 1, unreadByVendor: 0 });
    assert.match(q.createdAt, ISO);
    const expected = { queryId: q.queryId, vendorId: V1, vendorName: "Name of " + V1, subject: "Payout missing",
      message: "Where is my payout?", status: "open", isRead: false, createdAt: q.createdAt, createdBy: V1,
      messageCount: 0, unreadBySupport: 1, unreadByVendor: 0 };
    for (const x of [v1, s, a]) {
      assert.deepEqual(await next(x, "newSupportQuery", (p) => p.queryId === q.queryId), expected);
    }
    // barrier: v2's own query reaches v2 after v1's query was broadcast; v2 never got v1's
    const q2 = await created(V2, { subject: "Menu", message: "Photos missing" });
    await next(v2, "newSupportQuery", (p) => p.queryId === q2.queryId);
    assert.equal(received(v2, "newSupportQuery", (p) => p.queryId === q.queryId).length, 0, "v2 got v1's query");
    await next(s, "newSupportQuery", (p) => p.queryId === q2.queryId);
    // an admin opens a query for a vendor: the vendor is told
    const q3 = await created(A, { vendorId: V2, subject: "Account review", message: "We reviewed your account" });
    assert.equal(q3.vendorId, V2);
    assert.equal(q3.createdBy, A);
    await next(v2, "newSupportQuery", (p) => p.queryId === q3.queryId);
    // refusals: never stored, never broadcast
    await httpFails("POST", "/vendor-support-queries", S, { subject: "x", message: "y" }, 403, "forbidden");
    await httpFails("POST", "/vendor-support-queries", V1, { vendorId: V2, subject: "x", message: "y" }, 403, "forbidden");
    await httpFails("POST", "/vendor-support-queries", V1, { message: "y" }, 400, "validation_failed");
    await httpFails("POST", "/vendor-support-queries", V1, { subject: "   ", message: "y" }, 400, "validation_failed");
    await httpFails("POST", "/vendor-support-queries", V1, { subject: "x", message: "y".repeat(4001) }, 400,
      "validation_failed");
    await httpFails("POST", "/vendor-support-queries", V1, { subject: 7, message: "y" }, 400, "validation_failed");
    await httpFails("POST", "/vendor-support-queries", A, { subject: "x", message: "y" }, 400, "validation_failed");
    await httpFails("POST", "/vendor-support-queries", V1, "{not json", 400, "bad_request", { raw: true });
    // listings: a vendor sees its own queries, staff see all; another vendor's query is not found
    const mine = await api("GET", "/vendor-support-queries", V1);
    assert.deepEqual(mine.body.queries.map((x) => x.queryId), [q.queryId]);
    assert.equal(mine.body.nextCursor, null);
    const theirs = await api("GET", "/vendor-support-queries", V2);
    assert.deepEqual(theirs.body.queries.map((x) => x.queryId), [q3.queryId, q2.queryId]);
    const all = await api("GET", "/vendor-support-queries?limit=2", S);
    assert.equal(all.body.queries.length, 2);
    assert.ok(all.body.nextCursor, "a second page");
    const more = await api("GET", "/vendor-support-queries?limit=100&cursor=" + encodeURIComponent(all.body.nextCursor), S);
    const ids = all.body.queries.concat(more.body.queries).map((x) => x.queryId);
    assert.deepEqual(ids.slice(0, 3), [q3.queryId, q2.queryId, q.queryId], "newest first across pages");
    await httpFails("GET", "/vendor-support-queries?limit=0", S, undefined, 400, "validation_failed");
    await httpFails("GET", "/vendor-support-queries?cursor=bad", S, undefined, 400, "validation_failed");
    assert.equal((await api("GET", "/vendor-support-queries/" + q.queryId, V1)).body.subject, "Payout missing");
    assert.equal((await api("GET", "/vendor-support-queries/" + q.queryId, A)).status, 200);
    await httpFails("GET", "/vendor-support-queries/" + q.queryId, V2, undefined, 404, "not_found");
    await httpFails("GET", "/vendor-support-queries/q-nothing", S, undefined, 404, "not_found");
    return { queries: 3, staffSaw: ids.length };
  },

  // rooms per query, stored ordered messages, history on join, cursor pagination, typing, errors
  async conversation() {
    const v1 = await login(V1);
    const v2 = await login(V2);
    const s = await login(S);
    const a = await login(A);
    const q = await created(V1, { subject: "Refund", message: "Refund for order 42?" });
    const id = q.queryId;
    const joined = await ok(v1, "joinQuery", { queryId: id });
    assert.deepEqual(joined.messages, []);
    assert.equal(joined.nextCursor, null);
    assert.equal(joined.query.subject, "Refund");
    await ok(s, "joinQuery", { queryId: id });
    await ok(a, "joinQuery", { queryId: id });
    // another vendor cannot join, read or write it; it looks like a query that does not exist
    assert.equal((await fails(v2, "joinQuery", { queryId: id }, "NOT_FOUND")).message, "no support query " + id);
    await fails(v2, "getMessages", { queryId: id }, "NOT_FOUND");
    await fails(v2, "sendMessage", { queryId: id, content: "let me in" }, "NOT_FOUND");
    await fails(s, "joinQuery", { queryId: "q-nothing" }, "NOT_FOUND");
    // vendor writes: stored, acked, and received by everyone in the room (the sender's room too)
    const m1 = (await ok(v1, "sendMessage", { queryId: id, content: "  Hello? ", senderId: V1 })).message;
    assert.deepEqual(m1, { id: 1, queryId: id, senderId: V1, senderName: "Name of " + V1, senderRole: "vendor",
      content: "Hello?", createdAt: m1.createdAt });
    assert.match(m1.createdAt, ISO);
    for (const x of [v1, s, a]) assert.deepEqual(await next(x, "newMessage", (m) => m.id === 1), m1);
    // support answers
    const m2 = (await ok(s, "sendMessage", { queryId: id, content: "Looking into it" })).message;
    assert.equal(m2.id, 2);
    assert.equal(m2.senderRole, "support");
    for (const x of [v1, a]) assert.deepEqual(await next(x, "newMessage", (m) => m.id === 2), m2);
    // the vendor gets the answer even when it has left the room (its vendor room), unread counts grow
    await ok(v1, "leaveQuery", { queryId: id });
    const m3 = (await ok(a, "sendMessage", { queryId: id, content: "Admin here" })).message;
    assert.deepEqual(await next(v1, "newMessage", (m) => m.id === 3), m3);
    const after = await api("GET", "/vendor-support-queries/" + id, V1);
    assert.equal(after.body.unreadByVendor, 2);
    assert.equal(after.body.unreadBySupport, 2, "the query and m1");
    assert.equal(after.body.messageCount, 3);
    // history: ordered, paged with a cursor
    for (let i = 4; i <= 8; i++) await ok(v1, "sendMessage", { queryId: id, content: "message " + i });
    const rejoin = await ok(v1, "joinQuery", { queryId: id, limit: 3 });
    assert.deepEqual(rejoin.messages.map((m) => m.id), [6, 7, 8]);
    assert.equal(rejoin.nextCursor, "6");
    const older = await ok(v1, "getMessages", { queryId: id, before: rejoin.nextCursor, limit: 3 });
    assert.deepEqual(older.messages.map((m) => m.id), [3, 4, 5]);
    const oldest = await ok(v1, "getMessages", { queryId: id, before: older.nextCursor, limit: 3 });
    assert.deepEqual(oldest.messages.map((m) => m.id), [1, 2]);
    assert.equal(oldest.nextCursor, null);
    assert.deepEqual(oldest.messages[0], m1);
    const everything = await ok(s, "getMessages", { queryId: id });
    assert.deepEqual(everything.messages.map((m) => m.content), ["Hello?", "Looking into it", "Admin here",
      "message 4", "message 5", "message 6", "message 7", "message 8"]);
    // v2 never got any of it (barrier: its own query's event comes later on its connection)
    const q2 = await created(V2, { subject: "Barrier", message: "b" });
    await next(v2, "newSupportQuery", (p) => p.queryId === q2.queryId);
    assert.equal(received(v2, "newMessage").length, 0);
    // typing: to the room except the typist's own connections; only for sockets in the room
    await ok(s, "typing", { queryId: id, isTyping: true });
    for (const x of [v1, a]) {
      assert.deepEqual(await next(x, "typing"), { queryId: id, userId: S, name: "Name of " + S, role: "support",
        isTyping: true });
    }
    await ok(s, "typing", { queryId: id, isTyping: false });
    assert.equal((await next(v1, "typing")).isTyping, false);
    await fails(v2, "typing", { queryId: id }, "FORBIDDEN");
    await fails(s, "typing", { queryId: id, isTyping: "yes" }, "VALIDATION");
    // validation and identity
    await fails(v1, "sendMessage", { queryId: id, content: "   " }, "VALIDATION");
    await fails(v1, "sendMessage", { queryId: id, content: "x".repeat(4001) }, "VALIDATION");
    await fails(v1, "sendMessage", { queryId: id, content: "bell\u0007" }, "VALIDATION");
    await fails(v1, "sendMessage", { queryId: "bad id!", content: "x" }, "VALIDATION");
    await fails(v1, "sendMessage", { content: "x" }, "VALIDATION");
    await fails(v1, "sendMessage", "just a string", "VALIDATION");
    await fails(v1, "sendMessage", { queryId: id, content: "x", senderId: S }, "FORBIDDEN");
    await fails(v1, "sendMessage", { queryId: id, content: "x", senderRole: "admin" }, "FORBIDDEN");
    await fails(v1, "getMessages", { queryId: id, before: 0 }, "VALIDATION");
    await fails(v1, "joinQuery", { queryId: id, limit: 500 }, "VALIDATION");
    // no ack: the refusal comes as an "error" event with a code
    v2.emit("sendMessage", { queryId: id, content: "no ack" });
    const err = await next(v2, "error");
    assert.deepEqual(err, { code: "NOT_FOUND", message: "no support query " + id, event: "sendMessage" });
    const count = (await api("GET", "/vendor-support-queries/" + id, S)).body.messageCount;
    assert.equal(count, 8, "refused messages were not stored");
    // leaving: s stops getting the room's messages (barrier: a later newSupportQuery to s)
    await ok(s, "leaveQuery", { queryId: id });
    const m9 = (await ok(v1, "sendMessage", { queryId: id, content: "still there?" })).message;
    await next(a, "newMessage", (m) => m.id === m9.id);
    const q3 = await created(V2, { subject: "Barrier 2", message: "b" });
    await next(s, "newSupportQuery", (p) => p.queryId === q3.queryId);
    assert.equal(received(s, "newMessage", (m) => m.id === m9.id).length, 0, "s left the room");
    return { messages: m9.id };
  },

  // markQueryAsRead -> queries table -> stream rule -> queryMarkedAsRead to the room except the reader
  async read() {
    const v1 = await login(V1);
    const v2 = await login(V2);
    const s = await login(S);
    const s2 = await login(S); // a second tab of the reader
    const a = await login(A);
    const q = await created(V1, { subject: "Invoice", message: "Invoice missing" });
    const id = q.queryId;
    for (const x of [v1, s, s2, a]) await ok(x, "joinQuery", { queryId: id });
    const r = await api("PATCH", "/vendor-support-queries/" + id + "/read", S);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.isRead, true);
    assert.equal(r.body.readBy, S);
    assert.equal(r.body.readByRole, "support");
    assert.equal(r.body.unreadBySupport, 0);
    assert.match(r.body.readAt, ISO);
    const expected = { queryId: id, vendorId: V1, isRead: true, readBy: S, readByRole: "support", readAt: r.body.readAt,
      unreadBySupport: 0, unreadByVendor: 0 };
    for (const x of [v1, a]) assert.deepEqual(await next(x, "queryMarkedAsRead", (p) => p.queryId === id), expected);
    // the vendor reads the support's answer: support and admin are told, the vendor is not
    await ok(s, "sendMessage", { queryId: id, content: "Sent again" });
    const vr = await api("PATCH", "/vendor-support-queries/" + id + "/read", V1);
    assert.equal(vr.status, 200);
    assert.equal(vr.body.unreadByVendor, 0);
    assert.equal(vr.body.readByRole, "vendor");
    for (const x of [s, s2, a]) {
      const p = await next(x, "queryMarkedAsRead", (p) => p.queryId === id && p.readBy === V1);
      assert.deepEqual(p, { queryId: id, vendorId: V1, isRead: true, readBy: V1, readByRole: "vendor",
        readAt: vr.body.readAt, unreadBySupport: 0, unreadByVendor: 0 });
    }
    // barriers: the readers never got their own read; v2 (not in the room) got nothing
    assert.equal(received(s, "queryMarkedAsRead", (p) => p.readBy === S).length, 0, "the reader was told");
    assert.equal(received(s2, "queryMarkedAsRead", (p) => p.readBy === S).length, 0, "the reader's tab was told");
    const m = (await ok(a, "sendMessage", { queryId: id, content: "barrier" })).message;
    await next(v1, "newMessage", (x) => x.id === m.id);
    assert.equal(received(v1, "queryMarkedAsRead", (p) => p.readBy === V1).length, 0, "the vendor was told its own read");
    const q2 = await created(V2, { subject: "Barrier", message: "b" });
    await next(v2, "newSupportQuery", (p) => p.queryId === q2.queryId);
    assert.equal(received(v2, "queryMarkedAsRead").length, 0);
    // a vendor message makes the query unread for support again (no queryMarkedAsRead for that)
    await ok(v1, "sendMessage", { queryId: id, content: "One more thing" });
    const unread = await api("GET", "/vendor-support-queries/" + id, A);
    assert.equal(unread.body.isRead, false);
    assert.equal(unread.body.unreadBySupport, 1);
    // refusals
    await httpFails("PATCH", "/vendor-support-queries/" + id + "/read", V2, undefined, 404, "not_found");
    await httpFails("PATCH", "/vendor-support-queries/q-nothing/read", S, undefined, 404, "not_found");
    await httpFails("PATCH", "/vendor-support-queries/bad%20id/read", S, undefined, 400, "validation_failed");
    await httpFails("PATCH", "/vendor-support-queries/" + id + "/read", null, undefined, 401, "unauthorized");
    return { reads: 2 };
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!run) throw new Error("unknown scenario " + scenario + "; known: " + Object.keys(scenarios).join(", "));
  const timer = setTimeout(() => {
    console.error("scenario " + scenario + " timed out");
    process.exit(1);
  }, 120000);
  try {
    const facts = await run();
    console.log(JSON.stringify({ scenario, ...facts }));
  } finally {
    clearTimeout(timer);
    sockets.forEach((s) => s.close());
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
