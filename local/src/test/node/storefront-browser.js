// Browser test of the storefront demo page (examples/storefront): Playwright (playwright-core from npm)
// drives Debian's Chromium against the local stack started with --app storefront. Two pages: seller
// Sam and buyer Ana. Ana views p-mug; Sam changes its price and Ana's page shows it live; Ana adds it
// to her cart and orders; Sam's orders list shows the order live; Sam lowers the stock and gets a
// stock alert while Ana's page shows the new stock. Usage: node storefront-browser.js <page-url> <shots>.
// Exits 0 and prints one JSON line when everything was seen; 1 with the failure otherwise.
"use strict";
const path = require("node:path");
const { launchChromium } = require("./launch-chromium");

const [pageUrl, shots] = process.argv.slice(2);
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 30000);

async function main() {
  const browser = await launchChromium(shots);
  const errors = [];
  const facts = {};
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
    const sam = await open("sam");
    const ana = await open("ana");
    facts.status = await ana.locator("#status").textContent();

    // Ana views the mug: its page joins product:p-mug
    await ana.locator("#product-id").fill("p-mug");
    await ana.locator("#view-form button").click();
    await ana.locator("#product-name", { hasText: "Stoneware mug" }).waitFor();

    // Sam changes the price: Ana's product page shows it live
    await sam.locator("#edit-id").fill("p-mug");
    await sam.locator("#edit-price").fill("9.99");
    await sam.locator("#price-form button").click();
    await ana.locator("#product-price", { hasText: "9.99" }).waitFor();
    facts.price = await ana.locator("#product-price").textContent();
    await ana.screenshot({ path: path.join(shots, "ana-sees-new-price.png") });

    // Ana adds it to her cart and orders: Sam's order list shows it live
    await ana.locator("#cart-qty").fill("2");
    await ana.locator("#cart-form button").click();
    await ana.locator("#cart li[data-product=p-mug]", { hasText: "\u00d7 2" }).waitFor();
    await ana.locator("#order-button").click();
    const order = sam.locator("#orders li", { hasText: "created by ana" });
    await order.waitFor();
    facts.order = (await order.textContent()).replace(/^\S+ /, "");
    await ana.locator("#notifications li", { hasText: "Order placed" }).waitFor();
    await sam.screenshot({ path: path.join(shots, "sam-sees-order.png") });

    // Sam lowers the stock under 10: a stock alert on Sam's page, the new stock on Ana's
    await sam.locator("#edit-stock").fill("4");
    await sam.locator("#stock-form button").click();
    await sam.locator("#alerts li", { hasText: "stock:low: Stoneware mug has 4 left" }).waitFor();
    await ana.locator("#product-stock", { hasText: /^4$/ }).waitFor();
    await ana.locator("#product-flag", { hasText: "only a few left" }).waitFor();
    facts.alert = "stock:low";
    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    console.log(JSON.stringify(facts));
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
