// The chat demo page with socket.io-client's default options (HTTP long-polling first, then the
// upgrade) in Debian's Chromium driven by playwright-core, against the local stack with --app chat.
// Usage: node chat-polling-browser.js <page-url> <mode> <screenshot-dir>, mode one of:
//   upgrade  - two users log in over polling, both pages upgrade to WebSocket, a message goes each way
//   blocked  - every page's WebSocket fails as behind a proxy that refuses it (an init script replaces
//              window.WebSocket before the page loads with one that errors and closes, code 1006,
//              without touching the network); the client tries the upgrade, fails, stays on polling,
//              and the chat still works both ways
// Exits 0 and prints one JSON line of facts when everything held; 1 with the failure otherwise.
"use strict";
const path = require("node:path");
const { launchChromium } = require("./launch-chromium");

const [pageUrl, mode, shots] = process.argv.slice(2);
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 30000);

// runs in the page before its scripts: a WebSocket that never connects, as a blocking proxy makes it
function blockWebSocket() {
  const attempts = [];
  window.__blockedWebSockets = attempts;
  class BlockedWebSocket extends EventTarget {
    constructor(url) {
      super();
      this.url = String(url);
      this.readyState = BlockedWebSocket.CONNECTING;
      this.binaryType = "blob";
      attempts.push(this.url);
      setTimeout(() => {
        this.readyState = BlockedWebSocket.CLOSED;
        const error = new Event("error");
        if (this.onerror) this.onerror(error);
        this.dispatchEvent(error);
        const close = new CloseEvent("close", { code: 1006, reason: "", wasClean: false });
        if (this.onclose) this.onclose(close);
        this.dispatchEvent(close);
      }, 0);
    }
    send() {
      throw new DOMException("WebSocket is not open", "InvalidStateError");
    }
    close() {}
  }
  Object.assign(BlockedWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = BlockedWebSocket;
}

async function main() {
  if (mode !== "upgrade" && mode !== "blocked") throw new Error("mode must be upgrade or blocked, got " + mode);
  const browser = await launchChromium(shots);
  const errors = [];
  const opened = []; // WebSockets the pages really opened (Playwright's network view)
  const pollingRequests = { GET: 0, POST: 0 };
  try {
    const open = async (user) => {
      const context = await browser.newContext();
      if (mode === "blocked") await context.addInitScript(blockWebSocket);
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on("pageerror", (e) => errors.push(user + ": " + e.message));
      page.on("websocket", (ws) => opened.push(ws.url()));
      page.on("request", (r) => {
        if (r.url().includes("transport=polling") && r.method() in pollingRequests) pollingRequests[r.method()]++;
      });
      await page.goto(pageUrl + "?user=" + user);
      await page.locator("#status[data-state=connected]").waitFor();
      await page.locator("#room-title", { hasText: "General" }).waitFor();
      return page;
    };
    const [first, second] = mode === "upgrade" ? ["alice", "bob"] : ["carol", "dave"];
    const a = await open(first);
    const b = await open(second);

    if (mode === "upgrade") {
      await a.locator("#status[data-transport=websocket]").waitFor();
      await b.locator("#status[data-transport=websocket]").waitFor();
    } else {
      // each page tried the upgrade and was refused: only then is "still polling" meaningful
      for (const p of [a, b]) await p.waitForFunction(() => window.__blockedWebSockets.length >= 1);
    }

    const say = async (from, to, text) => {
      await from.locator("#message-input").fill(text);
      await from.locator("#send-button").click();
      await to.locator("#messages li", { hasText: text }).waitFor();
      await from.locator("#messages li.mine", { hasText: text }).waitFor();
    };
    const tag = mode === "upgrade" ? "over WebSocket" : "over polling";
    await say(a, b, "Hello " + tag + " from " + first);
    await say(b, a, "Hello " + tag + " from " + second);
    await b.screenshot({ path: path.join(shots, mode + "-" + second + ".png") });

    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    const transports = [await a.locator("#status").getAttribute("data-transport"),
      await b.locator("#status").getAttribute("data-transport")];
    const blocked = mode === "blocked"
      ? [await a.evaluate(() => window.__blockedWebSockets), await b.evaluate(() => window.__blockedWebSockets)]
      : null;
    return {
      mode,
      transports,
      status: [await a.locator("#status").textContent(), await b.locator("#status").textContent()],
      received: [await a.locator("#messages li:not(.mine) .text").last().textContent(),
        await b.locator("#messages li:not(.mine) .text").last().textContent()],
      webSocketsOpened: opened.filter((u) => u.includes("/socket.io/")).length,
      blockedAttempts: blocked && blocked.map((list) => list.filter((u) => u.includes("transport=websocket")).length),
      pollingRequests,
    };
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
