// Delivery that loses nothing (issue 6), against a real Bugsink behind the tests' own faulty
// proxy. For each fault — connections refused, 500/503, 429 with X-Sentry-Rate-Limits (with
// and without Retry-After), answers delayed by seconds, a connection reset mid-response, the
// body accepted and the connection closed without an answer — the page reports a known set
// of errors during the fault, the fault heals, and Bugsink must hold every one exactly once
// (by event_id), while what the page dropped on purpose (beforeSend, ignoreErrors) reaches
// the collector as client reports. Then: the collector down across two reloads, a page left
// right after an error, and a storm of 10,000 errors with exact counts.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { relayCheck } from '../support/collector.mjs';
import { exceptionOf, forEachEngine, startSuite, stopSuite } from '../support/e2e.mjs';
import { faultyProxy } from '../support/faulty_proxy.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

forEachEngine((engine) => {
  let bs, proxy, site, browser;
  const release = `faultline-faults-${engine}@${crypto.randomBytes(4).toString('hex')}`;

  before(async () => ({ bs, proxy, site, browser } = await startSuite(engine)));
  after(() => stopSuite({ bs, proxy, site, browser }));

  // The page's options: everything through the proxy; one event dropped by beforeSend and one
  // by ignoreErrors in every burst, so client reports have something to say.
  const options = (px) => ({
    dsn: px.dsn(bs.dsn), release, debug: true, ignoreErrors: ['ignored on purpose'],
    beforeSendDrops: 'dropped on purpose',
  });

  async function openPage(tab, px = proxy) {
    await tab.goto(`${site.url}/tests/pages/blank.html`);
    await tab.evaluate((o) => {
      const drop = o.beforeSendDrops;
      delete o.beforeSendDrops;
      Faultline.init(Object.assign(o, {
        beforeSend: (event) => (JSON.stringify(event).includes(drop) ? null : event),
      }));
    }, options(px));
  }

  /** Reports `n` distinct errors (captured and uncaught) and the two dropped on purpose; returns their values. */
  async function burst(tab, label, n = 6) {
    const t = crypto.randomBytes(3).toString('hex');
    const values = Array.from({ length: n }, (_, i) => `${label} ${t} error ${'abcdefghij'[i % 10]}${i}`);
    await tab.evaluate((vs) => {
      vs.forEach((v, i) => (i % 2 ? throwLater(v, 'TypeError') : Faultline.captureException(newError(v))));
      Faultline.captureException(newError('dropped on purpose'));
      Faultline.captureException(newError('ignored on purpose'));
    }, values);
    return values;
  }

  /** Waits until Bugsink holds every value; asserts each exactly once and by one event_id. */
  async function assertStoredOnce(values, timeoutMs = 30_000, px = proxy) {
    const deadline = Date.now() + timeoutMs;
    let stored = [];
    for (;;) {
      stored = (await bs.events()).filter((e) => values.includes(exceptionOf(e.data)?.value));
      const missing = values.filter((v) => !stored.some((e) => exceptionOf(e.data).value === v));
      if (!missing.length) break;
      if (Date.now() > deadline) assert.fail(`never stored: ${missing.join(', ')}\nproxy saw:\n${proxyLog(px)}`);
      await sleep(200);
    }
    await sleep(300); // a duplicate would show up now
    stored = (await bs.events()).filter((e) => values.includes(exceptionOf(e.data)?.value));
    for (const v of values) {
      const mine = stored.filter((e) => exceptionOf(e.data).value === v);
      assert.equal(mine.length, 1, `"${v}" stored ${mine.length} times`);
    }
    return stored;
  }

  const proxyLog = (px = proxy) => px.envelopes.slice(-30).map((e) =>
    `  ${new Date(e.at).toISOString().slice(17, 23)} ${e.eventId ?? '-'} ${e.items.map((i) => i.type).join(',')} ${e.fault ? JSON.stringify(e.fault) : 'forwarded'}`).join('\n');

  /** The client reports the collector got since `mark` say what the burst dropped on purpose. */
  async function assertReported(tab, px, mark) {
    // flush() resolves once the events and the client report were answered.
    assert.equal(await tab.evaluate(() => Faultline.flush(20_000)), true, `flush timed out:\n${proxyLog(px)}`);
    const sums = {};
    for (const env of px.envelopes.slice(mark)) {
      if (!px.delivered().has(env.eventId) && env.fault) continue; // refused: not received
      for (const item of env.items) {
        if (item.type !== 'client_report') continue;
        for (const d of item.payload?.discarded_events ?? []) sums[`${d.reason}:${d.category}`] = (sums[`${d.reason}:${d.category}`] ?? 0) + d.quantity;
      }
    }
    assert.ok(sums['before_send:error'] >= 1, `before_send in client reports: ${JSON.stringify(sums)}\n${proxyLog(px)}`);
    assert.ok(sums['event_processor:error'] >= 1, `event_processor in client reports: ${JSON.stringify(sums)}`);
  }

  // Each fault starts before the burst and is healed by `heal(tab)` after it. Faults are
  // counted (the next N requests), not timed, so a slow machine cannot let the burst slip
  // past them; refusal, which the proxy cannot count, lasts until the page has retried.
  const retried = (tab) => tab.waitFor(() => Faultline.getStats().retries > 0, null, { what: 'a retry', timeoutMs: 20_000 });
  const faults = [
    ['connections refused', async (px) => { await px.down(); return async (tab) => { try { await retried(tab); } finally { await px.up(); } }; }],
    ['503 answers', async (px) => { px.failNext(3, { status: 503 }); return async () => {}; }],
    ['500 answers', async (px) => { px.failNext(3, { status: 500 }); return async () => {}; }],
    ['429 with X-Sentry-Rate-Limits, no Retry-After (as Bugsink)', async (px) => {
      px.failNext(1, { status: 429, headers: { 'X-Sentry-Rate-Limits': '2::key' } });
      return async () => {};
    }],
    ['429 with Retry-After only', async (px) => {
      px.failNext(1, { status: 429, headers: { 'Retry-After': '2' } });
      return async () => {};
    }],
    ['answers delayed by 2 s', async (px) => { px.failNext(3, { delay: 2000 }); return async () => {}; }],
    ['connection reset mid-response', async (px) => { px.failNext(3, { reset: true }); return async () => {}; }],
    ['body accepted, connection closed without an answer', async (px) => { px.failNext(3, { hang: true }); return async () => {}; }],
  ];

  // Status answers are the same bytes to every engine: Chromium covers them; the faults a
  // browser's network stack meets differently (refused, reset, no answer) run everywhere.
  const everywhere = ['connections refused', 'connection reset mid-response', 'body accepted, connection closed without an answer'];
  // Each fault has a proxy of its own, so Chromium (whose pages are independent) runs them at
  // once; Firefox and WebKit drive one window per session: one after the other.
  describe('faults', { concurrency: engine === 'chromium' ? 8 : 1 }, () => {
    for (const [name, start] of faults.filter(([n]) => engine === 'chromium' || everywhere.includes(n))) {
      test(`${name}: every event arrives exactly once; deliberate drops are in client reports`, async () => {
        const px = await faultyProxy(bs.url);
        const tab = await browser.newPage();
        try {
          await openPage(tab, px);
          const heal = await start(px);
          const values = await burst(tab, name.split(' ')[0]);
          await heal(tab);
          await assertStoredOnce(values, 30_000, px);
          await assertReported(tab, px, 0);
          // The fault was felt: something was retried or held (a delay is only waited out).
          const stats = await tab.evaluate(() => Faultline.getStats());
          if (!name.startsWith('answers delayed')) assert.ok(stats.retries + stats.rate_limited > 0, `no retry: ${JSON.stringify(stats)}`);
        } finally {
          await tab.close();
          await px.close();
        }
      });
    }
  });

  test('the collector down while the page reloads twice, then up: all three loads\' events arrive', async () => {
    const tab = await browser.newPage();
    await proxy.down();
    const values = [];
    try {
      for (let load = 0; load < 3; load++) {
        await openPage(tab); // a reload: a new page of the same origin, the same storage
        values.push(...await burst(tab, `load${load}`, 3));
        await sleep(300); // stored in IndexedDB
      }
    } finally {
      await proxy.up();
    }
    // The third page is still open: it took over the first two pages' events and retries.
    await assertStoredOnce(values, 60_000);
    await tab.close();
  });

  test('a page left right after an error: the event arrives with the next page', async () => {
    const tab = await browser.newPage();
    await openPage(tab);
    await proxy.down(); // so the keepalive request at page exit fails too
    let values;
    try {
      values = await burst(tab, 'left', 2);
      await sleep(200);
      await tab.goto(`${site.url}/tests/pages/blank.html?elsewhere`); // the page is gone
    } finally {
      await proxy.up();
    }
    await openPage(tab);
    await assertStoredOnce(values);
    await tab.close();
  });

  test('a storm of 10,000 errors from 20 sites: every site reported, counts exact', async () => {
    const tab = await browser.newPage();
    await openPage(tab);
    const t = crypto.randomBytes(3).toString('hex');
    const figures = await tab.evaluate(async (t) => {
      let longest = 0;
      try {
        new PerformanceObserver((l) => { for (const e of l.getEntries()) longest = Math.max(longest, e.duration); })
          .observe({ type: 'longtask', buffered: true });
      } catch (_) {}
      const started = performance.now();
      await stormOfErrors(20, 500, 'storm ' + t);
      const thrown = performance.now() - started;
      const flushed = await Faultline.flush(30_000);
      const heap = performance.memory ? performance.memory.usedJSHeapSize : null;
      return { thrown, flushed, longest, heap, stats: Faultline.getStats() };
    }, t);
    assert.equal(figures.flushed, true, JSON.stringify(figures.stats));
    const events = (await bs.events()).filter((e) => (exceptionOf(e.data)?.value ?? '').startsWith(`storm ${t} `));
    const bySite = new Map();
    for (const e of events) {
      const v = exceptionOf(e.data).value;
      bySite.set(v, (bySite.get(v) ?? 0) + (e.data.contexts?.repeats?.count ?? 1));
    }
    assert.equal(bySite.size, 20, `every site reported: ${[...bySite.keys()].join(', ')}`);
    for (const [site, count] of bySite) assert.equal(count, 500, `${site}: exact count`);
    console.log(`storm (${engine}): 10,000 errors thrown in ${figures.thrown.toFixed(0)} ms -> ${events.length} events, ` +
      `${figures.stats.folded} folded; longest task ${figures.longest.toFixed(0)} ms (Chromium only); ` +
      `JS heap ${figures.heap ? (figures.heap / 1048576).toFixed(1) + ' MB' : 'n/a'}; stats ${JSON.stringify(figures.stats)}`);
    await tab.close();
  });

  test('every event stored here passes Relay\'s normaliser without errors', async () => {
    const { ok, report } = await relayCheck((await bs.events()).map((e) => e.data));
    assert.ok(ok, report);
  });
});
