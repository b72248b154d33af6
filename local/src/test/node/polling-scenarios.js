// HTTP long-polling and the upgrade with the real socket.io-client against the local stack running
// DemoApp. Usage: node polling-scenarios.js <http-url> <scenario>. Exits 0 when every assertion held,
// 1 with a message otherwise; prints one JSON line of facts on success.
"use strict";
const assert = require("node:assert/strict");
const { io } = require("socket.io-client");
const { NodeXHR, NodeWebSocket } = require("engine.io-client"); // socket.io-client's own transports

const [url, scenario] = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 20000);
const sockets = [];

function client(opts = {}) {
  const s = io(url, { reconnection: false, forceNew: true, timeout: 10000, ...opts });
  sockets.push(s);
  return s;
}

const polling = (opts = {}) => client({ transports: ["polling"], ...opts });

function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

async function connected(s) {
  if (s.connected) return;
  const [err] = await Promise.race([once(s, "connect").then(() => [null]), once(s, "connect_error")]);
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
    if (Date.now() > deadline) throw new Error("timed out waiting for " + (typeof what === "function" ? what() : what));
    await new Promise((r) => setTimeout(r, 10));
  }
}

const scenarios = {
  // polling only: events, acks both ways, binary, no WebSocket ever opened
  async pollingBasics() {
    const s = polling({ auth: { hello: "world" } });
    const auth = once(s, "auth");
    await connected(s);
    assert.deepEqual((await auth)[0], { hello: "world" });
    assert.equal(s.io.engine.transport.name, "polling");
    const back = once(s, "message-back");
    s.emit("message", 1, "two", { three: [3] });
    assert.deepEqual(await back, [1, "two", { three: [3] }]);
    assert.equal(await s.timeout(5000).emitWithAck("message-with-ack", "a"), "a");
    // server-to-client ack
    s.on("question", (...args) => args.pop()("answer to " + args[0]));
    const answered = once(s, "answered");
    s.emit("ask", "life");
    const [reply] = await answered;
    assert.deepEqual(reply.args, ["answer to life"]);
    // binary both ways (polling sends b<base64> records)
    const payload = Buffer.from([0, 1, 2, 250, 255]);
    const bin = once(s, "message-back");
    s.emit("message", payload, "text");
    const [b1, txt] = await bin;
    assert.deepEqual(Buffer.from(b1), payload);
    assert.equal(txt, "text");
    assert.equal(s.io.engine.transport.name, "polling");
    return { transport: s.io.engine.transport.name };
  },

  // rooms and broadcasts between a polling client and a WebSocket client
  async pollingRooms() {
    const a = polling();
    const b = client({ transports: ["websocket"] });
    const c = polling();
    await Promise.all([a, b, c].map(connected));
    const got = { a: collect(a, "room-message"), b: collect(b, "room-message"), c: collect(c, "room-message") };
    const all = { a: collect(a, "all-message"), b: collect(b, "all-message"), c: collect(c, "all-message") };
    await a.emitWithAck("join", "r1");
    await c.emitWithAck("join", "r1");
    assert.equal(await b.emitWithAck("to-room", "r1", { n: 1 }), "sent");
    await b.emitWithAck("to-all", "marker");
    await until(() => all.a.length && all.b.length && all.c.length && got.a.length && got.c.length, "room messages");
    assert.deepEqual(got.a, [[{ n: 1 }]]);
    assert.deepEqual(got.c, [[{ n: 1 }]]);
    assert.equal(got.b.length, 0);
    const who = await b.emitWithAck("who", "r1");
    assert.deepEqual([...who].sort(), [a.id, c.id].sort());
    assert.equal(await a.emitWithAck("remember", { k: "v" }), "ok");
    assert.deepEqual(await a.emitWithAck("recall"), { k: "v" });
    return { ok: true };
  },

  // default options: polling first, then the upgrade; rooms, data and every message survive it
  async upgrade() {
    const s = client();
    const firstTransport = s.io.engine.transport.name;
    const upgraded = once(s.io.engine, "upgrade");
    const backs = collect(s, "message-back");
    const room = collect(s, "room-message");
    const N = Number(process.env.MESSAGES || 50);
    // messages from the first moment (buffered until connected), through the upgrade
    let sent = 0;
    const pump = (async () => {
      while (sent < N) {
        s.emit("message", sent++);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const other = client({ transports: ["websocket"] });
    await Promise.all([s, other].map(connected));
    await s.emitWithAck("join", "r1");
    assert.equal(await s.emitWithAck("remember", { k: "before" }), "ok");
    for (let n = 1; n <= N; n++) {
      other.emit("to-room", "r1", { n });
      await new Promise((r) => setTimeout(r, 2));
    }
    await upgraded;
    await pump;
    await until(() => backs.length >= N && room.length >= N, N + " messages back and " + N + " room messages");
    await new Promise((r) => setTimeout(r, 300)); // duplicates would arrive now
    assert.deepEqual(backs.map(([n]) => n), [...Array(N).keys()], "every message back once, in order");
    assert.deepEqual(room.map(([m]) => m.n).sort((x, y) => x - y), [...Array(N).keys()].map((n) => n + 1),
      "every room message once");
    assert.equal(s.io.engine.transport.name, "websocket");
    assert.deepEqual(await s.emitWithAck("recall"), { k: "before" });
    const who = await other.emitWithAck("who", "r1");
    assert.deepEqual(who, [s.id]);
    return { firstTransport, transport: s.io.engine.transport.name, messages: backs.length };
  },

  // after the upgrade the WebSocket connection keeps its heartbeat: pings an interval apart (not one
  // at every tick of the schedule), answered, the client connected throughout; it prints its socket id
  // so the test can look at the connection's row
  async heartbeatAfterTheUpgrade() {
    const s = client();
    const upgraded = once(s.io.engine, "upgrade");
    await connected(s);
    await upgraded;
    const interval = s.io.engine._pingInterval;
    const pings = [];
    s.io.engine.on("ping", () => pings.push(Date.now()));
    const closes = collect(s, "disconnect");
    const CYCLES = Number(process.env.CYCLES || 4);
    await until(() => pings.length >= CYCLES || closes.length > 0, () => CYCLES + " pings (got " + pings.length + ")");
    assert.deepEqual(closes, [], "connected throughout");
    assert.equal(s.io.engine.transport.name, "websocket");
    const gaps = pings.slice(1).map((t, i) => t - pings[i]);
    assert.ok(gaps.every((g) => g >= interval / 4), "pings an interval apart, not at every tick: " + gaps);
    assert.equal(await s.emitWithAck("remember", { k: "still here" }), "ok");
    return { transport: s.io.engine.transport.name, sid: s.id, pings: pings.length, interval, gaps };
  },

  // server-to-client acks pending when the session upgrades are answered over the WebSocket: the
  // client's upgrade is held (its WebSocket transport opens only when released) until the server's
  // questions arrived over polling; the client answers them only after it upgraded
  async acksAcrossTheUpgrade() {
    let release;
    const gate = new Promise((r) => { release = r; });
    class HeldWebSocket extends NodeWebSocket {
      doOpen() {
        gate.then(() => super.doOpen());
      }
    }
    const s = client({ transports: [NodeXHR, HeldWebSocket] });
    const questions = collect(s, "question");
    const answered = collect(s, "answered");
    await connected(s);
    const asked = ["one", "two", "three"];
    for (const q of asked) s.emit("ask", q);
    await until(() => questions.length === asked.length, "the questions over polling");
    assert.equal(s.io.engine.transport.name, "polling", "questions arrived before the upgrade");
    const upgraded = once(s.io.engine, "upgrade");
    release();
    await upgraded;
    assert.equal(s.io.engine.transport.name, "websocket");
    for (const args of questions) args.pop()("answer to " + args[0]);
    await until(() => answered.length === asked.length, "every answer handled by the server");
    const replies = answered.map(([r]) => r);
    assert.ok(replies.every((r) => r.timedOut === false && r.context.asked === s.id), JSON.stringify(replies));
    assert.deepEqual(replies.map((r) => r.args[0]).sort(), asked.map((q) => "answer to " + q).sort());
    // and one asked and answered after the upgrade
    const after = once(s, "answered");
    s.once("question", (...args) => args.pop()("after"));
    s.emit("ask", "later");
    assert.deepEqual((await after)[0].args, ["after"]);
    return { transport: s.io.engine.transport.name, answered: replies.length, timedOut: false };
  },

  // upgrade after upgrade while frames race the move (run it against a stack whose $default
  // invocations of one connection run in parallel and out of order, as on AWS): the events and acks
  // a default client sends right after 5 (what it buffered while the upgrade paused polling), its
  // answers to the server's questions, and the server's questions asked by another connection's
  // invocation from the socket it read, all through the move, are each handled exactly once
  async upgradeRaces() {
    const rounds = Number(process.env.ROUNDS || 8);
    const asker = client({ transports: ["websocket"] });
    await connected(asker);
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const byNumber = (x, y) => x - y;
    const totals = { rounds: 0, messages: 0, acks: 0, questions: 0, answered: 0 };
    for (let round = 0; round < rounds; round++) {
      const room = "race-" + round;
      const s = client(); // default options: polling, then the upgrade
      const backs = collect(s, "message-back");
      const answered = collect(s, "answered");
      const questions = [];
      s.on("question", (...args) => {
        const reply = args.pop();
        questions.push(args[0]);
        reply("answer to " + args[0]);
      });
      let upgradedNow = false;
      const upgraded = once(s.io.engine, "upgrade").then(() => { upgradedNow = true; });
      // settled at once: a rejection waits here for its assertion instead of ending the process
      const settled = (p) => p.then((value) => ({ value }), (e) => ({ error: e.message }));
      const joined = settled(s.timeout(TIMEOUT_MS).emitWithAck("join", room));
      let sent = 0;
      const acks = [];
      const pump = (async () => {
        for (let after = 0; after < 10; after += upgradedNow ? 1 : 0) {
          const n = sent++;
          s.emit("message", n);
          acks.push(settled(s.timeout(TIMEOUT_MS).emitWithAck("message-with-ack", n)));
          await sleep(5);
        }
      })();
      const asks = [];
      const asking = (async () => {
        await joined;
        for (let tag = 0, after = 0; after < 10; tag++, after += upgradedNow ? 1 : 0) {
          asks.push(settled(asker.timeout(TIMEOUT_MS).emitWithAck("ask-room", room, round + ":" + tag)));
          await sleep(10);
        }
      })();
      await connected(s);
      await Promise.all([upgraded, pump, asking]);
      assert.equal(s.io.engine.transport.name, "websocket");
      const join = await joined;
      assert.ok(!join.error && join.value.includes(room), "joined " + room + ": " + JSON.stringify(join));
      const acked = await Promise.all(acks);
      assert.deepEqual(acked.filter((a) => a.error), [], "every client ack answered");
      assert.deepEqual(acked.map((a) => a.value), [...Array(sent).keys()], "every client ack answered with its own value");
      const counts = await Promise.all(asks);
      assert.deepEqual(counts.filter((a) => a.error), [], "every ask-room answered");
      const asked = counts.reduce((a, b) => a + b.value, 0);
      await until(() => backs.length >= sent && questions.length >= asked && answered.length >= asked,
        () => "round " + round + ": " + sent + " messages back (" + backs.length + "), " + asked + " questions ("
          + questions.length + ") and their answers (" + answered.length + ") handled");
      await sleep(300); // duplicates would arrive now
      assert.deepEqual(backs.map(([n]) => n).sort(byNumber), [...Array(sent).keys()], "every message handled once");
      assert.equal(new Set(questions).size, asked, "every question asked once: " + JSON.stringify(questions));
      assert.equal(questions.length, asked);
      const replies = answered.map(([r]) => r);
      assert.ok(replies.every((r) => r.timedOut === false && r.context.asked === s.id), JSON.stringify(replies));
      assert.deepEqual(replies.map((r) => r.args[0]).sort(), questions.map((q) => "answer to " + q).sort(),
        "every answer handled once");
      totals.rounds++;
      totals.messages += sent;
      totals.acks += acks.length;
      totals.questions += asked;
      totals.answered += replies.length;
      s.disconnect();
    }
    return totals;
  },
};

const TOTAL_MS = Number(process.env.SCENARIO_TOTAL_MS || TIMEOUT_MS * 2);
const timer = setTimeout(() => {
  console.error("scenario " + scenario + " timed out after " + TOTAL_MS + " ms");
  process.exit(2);
}, TOTAL_MS);

(async () => {
  if (!scenarios[scenario]) throw new Error("unknown scenario " + scenario);
  const facts = await scenarios[scenario]();
  console.log(JSON.stringify(facts));
})().then(
  () => { sockets.forEach((s) => s.disconnect()); clearTimeout(timer); setTimeout(() => process.exit(0), 50); },
  (e) => { console.error(e && e.stack || String(e)); sockets.forEach((s) => s.disconnect()); process.exit(1); },
);
