// Errors from a real page reach a real Bugsink with the right shape.
// Page: tests/pages/errors.html (+ errors.js). One Bugsink, one Chromium tab for the file;
// the tests run in order and the last ones check everything the earlier ones produced.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { launchChromium } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, eventText, exceptionOf, framesOf,
  markerPosition, messageOf, requirePkg, sameEventId, sdkConfig, waitForMatching,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

let bs, site, browser, tab, config, pageUrl, userAgent;
const intentional = []; // messages of the page errors the tests cause on purpose
let expectedEvents = 0; // events the tests cause on purpose

before(async () => {
  requirePkg();
  bs = await startBugsink();
  config = sdkConfig(bs.dsn);
  site = await serve(REPO, { mounts: { '/pkg/': PKG }, routes: { '/config.js': configRoute(config) } });
  browser = await launchChromium();
  tab = await browser.newPage();
  pageUrl = `${site.url}/tests/pages/errors.html`;
  await tab.goto(pageUrl);
  userAgent = await tab.evaluate(() => navigator.userAgent);
  assert.equal(await tab.evaluate(() => typeof window.Faultline), 'object',
    `window.Faultline is not defined by /pkg/faultline.min.js:\n${tab.describe()}`);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await bs?.stop();
});

const scriptUrl = (file) => `${site.url}/tests/pages/${file}`;

/** The frame an engine reports at marker `name` in tests/pages/`file`. */
function frameAt(file, name, fn = name) {
  return { filename: scriptUrl(file), function: fn, ...markerPosition(file, name) };
}

test('a TypeError 3 calls below a setTimeout callback arrives with exact frames', async () => {
  const message = await tab.evaluate(() => {
    try { null.property; } catch (e) { return e.message; } // the engine's own wording
  });
  intentional.push(message);
  expectedEvents += 1;
  await tab.page.click('#deep');

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
  await tab.page.click('#reject-error');
  await tab.page.click('#reject-value');

  const isRejection = (d) => exceptionOf(d)?.mechanism?.type === 'onunhandledrejection';
  const evs = await waitForMatching(bs, isRejection, 2, { what: 'onunhandledrejection event' });

  const withError = evs.find((e) => exceptionOf(e.data).value === 'rejected with an Error');
  assert.ok(withError, `no event with value 'rejected with an Error':\n${evs.map((e) => eventText(e.data)).join('\n')}`);
  const exc = exceptionOf(withError.data);
  assert.equal(exc.type, 'Error');
  assert.equal(exc.mechanism.handled, false);
  assert.deepEqual(framesOf(exc).at(-1), frameAt('errors.js', 'rejectWithError'));

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
  if (id !== undefined) {
    assert.ok(sameEventId(id, ev.data.event_id), `captureMessage returned ${id}, Bugsink stored ${ev.data.event_id}`);
  }
});

test('captureException returns the id of the event Bugsink stores', async () => {
  expectedEvents += 1;
  const { id, flushed } = await tab.evaluate(async () => {
    class CheckoutError extends Error {}
    CheckoutError.prototype.name = 'CheckoutError';
    const id = Faultline.captureException(new CheckoutError('card declined (handled)'));
    return { id, flushed: await Faultline.flush(5000) };
  });
  assert.equal(flushed, true);
  assert.match(String(id), /^[0-9a-f]{32}$/, 'captureException returns a 32-hex-digit event id');
  const [ev] = await waitForMatching(bs, (d) => sameEventId(d.event_id, id), 1, { what: `event ${id}` });
  const exc = exceptionOf(ev.data);
  assert.equal(exc.type, 'CheckoutError');
  assert.equal(exc.value, 'card declined (handled)');
  assert.notEqual(exc.mechanism?.handled, false, 'captureException reports a handled error');
  assert.equal(framesOf(exc).length > 0, true, 'the Error\'s stack is parsed into frames');
});

test('the same bug thrown twice lands in one issue with 2 events', async () => {
  const message = await tab.evaluate(() => {
    try { notDefinedAnywhere; } catch (e) { return e.message; }
  });
  intentional.push(message, message);
  expectedEvents += 2;
  await tab.page.click('#same-bug');
  await tab.page.click('#same-bug');

  await waitForMatching(bs, (d) => exceptionOf(d)?.type === 'ReferenceError', 2, { what: 'ReferenceError event' });
  const issues = (await bs.issues()).filter((i) => i.calculated_type === 'ReferenceError');
  assert.equal(issues.length, 1, `one issue expected, got ${issues.map((i) => `${i.calculated_type}: ${i.calculated_value}`).join(' | ')}`);
  assert.equal(issues[0].calculated_value, message);
  const events = await bs.eventsOfIssue(issues[0].id);
  assert.equal(events.length, 2);
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
  assertOnlyIntentionalPageErrors(tab, intentional);
});

test('every event passes Relay\'s normaliser without errors', async () => {
  const events = await bs.events();
  assert.ok(events.length > 0, 'no events to check');
  const { ok, report } = await relayCheck(events);
  assert.ok(ok, report);
});
