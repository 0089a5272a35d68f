// Delivery through a collector that misbehaves on command (tests/support/faulty_proxy.mjs in
// front of a real Bugsink): retries after 5xx and dropped connections, 4xx drops counted, 429
// honoured, events queued at page hide still sent, a bad DSN that leaves the page alone, and a
// silent console when debug is off. Every check reads what Bugsink stored or what the page saw.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';

import { relayCheck } from '../support/collector.mjs';
import {
  exceptionOf, forEachEngine, messageOf, sameEventId, startSuite, stopSuite, waitForMatching,
} from '../support/e2e.mjs';

forEachEngine((engine) => {
  let bs, proxy, site, browser;
  const release = `faultline-delivery-${engine}@${crypto.randomBytes(4).toString('hex')}`;

  before(async () => ({ bs, proxy, site, browser } = await startSuite(engine)));
  after(() => stopSuite({ bs, proxy, site, browser }));

  /** A fresh tab on a page that loads the SDK, initialised with `options` (DSN via the proxy). */
  async function openTab(options = {}) {
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/tests/pages/blank.html`);
    await tab.evaluate((o) => Faultline.init(o), { dsn: proxy.dsn(bs.dsn), release, debug: true, lazyLoad: false, ...options });
    // Until the wasm is ready the stub only queues; a page hidden before that sends nothing
    // (Firefox takes long enough to instantiate it for the page-hide test to hit this).
    await tab.waitFor(() => Faultline.getStats().loaded, null, { what: 'the wasm to load' });
    return tab;
  }

  const unique = (what) => `${what} ${crypto.randomBytes(4).toString('hex')}`;

  async function captureAndFlush(tab, message, timeout = 15_000) {
    return tab.evaluate(async ({ message, timeout }) => {
      const id = Faultline.captureMessage(message, 'error');
      const flushed = await Faultline.flush(timeout);
      return { id, flushed, stats: Faultline.getStats() };
    }, { message, timeout });
  }

  test('5xx answers and dropped connections are retried until the event is stored', async () => {
    const tab = await openTab();
    proxy.failNext(1, { status: 503 });
    proxy.failNext(1, { drop: true });
    proxy.failNext(1, { status: 500 });
    const message = unique('survives a flaky collector');
    const { id, flushed, stats } = await captureAndFlush(tab, message);
    assert.equal(flushed, true, 'flush resolves true once the retried event was delivered');
    assert.equal(proxy.pendingFaults(), 0, 'all three injected faults were hit');
    assert.equal(proxy.seen(id), 4, 'three failed attempts, then the one that was stored');
    // Chromium and Firefox silently re-send a request whose reused connection was dropped (the
    // re-send meets the 500), so the SDK sees two of the three failures; WebKit does not.
    assert.equal(stats.retries, { chromium: 2, firefox: 2, webkit: 3 }[engine], 'retries the SDK made');
    assert.equal(stats.sent, 1);
    assert.ok(Object.values(stats.dropped).every((n) => n === 0), `nothing dropped: ${JSON.stringify(stats.dropped)}`);
    const [ev] = await waitForMatching(bs, (d) => messageOf(d) === message, 1, { what: 'retried event' });
    assert.ok(sameEventId(ev.data.event_id, id));
    await tab.close();
  });

  test('a 4xx other than 429 drops the event at once and counts it', async () => {
    const tab = await openTab();
    proxy.failNext(1, { status: 400 });
    const message = unique('refused by the collector');
    const { id, flushed, stats } = await captureAndFlush(tab, message, 5_000);
    assert.equal(flushed, true, 'nothing is left pending: the refused event is accounted for');
    assert.equal(proxy.seen(id), 1, 'a refused event is not retried');
    assert.equal(stats.dropped.send_error, 1);
    assert.equal(stats.sent, 0);
    const stored = (await bs.events()).filter((e) => messageOf(e.data) === message);
    assert.equal(stored.length, 0);
    await tab.close();
  });

  test('a 429 with X-Sentry-Rate-Limits holds the event until the limit expires, then sends it', async () => {
    const tab = await openTab();
    proxy.failNext(1, { status: 429, headers: { 'X-Sentry-Rate-Limits': '2::key' } });
    const message = unique('sent after the rate limit');
    const started = Date.now();
    const { id, flushed, stats } = await captureAndFlush(tab, message);
    assert.equal(flushed, true);
    assert.equal(proxy.seen(id), 2, 'one refused attempt, one after the limit');
    const [first, second] = proxy.log.filter((r) => r.eventId === id);
    assert.ok(second.at - first.at >= 1900, `second attempt came ${second.at - first.at} ms after the 429; the limit was 2 s`);
    assert.ok(Date.now() - started >= 1900);
    assert.equal(stats.rate_limited, 1);
    assert.equal(stats.dropped.send_error, 0);
    await waitForMatching(bs, (d) => messageOf(d) === message, 1, { what: 'rate-limited event' });
    await tab.close();
  });

  test('events still queued when the page navigates away are sent with keepalive', async () => {
    const tab = await openTab();
    const messages = [unique('queued at page hide'), unique('queued at page hide'), unique('queued at page hide')];
    // Capture and leave in the same task: the batch timer has no chance to fire first.
    await tab.evaluate((ms) => {
      for (const m of ms) Faultline.captureMessage(m, 'info');
      location.href = '/tests/pages/blank.html?next';
    }, messages);
    await tab.waitFor(() => location.search === '?next', null, { what: 'the navigation to ?next' });
    const evs = await waitForMatching(bs, (d) => messages.includes(messageOf(d)), 3, { what: 'page-hide event' });
    assert.equal(evs.length, 3);
    await tab.close();
  });

  test('setUser and setTags ride along with later events', async () => {
    const tab = await openTab();
    const message = unique('with user and tags');
    const { flushed } = await tab.evaluate(async (m) => {
      Faultline.setUser({ id: 42, email: 'ada@example.com' });
      Faultline.setTags({ plan: 'pro', seats: 3 });
      Faultline.setTag('locale', 'de-CH');
      Faultline.captureMessage(m);
      return { flushed: await Faultline.flush(5000) };
    }, message);
    assert.equal(flushed, true);
    const [ev] = await waitForMatching(bs, (d) => messageOf(d) === message, 1, { what: 'event with scope' });
    assert.deepEqual(ev.data.user, { id: '42', email: 'ada@example.com' });
    assert.deepEqual(ev.data.tags, { plan: 'pro', seats: '3', locale: 'de-CH' });
    assert.equal(ev.data.level, 'info', 'captureMessage without a level is info');
    await tab.close();
  });

  test('a bad DSN: the SDK stays off, says why once in debug mode, and the page is unaffected', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/tests/pages/blank.html`);
    const before = proxy.log.length;
    const result = await tab.evaluate(async () => {
      Faultline.init({ dsn: 'https://sentry.example.com/no-key-here', debug: true });
      const id = Faultline.captureException(newError('nobody will hear this'));
      throwLater('uncaught with no DSN');
      await new Promise((r) => setTimeout(r, 300));
      return { id, flushed: await Faultline.flush(1000), stats: Faultline.getStats() };
    });
    assert.match(result.id, /^[0-9a-f]{32}$/, 'captureException still returns an id');
    const warnings = (await tab.console()).filter((m) => m.text.startsWith('faultline:') && /invalid DSN/.test(m.text));
    assert.equal(warnings.length, 1, `exactly one 'invalid DSN' warning:\n${await tab.describe()}`);
    assert.equal(warnings[0].type, 'warning');
    assert.deepEqual((await tab.pageErrors()).map((e) => e.message), ['uncaught with no DSN'], 'only the page\'s own throw');
    assert.equal(proxy.log.length, before, 'nothing was sent anywhere');
    await tab.close();
  });

  test('without debug the SDK writes nothing to the console', async () => {
    const tab = await openTab({ debug: false });
    await tab.evaluate(async () => {
      Faultline.captureMessage('quiet');
      throwLater('quiet uncaught', 'TypeError');
      await new Promise((r) => setTimeout(r, 100));
      await Faultline.flush(5000);
    });
    assert.deepEqual((await tab.pageErrors()).map((e) => e.message), ['quiet uncaught'], 'the throw happened');
    const ours = (await tab.console()).filter((m) => /faultline/i.test(m.text));
    assert.deepEqual(ours, [], `console output from the SDK with debug off:\n${await tab.describe()}`);
    await tab.close();
  });

  test('every event stored here passes Relay\'s normaliser without errors', async () => {
    const events = (await bs.events()).map((e) => e.data);
    assert.ok(events.length >= 6, `expected the events of this file, Bugsink has ${events.length}`);
    const { ok, report } = await relayCheck(events);
    assert.ok(ok, report);
    assert.ok(events.every((d) => d.release === release || exceptionOf(d)));
  });
});
