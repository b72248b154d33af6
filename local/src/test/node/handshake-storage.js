// What the state table holds between $connect and the CONNECT, with the real socket.io-client:
// its Manager opens the Engine.IO connection only, with a JWT in the query string (?token=) and in
// Authorization/Cookie headers plus the X-Tenant header HandshakeApp declares for its middleware;
// prints "open" and waits for a line on stdin (the IT scans the table meanwhile), then CONNECTs "/"
// with auth.token, asks "whoami" and prints the answer as one JSON line. Exits 1 with a message on
// any error or after SCENARIO_TIMEOUT_MS.
// Usage: node handshake-storage.js <http-url> <websocket|polling> <jwt> <tenant>
"use strict";
const readline = require("node:readline");
const { Manager } = require("socket.io-client");

const [url, transport, jwt, tenant] = process.argv.slice(2);
const fail = (message) => {
  console.error(message);
  process.exit(1);
};
setTimeout(() => fail("timed out"), Number(process.env.SCENARIO_TIMEOUT_MS || 60000)).unref();

const manager = new Manager(url, {
  transports: [transport],
  reconnection: false,
  autoConnect: false,
  timeout: 20000,
  query: { token: jwt, room: "lobby" },
  extraHeaders: { Authorization: "Bearer " + jwt, Cookie: "session=" + jwt, "X-Client-Version": "7", "X-Tenant": tenant },
});
manager.open((err) => {
  if (err) fail("open failed: " + err.message);
  console.log("open");
  readline.createInterface({ input: process.stdin }).once("line", () => {
    const socket = manager.socket("/", { auth: { token: jwt, name: "Ann" } });
    socket.once("connect_error", (e) => fail("connect_error: " + e.message));
    socket.once("connect", () => socket.timeout(20000).emit("whoami", (e, seen) => {
      if (e) fail("whoami: " + e.message);
      console.log(JSON.stringify(seen));
      socket.disconnect();
      process.exit(0);
    }));
    socket.connect();
  });
});
