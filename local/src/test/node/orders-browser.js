// Browser test of the orders demo page (seed 001): Playwright (playwright-core from npm) drives
// Debian's Chromium against the local stack started with --app orders. Two pages, two roles: the
// admin closes and reopens the business and the customer's badge follows; the customer orders and
// the admin's list shows it; the admin confirms it and the customer's timeline moves on.
// Usage: node orders-browser.js <page-url> <screenshot-dir>. Exits 0 with one JSON line, 1 on failure.
"use strict";
const path = require("node:path");
const { launchChromium } = require("./launch-chromium");

const [pageUrl, shots] = process.argv.slice(2);
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 30000);

async function main() {
  const browser = await launchChromium(shots);
  const errors = [];
  try {
    const open = async (user) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on("pageerror", (e) => errors.push(user + ": " + e.message));
      await page.goto(pageUrl + "?user=" + user);
      await page.locator("#status[data-state=connected]").waitFor();
      return page;
    };
    const admin = await open("admin");
    const carla = await open("carla");
    await carla.locator("#business[data-open=true]").waitFor();
    // each page shows its role's view only
    for (const [page, shown, hidden] of [[admin, "#admin", ["#customer", "#delivery"]], [carla, "#customer", ["#admin", "#delivery"]]]) {
      if (!(await page.locator(shown).isVisible())) throw new Error(shown + " is not visible");
      for (const h of hidden) if (await page.locator(h).isVisible()) throw new Error(h + " is visible to the wrong role");
    }

    // the admin closes the business: the customer's badge turns closed, live; then reopens it
    await admin.locator("#toggle-business").click();
    await carla.locator("#business[data-open=false]").waitFor();
    await carla.screenshot({ path: path.join(shots, "customer-sees-closed.png") });
    await admin.locator("#toggle-business").click();
    await carla.locator("#business[data-open=true]").waitFor();
    // each page shows its role's view only
    for (const [page, shown, hidden] of [[admin, "#admin", ["#customer", "#delivery"]], [carla, "#customer", ["#admin", "#delivery"]]]) {
      if (!(await page.locator(shown).isVisible())) throw new Error(shown + " is not visible");
      for (const h of hidden) if (await page.locator(h).isVisible()) throw new Error(h + " is visible to the wrong role");
    }

    // the customer orders two pizzas: the admin's order list shows it (order:new)
    await carla.locator("#menu input[data-product=margherita]").fill("2");
    await carla.locator("#place-order").click();
    const mine = carla.locator("#my-orders li.order").first();
    await mine.waitFor();
    const orderId = await mine.getAttribute("data-order");
    const adminsCopy = admin.locator(`#orders li[data-order="${orderId}"]`);
    await adminsCopy.locator("div", { hasText: "Carla Customer" }).first().waitFor();
    await admin.screenshot({ path: path.join(shots, "admin-sees-new-order.png") });

    // the admin confirms it: the customer's timeline shows confirmed (order:status:update)
    await adminsCopy.locator("button[data-action=confirmed]").click();
    await carla.locator(`#my-orders li[data-order="${orderId}"][data-status=confirmed]`).waitFor();
    await carla.locator(`#my-orders li[data-order="${orderId}"] .timeline .current`, { hasText: "confirmed" }).waitFor();
    await carla.screenshot({ path: path.join(shots, "customer-sees-confirmed.png") });

    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    return {
      orderId,
      adminSees: (await adminsCopy.locator("div").first().textContent()).trim(),
      customerMessage: (await carla.locator(`#my-orders li[data-order="${orderId}"] .message`).textContent()).trim(),
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
