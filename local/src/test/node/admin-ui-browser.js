// The official admin UI page in Chromium (e2e.AdminUiIT), against the local stack's admin-demo app.
// Real socket.io-clients: "red" joins room "red"; the page served at /admin-ui/, configured as its
// connection form saves it (server URL, WebSocket only, a JWT with the admin role as its stored
// session), connects to /admin and
//   1. lists red's socket on its sockets view and the room "red" on its rooms view, then "green"
//      when red joins it while the page looks (room_joined);
//   2. shows a broadcast: "blue" sends "to-room" and the app broadcasts "room-message" to room
//      "red"; the events view lists blue's event_received and the event_sent to red;
//   3. red joins "news", to which the app's schedule emits "headline" every second through the
//      runtime's emitter (outside the engine): the events view lists the event_sent to red; red's
//      "remember" (set before the page opened) changes its socket.data while its details page is
//      open: the page shows the new value (socket_updated);
//   4. its disconnect button on red's row disconnects red: red sees "io server disconnect", the
//      row goes away, blue stays connected.
// Exits 0 when all held and prints what was seen.
// Usage: ADMIN_TOKEN=... node admin-ui-browser.js <ws-url> <http-base>
"use strict";
const assert = require("node:assert/strict");
const { io } = require("socket.io-client");
const { chromium } = require("playwright-core");

const [url, base] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT = Number(process.env.SCENARIO_TIMEOUT_MS || 60000);

function client() {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, timeout: 10000 });
  return new Promise((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("connect", () => resolve(socket));
  });
}

function request(socket, ...args) {
  return new Promise((resolve) => socket.emit(...args, resolve));
}

async function show(page, route) {
  await page.evaluate((hash) => { window.location.hash = hash; }, route);
}

async function main() {
  const red = await client();
  await request(red, "join", "red");
  // the page's store is Vue 2's: a key of socket.data it first saw re-renders when it changes, a new one would not
  assert.equal(await request(red, "remember", { mood: "calm" }), "ok");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-quic", "--no-first-run", "--disable-sync"],
  });
  let blue;
  try {
    const context = await browser.newContext();
    await context.addInitScript(({ server, token }) => {
      localStorage.setItem("server_url", server);
      localStorage.setItem("ws_only", "true");
      localStorage.setItem("session_id", token);
    }, { server: base, token: process.env.ADMIN_TOKEN });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(base + "/admin-ui/#/sockets/", { waitUntil: "domcontentloaded" });
    await page.getByText(red.id).first().waitFor();

    // 1. rooms, then a room joined while the page looks
    await show(page, "#/rooms/");
    await page.getByRole("cell", { name: "red", exact: true }).waitFor();
    await request(red, "join", "green");
    await page.getByRole("cell", { name: "green", exact: true }).waitFor();

    // 2. a broadcast from the app, in the events view
    blue = await client();
    const delivered = new Promise((resolve) => red.once("room-message", resolve));
    assert.equal(await request(blue, "to-room", "red", "hello from blue"), "sent");
    assert.equal(await delivered, "hello from blue");
    await show(page, "#/events/");
    await page.locator("tr", { hasText: "to-room" }).filter({ hasText: blue.id }).first().waitFor();
    await page.locator("tr", { hasText: "room-message" }).filter({ hasText: red.id }).first().waitFor();

    // 3. an emit from outside the engine, and socket.data changed while the page looks
    await request(red, "join", "news");
    await page.locator("tr", { hasText: "headline" }).filter({ hasText: red.id }).first().waitFor();
    await show(page, "#/sockets/");
    await page.getByRole("cell", { name: red.id, exact: true }).click(); // red's details page
    await page.locator("code", { hasText: "calm" }).waitFor();
    assert.equal(await request(red, "remember", { mood: "curious" }), "ok");
    await page.locator("code", { hasText: "curious" }).waitFor();

    // 4. the disconnect button on red's row
    await show(page, "#/sockets/");
    const redId = red.id;
    const row = page.locator("tr", { hasText: redId });
    const kicked = new Promise((resolve) => red.once("disconnect", resolve));
    await row.getByRole("button").click();
    const reason = await kicked;
    assert.equal(reason, "io server disconnect");
    // the row click behind the button opened red's details page: back to the list, where red is gone
    await show(page, "#/sockets/");
    await page.getByText(blue.id).first().waitFor();
    await page.waitForFunction((id) => ![...document.querySelectorAll("tr")].some((tr) => tr.textContent.includes(id)),
      redId);
    assert.ok(blue.connected, "blue, not disconnected from the UI, stays connected");

    console.log(JSON.stringify({ listed: redId, rooms: ["red", "green"], broadcast: "room-message",
      fromEmitter: "headline", dataShown: "curious", reason }));
  } finally {
    await browser.close();
    red.close();
    if (blue) blue.close();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err.stack || String(err));
  process.exit(1);
});
