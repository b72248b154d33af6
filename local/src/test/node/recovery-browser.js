// Browser test of connection state recovery in the chat demo page (issue 18): Playwright
// (playwright-core) drives Debian's Chromium against the local stack started with --app chat.
// Alice's WebSocket goes through page.routeWebSocket: the test cuts it and holds her reconnects
// (offline), Bob sends a message, the test lets her reconnect: her page shows Bob's message without a
// reload, and her new connection's CONNECT reply has the same sid (recovered) with the message replayed.
// Usage: node recovery-browser.js <page-url> <screenshot-dir>. Prints one JSON line, exits 0 when seen.
"use strict";
const path = require("node:path");
const { launchChromium } = require("./launch-chromium");

const [pageUrl, shots] = process.argv.slice(2);
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 30000);
const TEXT = "Sent while Alice was offline";

async function main() {
  const browser = await launchChromium(shots);
  const errors = [];
  // Alice's sockets: every frame the server sent, per connection; a gate that holds new connections
  const connections = [];
  let offline = false;
  let held = [];
  const connect = (ws) => {
    const frames = [];
    connections.push({ ws, frames });
    const server = ws.connectToServer();
    server.onMessage((m) => { frames.push(String(m)); ws.send(m); });
    ws.onMessage((m) => server.send(m));
    ws.onClose(() => server.close());
    server.onClose(() => ws.close());
  };
  try {
    const open = async (user, route) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on("pageerror", (e) => errors.push(user + ": " + e.message));
      if (route) {
        await page.routeWebSocket(/.*/, (ws) => (offline ? held.push(ws) : connect(ws)));
      }
      // WebSocket only: the test cuts and holds the page's WebSocket (polling would bypass the route)
      await page.goto(pageUrl + "?user=" + user + "&transports=websocket");
      await page.locator("#status[data-state=connected]").waitFor();
      await page.locator("#room-title", { hasText: "General" }).waitFor();
      return page;
    };
    const alice = await open("alice", true);
    const bob = await open("bob", false);
    const connectReply = (frames) => frames.find((f) => f.startsWith("40{"));
    const firstSid = JSON.parse(connectReply(connections[0].frames).slice(2)).sid;

    // Alice goes offline: her socket is cut and her reconnects wait at the gate
    offline = true;
    connections[connections.length - 1].ws.close({ code: 1006, reason: "network gone" });
    await alice.locator("#status:not([data-state=connected])").waitFor();

    await bob.locator("#message-input").fill(TEXT);
    await bob.locator("#send-button").click();
    await bob.locator("#messages li", { hasText: TEXT }).waitFor();
    if (await alice.locator("#messages li", { hasText: TEXT }).count() !== 0) {
      throw new Error("Alice got the message while offline");
    }

    // back online: the held reconnects go through
    offline = false;
    const waiting = held;
    held = [];
    waiting.forEach(connect);
    await alice.locator("#status[data-state=connected]").waitFor();
    await alice.locator("#messages li", { hasText: TEXT }).waitFor();
    await alice.screenshot({ path: path.join(shots, "alice-back-online.png") });

    const last = connections[connections.length - 1].frames;
    const reply = JSON.parse(connectReply(last).slice(2));
    const replayed = last.findIndex((f) => f.startsWith("42[\"new_message\"") && f.includes(TEXT));
    if (reply.sid !== firstSid || !reply.pid) throw new Error("not recovered: " + connectReply(last));
    if (replayed < 0) throw new Error("the message was not replayed on the new connection: " + last.join(" | "));
    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    return { recovered: true, sameSid: reply.sid === firstSid, connections: connections.length,
      shown: await alice.locator("#messages li", { hasText: TEXT }).locator(".text").textContent() };
  } finally {
    await browser.close();
  }
}

main().then((r) => {
  console.log(JSON.stringify(r));
  process.exit(0);
}, (e) => {
  console.error(e && e.stack || String(e));
  process.exit(1);
});
