// The admin UI end-to-end test (e2e.AdminUiIT): a real socket.io-client connects to /admin as the
// official @socket.io/admin-ui does ({username, password} in the CONNECT auth, the password being a
// JWT with the admin role), sees the other real clients and their rooms, sees a new client arrive,
// gets the periodic server_stats push (the schedule) counting it, and disconnects a room's client
// with the UI's "_disconnect" action. Connections without
// credentials or with a non-admin token are refused. Exits 0 when everything held.
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

  const redId = red.id;
  const kicked = new Promise((resolve) => red.once("disconnect", resolve));
  const gone = next(admin, "socket_disconnected", (nsp, id) => id === redId);
  admin.emit("_disconnect", "/", false, "red");
  const reason = await kicked;
  assert.equal(reason, "io server disconnect");
  await gone;
  assert.ok(other.connected, "the client outside the room stays connected");

  console.log(JSON.stringify({ seen: seen.rooms, clientsCount, periodicStats: periodic.clientsCount,
    arrived: arrived.id === other.id, reason, anonymous }));
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
