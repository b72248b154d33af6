// The official admin UI page in Chromium logging in with the official basic auth (e2e.AdminUiIT,
// app admin-basic-demo: user "admin", a bcrypt hash of ADMIN_PASSWORD). The page opens on its
// connection form (no stored session); a wrong password shows "Invalid credentials"; the right one
// connects and the sockets view lists a real client; the session the server sent is stored, and a
// reload logs in with it, without the form. Exits 0 when all held.
// Usage: ADMIN_PASSWORD=... node admin-ui-login.js <ws-url> <http-base>
"use strict";
const assert = require("node:assert/strict");
const { io } = require("socket.io-client");
const { chromium } = require("playwright-core");

const [url, base] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = Number(process.env.SCENARIO_TIMEOUT_MS || 60000);

async function main() {
  const red = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000 });
  await new Promise((resolve, reject) => {
    red.once("connect_error", reject);
    red.once("connect", resolve);
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-quic", "--no-first-run", "--disable-sync"],
  });
  try {
    const context = await browser.newContext();
    await context.addInitScript((server) => {
      localStorage.setItem("server_url", server);
      localStorage.setItem("ws_only", "true");
    }, base);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(base + "/admin-ui/#/sockets/", { waitUntil: "domcontentloaded" });

    const form = page; // Vuetify 2's dialog has no dialog role: its fields are found by their labels
    await form.getByLabel("Username").fill("admin");
    await form.getByLabel("Password").fill("not the password");
    await form.getByRole("button", { name: "Connect" }).click();
    await form.getByText("Invalid credentials").waitFor();

    await form.getByLabel("Password").fill(process.env.ADMIN_PASSWORD);
    await form.getByRole("button", { name: "Connect" }).click();
    await page.getByText(red.id).first().waitFor();
    const session = await page.evaluate(() => localStorage.getItem("session_id"));
    assert.match(session || "", /^\d+\.[A-Za-z0-9_-]+$/, "the session the server sent is stored");

    await page.reload({ waitUntil: "domcontentloaded" });
    await page.getByText(red.id).first().waitFor();
    assert.equal(await page.getByLabel("Password").isVisible(), false, "no login form after a reload");

    console.log(JSON.stringify({ loggedIn: true, listed: red.id, reloadedWithSession: true }));
  } finally {
    await browser.close();
    red.close();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
