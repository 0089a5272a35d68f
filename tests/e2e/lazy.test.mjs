// The wasm and its bindings (faultline_glue.js) are fetched only when there is something to
// report (lazyLoad, the default): a page view without an error downloads the script alone,
// and the first error still arrives with everything the page set up before it (user, tags,
// the newest breadcrumbs).
// (Events an earlier page left stored also fetch it: early.test.mjs, "... the page left".)

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';

import { exceptionOf, forEachEngine, startSuite, stopSuite, waitForMatching } from '../support/e2e.mjs';

const WASM = /^GET \/pkg\/faultline_bg\.wasm /;
const GLUE = /^GET \/pkg\/faultline_glue\.js /;

forEachEngine((engine) => {
  let bs, proxy, site, browser;
  const release = `faultline-lazy-${engine}@${crypto.randomBytes(4).toString('hex')}`;

  before(async () => ({ bs, proxy, site, browser } = await startSuite(engine)));
  after(() => stopSuite({ bs, proxy, site, browser }));

  test('no error, no wasm nor bindings; the first error fetches them and arrives with the scope and the newest breadcrumbs', async () => {
    const t = crypto.randomBytes(3).toString('hex');
    const tab = await browser.newPage();
    const from = site.requests.length;
    await tab.goto(`${site.url}/tests/pages/blank.html`);
    const before = await tab.evaluate(async ({ dsn, release }) => {
      Faultline.init({ dsn, release, maxBreadcrumbs: 30 });
      Faultline.setUser({ id: 'lazy-user' });
      Faultline.setTag('phase', 'before the wasm');
      for (let i = 0; i < 200; i++) Faultline.addBreadcrumb({ category: 'step', message: `step ${i}` });
      await new Promise((r) => setTimeout(r, 700));
      return { stats: Faultline.getStats(), flushed: await Faultline.flush(1000) };
    }, { dsn: bs.dsn, release });
    assert.equal(before.stats.loaded, false, 'nothing to report: the wasm stays away');
    assert.equal(before.flushed, true, 'flush() with nothing captured');
    assert.deepEqual(site.requests.slice(from).filter((r) => WASM.test(r) || GLUE.test(r)), [], 'neither the wasm nor its bindings were downloaded');

    await tab.evaluate((t) => throwLater(`first error ${t}`, 'TypeError'), t);
    const [ev] = await waitForMatching(bs, (d) => exceptionOf(d)?.value === `first error ${t}`, 1, { what: 'the first error' });
    assert.equal(exceptionOf(ev.data).type, 'TypeError');
    assert.equal(exceptionOf(ev.data).mechanism?.handled, false);
    assert.ok((exceptionOf(ev.data).stacktrace?.frames ?? []).length > 0, 'frames');
    assert.equal(ev.data.user?.id, 'lazy-user');
    assert.equal(ev.data.tags?.phase, 'before the wasm');
    const steps = (ev.data.breadcrumbs?.values ?? ev.data.breadcrumbs ?? []).filter((b) => b.category === 'step').map((b) => b.message);
    assert.deepEqual(steps, Array.from({ length: 30 }, (_, i) => `step ${170 + i}`), 'the 30 newest, in order');
    assert.equal(site.requests.slice(from).filter((r) => WASM.test(r)).length, 1, 'the wasm, once');
    assert.equal(site.requests.slice(from).filter((r) => GLUE.test(r)).length, 1, 'its bindings, once');
    assert.equal(await tab.evaluate(() => Faultline.getStats().loaded), true);
    await tab.close();
  });

  test('lazyLoad: false fetches the wasm at init', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${site.url}/tests/pages/blank.html`);
    await tab.evaluate((dsn) => Faultline.init({ dsn, lazyLoad: false }), bs.dsn);
    await tab.waitFor(() => Faultline.getStats().loaded, null, { what: 'the wasm to load at init' });
    await tab.close();
  });
});
