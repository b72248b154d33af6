// Browser test of the chat demo page: Playwright (playwright-core from npm) drives Debian's
// Chromium against the local stack started with --app chat. Two pages, two users in #general:
// Alice types and sends; Bob sees the typing indicator and the message; Bob's page marks it read
// and Alice sees the read receipt come back. Usage: node chat-browser.js <page-url> <screenshot-dir>.
// Exits 0 and prints one JSON line when everything was seen; 1 with the failure otherwise.
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
      await page.locator("#room-title", { hasText: "General" }).waitFor();
      return page;
    };
    const alice = await open("alice");
    const bob = await open("bob");
    // presence: each sees the other online in the member list
    await alice.locator("#members li.online[data-user=bob]").waitFor();
    await bob.locator("#members li.online[data-user=alice]").waitFor();

    // Alice types: Bob sees the typing indicator
    await alice.locator("#message-input").pressSequentially("Hi Bob, ready for the demo?", { delay: 20 });
    await bob.locator("#typing", { hasText: "Alice is typing" }).waitFor();
    await bob.screenshot({ path: path.join(shots, "bob-sees-typing.png") });

    // Alice sends: Bob sees the message, and the indicator goes away
    await alice.locator("#send-button").click();
    const bobsCopy = bob.locator("#messages li", { hasText: "Hi Bob, ready for the demo?" });
    await bobsCopy.waitFor();
    await bob.locator("#typing:empty").waitFor();

    // Bob's page (visible) marks the message read: Alice's copy shows the receipt
    const alicesCopy = alice.locator("#messages li.mine", { hasText: "Hi Bob, ready for the demo?" });
    await alicesCopy.locator(".receipt", { hasText: "Read by Bob" }).waitFor();
    await alice.screenshot({ path: path.join(shots, "alice-sees-read-receipt.png") });

    // Bob answers with a reaction: Alice sees the count
    await bobsCopy.locator("button[data-reaction=like]").click();
    await alicesCopy.locator("button[data-reaction=like]", { hasText: "1" }).waitFor();

    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    return {
      typing: true,
      delivered: await bobsCopy.locator(".text").textContent(),
      receipt: await alicesCopy.locator(".receipt").textContent(),
      status: await alice.locator("#status").textContent(),
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
