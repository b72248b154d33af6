// Browser test of the support desk demo page: Playwright (playwright-core from npm) drives Debian's
// Chromium against the local stack started with --app support. Two pages: vendor acme and support
// agent sam. Acme opens a query (HTTP route -> stream rule): it appears live in sam's inbox; sam
// opens it, types and answers: acme sees the typing and the answer; sam marks it read (HTTP route ->
// stream rule): acme sees "Read by"; acme replies: sam sees it.
// Usage: node support-browser.js <page-url> <screenshot-dir>. Exits 0 and prints one JSON line.
"use strict";
const path = require("node:path");
const { launchChromium } = require("./launch-chromium");

const [pageUrl, shots] = process.argv.slice(2);
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 30000);
const SUBJECT = "Delivery fee charged twice";

async function main() {
  const browser = await launchChromium(shots);
  const errors = [];
  try {
    const open = async (user, demoQuery) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      page.on("pageerror", (e) => errors.push(user + ": " + e.message));
      await page.goto(pageUrl + "?user=" + user);
      await page.locator("#status[data-state=connected]").waitFor();
      await page.locator("#queries li[data-query=" + demoQuery + "]").waitFor();
      return page;
    };
    const acme = await open("acme", "demo-payout");
    const sam = await open("sam", "demo-menu");
    // only vendors open queries; staff pages have no form
    if (!(await acme.locator("#new-query").isVisible())) throw new Error("acme has no new-query form");
    if (await sam.locator("#new-query").isVisible()) throw new Error("sam (support) is offered the new-query form");
    // the vendor does not see another vendor's query
    if (await acme.locator("#queries li[data-query=demo-menu]").count() !== 0) throw new Error("acme sees bakery's query");

    // acme opens a query: it shows up live in sam's inbox, unread
    await acme.locator("#new-subject").fill(SUBJECT);
    await acme.locator("#new-message").fill("Order 1042 was charged the delivery fee twice.");
    await acme.locator("#new-button").click();
    await acme.locator("#query-title", { hasText: SUBJECT }).waitFor();
    const inbox = sam.locator("#queries li.unread", { hasText: SUBJECT });
    await inbox.waitFor();
    await sam.screenshot({ path: path.join(shots, "sam-sees-new-query.png") });

    // sam opens it, types and answers: acme sees both live
    await inbox.click();
    await sam.locator("#query-title", { hasText: SUBJECT }).waitFor();
    await sam.locator("#messages li.opening", { hasText: "charged the delivery fee twice" }).waitFor();
    await sam.locator("#message-input").pressSequentially("We are refunding it", { delay: 20 });
    await acme.locator("#typing", { hasText: "Sam (support) is typing" }).waitFor();
    await sam.locator("#send-button").click();
    const answer = acme.locator("#messages li", { hasText: "We are refunding it" });
    await answer.waitFor();

    // sam marks it read: acme sees the read state come in
    await sam.locator("#read-button").click();
    await acme.locator("#read-state", { hasText: "Read by Sam (support)" }).waitFor();
    await acme.screenshot({ path: path.join(shots, "acme-sees-answer-and-read.png") });

    // acme replies: sam sees it
    await acme.locator("#message-input").fill("Thank you!");
    await acme.locator("#send-button").click();
    await sam.locator("#messages li", { hasText: "Thank you!" }).waitFor();

    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    return {
      newQuery: (await inbox.locator(".subject").textContent()),
      answer: await answer.locator(".text").textContent(),
      read: await acme.locator("#read-state").textContent(),
      status: await acme.locator("#status").textContent(),
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
