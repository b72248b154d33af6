// Reliability scenarios run by ReliabilityIT with the real socket.io-client from npm against a local
// stack whose API Gateway emulator handles a connection's frames in parallel and out of order.
// Usage: node reliability.js <ws-url> <scenario>. Exits 0 when every assertion held, 1 otherwise;
// prints one JSON line of facts on success.
"use strict";
const assert = require("node:assert/strict");
const { io } = require("socket.io-client");

const [url, scenario] = process.argv.slice(2);
const sockets = [];

function client(nsp = "/", opts = {}) {
  const s = io(url + nsp, {
    transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, forceBase64: true, ...opts,
  });
  sockets.push(s);
  s.on("disconnect", (reason) => console.error("disconnected: " + reason));
  return s;
}

async function connected(s) {
  await new Promise((resolve, reject) => {
    s.once("connect", resolve);
    s.once("connect_error", (e) => reject(new Error("connect_error: " + e.message)));
  });
}

function ackOf(s, ...args) {
  return new Promise((resolve) => s.timeout(20000).emit("message-with-ack", ...args, (err, ...reply) =>
    resolve(err ? { err: err.message } : { reply })));
}

const scenarios = {
  // binary events with acks, each sent once the previous one is acknowledged (the way to strict
  // order): header and attachment are separate frames that the emulator hands to parallel
  // invocations in either order; every ack must echo its own buffer
  async binaryInTurn() {
    const s = client("/");
    await connected(s);
    const count = Number(process.env.COUNT || 30);
    for (let i = 0; i < count; i++) {
      const a = await ackOf(s, i, Buffer.from([i, 255 - i, 7]));
      assert.ok(!a.err, "ack " + i + " failed: " + a.err);
      assert.equal(a.reply[0], i);
      assert.deepEqual([...a.reply[1]], [i, 255 - i, 7], "buffer of event " + i);
    }
    assert.ok(s.connected, "still connected");
    return { acks: count };
  },

  // many clients connect, join a room, write socket.data, then leave: half by a client disconnect,
  // half by dropping the transport; every ack must arrive despite the injected DynamoDB faults
  async churn() {
    const n = Number(process.env.CLIENTS || 20);
    const all = Array.from({ length: n }, () => client("/", { forceBase64: false }));
    await Promise.all(all.map(connected));
    const sids = [];
    await Promise.all(all.map(async (s, i) => {
      const joined = await s.timeout(20000).emitWithAck("join", "room-" + (i % 3));
      assert.equal(joined, s.id);
      const noted = await s.timeout(20000).emitWithAck("note", "k" + i, "v" + i);
      assert.equal(noted, s.id);
      sids.push(s.id);
    }));
    all.forEach((s, i) => (i % 2 === 0 ? s.disconnect() : s.io.engine.close()));
    return { connected: sids.length };
  },

  // a binary packet larger than the server's maxPayload allows in parts: its ack answers an error
  // (never silence) and the connection stays usable
  async binaryTooLarge() {
    const s = client("/");
    await connected(s);
    // six 20 KB attachments (each frame under API Gateway's 32 KB), 120 KB of parts in all
    const parts = Array.from({ length: 6 }, () => Buffer.alloc(20 * 1024, 1));
    const big = await ackOf(s, "big", ...parts);
    assert.ok(big.reply && big.reply[0] && big.reply[0].error, "an ack error, was " + JSON.stringify(big));
    assert.match(big.reply[0].error.message, /binary packet too large/);
    const after = await ackOf(s, "small", Buffer.from([1]));
    assert.equal(after.reply[0], "small");
    return { error: big.reply[0].error.message };
  },

  // one Manager multiplexes "/" and "/custom"; "/custom" leaves and joins again at once, so its 41 and 40 go
  // out back to back on the same connection and the emulator may run them overlapping or the 40 first:
  // after each reconnect the server must have the socket the client was answered with (an ack comes back)
  async namespaceReconnect() {
    const main = client("/");
    const custom = main.io.socket("/custom");
    sockets.push(custom);
    await Promise.all([connected(main), custom.connected ? Promise.resolve() : connected(custom)]);
    const rounds = Number(process.env.ROUNDS || 30);
    for (let i = 0; i < rounds; i++) {
      custom.disconnect();
      custom.connect();
      await connected(custom);
      const reply = await custom.timeout(5000).emitWithAck("message-with-ack", i)
        .catch((e) => assert.fail("round " + i + ": no ack from socket " + custom.id + " (" + e.message + ")"));
      assert.equal(reply, i);
    }
    assert.ok(main.connected, "the other namespace stayed connected");
    return { rounds };
  },
};

const timer = setTimeout(() => {
  console.error("scenario " + scenario + " timed out");
  process.exit(2);
}, Number(process.env.SCENARIO_TIMEOUT_MS || 60000));

(async () => {
  const run = scenarios[scenario];
  if (!run) throw new Error("unknown scenario " + scenario);
  const facts = await run();
  console.log(JSON.stringify(facts));
})().then(() => {
  sockets.forEach((s) => s.disconnect());
  clearTimeout(timer);
  setTimeout(() => process.exit(0), 50); // let stdout drain into the pipe
}, (e) => {
  console.error(e && e.stack ? e.stack : String(e));
  sockets.forEach((s) => s.disconnect());
  process.exit(1);
});
