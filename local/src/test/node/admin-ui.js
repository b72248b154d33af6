// The admin UI end-to-end test (e2e.AdminUiIT): a real socket.io-client connects to /admin as the
// official @socket.io/admin-ui does ({username, password} in the CONNECT auth, the password being a
// JWT with the admin role), sees the other real clients and their rooms, sees a new client arrive,
// gets the periodic server_stats push (the schedule) counting it, and disconnects a room's client
// with the UI's "_disconnect" action. Connections without
// credentials or with a non-admin token are refused. Then: a change of socket.data is sent as
// socket_updated {id, nsp, data}; the app's schedule emitting to a room through the runtime's emitter
// (outside the engine) shows as event_sent for the room's member; and the server_stats pushes carry
// aggregatedEvents {timestamp, type, subType?, count} counting the connections, disconnections (by
// reason), packets and bytes of these clients, each second once. Exits 0 when everything held.
// Usage: ADMIN_TOKEN=... USER_TOKEN=... node admin-ui.js <ws-url>
"use strict";
const assert = require("node:assert/strict");
const { io } = require("socket.io-client");

const [url] = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.SCENARIO_TIMEOUT_MS || 30000);

function client(nsp = "/", auth) {
  return io(url + nsp, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000, auth });
}

function connected(socket) {
  return new Promise((resolve, reject) => {
    socket.once("connect_error", (err) => reject(new Error("connect_error: " + err.message)));
    socket.once("connect", resolve);
  });
}

function refused(socket) {
  return new Promise((resolve, reject) => {
    socket.once("connect_error", (err) => resolve(err.message));
    socket.once("connect", () => reject(new Error("the admin namespace admitted a client it should refuse")));
  });
}

function next(socket, event, test = () => true) {
  return new Promise((resolve) => {
    const listener = (...args) => {
      if (test(...args)) {
        socket.off(event, listener);
        resolve(args);
      }
    };
    socket.on(event, listener);
  });
}

async function main() {
  const red = client();
  await connected(red);
  await new Promise((resolve) => red.emit("join", "red", resolve));

  const anonymous = await refused(client("/admin"));
  const notAdmin = await refused(client("/admin", { username: "admin", password: process.env.USER_TOKEN }));
  assert.equal(anonymous, "invalid credentials");
  assert.equal(notAdmin, "invalid credentials");

  const admin = client("/admin", { username: "admin", password: process.env.ADMIN_TOKEN });
  const aggregated = []; // every aggregatedEvents entry of every server_stats push, as the UI sums them
  admin.on("server_stats", (s) => aggregated.push(...s.aggregatedEvents));
  const config = next(admin, "config");
  const allSockets = next(admin, "all_sockets");
  const stats = next(admin, "server_stats");
  await connected(admin);
  const [{ supportedFeatures }] = await config;
  assert.ok(supportedFeatures.includes("MDISCONNECT"), JSON.stringify(supportedFeatures));
  const [sockets] = await allSockets;
  const seen = sockets.find((s) => s.id === red.id);
  assert.ok(seen, "all_sockets lists the red client: " + JSON.stringify(sockets));
  assert.equal(seen.nsp, "/");
  assert.ok(seen.rooms.includes("red"), JSON.stringify(seen.rooms));
  const [{ clientsCount }] = await stats;

  const arrival = next(admin, "socket_connected", (s) => s.nsp === "/");
  const pushed = next(admin, "server_stats", (s) => s.clientsCount === clientsCount + 1);
  const other = client();
  await connected(other);
  const [arrived] = await arrival;
  assert.equal(arrived.id, other.id);
  const [periodic] = await pushed; // the schedule's push: the UI connected before "other"
  assert.equal(periodic.namespaces.find((n) => n.name === "/").socketsCount, clientsCount + 1);
  assert.equal(arrived.transport, "websocket");

  // a long-polling client shows with its transport
  const pollArrival = next(admin, "socket_connected", (s) => s.nsp === "/" && s.transport === "polling");
  const poller = io(url, { transports: ["polling"], reconnection: false, forceNew: true, timeout: 10000 });
  const pollingStats = next(admin, "server_stats", (s) => s.pollingClientsCount === 1);
  await connected(poller);
  const [polled] = await pollArrival;
  assert.equal(polled.id, poller.id);
  const [{ pollingClientsCount }] = await pollingStats;
  poller.disconnect();

  const redId = red.id;
  const kicked = new Promise((resolve) => red.once("disconnect", resolve));
  const gone = next(admin, "socket_disconnected", (nsp, id) => id === redId);
  admin.emit("_disconnect", "/", false, "red");
  const reason = await kicked;
  assert.equal(reason, "io server disconnect");
  await gone;
  assert.ok(other.connected, "the client outside the room stays connected");

  // socket.data changed by a listener ("remember" stores its argument)
  const updated = next(admin, "socket_updated", (u) => u.id === other.id);
  await new Promise((resolve) => other.emit("remember", { color: "blue" }, resolve));
  const [update] = await updated;
  assert.equal(update.nsp, "/");
  assert.deepEqual(update.data, { remembered: { color: "blue" } });

  // the schedule's emitter broadcasts to "news" every second: an event_sent per member
  const headline = next(admin, "event_sent", (nsp, id, args) => id === other.id && args[0] === "headline");
  await new Promise((resolve) => other.emit("join", "news", resolve));
  const [, , headlineArgs] = await headline;

  // a connection that comes and goes: rawConnection, then rawDisconnection "transport close"
  const brief = client();
  await connected(brief);
  brief.close();
  const types = () => new Set(aggregated.map((e) => e.type + (e.subType ? ":" + e.subType : "")));
  const wanted = ["rawConnection", "rawDisconnection:transport close", "packetsIn", "packetsOut", "bytesIn",
    "bytesOut"];
  while (!wanted.every((t) => types().has(t))) {
    await next(admin, "server_stats");
  }
  for (const e of aggregated) {
    assert.equal(e.timestamp % 1000, 0, "per-second buckets: " + JSON.stringify(e));
    assert.ok(Number.isInteger(e.count) && e.count > 0, JSON.stringify(e));
  }
  const keys = aggregated.map((e) => e.timestamp + e.type + (e.subType || ""));
  assert.equal(new Set(keys).size, keys.length, "each second and type is sent once: " + JSON.stringify(aggregated));
  const sum = (type) => aggregated.filter((e) => e.type === type).reduce((n, e) => n + e.count, 0);

  console.log(JSON.stringify({ seen: seen.rooms, clientsCount, periodicStats: periodic.clientsCount,
    arrived: arrived.id === other.id, polledTransport: polled.transport, pollingClientsCount, reason, anonymous, socketUpdated: update.data, headline: headlineArgs[0],
    aggregated: { rawConnection: sum("rawConnection"), rawDisconnection: sum("rawDisconnection"),
      packetsIn: sum("packetsIn"), bytesIn: sum("bytesIn"), packetsOut: sum("packetsOut"),
      bytesOut: sum("bytesOut") } }));
  for (const s of [admin, other, red]) s.close();
}

const timer = setTimeout(() => {
  console.error("timed out");
  process.exit(2);
}, TIMEOUT_MS);
main().then(() => {
  clearTimeout(timer);
  process.exit(0);
}, (err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
