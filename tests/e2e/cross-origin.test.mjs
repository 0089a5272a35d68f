// Scripts from a second loopback origin throw while they run (tests/pages/cross-origin.html,
// cross-origin.js: an engine-raised TypeError two calls deep; cross-origin-own.js: a RangeError
// the script makes and throws itself).
// - Without `crossorigin` the browser hides the error from the page: the `error` event says only
//   `Script error.`. The SDK reports it as such, with whatever the event still tells, and all
//   such events group as one issue.
// - With `crossorigin="anonymous"` and Access-Control-Allow-Origin, the page sees everything:
//   full stack, exact frames with the second origin's URLs.
// What the engines hide differs: Chromium and WebKit mute both scripts' errors (and give no
// filename); Firefox mutes only the engine-raised TypeError (keeping the script's URL, with
// line 0) and shows the RangeError the script constructed itself in full.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import {
  PAGES, PKG, REPO, assertOnlyIntentionalPageErrors, configRoute, eventText, exceptionOf, forEachEngine, framesOf,
  isMuted, markerPosition, requirePkg, sdkConfig,
} from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

// The function of a frame in a script's top-level code, as each engine prints it.
const TOP_LEVEL = { chromium: undefined, firefox: undefined, webkit: 'global code' };
// Which of the two scripts' errors each engine mutes without CORS.
const MUTES_OWN_ERROR = { chromium: true, firefox: false, webkit: true };
const RANGE_MESSAGE = 'made and thrown by a script from another origin';

forEachEngine((engine) => {
  let bs, site, other, browser, tab;

  before(async () => {
    requirePkg();
    bs = await startBugsink();
    site = await serve(REPO, {
      mounts: { '/pkg/': PKG },
      routes: {
        // The built-in noise filter (issue 5) drops frameless `Script error.` by default, and
        // Dedupe folds the second of two in a row; this file checks what the SDK reports about
        // each, so both are off here.
        '/config.js': configRoute({ ...sdkConfig(bs.dsn), integrations: { noiseFilter: false, dedupe: false } }),
        '/tests/pages/cross-origin.html': (req, url) => {
          const mode = url.searchParams.get('mode');
          assert.ok(mode === 'cors' || mode === 'nocors', `cross-origin.html?mode=${mode}`);
          const html = fs.readFileSync(path.join(PAGES, 'cross-origin.html'), 'utf8')
            .replaceAll('__OTHER_ORIGIN__', other.url)
            .replaceAll('__MODE__', mode)
            .replaceAll('__CROSSORIGIN__', mode === 'cors' ? ' crossorigin="anonymous"' : '');
          return { type: 'text/html; charset=utf-8', body: html };
        },
      },
    });
    // The second origin: same host, another port. /cors/ answers with the CORS header for the
    // first origin, /nocors/ without (a no-cors request could not use it anyway).
    const script = (file, cors) => () => ({
      type: 'text/javascript; charset=utf-8',
      headers: cors ? { 'Access-Control-Allow-Origin': site.url } : {},
      body: fs.readFileSync(path.join(PAGES, file), 'utf8'),
    });
    other = await serve(path.join(REPO, 'tests/pages/no-such-dir'), {
      routes: {
        '/cors/cross-origin.js': script('cross-origin.js', true),
        '/cors/cross-origin-own.js': script('cross-origin-own.js', true),
        '/nocors/cross-origin.js': script('cross-origin.js', false),
        '/nocors/cross-origin-own.js': script('cross-origin-own.js', false),
      },
    });
    assert.notEqual(new URL(other.url).origin, new URL(site.url).origin);
    browser = await launchBrowser(engine);
    tab = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await other?.close();
    await site?.close();
    await bs?.stop();
  });

  const scriptUrl = (mode, file) => `${other.url}/${mode}/${file}`;
  const frameAt = (mode, file, name, fn) =>
    ({ filename: scriptUrl(mode, file), function: fn, ...markerPosition(file, name, engine) });
  const typeErrorFrames = (mode) => [
    frameAt(mode, 'cross-origin.js', 'crossTop', TOP_LEVEL[engine]),
    frameAt(mode, 'cross-origin.js', 'crossOuter', 'crossOuter'),
    frameAt(mode, 'cross-origin.js', 'crossInner', 'crossInner'),
  ];
  const rangeErrorFrames = (mode) => [
    frameAt(mode, 'cross-origin-own.js', 'crossOwnTop', TOP_LEVEL[engine]),
    frameAt(mode, 'cross-origin-own.js', 'crossThrowOwn', 'crossThrowOwn'),
  ];

  async function load(mode) {
    const pageUrl = `${site.url}/tests/pages/cross-origin.html?mode=${mode}`;
    await tab.goto(pageUrl);
    assert.equal(await tab.evaluate(() => Faultline.flush(5000)), true, `flush:\n${await tab.describe()}`);
    return pageUrl;
  }

  test('without crossorigin: reported as `Script error.`, with what the error event still tells', async () => {
    const before = (await bs.events()).length;
    const pageUrl = await load('nocors');
    const seen = await tab.pageErrors();
    // What the engine let the page see.
    const muted = seen.filter(isMuted);
    assert.equal(muted.length, MUTES_OWN_ERROR[engine] ? 2 : 1, `muted errors:\n${await tab.describe()}`);
    for (const e of muted) {
      // Chromium and WebKit hide where it happened; Firefox keeps the script's URL (no line).
      assert.deepEqual(e.event, {
        message: 'Script error.',
        filename: engine === 'firefox' ? scriptUrl('nocors', 'cross-origin.js') : '',
        lineno: 0,
        colno: 0,
        hasError: false,
      });
    }

    const expected = 2; // one event per script, muted or not
    const evs = (await bs.waitForEvents(before + expected)).slice(before);
    assert.equal(evs.length, expected, evs.map((e) => eventText(e.data)).join('\n'));
    const scriptErrors = evs.filter((e) => exceptionOf(e.data)?.value === 'Script error.');
    assert.equal(scriptErrors.length, muted.length, `one 'Script error.' event per muted error:\n${
      evs.map((e) => eventText(e.data)).join('\n')}`);
    for (const { data } of scriptErrors) {
      const exc = exceptionOf(data);
      assert.equal(exc.type, 'Error', 'no error type is known');
      assert.deepEqual(exc.mechanism, { type: 'onerror', handled: false });
      assert.deepEqual(framesOf(exc), engine === 'firefox'
        ? [{ filename: scriptUrl('nocors', 'cross-origin.js'), function: undefined, lineno: undefined, colno: undefined }]
        : [], 'the only location is the error event\'s filename, where the engine gives one (line 0 is no line)');
      assert.equal(data.level, 'error');
      assert.equal(data.request?.url, pageUrl);
    }
    if (!MUTES_OWN_ERROR[engine]) {
      const [own] = evs.filter((e) => exceptionOf(e.data)?.type === 'RangeError');
      assert.ok(own, `no RangeError event:\n${evs.map((e) => eventText(e.data)).join('\n')}`);
      assert.equal(exceptionOf(own.data).value, RANGE_MESSAGE);
      assert.deepEqual(framesOf(exceptionOf(own.data)), rangeErrorFrames('nocors'));
    }
    await assertOnlyIntentionalPageErrors(tab,
      MUTES_OWN_ERROR[engine] ? ['Script error.', 'Script error.'] : ['Script error.', RANGE_MESSAGE]);
  });

  test('`Script error.` events group as one issue, across page loads', async () => {
    await load('nocors'); // a second load: the same errors again
    const muted = (await bs.events()).filter((e) => exceptionOf(e.data)?.value === 'Script error.');
    assert.equal(muted.length, MUTES_OWN_ERROR[engine] ? 4 : 2);
    const issues = (await bs.issues()).filter((i) => i.calculated_value === 'Script error.');
    assert.equal(issues.length, 1, `one issue expected, got ${issues.map((i) => `${i.calculated_type}: ${i.calculated_value}`).join(' | ')}`);
    assert.equal(issues[0].calculated_type, 'Error');
    assert.equal((await bs.eventsOfIssue(issues[0].id)).length, muted.length);
  });

  test('with crossorigin="anonymous" and CORS headers: full stack, exact frames from the other origin', async () => {
    const before = (await bs.events()).length;
    await load('cors');
    const evs = (await bs.waitForEvents(before + 2)).slice(before);
    assert.equal(evs.length, 2, evs.map((e) => eventText(e.data)).join('\n'));

    // The page saw the error in full: its message is the engine's own wording.
    const seen = await tab.pageErrors();
    assert.deepEqual(seen.filter(isMuted), [], 'nothing is muted with CORS');
    const typeErrorMessage = seen.find((e) => e.name === 'TypeError')?.message;
    assert.ok(typeErrorMessage, `the page saw no TypeError:\n${await tab.describe()}`);

    const [typeError] = evs.filter((e) => exceptionOf(e.data)?.type === 'TypeError');
    assert.ok(typeError, `no TypeError event:\n${evs.map((e) => eventText(e.data)).join('\n')}`);
    const exc = exceptionOf(typeError.data);
    assert.equal(exc.value, typeErrorMessage);
    assert.deepEqual(exc.mechanism, { type: 'onerror', handled: false });
    assert.deepEqual(framesOf(exc), typeErrorFrames('cors'));

    const [rangeError] = evs.filter((e) => exceptionOf(e.data)?.type === 'RangeError');
    assert.ok(rangeError, `no RangeError event:\n${evs.map((e) => eventText(e.data)).join('\n')}`);
    assert.equal(exceptionOf(rangeError.data).value, RANGE_MESSAGE);
    assert.deepEqual(framesOf(exceptionOf(rangeError.data)), rangeErrorFrames('cors'));

    await assertOnlyIntentionalPageErrors(tab, [typeErrorMessage, RANGE_MESSAGE]);
  });

  test('every event passes Relay\'s normaliser without errors', async () => {
    const events = await bs.events();
    assert.ok(events.length > 0, 'no events to check');
    const { ok, report } = await relayCheck(events);
    assert.ok(ok, report);
  });
});
