// The unified API as a Sentry user reaches for it (issue 5), checked on what Bugsink stored:
// scope data and withScope isolation, breadcrumbs (manual and automatic), linked errors,
// captureContext/captureEvent/lastEventId, beforeSend, filters, Dedupe, sampling, option
// checking, initialScope and tunnel. Scenarios live in tests/pages/api.js (they run in the page).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { relayCheck } from '../support/collector.mjs';
import {
  configRoute, exceptionOf, forEachEngine, messageOf, sameEventId, sdkConfig, startSuite, stopSuite, waitForMatching,
} from '../support/e2e.mjs';

forEachEngine((engine) => {
  let bs, site, browser, proxy;

  before(async () => ({ bs, proxy, site, browser } = await startSuite(engine, {
    routes: (bs) => ({ '/config.js': configRoute(sdkConfig(bs.dsn)) }),
  })));
  after(() => stopSuite({ bs, proxy, site, browser }));

  async function run(name, arg) {
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/tests/pages/api.html`);
    const result = await tab.evaluate(({ name, arg }) => window.scenarios[name](arg), { name, arg });
    return { tab, result };
  }

  const byMessage = (text) => (d) => messageOf(d) === text;

  test('scope: user, tags, extras of any JS value, context, fingerprint; withScope does not leak', async () => {
    const { tab, result } = await run('scope');
    assert.equal(result.flushed, true);
    const [inside] = await waitForMatching(bs, byMessage(`inside withScope ${result.t}`), 1, { what: 'withScope event' });
    const [outside] = await waitForMatching(bs, byMessage(`after withScope ${result.t}`), 1, { what: 'event after withScope' });
    for (const ev of [inside, outside]) {
      assert.deepEqual(ev.data.user, { id: 'u-7', email: 'ada@example.com' });
      assert.equal(ev.data.tags.plan, 'pro');
      assert.deepEqual(ev.data.fingerprint, ['checkout', 'v2']);
      assert.deepEqual(ev.data.contexts.cart, { items: 3, total: '42.00' });
      const x = ev.data.extra;
      assert.equal(x.cyclic.name, 'cyclic');
      assert.match(JSON.stringify(x.cyclic.self), /Circular/);
      assert.match(String(x.big), /12345678901234567890/);
      assert.match(String(x.fn), /Function/);
      assert.ok(Array.isArray(x.huge) && x.huge.length <= 1001, 'huge arrays are bounded');
      assert.match(String(x.node), /button/i);
    }
    assert.equal(inside.data.tags.inside, 'yes');
    assert.equal(inside.data.level, 'fatal');
    assert.equal(outside.data.tags.inside, undefined, 'withScope changes do not leak');
    assert.equal(outside.data.level, 'info');
    // Contexts the SDK adds on its own.
    assert.ok(outside.data.contexts.browser?.name, 'contexts.browser');
    assert.ok(outside.data.contexts.os?.name, 'contexts.os');
    await tab.close();
  });

  test('breadcrumbs: manual, console, click, key press, fetch (and failures); beforeBreadcrumb edits and drops', async () => {
    const { tab, result } = await run('breadcrumbs');
    assert.equal(result.flushed, true);
    assert.match(result.fetchString, /native code/, 'the wrapped fetch still reads as native');
    assert.equal(result.fetchName, 'fetch');
    const [ev] = await waitForMatching(bs, byMessage(`with crumbs ${result.t}`), 1, { what: 'event with breadcrumbs' });
    const crumbs = ev.data.breadcrumbs?.values ?? [];
    const find = (pred, what) => {
      const c = crumbs.find(pred);
      assert.ok(c, `no ${what} crumb in ${JSON.stringify(crumbs, null, 1).slice(0, 3000)}`);
      return c;
    };
    const auth = find((c) => c.category === 'auth', 'manual');
    assert.equal(auth.message, 'signed in');
    assert.deepEqual(auth.data, { method: 'password' });
    assert.ok(!crumbs.some((c) => c.message === 'drop me'), 'beforeBreadcrumb returned null');
    const warn = find((c) => c.category === 'console' && /stock low/.test(c.message ?? ''), 'console');
    assert.equal(warn.level, 'warning');
    assert.equal(warn.data.edited, true, 'beforeBreadcrumb edits stick');
    const click = find((c) => c.category === 'ui.click', 'click');
    assert.match(click.message, /button#buy\.primary\.cta/);
    const key = find((c) => c.category === 'ui.input', 'key press');
    assert.ok(!JSON.stringify(key).includes('secret input value'), 'never input values');
    const ok = find((c) => c.category === 'fetch' && /probe=/.test(c.data?.url ?? ''), 'fetch');
    assert.equal(ok.data.method, 'GET');
    assert.equal(ok.data.status_code, 200);
    const failed = find((c) => c.category === 'fetch' && /refused/.test(c.data?.url ?? ''), 'failed fetch');
    assert.equal(failed.level, 'error');
    assert.ok(!crumbs.some((c) => /envelope|faultline_bg\.wasm/.test(c.data?.url ?? '')), 'the SDK\'s own requests (envelopes, its .wasm) are not recorded');
    for (let i = 1; i < crumbs.length; i++) assert.ok(crumbs[i].timestamp >= crumbs[i - 1].timestamp, 'oldest first');
    await tab.close();
  });

  test('linked errors, captureContext, captureEvent and lastEventId', async () => {
    const { tab, result } = await run('capture');
    assert.equal(result.flushed, true);
    assert.equal(result.last, result.id1, 'lastEventId is the last captured id');
    const [chain] = await waitForMatching(bs, (d) => sameEventId(d.event_id, result.id1), 1, { what: 'cause chain' });
    const values = chain.data.exception.values;
    assert.deepEqual(values.map((v) => v.value), [`socket closed ${result.t}`, `fetch failed ${result.t}`, `checkout failed ${result.t}`],
      'oldest cause first, the thrown error last');
    assert.deepEqual(values.map((v) => v.type), ['TypeError', 'Error', 'Error']);
    assert.ok(values.every((v) => v.stacktrace?.frames?.length > 0), 'each error has its own frames');
    assert.equal(values[0].mechanism.type, 'chained');
    assert.equal(chain.data.tags.step, 'pay');
    assert.equal(chain.data.level, 'warning');
    assert.deepEqual(chain.data.fingerprint, [`pay-${result.t}`]);
    const [hand] = await waitForMatching(bs, (d) => sameEventId(d.event_id, result.id2), 1, { what: 'captureEvent event' });
    assert.equal(messageOf(hand.data), `hand-built ${result.t}`);
    assert.equal(hand.data.tags.kind, 'manual');
    assert.equal(hand.data.extra.n, 1);
    const [agg] = await waitForMatching(bs, (d) => sameEventId(d.event_id, result.id3), 1, { what: 'AggregateError event' });
    const aggTypes = agg.data.exception.values.map((v) => v.type);
    assert.ok(aggTypes.includes('RangeError') && aggTypes.includes('SyntaxError') && exceptionOf(agg.data).type === 'AggregateError', aggTypes.join());
    const [plain] = await waitForMatching(bs, (d) => sameEventId(d.event_id, result.id4), 1, { what: 'plain event' });
    assert.equal(plain.data.tags?.step, undefined, 'captureContext applied to its own event only');
    await tab.close();
  });

  test('beforeSend edits, drops (counted) and may answer with a Promise', async () => {
    const { tab, result } = await run('beforeSend');
    assert.equal(result.flushed, true);
    assert.equal(result.stats.dropped.before_send, 1);
    const [edited] = await waitForMatching(bs, byMessage(`edit ${result.t}`), 1, { what: 'edited event' });
    assert.equal(edited.data.tags.edited, 'yes');
    assert.equal(edited.data.tags.hinted, 'true');
    const [later] = await waitForMatching(bs, byMessage(`later ${result.t}`), 1, { what: 'Promise event' });
    assert.equal(later.data.tags.async, 'yes');
    assert.equal((await bs.events()).filter((e) => messageOf(e.data) === `drop ${result.t}`).length, 0);
    await tab.close();
  });

  test('ignoreErrors (string and RegExp), denyUrls, the noise filter and Dedupe drop and count', async () => {
    const { tab, result } = await run('filters');
    assert.equal(result.flushed, true);
    await waitForMatching(bs, byMessage(`kept ${result.t}`), 1, { what: 'kept event' });
    const texts = (await bs.events()).map((e) => JSON.stringify(e.data));
    for (const gone of ['ignored by string', 'ignored by regex', 'from a denied script', 'ResizeObserver loop']) {
      assert.ok(!texts.some((x) => x.includes(gone) && x.includes(result.t) || (gone === 'ResizeObserver loop' && x.includes(gone))), `${gone} was sent`);
    }
    const twice = (await bs.events()).filter((e) => JSON.stringify(e.data).includes(`twice in a row ${result.t}`));
    assert.equal(twice.length, 1, 'Dedupe sends the repeat once');
    assert.equal(twice[0].data.contexts.repeats?.count, 2, 'with the exact count');
    assert.equal(result.stats.dropped.event_processor, 4);
    assert.equal(result.stats.folded, 1);
    await tab.close();
  });

  test('attachStacktrace: a message carries the stack of its caller; maxValueLength cuts; sendDefaultPii', async () => {
    const { tab, result } = await run('attach');
    assert.equal(result.flushed, true);
    const [ev] = await waitForMatching(bs, (d) => sameEventId(d.event_id, result.id), 1, { what: 'message with a stack' });
    const text = messageOf(ev.data);
    assert.ok(text.startsWith(`stock is low for ${result.t}`) && Buffer.byteLength(text) <= 40, `cut to 40 bytes: ${text}`);
    const frames = exceptionOf(ev.data)?.stacktrace?.frames ?? [];
    const innermost = frames.at(-1);
    assert.equal(innermost?.function, 'reportLowStock', `the caller is the innermost frame: ${JSON.stringify(frames)}`);
    assert.match(innermost.filename, /\/tests\/pages\/api\.js$/);
    assert.ok(!frames.some((f) => /faultline/.test(f.filename)), 'no SDK frames');
    assert.equal(ev.data.user?.ip_address, '{{auto}}', 'sendDefaultPii: the collector fills in the IP');
    await tab.close();
  });

  test('dist, maxBreadcrumbs, allowUrls, normalizeDepth, clearBreadcrumbs, XHR and history crumbs, integration switches', async () => {
    const { tab, result } = await run('more');
    assert.equal(result.flushed, true);
    const evs = await waitForMatching(bs, (d) => exceptionOf(d)?.value === `allowed and repeated ${result.t}`, 2,
      { what: 'repeated error with Dedupe off' });
    assert.equal(evs.length, 2, 'Dedupe switched off: both repeats sent');
    const ev = evs[0].data;
    assert.equal(ev.dist, 'build-77');
    assert.equal(JSON.stringify(ev.extra.deep), JSON.stringify({ a: { b: '[Object]' } }), 'normalizeDepth 2');
    const crumbs = ev.breadcrumbs?.values ?? [];
    assert.ok(!crumbs.some((c) => /before clear/.test(c.message ?? '')), 'clearBreadcrumbs');
    assert.ok(!crumbs.some((c) => c.category === 'console'), 'console crumbs switched off');
    assert.equal(crumbs.length, 5, `maxBreadcrumbs 5: ${JSON.stringify(crumbs)}`);
    assert.deepEqual(crumbs.filter((c) => c.category === 'step').map((c) => c.message), ['step 7', 'step 8', 'step 9'], 'the newest kept');
    const xhr = crumbs.find((c) => c.category === 'xhr');
    assert.ok(xhr && /xhr=/.test(xhr.data.url) && xhr.data.method === 'GET' && xhr.data.status_code === 200, JSON.stringify(crumbs));
    const nav = crumbs.find((c) => c.category === 'navigation');
    assert.ok(nav && nav.data.to.endsWith(`?step=${result.t}`), JSON.stringify(crumbs));
    const texts = (await bs.events()).map((e) => JSON.stringify(e.data));
    assert.ok(!texts.some((x) => x.includes(`thrown from elsewhere ${result.t}`)), 'allowUrls keeps only listed scripts');
    assert.equal(result.stats.dropped.event_processor, 1);
    await tab.close();
  });

  for (const off of ['onerror', 'onunhandledrejection']) {
    test(`integrations: globalHandlers { ${off}: false } and linkedErrors { limit: 2 }; device and culture contexts`, async () => {
      const { tab, result } = await run('switches', off);
      assert.equal(result.flushed, true);
      const [chain] = await waitForMatching(bs, (d) => sameEventId(d.event_id, result.id), 1, { what: 'cause chain' });
      assert.deepEqual(chain.data.exception.values.map((v) => v.value), [`mid ${result.t}`, `top ${result.t}`], 'limit 2: the thrown error and one cause');
      const kept = off === 'onerror' ? `rejected ${result.t}` : `uncaught ${result.t}`;
      const gone = off === 'onerror' ? `uncaught ${result.t}` : `rejected ${result.t}`;
      await waitForMatching(bs, (d) => exceptionOf(d)?.value === kept, 1, { what: `the source left on (${kept})` });
      const texts = (await bs.events()).map((e) => exceptionOf(e.data)?.value);
      assert.ok(!texts.includes(gone), `${off}: false, yet "${gone}" was reported`);
      // What the page itself reads, as the collector shows it.
      const { device, culture } = chain.data.contexts;
      const { page } = result;
      assert.equal(device.screen_resolution, page.screen);
      assert.equal(device.online, page.online);
      if (typeof page.memory === 'number') assert.equal(device.memory_size, page.memory * 2 ** 30, 'memory in bytes');
      else assert.equal(device.memory_size, undefined);
      assert.deepEqual(culture, { locale: page.locale, timezone: page.timezone });
      await tab.close();
    });
  }

  test('enabled: false sends nothing; close() flushes and then turns the SDK off', async () => {
    const { tab, result } = await run('disabled');
    assert.equal(result.closed, true);
    await waitForMatching(bs, byMessage(`before close ${result.t}`), 1, { what: 'event before close' });
    await new Promise((r) => setTimeout(r, 300));
    const texts = (await bs.events()).map((e) => messageOf(e.data));
    assert.ok(!texts.includes(`disabled ${result.t}`), 'enabled: false');
    assert.ok(!texts.includes(`after close ${result.t}`), 'nothing after close()');
    await tab.close();
  });

  test('sampleRate 0 sends nothing and counts it; bad options only warn', async () => {
    const { tab, result } = await run('sampling');
    assert.equal(result.flushed, true);
    assert.equal(result.stats.dropped.sample_rate, 1);
    const console = await tab.console();
    const warnings = console.filter((m) => /faultline/.test(m.text));
    assert.ok(warnings.some((m) => /notAnOption/.test(m.text)), `unknown option warned:\n${await tab.describe()}`);
    assert.ok(warnings.some((m) => /maxBreadcrumbs/.test(m.text)), 'wrong type warned');
    assert.deepEqual(await tab.pageErrors(), []);
    await tab.close();
  });

  test('tunnel sends envelopes to the site\'s own endpoint; initialScope applies', async () => {
    const dsn = new URL(bs.dsn);
    const project = dsn.pathname.replace(/\//g, '');
    const tunnel = `http://127.0.0.1:${proxy.port}/api/${project}/envelope/?sentry_key=${dsn.username}&sentry_version=7`;
    const before = proxy.log.length;
    const { tab, result } = await run('tunnel', tunnel);
    assert.equal(result.flushed, true);
    const [ev] = await waitForMatching(bs, byMessage(`through the tunnel ${result.t}`), 1, { what: 'tunnelled event' });
    assert.ok(proxy.log.length > before, 'the envelope went through the tunnel');
    assert.equal(ev.data.tags.from, 'initialScope');
    assert.equal(ev.data.user.id, 'first');
    await tab.close();
  });

  test('every event stored here passes Relay\'s normaliser without errors', async () => {
    const events = (await bs.events()).map((e) => e.data);
    assert.ok(events.length >= 10, `Bugsink has ${events.length} events`);
    await relayCheck(events);
  });
});
