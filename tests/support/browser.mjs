// Debian's Chromium, headless, driven by playwright-core (never `npx playwright install`).
//
//   const browser = await launchChromium();
//   const tab = await browser.newPage();        // own context: fresh storage per page
//   await tab.goto(`${site.url}/tests/pages/basic.html`);
//   tab.pageErrors   // [{ name, message, stack }] — uncaught exceptions the page saw
//   tab.console      // [{ type, text, url, line }] — console messages
//   await browser.close();
//
// Flags are the ones TOOLCHAIN.md lists for running as root without a display. playwright's
// launch() gives every browser a fresh temporary --user-data-dir of its own and deletes it after.

import fs from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium({ args = [] } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/ensure.sh chromium`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
  });

  async function newPage({ viewport = { width: 1024, height: 768 } } = {}) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const pageErrors = [];
    const consoleMessages = [];
    page.on('pageerror', (err) => {
      pageErrors.push({ name: err.name, message: err.message, stack: err.stack });
    });
    page.on('console', (msg) => {
      const loc = msg.location();
      consoleMessages.push({ type: msg.type(), text: msg.text(), url: loc.url, line: loc.lineNumber });
    });
    return {
      page,
      context,
      pageErrors,
      console: consoleMessages,
      /** Load a URL and wait for its `load` event. */
      goto: (url, opts = {}) => page.goto(url, { waitUntil: 'load', ...opts }),
      /** Run `fn(arg)` in the page; resolves with its (awaited) result. */
      evaluate: (fn, arg) => page.evaluate(fn, arg),
      /** A readable dump for assertion messages. */
      describe: () => [
        ...pageErrors.map((e) => `pageerror: ${e.name}: ${e.message}`),
        ...consoleMessages.map((m) => `console.${m.type}: ${m.text}`),
      ].join('\n'),
      close: () => context.close(),
    };
  }

  return {
    browser,
    version: browser.version(),
    newPage,
    close: () => browser.close(),
  };
}
