// Debian's Chromium for the page scripts (*-browser.js), through playwright-core: one launch for all.
"use strict";
const fs = require("node:fs");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** Launches headless Chromium after making the screenshots folder; a clear error when it is not installed. */
async function launchChromium(shots) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(CHROMIUM + " not found: install Debian's Chromium (apt-get install chromium); .ci/run does");
  }
  fs.mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-quic", "--no-first-run", "--disable-sync"],
  });
}

module.exports = { launchChromium };
