// Thrown values that are not Errors still arrive as events, and nothing the page throws can
// make the SDK throw. Page: tests/pages/odd.html (+ odd.js), values thrown one at a time.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, eventText, exceptionOf, requirePkg, sdkConfig,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

const MiB = 1024 * 1024;
let bs, site, browser, tab;

before(async () => {
  requirePkg();
  bs = await startBugsink();
  site = await serve(REPO, { mounts: { '/pkg/': PKG }, routes: { '/config.js': configRoute(sdkConfig(bs.dsn)) } });
  browser = await launchChromium();
  tab = await browser.newPage();
  await tab.goto(`${site.url}/tests/pages/odd.html`);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await bs?.stop();
});

/**
 * Throw `kind` (see odd.js) uncaught from a timer and return the one new event it produced.
 * One at a time: the event of a value that says nothing about itself is still told apart.
 */
async function throwAndCatch(kind) {
  const before = (await bs.events()).length;
  await tab.evaluate((k) => throwOdd(k), kind);
  const all = await bs.waitForEvents(before + 1, 10_000);
  await new Promise((r) => setTimeout(r, 150)); // a second event for one throw would show now
  const now = await bs.events();
  assert.equal(now.length, before + 1, `one throw of ${kind} made ${now.length - before} events:\n${
    now.slice(before).map((e) => eventText(e.data)).join('\n')}`);
  const ev = all.at(-1);
  const exc = exceptionOf(ev.data);
  if (exc) assert.equal(exc.mechanism?.handled, false, `an uncaught ${kind} is handled: false`);
  return ev;
}

// kind in odd.js → what the event must say about the value
const cases = [
  ['string', /a thrown string/],
  ['number', /\b42\b/],
  ['null', /\bnull\b/],
  ['undefined', /\bundefined\b/],
  ['object', /marker|plain-object/], // its keys or values, not just "[object Object]"
  ['symbol', /odd-symbol/],
  ['hostile', null], // every property getter throws: the event just has to arrive
];
for (const [kind, says] of cases) {
  test(`a thrown ${kind} arrives as an event`, async () => {
    const ev = await throwAndCatch(kind);
    if (says) assert.match(eventText(ev.data), says);
  });
}

test('an Error with a 5 MB message arrives, truncated, under 1 MiB', async () => {
  const ev = await throwAndCatch('huge');
  const size = Buffer.byteLength(JSON.stringify(ev.data));
  assert.ok(size < MiB, `event is ${size} bytes`);
  const exc = exceptionOf(ev.data);
  assert.equal(exc?.type, 'Error');
  assert.ok(exc.value.startsWith('huge:xxxx'), `value starts ${JSON.stringify(exc.value.slice(0, 40))}`);
  assert.ok(exc.value.length < 5 * MiB, 'value is truncated');
});

test('the page saw only its own throws, none from the SDK', async () => {
  // Playwright words the uncaught non-Errors like this; the Error with the huge message is matched by prefix.
  const expected = ['a thrown string', '42', 'null', 'undefined', 'Object', 'Symbol(odd-symbol)', 'Object', 'huge'];
  const shortened = {
    pageErrors: tab.pageErrors.map((e) => ({ ...e, message: e.message.startsWith('huge:') ? 'huge' : e.message })),
    describe: () => tab.describe().replace(/x{100,}/g, 'x…'),
  };
  assertOnlyIntentionalPageErrors(shortened, expected);
});

test('every event passes Relay\'s normaliser without errors', async () => {
  const events = await bs.events();
  assert.ok(events.length > 0, 'no events to check');
  const { ok, report } = await relayCheck(events);
  assert.ok(ok, report);
});
