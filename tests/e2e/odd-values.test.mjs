// Thrown values that are not Errors still arrive as events, and nothing the page throws can
// make the SDK throw. Page: tests/pages/odd.html (+ odd.js), values thrown one at a time.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, eventText, exceptionOf, forEachEngine, framesOf,
  markerPosition, requirePkg, sdkConfig,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

const MiB = 1024 * 1024;

// kind in odd.js → the exception every engine's event must carry: the same type and value in
// all three, so the same throw groups as one issue whichever browser it came from.
const cases = [
  ['string', 'a thrown string'],
  ['number', '42'],
  ['null', 'null'],
  ['undefined', 'undefined'],
  ['object', 'Object captured as exception with keys: marker'], // its keys, not "[object Object]"
  ['symbol', 'Symbol(odd-symbol)'],
  // every property getter throws: the keys are still listed (symbol keys are not)
  ['hostile', 'Object captured as exception with keys: constructor, message, name, stack, toJSON, toString, valueOf'],
];

forEachEngine((engine) => {
  let bs, site, browser, tab;

  before(async () => {
    requirePkg();
    bs = await startBugsink();
    site = await serve(REPO, { mounts: { '/pkg/': PKG }, routes: { '/config.js': configRoute(sdkConfig(bs.dsn)) } });
    browser = await launchBrowser(engine);
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

  for (const [kind, value] of cases) {
    test(`a thrown ${kind} arrives as an event`, async () => {
      const ev = await throwAndCatch(kind);
      const exc = exceptionOf(ev.data);
      assert.deepEqual({ type: exc?.type, value: exc?.value }, { type: 'Error', value }, eventText(ev.data));
      assert.deepEqual(framesOf(exc), [{
        filename: `${site.url}/tests/pages/odd.js`, function: undefined, ...markerPosition('odd.js', 'throwOdd', engine),
      }], 'no stack: the one frame is where the ErrorEvent says the throw happened');
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
    // tests/pages/recorder.js words the uncaught non-Errors like this (objects by their class);
    // the Error with the huge message is matched by prefix.
    const expected = ['a thrown string', '42', 'null', 'undefined', 'Object', 'Symbol(odd-symbol)', 'Object', 'huge'];
    await assertOnlyIntentionalPageErrors(tab, expected, { shorten: (m) => (m.startsWith('huge:') ? 'huge' : m) });
  });

  test('every event passes Relay\'s normaliser without errors', async () => {
    const events = await bs.events();
    assert.ok(events.length > 0, 'no events to check');
    const { ok, report } = await relayCheck(events);
    assert.ok(ok, report);
  });
});
