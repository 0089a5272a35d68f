// Errors from a real page reach a real Bugsink with the right shape, in every engine.
// Page: tests/pages/errors.html (+ errors.js). Per engine: one Bugsink, one tab; the tests run
// in order and the last ones check everything the earlier ones produced. Frames are exact per
// engine: the marker comments in errors.js declare where each engine points.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PAGES, PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, eventText, exceptionOf, forEachEngine, framesOf,
  markerPosition, messageOf, requirePkg, sameEventId, sdkConfig, waitForMatching,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

// What each engine calls the anonymous arrow function a click listener runs (V8 names it after
// the receiver; SpiderMonkey and JavaScriptCore print no name, so the frame has none).
const CLICK_LISTENER = {
  chromium: 'HTMLButtonElement.<anonymous>',
  firefox: undefined,
  webkit: undefined,
};

forEachEngine((engine) => {
  let bs, site, browser, tab, config, pageUrl, userAgent;
  const intentional = []; // messages of the page errors the tests cause on purpose
  let expectedEvents = 0; // events the tests cause on purpose

  before(async () => {
    requirePkg();
    bs = await startBugsink();
    config = sdkConfig(bs.dsn);
    site = await serve(REPO, {
      mounts: { '/pkg/': PKG },
      routes: {
        '/config.js': configRoute(config),
        // errors.html without tests/pages/recorder.js, to show the recorder changes nothing.
        '/tests/pages/errors-unrecorded.html': () => {
          const html = fs.readFileSync(path.join(PAGES, 'errors.html'), 'utf8');
          const without = html.replace(/^<script src="recorder\.js"><\/script>\n/m, '');
          assert.notEqual(without, html, 'errors.html no longer loads recorder.js as expected');
          return { type: 'text/html; charset=utf-8', body: without };
        },
      },
    });
    browser = await launchBrowser(engine);
    tab = await browser.newPage();
    pageUrl = `${site.url}/tests/pages/errors.html`;
    await tab.goto(pageUrl);
    userAgent = await tab.evaluate(() => navigator.userAgent);
    assert.equal(await tab.evaluate(() => typeof window.Faultline), 'object',
      `window.Faultline is not defined by /pkg/faultline.min.js:\n${await tab.describe()}`);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await bs?.stop();
  });

  const scriptUrl = (file) => `${site.url}/tests/pages/${file}`;

  /** The frame `engine` reports at marker `name` in tests/pages/`file`, named `fn` (default: `name`). */
  function frameAt(file, name, ...fn) {
    return { filename: scriptUrl(file), function: fn.length ? fn[0] : name, ...markerPosition(file, name, engine) };
  }

  test('a TypeError 3 calls below a setTimeout callback arrives with exact frames', async () => {
    const message = await tab.evaluate(() => messageOfCall(level3)); // the engine's own wording
    intentional.push(message);
    expectedEvents += 1;
    await tab.click('#deep');

    const [ev] = await waitForMatching(bs, (d) => exceptionOf(d)?.type === 'TypeError', 1, { what: 'TypeError event' });
    const exc = exceptionOf(ev.data);
    assert.equal(exc.type, 'TypeError');
    assert.equal(exc.value, message, 'value must be the Error\'s message (no "Uncaught " prefix)');
    assert.deepEqual(framesOf(exc), [
      frameAt('errors.js', 'onTimer'),
      frameAt('errors.js', 'level1'),
      frameAt('errors.js', 'level2'),
      frameAt('errors.js', 'level3'),
    ], 'frames, outermost first: the thrower is the last frame');
    assert.equal(exc.mechanism?.handled, false, 'an uncaught error is handled: false');
    assert.equal(ev.data.level, 'error');
  });

  test('unhandled rejections arrive, with an Error and with a plain value', async () => {
    intentional.push('rejected with an Error', 'rejected with a plain string');
    expectedEvents += 2;
    await tab.click('#reject-error');
    await tab.click('#reject-value');

    const isRejection = (d) => exceptionOf(d)?.mechanism?.type === 'onunhandledrejection';
    const evs = await waitForMatching(bs, isRejection, 2, { what: 'onunhandledrejection event' });

    const withError = evs.find((e) => exceptionOf(e.data).value === 'rejected with an Error');
    assert.ok(withError, `no event with value 'rejected with an Error':\n${evs.map((e) => eventText(e.data)).join('\n')}`);
    const exc = exceptionOf(withError.data);
    assert.equal(exc.type, 'Error');
    assert.equal(exc.mechanism.handled, false);
    assert.deepEqual(framesOf(exc), [
      frameAt('errors.js', 'clickRejectError', CLICK_LISTENER[engine]),
      frameAt('errors.js', 'rejectWithError'),
    ]);

    const withValue = evs.find((e) => eventText(e.data).includes('rejected with a plain string'));
    assert.ok(withValue, `no event mentions 'rejected with a plain string':\n${evs.map((e) => eventText(e.data)).join('\n')}`);
    assert.equal(exceptionOf(withValue.data).mechanism.handled, false);
  });

  test("captureMessage('hello', 'warning') arrives as a warning", async () => {
    expectedEvents += 1;
    const { id, flushed } = await tab.evaluate(async () => {
      const id = Faultline.captureMessage('hello', 'warning');
      return { id, flushed: await Faultline.flush(5000) };
    });
    assert.equal(flushed, true, 'flush() resolves true once the event was delivered');
    const [ev] = await waitForMatching(bs, (d) => messageOf(d) === 'hello', 1, { what: "'hello' message event" });
    assert.equal(ev.data.level, 'warning');
    assert.ok(sameEventId(id, ev.data.event_id), `captureMessage returned ${id}, Bugsink stored ${ev.data.event_id}`);
  });

  test('captureException returns the id of the event Bugsink stores, with exact frames', async () => {
    expectedEvents += 1;
    await tab.click('#checkout');
    const { id, flushed } = await tab.evaluate(async () => ({ id: window.lastCheckoutId, flushed: await Faultline.flush(5000) }));
    assert.equal(flushed, true);
    assert.match(String(id), /^[0-9a-f]{32}$/, 'captureException returns a 32-hex-digit event id');
    const [ev] = await waitForMatching(bs, (d) => sameEventId(d.event_id, id), 1, { what: `event ${id}` });
    const exc = exceptionOf(ev.data);
    assert.equal(exc.type, 'CheckoutError');
    assert.equal(exc.value, 'card declined (handled)');
    assert.notEqual(exc.mechanism?.handled, false, 'captureException reports a handled error');
    assert.deepEqual(framesOf(exc), [
      frameAt('errors.js', 'clickCheckout', CLICK_LISTENER[engine]),
      frameAt('errors.js', 'checkout'),
      ...{
        chromium: () => [],
        firefox: () => [frameAt('errors.js', 'CheckoutError')],
        webkit: () => [{ filename: undefined, function: 'CheckoutError', lineno: undefined, colno: undefined }],
      }[engine](),
    ]);
  });

  test('the same bug thrown twice lands in one issue with 2 events', async () => {
    const message = await tab.evaluate(() => messageOfCall(sameBug));
    intentional.push(message, message);
    expectedEvents += 2;
    await tab.click('#same-bug');
    // A repeat of an event still waiting to be sent is counted into it; once the first was
    // sent, a repeat is an event of its own (held until the fold window has passed).
    assert.equal(await tab.evaluate(() => Faultline.flush(5000)), true);
    await tab.click('#same-bug');

    const evs = await waitForMatching(bs, (d) => exceptionOf(d)?.type === 'ReferenceError', 2, { what: 'ReferenceError event' });
    const issues = (await bs.issues()).filter((i) => i.calculated_type === 'ReferenceError');
    assert.equal(issues.length, 1, `one issue expected, got ${issues.map((i) => `${i.calculated_type}: ${i.calculated_value}`).join(' | ')}`);
    assert.equal(issues[0].calculated_value, message);
    const events = await bs.eventsOfIssue(issues[0].id);
    assert.equal(events.length, 2);
    for (const ev of evs) {
      assert.deepEqual(framesOf(exceptionOf(ev.data)), [
        frameAt('errors.js', 'clickSameBug', CLICK_LISTENER[engine]),
        frameAt('errors.js', 'sameBug'),
      ]);
    }
  });

  test('every event carries release, environment, request url, User-Agent, sdk and platform', async () => {
    assert.equal(await tab.evaluate(() => Faultline.flush(5000)), true);
    const events = await bs.events();
    assert.ok(events.length > 0, 'no events to check');
    for (const { data } of events) {
      const what = eventText(data).split('\n')[0];
      assert.equal(data.release, config.release, `release of ${what}`);
      assert.equal(data.environment, config.environment, `environment of ${what}`);
      assert.equal(data.request?.url, pageUrl, `request.url of ${what}`);
      assert.equal(data.request?.headers?.['User-Agent'], userAgent, `User-Agent of ${what}`);
      assert.equal(data.sdk?.name, 'faultline.javascript', `sdk.name of ${what}`);
      assert.match(String(data.sdk?.version), /^\d+\.\d+\.\d+/, `sdk.version of ${what}`);
      assert.equal(data.platform, 'javascript', `platform of ${what}`);
      assert.match(String(data.event_id), /^[0-9a-f]{32}$/, `event_id of ${what}`);
    }
  });

  test('exactly the intended events arrived, and the page saw no exception from the SDK', async () => {
    await tab.evaluate(() => Faultline.flush(5000));
    await new Promise((r) => setTimeout(r, 300)); // anything late or duplicated shows up now
    const events = await bs.events();
    assert.equal(events.length, expectedEvents,
      `Bugsink got ${events.length} events for ${expectedEvents} caused:\n${events.map((e) => eventText(e.data)).join('\n')}`);
    await assertOnlyIntentionalPageErrors(tab, intentional);
  });

  test('every event passes Relay\'s normaliser without errors', async () => {
    const events = await bs.events();
    assert.ok(events.length > 0, 'no events to check');
    const { ok, report } = await relayCheck(events);
    assert.ok(ok, report);
  });

  test('the page-error recorder changes nothing the SDK reports', async () => {
    // The same clicks on errors.html without recorder.js: the same exceptions, frame for frame.
    const exceptions = async () => (await bs.events())
      .map((e) => exceptionOf(e.data))
      .filter((exc) => exc?.type === 'TypeError' || exc?.type === 'CheckoutError')
      .map(({ type, value, mechanism, stacktrace }) => ({ type, value, mechanism, frames: stacktrace?.frames }));
    const recorded = await exceptions();
    assert.equal(recorded.length, 2, 'the TypeError and CheckoutError events of the tests above');
    await tab.goto(`${site.url}/tests/pages/errors-unrecorded.html`);
    assert.equal(await tab.evaluate(() => typeof window.__e2e), 'undefined', 'the recorder is not loaded');
    await tab.click('#deep');
    await tab.click('#checkout');
    assert.equal(await tab.evaluate(() => Faultline.flush(5000)), true);
    await waitForMatching(bs, (d) => exceptionOf(d)?.type === 'TypeError', 2, { what: 'second TypeError event' });
    const all = await exceptions();
    assert.equal(all.length, 4);
    const byType = (list) => [...list].sort((a, b) => a.type.localeCompare(b.type)); // arrival order may vary
    assert.deepEqual(byType(all.slice(2)), byType(recorded));
  });
});
