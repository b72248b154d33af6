// Browser test of the service queue demo page: Playwright (playwright-core from npm) drives Debian's
// Chromium against the local stack started with --app queue. Two pages in two roles: staff sam on the
// dashboard, customer carol on the ticket view. Carol takes a Finance ticket and sam's dashboard shows
// the queue grow; sam calls it at Counter 1 and carol's page shows it being served; sam completes it
// and carol's page shows it done. Usage: node queue-browser.js <page-url> <screenshot-dir>.
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
      return page;
    };
    const sam = await open("sam");
    const counter1 = sam.locator("#counters li[data-counter=c1]");
    await sam.locator("#counters li[data-counter=c1][data-status=available]").waitFor();
    await sam.locator("#services tr[data-service=Finance] td.waiting", { hasText: /^0$/ }).waitFor();
    const carol = await open("carol");
    await carol.locator("#service option[value=Finance]").waitFor({ state: "attached" });

    // carol takes a ticket: her number and position; sam's dashboard sees the queue grow live
    await carol.locator("#service").selectOption("Finance");
    await carol.locator("#take-button").click();
    await carol.locator("#my-number", { hasText: /^FIN-\d{3}$/ }).waitFor();
    const number = await carol.locator("#my-number").textContent();
    await carol.locator("#my-position", { hasText: /^1$/ }).waitFor();
    await sam.locator("#services tr[data-service=Finance] td.waiting", { hasText: /^1$/ }).waitFor();
    await sam.locator("#events li", { hasText: "ticketCreated " + number }).waitFor();
    await sam.screenshot({ path: path.join(shots, "sam-sees-new-ticket.png") });

    // sam calls it at Counter 1: carol's page shows it being served there
    await counter1.locator("button[data-action=call-next]").click();
    await carol.locator("#my-status", { hasText: "is now being served at Counter 1" }).waitFor();
    await carol.locator("#now-serving", { hasText: number }).waitFor();
    await carol.locator("#my-position", { hasText: "your turn" }).waitFor();
    await sam.locator("#counters li[data-counter=c1][data-status=busy]", { hasText: number }).waitFor();
    await carol.screenshot({ path: path.join(shots, "carol-is-being-served.png") });

    // sam completes it: carol's page says so, the counter is free again
    await counter1.locator("button[data-action=complete]").click();
    await carol.locator("#my-status", { hasText: "has been completed" }).waitFor();
    await sam.locator("#counters li[data-counter=c1][data-status=available]").waitFor();

    if (errors.length) throw new Error("page errors: " + errors.join("; "));
    return {
      ticket: number,
      customerStatus: await carol.locator("#my-status").textContent(),
      counter: await counter1.locator(".state").textContent(),
      status: await sam.locator("#status").textContent(),
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
