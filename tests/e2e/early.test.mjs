// Errors thrown before the wasm has loaded are buffered by the JS stub and still delivered.
// Page: tests/pages/early.html loads the SDK from /slowpkg/ (= pkg/), whose .wasm the server
// holds back until the page has thrown: the throw cannot come after the wasm is ready.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, exceptionOf, framesOf, markerPosition, requirePkg,
  sdkConfig, waitForMatching,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

let bs, site, browser, tab;
let releaseWasm;
const wasmHeld = new Promise((r) => { releaseWasm = r; });
let wasmRequested = false;

before(async () => {
  requirePkg();
  bs = await startBugsink();
  site = await serve(REPO, {
    mounts: { '/pkg/': PKG, '/slowpkg/': PKG },
    routes: { '/config.js': configRoute(sdkConfig(bs.dsn)) },
    gate: (pathname) => {
      if (pathname.startsWith('/slowpkg/') && pathname.endsWith('.wasm')) {
        wasmRequested = true;
        return wasmHeld;
      }
      return undefined;
    },
  });
  browser = await launchChromium();
  tab = await browser.newPage();
});

after(async () => {
  releaseWasm?.();
  await browser?.close();
  await site?.close();
  await bs?.stop();
});

test('an error and a rejection thrown before the wasm is ready arrive', async () => {
  await tab.goto(`${site.url}/tests/pages/early.html`, { waitUntil: 'domcontentloaded' });
  const deadline = Date.now() + 5000;
  while (tab.pageErrors.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(tab.pageErrors.length, 2, `the page should have thrown twice by now:\n${tab.describe()}`);
  releaseWasm();

  const url = `${site.url}/tests/pages/early.js`;
  const [thrown] = await waitForMatching(bs, (d) => exceptionOf(d)?.type === 'RangeError', 1,
    { what: 'RangeError event' });
  const exc = exceptionOf(thrown.data);
  assert.equal(exc.value, 'thrown before the wasm was ready');
  assert.equal(exc.mechanism?.handled, false);
  const top = framesOf(exc).at(-1);
  assert.deepEqual({ filename: top?.filename, lineno: top?.lineno, colno: top?.colno },
    { filename: url, ...markerPosition('early.js', 'earlyThrow') });

  const [rejected] = await waitForMatching(bs,
    (d) => exceptionOf(d)?.mechanism?.type === 'onunhandledrejection', 1, { what: 'onunhandledrejection event' });
  const rexc = exceptionOf(rejected.data);
  assert.equal(rexc.type, 'Error');
  assert.equal(rexc.value, 'rejected before the wasm was ready');
  assert.equal(rexc.mechanism.handled, false);
  const rtop = framesOf(rexc).at(-1);
  assert.deepEqual({ filename: rtop?.filename, lineno: rtop?.lineno, colno: rtop?.colno },
    { filename: url, ...markerPosition('early.js', 'earlyRejection') });
});

test('the wasm was loaded from beside the script, and the page saw only its own throws', async () => {
  assert.ok(wasmRequested, `no .wasm requested under /slowpkg/ (beside faultline.min.js); requests:\n${
    site.requests.join('\n')}`);
  assert.equal(await tab.evaluate(() => Faultline.flush(5000)), true);
  assert.equal((await bs.events()).length, 2, 'exactly one event per throw');
  assertOnlyIntentionalPageErrors(tab, ['thrown before the wasm was ready', 'rejected before the wasm was ready']);
});

test('every event passes Relay\'s normaliser without errors', async () => {
  const events = await bs.events();
  assert.ok(events.length > 0, 'no events to check');
  const { ok, report } = await relayCheck(events);
  assert.ok(ok, report);
});
