// The three browser engines behind one page interface, for the e2e suite.
//
//   const browser = await launchBrowser('firefox');   // 'chromium' | 'firefox' | 'webkit'
//   const tab = await browser.newPage();
//   await tab.goto(`${site.url}/tests/pages/errors.html`);   // resolves after `load`
//   await tab.click('#deep');
//   const v = await tab.evaluate((arg) => document.title + arg, '!');   // awaits promises
//   await tab.pageErrors()   // [{ kind, name, message, stack, event? }]: uncaught errors and rejections
//   await tab.console()      // [{ type, text }]: console calls (type 'warning' for console.warn)
//   await tab.describe()     // both, readable, for assertion messages
//   await tab.close();
//   await browser.close();
//
// - chromium: Debian's Chromium, headless, through playwright-core (never `npx playwright
//   install`); flags as TOOLCHAIN.md lists them for root without a display. playwright gives
//   every launch a fresh --user-data-dir and every newPage() a fresh context.
// - firefox, webkit: Firefox ESR (geckodriver) and WebKitGTK (WebKitWebDriver + MiniBrowser
//   under Xvfb) through tests/support/webdriver.mjs. One window per session: newPage()
//   navigates that window to about:blank (closing the page before it), so one page at a time;
//   pages share the session's storage. Firefox runs evaluate()'s function in a sandbox: what
//   it throws never reaches the page's listeners (use a page function, tests/pages/helpers.js),
//   and it sees the page's `window` properties only (not top-level `class`/`const`/`let`).
//
// Page errors and console messages come from tests/pages/recorder.js, which every test page
// loads first, in every engine (WebDriver cannot observe them; using the recorder for
// Chromium too keeps the assertions the same). They are the current document's: read them
// before navigating away. A page without the recorder makes pageErrors()/console() throw.
// For Chromium, `tab.page` is the playwright Page and `tab.devtoolsPageErrors` what DevTools
// reported, to cross-check the recorder.
//
// FAULTLINE_BROWSERS=chromium,firefox,webkit (the default: all three) selects the engines.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { REPO } from './collector.mjs';
import { launchWebDriver } from './webdriver.mjs';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const ALL_ENGINES = ['chromium', 'firefox', 'webkit'];
/** The recorder every test page loads first (served at /tests/pages/recorder.js). */
export const RECORDER = path.join(REPO, 'tests/pages/recorder.js');

/** The engines to run, from FAULTLINE_BROWSERS (comma-separated; default all three). */
export function selectedEngines(value = process.env.FAULTLINE_BROWSERS) {
  if (value == null || value.trim() === '') return [...ALL_ENGINES];
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = list.filter((e) => !ALL_ENGINES.includes(e));
  if (unknown.length) {
    throw new Error(`FAULTLINE_BROWSERS: unknown engine(s) ${unknown.join(', ')}; use ${ALL_ENGINES.join(',')}`);
  }
  return [...new Set(list)];
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Launch `engine` and return `{ engine, name, version, newPage(), close() }`. */
export async function launchBrowser(engine) {
  if (engine === 'chromium') return launchChromium();
  if (engine === 'firefox' || engine === 'webkit') return launchOverWebDriver(engine);
  throw new Error(`unknown engine ${engine}`);
}

/** The parts of the page interface that read the recorder, over any `evaluate`. */
function recorderReaders(evaluate) {
  async function read() {
    const rec = await evaluate(() => (window.__e2e ? { errors: window.__e2e.errors, console: window.__e2e.console } : null));
    if (!rec) {
      const where = await evaluate(() => location.href).catch(() => '?');
      throw new Error(`${where} did not load tests/pages/recorder.js first: page errors and console are unknown`);
    }
    return rec;
  }
  return {
    pageErrors: async () => (await read()).errors,
    console: async () => (await read()).console,
    /** A readable dump of what the page saw, for assertion messages (never throws). */
    describe: async () => {
      try {
        const rec = await read();
        return [
          ...rec.errors.map((e) => `${e.kind}: ${[e.name, e.message].filter(Boolean).join(': ')}${
            e.stack ? `\n    ${e.stack.trim().split('\n').join('\n    ')}` : ''}`),
          ...rec.console.map((m) => `console.${m.type}: ${m.text}`),
        ].join('\n') || '(no page errors, no console output)';
      } catch (e) {
        return `(could not read the recorder: ${e.message})`;
      }
    },
  };
}

/** Poll `fn(arg)` in the page until it returns something truthy; resolves with it. */
function waitForIn(evaluate) {
  return async (fn, arg, { timeoutMs = 5000, what = 'condition' } = {}) => {
    const deadline = Date.now() + timeoutMs;
    let lastError;
    for (;;) {
      try {
        const v = await evaluate(fn, arg);
        if (v) return v;
      } catch (e) {
        lastError = e; // e.g. the page is navigating
      }
      if (Date.now() > deadline) {
        throw new Error(`waited ${timeoutMs} ms for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
      }
      await sleep(50);
    }
  };
}

export async function launchChromium({ args = [] } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/ensure.sh browsers`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
  });

  async function newPage({ viewport = { width: 1024, height: 768 } } = {}) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const devtoolsPageErrors = [];
    page.on('pageerror', (err) => {
      devtoolsPageErrors.push({ name: err.name, message: err.message, stack: err.stack });
    });
    // Like the recorder's, the list is the current document's.
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) devtoolsPageErrors.length = 0;
    });
    const evaluate = (fn, arg) => page.evaluate(fn, arg);
    return {
      engine: 'chromium',
      page,
      devtoolsPageErrors,
      /** Load a URL and wait for its `load` event. */
      goto: (url) => page.goto(url, { waitUntil: 'load' }).then(() => undefined),
      evaluate,
      click: (selector) => page.click(selector),
      url: () => page.url(),
      waitFor: waitForIn(evaluate),
      ...recorderReaders(evaluate),
      close: () => context.close(),
    };
  }

  return {
    engine: 'chromium',
    name: 'chromium',
    version: browser.version(),
    newPage,
    close: () => browser.close(),
  };
}

async function launchOverWebDriver(engine) {
  const driver = await launchWebDriver(engine);
  let open = null; // the one page of the session's window
  return {
    engine,
    name: driver.name,
    version: driver.version,
    /** The window's one page: a page still open (a test failed before closing it) is closed first. */
    async newPage() {
      await open?.close();
      const page = await driver.newPage();
      const evaluate = (fn, arg) => page.evaluate(fn, arg);
      const tab = {
        engine,
        goto: (url) => page.goto(url),
        evaluate,
        click: (selector) => page.click(selector),
        url: () => page.url(),
        waitFor: waitForIn(evaluate),
        ...recorderReaders(evaluate),
        /** Leaves the page (its `pagehide` runs), freeing the window for the next newPage(). */
        async close() {
          if (open !== tab) return;
          open = null;
          await page.goto('about:blank').catch(() => {});
        },
      };
      open = tab;
      return tab;
    },
    close: () => driver.close(),
  };
}
