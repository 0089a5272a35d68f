// Errors thrown before the wasm has loaded are buffered by the JS stub and still delivered.
// Page: tests/pages/early.html loads the SDK from /slowpkg/ (= pkg/), whose .wasm the server
// holds back until the page has thrown: the throw cannot come after the wasm is ready.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, exceptionOf, forEachEngine, framesOf, markerPosition,
  messageOf, requirePkg, sdkConfig, waitForMatching,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

// The function of a frame in a script's top-level code, as each engine prints it.
const TOP_LEVEL = { chromium: undefined, firefox: undefined, webkit: 'global code' };

forEachEngine((engine) => {
  let bs, site, browser, tab;
  let releaseWasm;
  const wasmHeld = new Promise((r) => { releaseWasm = r; });
  let wasmRequested = false;

  before(async () => {
    requirePkg();
    bs = await startBugsink();
    site = await serve(REPO, {
      mounts: { '/pkg/': PKG, '/slowpkg/': PKG, '/neverpkg/': PKG },
      routes: { '/config.js': configRoute(sdkConfig(bs.dsn)) },
      gate: (pathname) => {
        if (pathname.startsWith('/slowpkg/') && pathname.endsWith('.wasm')) {
          wasmRequested = true;
          return wasmHeld;
        }
        if (pathname.startsWith('/neverpkg/') && pathname.endsWith('.wasm')) return new Promise(() => {});
        return undefined;
      },
    });
    browser = await launchBrowser(engine);
    tab = await browser.newPage();
  });

  after(async () => {
    releaseWasm?.();
    await browser?.close();
    await site?.close();
    await bs?.stop();
  });

  test('an error and a rejection thrown before the wasm is ready arrive', async () => {
    // `load` does not wait for the held .wasm: it is fetched, not a subresource of the document.
    await tab.goto(`${site.url}/tests/pages/early.html`);
    await tab.waitFor(() => window.__e2e.errors.length >= 2, null, { what: 'the page\'s two throws' })
      .catch(async (e) => { throw new Error(`${e.message}:\n${await tab.describe()}`); });
    assert.equal(await tab.evaluate(() => Faultline.getStats().loaded), false, 'the wasm must still be held back');
    releaseWasm();

    const url = `${site.url}/tests/pages/early.js`;
    const [thrown] = await waitForMatching(bs, (d) => exceptionOf(d)?.type === 'RangeError', 1,
      { what: 'RangeError event' });
    const exc = exceptionOf(thrown.data);
    assert.equal(exc.value, 'thrown before the wasm was ready');
    assert.equal(exc.mechanism?.handled, false);
    assert.deepEqual(framesOf(exc),
      [{ filename: url, function: TOP_LEVEL[engine], ...markerPosition('early.js', 'earlyThrow', engine) }]);

    const [rejected] = await waitForMatching(bs,
      (d) => exceptionOf(d)?.mechanism?.type === 'onunhandledrejection', 1, { what: 'onunhandledrejection event' });
    const rexc = exceptionOf(rejected.data);
    assert.equal(rexc.type, 'Error');
    assert.equal(rexc.value, 'rejected before the wasm was ready');
    assert.equal(rexc.mechanism.handled, false);
    assert.deepEqual(framesOf(rexc),
      [{ filename: url, function: TOP_LEVEL[engine], ...markerPosition('early.js', 'earlyRejection', engine) }]);
  });

  test('the wasm was loaded from beside the script, and the page saw only its own throws', async () => {
    assert.ok(wasmRequested, `no .wasm requested under /slowpkg/ (beside faultline.min.js); requests:\n${
      site.requests.join('\n')}`);
    assert.equal(await tab.evaluate(() => Faultline.flush(5000)), true);
    assert.equal((await bs.events()).length, 2, 'exactly one event per throw');
    await assertOnlyIntentionalPageErrors(tab, ['thrown before the wasm was ready', 'rejected before the wasm was ready']);
  });

  test('errors thrown before the wasm is ready, then the page left: they arrive with the next page', async () => {
    const t = Math.random().toString(16).slice(2, 8);
    const page = await browser.newPage();
    await page.goto(`${site.url}/tests/pages/early-left.html#${t}`);
    await page.waitFor(() => document.readyState === 'complete', null, { what: 'the page' });
    await new Promise((r) => setTimeout(r, 300)); // both thrown and buffered; the wasm never came
    await page.goto(`${site.url}/tests/pages/blank.html`); // the page is left; this one loads the wasm
    await page.evaluate((dsn) => Faultline.init({ dsn, debug: true }), bs.dsn);
    const evs = await waitForMatching(bs, (d) => (exceptionOf(d)?.value ?? '').endsWith(`page left ${t}`), 3,
      { what: 'errors kept from the page that was left', timeoutMs: 20_000 })
      .catch(async (e) => { throw new Error(`${e.message}\n${JSON.stringify(await page.evaluate(() => Faultline.getStats()))}\n${await page.describe()}`); });
    const byType = Object.fromEntries(evs.map((e) => [exceptionOf(e.data).type, e.data]));
    assert.ok(byType.TypeError && byType.RangeError && byType.SyntaxError, evs.map((e) => exceptionOf(e.data).type).join());
    assert.equal(byType.TypeError.exception.values.at(-1).mechanism.handled, false);
    assert.ok(framesOf(exceptionOf(byType.TypeError)).length > 0, 'its frames were kept');
    assert.equal(exceptionOf(byType.SyntaxError).mechanism.handled, true, 'captured, so handled');
    assert.ok(framesOf(exceptionOf(byType.SyntaxError)).length > 0, 'the captured error\'s frames were kept');
    const [message] = await waitForMatching(bs, (d) => messageOf(d) === `message before the wasm, page left ${t}`, 1,
      { what: 'the message captured before the page was left' });
    assert.equal(message.data.level, 'warning');
    await page.close();
  });

  test('every event passes Relay\'s normaliser without errors', async () => {
    const events = await bs.events();
    assert.ok(events.length > 0, 'no events to check');
    const { ok, report } = await relayCheck(events);
    assert.ok(ok, report);
  });
});
