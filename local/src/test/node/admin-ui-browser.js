// The official admin UI page in Chromium (e2e.AdminUiIT): a real socket.io-client joins room "red";
// the page served by the local stack at /admin-ui/, configured as its connection form saves it
// (server URL, WebSocket only, a JWT with the admin role as its stored session), connects to /admin
// and lists the client's socket id on its sockets view. Exits 0 when it does.
// Usage: ADMIN_TOKEN=... node admin-ui-browser.js <ws-url> <http-base>
"use strict";
const { io } = require("socket.io-client");
const { chromium } = require("playwright-core");

const [url, base] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = Number(process.env.SCENARIO_TIMEOUT_MS || 60000);

async function main() {
  const red = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000 });
  await new Promise((resolve, reject) => {
    red.once("connect_error", reject);
    red.once("connect", () => red.emit("join", "red", resolve));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-quic", "--no-first-run", "--disable-sync"],
  });
  try {
    const context = await browser.newContext();
    await context.addInitScript(({ server, token }) => {
      localStorage.setItem("server_url", server);
      localStorage.setItem("ws_only", "true");
      localStorage.setItem("session_id", token);
    }, { server: base, token: process.env.ADMIN_TOKEN });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(base + "/admin-ui/#/sockets", { waitUntil: "domcontentloaded" });
    await page.getByText(red.id).first().waitFor();
    console.log(JSON.stringify({ listed: red.id }));
  } finally {
    await browser.close();
    red.close();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
