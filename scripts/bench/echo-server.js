#!/usr/bin/env node
// The reference for scripts/bench-local.sh: a plain socket.io 4 server (npm) doing the same echo
// work as the local stack's DemoApp in "/" -- "message" -> "message-back", "message-with-ack" ->
// ack with the same args, "to-all" -> io.emit("all-message", arg) + ack "sent". No state store.
//
//   node scripts/bench/echo-server.js [port]      (0 = any free port; prints "listening on ws://127.0.0.1:PORT")
"use strict";
const path = require("path");
const http = require("http");
const { Server } = require(path.join(__dirname, "..", "..", "node_modules", "socket.io"));

const port = Number(process.argv[2] || 0);
const httpServer = http.createServer();
const io = new Server(httpServer, {
  transports: ["websocket"],
  // socket.io defaults otherwise (pingInterval 25 s, pingTimeout 20 s), like the local stack's defaults
});
io.on("connection", (socket) => {
  socket.emit("auth", socket.handshake.auth);
  socket.on("message", (...args) => socket.emit("message-back", ...args));
  socket.on("message-with-ack", (...args) => {
    const ack = args.pop();
    ack(...args);
  });
  socket.on("to-all", (arg, ack) => {
    io.emit("all-message", arg === undefined ? null : arg);
    if (typeof ack === "function") ack("sent");
  });
});
httpServer.listen(port, "127.0.0.1", () => {
  console.log(`listening on ws://127.0.0.1:${httpServer.address().port}`);
});
const stop = () => { io.close(); httpServer.close(); process.exit(0); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
