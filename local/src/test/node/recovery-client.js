// Connection state recovery with the real socket.io-client (issue 18), driven by RecoveryIT.
// usage: node recovery-client.js <url> <mode>
//   mode kill | idle | max-duration: A's connection ends (its WebSocket destroyed, or closed by the
//     gateway emulator's idle timeout / maximum duration); during the gap B says "gap-1" to room1,
//     then this prints GAP and RecoveryIT emits "gap-2" (Emitter) and writes an order whose stream
//     rule sends "gap-3" to user:alice; B sees both, A reconnects and must be recovered: same id,
//     every missed event once and in order, then new ones.
//   mode expired: A reconnects after RECONNECT_AFTER_MS (past the window): a fresh session.
//   mode tampered: A reconnects with its pid or offset changed: a fresh session, then the real
//     pid and offset still recover.
// Prints one JSON line per step; exits 0 when every expectation holds.
const { io } = require("socket.io-client");

const [url, mode] = process.argv.slice(2);
const timeout = setTimeout(() => fail("timed out"), Number(process.env.SCENARIO_TIMEOUT_MS || 60000));
const opts = { transports: ["websocket"], reconnection: false, forceNew: true };

function fail(message) {
  console.log(JSON.stringify({ fail: message }));
  process.exit(1);
}
function check(cond, message) {
  if (!cond) fail(message);
}
function once(emitter, event) {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}
function waitFor(pred, what) {
  return new Promise((resolve) => {
    const limit = setTimeout(() => fail("waiting for " + what), 30000);
    const t = setInterval(() => {
      if (pred()) {
        clearInterval(t);
        clearTimeout(limit);
        resolve();
      }
    }, 20);
  });
}

async function main() {
  const a = io(url, opts);
  const got = []; // A's events in arrival order: "msg:<text>", "order:<id>", "welcome:<recovered>"
  a.on("msg", (text, offset) => got.push({ e: "msg:" + text, offset }));
  a.on("order:status:update", (order, offset) => got.push({ e: "order:" + order.data.orderId, offset }));
  a.on("welcome", (recovered, offset) => got.push({ e: "welcome:" + recovered, offset }));
  const b = io(url, opts);
  await Promise.all([once(a, "connect"), once(b, "connect")]);
  const firstId = a.id;
  check(a.recovered === false, "a first connection is not recovered");
  await a.emitWithAck("join", "room1");
  await a.emitWithAck("join", "user:alice");
  check(await b.emitWithAck("say", "room1", "live-1") === "ok", "say is acked");
  await waitFor(() => got.some((g) => g.e === "msg:live-1"), "live-1");
  check(typeof got.find((g) => g.e === "msg:live-1").offset === "string", "events carry an offset");
  b.disconnect();
  console.log(JSON.stringify({ step: "joined", id: firstId }));

  const closed = once(a, "disconnect");
  if (mode === "kill" || mode === "expired" || mode === "tampered") {
    a.io.engine.transport.ws.terminate(); // no close frame: the TCP connection just ends
  }
  const [reason] = await closed;
  console.log(JSON.stringify({ step: "disconnected", reason }));

  let gap = []; // what A misses while it is away
  if (mode === "expired") {
    await new Promise((r) => setTimeout(r, Number(process.env.RECONNECT_AFTER_MS)));
  } else if (mode === "tampered") {
    const pid = a._pid;
    const offset = a._lastOffset;
    for (const [p, o] of [[pid.slice(0, -1) + (pid.endsWith("A") ? "B" : "A"), offset], [pid, "not-an-offset"],
      [pid + "x", offset]]) {
      const t = io(url, { ...opts, auth: { pid: p, offset: o } });
      const [err] = await Promise.race([once(t, "connect"), once(t, "connect_error")]);
      check(!err && t.connected && t.id !== firstId, "tampered pid/offset " + p + " " + o + " gets a fresh session");
      t.disconnect();
    }
  } else {
    const b2 = io(url, opts);
    const bGot = [];
    b2.on("msg", (text) => bGot.push("msg:" + text));
    b2.on("order:status:update", (order) => bGot.push("order:" + order.data.orderId));
    await once(b2, "connect");
    await b2.emitWithAck("join", "user:alice");
    await b2.emitWithAck("join", "room1");
    check(await b2.emitWithAck("say", "room1", "gap-1") === "ok", "gap-1 acked");
    console.log("GAP");
    await waitFor(() => bGot.includes("msg:gap-2") && bGot.includes("order:" + process.env.ORDER_ID), "gap-2/3 at B");
    b2.disconnect();
    gap = ["msg:gap-1", "msg:gap-2", "order:" + process.env.ORDER_ID];
  }

  a.connect();
  await once(a, "connect");
  const recovered = mode !== "expired";
  console.log(JSON.stringify({ step: "reconnected", recovered: a.recovered, id: a.id }));
  check(a.recovered === recovered, "recovered should be " + recovered);
  check((a.id === firstId) === recovered, "the id is kept exactly when recovered");
  await waitFor(() => got.filter((g) => g.e.startsWith("welcome:")).length === 2, "the second welcome");
  let expected = ["welcome:false", "msg:live-1", "welcome:false"];
  if (recovered) {
    const b3 = io(url, opts);
    await once(b3, "connect");
    await b3.emitWithAck("say", "room1", "after-1");
    await waitFor(() => got.some((g) => g.e === "msg:after-1"), "after-1");
    b3.disconnect();
    expected = ["welcome:false", "msg:live-1", ...gap, "welcome:true", "msg:after-1"];
  }
  const events = got.map((g) => g.e);
  console.log(JSON.stringify({ step: "events", events }));
  check(JSON.stringify(events) === JSON.stringify(expected), "expected " + JSON.stringify(expected));
  a.disconnect();
  clearTimeout(timeout);
  console.log(JSON.stringify({ ok: true }));
  process.exit(0);
}

main().catch((e) => fail(String(e && e.stack || e)));
