// End-to-end scenarios run by the Java tests with the real socket.io-client from npm against the
// local stack. Usage: node scenarios.js <ws-url> <scenario>. Exits 0 when every assertion held,
// 1 with a message otherwise; prints one JSON line of facts for the Java side on success.
"use strict";
const assert = require("node:assert/strict");
const { io } = require("socket.io-client");

const [url, scenario] = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 20000);
const sockets = [];

function client(nsp = "/", opts = {}) {
  const s = io(url + nsp, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, ...opts });
  sockets.push(s);
  return s;
}

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

async function connected(s) {
  if (s.connected) return;
  const [err] = await Promise.race([
    once(s, "connect").then(() => [null]),
    once(s, "connect_error"),
  ]);
  if (err) throw new Error("connect_error: " + err.message);
}

function collect(s, event) {
  const got = [];
  s.on(event, (...args) => got.push(args));
  return got;
}

async function until(predicate, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for " + what);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const scenarios = {
  // connect to "/", get the auth event, message-back, client ack
  async basics() {
    const s = client("/", { auth: { hello: "world" } });
    const auth = once(s, "auth");
    await connected(s);
    assert.deepEqual((await auth)[0], { hello: "world" });
    const back = once(s, "message-back");
    s.emit("message", 1, "two", { three: [3] }, null, true);
    assert.deepEqual(await back, [1, "two", { three: [3] }, null, true]);
    const acked = await s.timeout(5000).emitWithAck("message-with-ack", "a", { b: 1 });
    assert.equal(acked, "a"); // emitWithAck resolves with the first argument
    const two = await new Promise((resolve) => s.emit("message-with-ack", "x", 2, (...args) => resolve(args)));
    assert.deepEqual(two, ["x", 2]);
    return { sid: s.id, engineSid: s.io.engine.id };
  },

  // custom namespace with auth accepted, rejected, unknown namespace
  async namespaces() {
    const ok = client("/secure", { auth: { token: "secret", user: "ann" } });
    const welcome = once(ok, "welcome");
    await connected(ok);
    assert.deepEqual(await welcome, ["ann"]);
    const bad = client("/secure", { auth: { token: "nope" } });
    const [err] = await once(bad, "connect_error");
    assert.equal(err.message, "unauthorized");
    assert.deepEqual(err.data, { reason: "bad token" });
    const unknown = client("/random");
    const [err2] = await once(unknown, "connect_error");
    assert.equal(err2.message, "Invalid namespace");
    const dyn = client("/dyn-42");
    const hello = once(dyn, "hello");
    await connected(dyn);
    assert.deepEqual(await hello, ["/dyn-42"]);
    return { ok: true };
  },

  // two namespaces multiplexed on one connection (one Engine.IO session)
  async multiplex() {
    const main = client("/");
    await connected(main);
    const secure = main.io.socket("/secure", { auth: { token: "secret", user: "bob" } });
    sockets.push(secure);
    const welcome = once(secure, "welcome");
    secure.connect();
    await connected(secure);
    assert.deepEqual(await welcome, ["bob"]);
    const back = once(main, "message-back");
    main.emit("message", "still here");
    assert.deepEqual(await back, ["still here"]);
    secure.disconnect();
    const back2 = once(main, "message-back");
    main.emit("message", "after namespace disconnect");
    assert.deepEqual(await back2, ["after namespace disconnect"]);
    return { ok: true };
  },

  // the server asks, the client answers through its ack, the answer arrives in a later invocation
  async serverAck() {
    const s = client("/");
    await connected(s);
    s.on("question", (...args) => {
      const cb = args.pop();
      cb("answer to " + args[0]);
    });
    const answered = once(s, "answered");
    s.emit("ask", "life");
    const [reply] = await answered;
    assert.equal(reply.timedOut, false);
    assert.deepEqual(reply.args, ["answer to life"]);
    assert.equal(reply.context.asked, s.id);
    return { ok: true };
  },

  // rooms: to(room) reaches the room without the sender; except(); socket.data; fetchSockets
  async rooms() {
    const [a, b, c] = [client("/"), client("/"), client("/")];
    await Promise.all([a, b, c].map(connected));
    const got = { a: collect(a, "room-message"), b: collect(b, "room-message"), c: collect(c, "room-message") };
    const all = { a: collect(a, "all-message"), b: collect(b, "all-message"), c: collect(c, "all-message") };
    const roomsA = await a.emitWithAck("join", "r1");
    assert.ok(roomsA.includes("r1") && roomsA.includes(a.id));
    await b.emitWithAck("join", "r1");
    await c.emitWithAck("join", "r2");
    assert.equal(await a.emitWithAck("to-room", "r1", { n: 1 }), "sent");
    // a marker to everyone afterwards: once every client has it, the room message had its chance
    await a.emitWithAck("to-all", "marker");
    await until(() => all.a.length && all.b.length && all.c.length && got.b.length, "room and marker messages");
    assert.deepEqual(got.b, [[{ n: 1 }]]);
    assert.equal(got.a.length, 0, "sender must not get its own to(room) emit");
    assert.equal(got.c.length, 0, "a socket outside the room must not get it");
    // to r1 except r2 after c joins r1 too: a and b get it, c does not
    await c.emitWithAck("join", "r1");
    await c.emitWithAck("to-room-except", "r1", "r2", { n: 2 });
    await a.emitWithAck("to-all", "marker2");
    await until(() => all.a.length >= 2 && all.b.length >= 2 && all.c.length >= 2, "second marker");
    await until(() => got.a.length >= 1 && got.b.length >= 2, "except message");
    assert.deepEqual(got.a, [[{ n: 2 }]]);
    assert.equal(got.c.length, 0);
    const who = await a.emitWithAck("who", "r1");
    assert.deepEqual([...who].sort(), [a.id, b.id, c.id].sort());
    // leave, then not a member any more
    await b.emitWithAck("leave", "r1");
    const who2 = await a.emitWithAck("who", "r1");
    assert.deepEqual([...who2].sort(), [a.id, c.id].sort());
    // socket.data persists across invocations
    assert.equal(await a.emitWithAck("remember", { k: "v" }), "ok");
    assert.deepEqual(await a.emitWithAck("recall"), { k: "v" });
    // errors come back through the ack
    const failed = await a.emitWithAck("fail");
    assert.deepEqual(failed, { error: { message: "refused", data: { code: "E_DEMO" } } });
    return { ok: true };
  },

  // binary both ways: the client must send base64 text frames through API Gateway
  async binary() {
    const s = client("/", { forceBase64: true });
    await connected(s);
    const payload = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
    const back = once(s, "message-back");
    s.emit("message", payload, { nested: Buffer.from("héllo") }, "text");
    const [b1, obj, txt] = await back;
    assert.ok(Buffer.isBuffer(b1) || b1 instanceof ArrayBuffer, "binary came back as binary");
    assert.deepEqual(Buffer.from(b1), payload);
    assert.deepEqual(Buffer.from(obj.nested).toString(), "héllo");
    assert.equal(txt, "text");
    const acked = await new Promise((resolve) => s.emit("message-with-ack", Buffer.from([9, 8, 7]), (...a) => resolve(a)));
    assert.deepEqual(Buffer.from(acked[0]), Buffer.from([9, 8, 7]));
    return { ok: true };
  },

  // stays connected through several heartbeat cycles (the stack runs with short intervals)
  // a reply and an emit over API Gateway's 128 KB message limit arrive as errors; the connection stays usable
  async oversized() {
    const s = client("/");
    await connected(s);
    const KB = 1024;
    assert.equal((await s.timeout(10000).emitWithAck("reply-size", 1000)).length, 1000);
    const refusedReply = await s.timeout(10000).emitWithAck("reply-size", 140 * KB);
    assert.ok(refusedReply && refusedReply.error, "an ack error, got " + JSON.stringify(refusedReply).slice(0, 200));
    assert.match(refusedReply.error.message, /exceeds the limit of 131072 bytes/);
    const tooLarge = once(s, "too-large");
    assert.equal(await s.timeout(10000).emitWithAck("emit-size", 140 * KB), "refused");
    const [error] = await tooLarge;
    assert.equal(error.limit, 131072);
    assert.match(error.message, /exceeds the limit/);
    const sized = once(s, "sized");
    assert.equal(await s.timeout(10000).emitWithAck("emit-size", 100 * KB), "sent"); // over 32 KB: several frames
    assert.equal((await sized)[0].length, 100 * KB);
    assert.equal(await s.timeout(5000).emitWithAck("message-with-ack", "still here"), "still here");
    assert.ok(s.connected);
    return { refusedReply: refusedReply.error.message, refusedEmit: error.message };
  },

  async heartbeat() {
    const s = client("/");
    await connected(s);
    let pings = 0;
    s.io.engine.on("ping", () => pings++);
    const want = Number(process.env.PINGS || 5);
    await until(() => pings >= want, want + " pings");
    assert.ok(s.connected, "still connected after " + pings + " pings");
    const back = once(s, "message-back");
    s.emit("message", "alive");
    assert.deepEqual(await back, ["alive"]);
    return { pings };
  },

  // connect and disconnect cleanly; the Java side checks no rows are left
  async disconnect() {
    const s = client("/");
    await connected(s);
    await s.emitWithAck("join", "leaving-room");
    const secure = s.io.socket("/secure", { auth: { token: "secret" } });
    sockets.push(secure);
    secure.connect();
    await connected(secure);
    s.disconnect();
    secure.disconnect();
    return { ok: true };
  },

  // many clients at once: each sends messages with acks and one broadcast; nothing is lost
  async crowd() {
    const n = Number(process.env.CLIENTS || 100);
    const perClient = Number(process.env.MESSAGES || 5);
    const clients = Array.from({ length: n }, () => client("/"));
    await Promise.all(clients.map(connected));
    const received = clients.map((c) => collect(c, "all-message"));
    await Promise.all(clients.map(async (c, i) => {
      for (let k = 0; k < perClient; k++) {
        const r = await c.timeout(TIMEOUT_MS).emitWithAck("message-with-ack", { from: i, k });
        assert.deepEqual(r, { from: i, k });
      }
      assert.equal(await c.timeout(TIMEOUT_MS).emitWithAck("to-all", { from: i }), "sent");
    }));
    await until(() => received.every((r) => r.length >= n), "every broadcast at every client");
    for (const r of received) {
      const froms = r.map(([m]) => m.from).sort((x, y) => x - y);
      assert.deepEqual(froms, Array.from({ length: n }, (_, i) => i));
    }
    return { clients: n, acks: n * perClient, deliveries: n * n };
  },
};

// stream broadcasts: clients in rooms; the Java side writes domain items once READY is printed,
// then emits "done" to everyone; each client must have exactly the events of its rooms
scenarios.streams = async function streams() {
  const names = ["alice", "bob", "admin", "outsider"];
  const clients = Object.fromEntries(names.map((n) => [n, client("/")]));
  await Promise.all(Object.values(clients).map(connected));
  await clients.alice.emitWithAck("join", "user:alice");
  await clients.bob.emitWithAck("join", "user:bob");
  await clients.admin.emitWithAck("join", "role:admin");
  const got = Object.fromEntries(names.map((n) => [n, collect(clients[n], "order:status:update")]));
  const done = names.map((n) => once(clients[n], "done"));
  console.log("READY");
  await Promise.all(done);
  const orders = (n) => got[n].map(([e]) => e.data.orderId + ":" + e.data.status);
  const expectAlice = (process.env.EXPECT_ALICE || "").split(",").filter(Boolean);
  const expectBob = (process.env.EXPECT_BOB || "").split(",").filter(Boolean);
  assert.deepEqual(orders("alice"), expectAlice);
  assert.deepEqual(orders("bob"), expectBob);
  const expectAdmin = (process.env.EXPECT_ADMIN || "").split(",").filter(Boolean);
  assert.deepEqual([...orders("admin")].sort(), [...expectAdmin].sort());
  assert.deepEqual(orders("outsider"), []);
  for (const [e] of got.admin) {
    assert.equal(e.type, "order.status");
    assert.ok(typeof e.id === "string" && e.id.length > 0, "event id for de-duplication");
    assert.ok(!Number.isNaN(Date.parse(e.timestamp)));
  }
  return { alice: got.alice.length, bob: got.bob.length, admin: got.admin.length };
};

const timer = setTimeout(() => {
  console.error("scenario " + scenario + " timed out after " + TIMEOUT_MS * 2 + " ms");
  process.exit(2);
}, TIMEOUT_MS * 2);

(async () => {
  if (!scenarios[scenario]) throw new Error("unknown scenario " + scenario);
  const facts = await scenarios[scenario]();
  console.log(JSON.stringify(facts));
})().then(
  () => { sockets.forEach((s) => s.disconnect()); clearTimeout(timer); setTimeout(() => process.exit(0), 50); },
  (e) => { console.error(e && e.stack || String(e)); sockets.forEach((s) => s.disconnect()); process.exit(1); },
);
