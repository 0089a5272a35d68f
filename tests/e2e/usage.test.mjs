// "Only the import changes": tests/types/usage.ts, the Sentry-style usage file that also
// type-checks against both SDKs, is bundled with esbuild as it is, importing faultline
// (pkg/index.js), and runs in a page against Bugsink. The only thing swapped is its
// placeholder DSN, for the local collector's (what a site's build does with an environment
// variable). The test checks what a user of the file would: each capture it makes is stored
// with the scope data, levels, fingerprints and ids it set. The same file bundled with
// @sentry/browser then runs against a second Bugsink, and every event Sentry stored must have
// its counterpart among faultline's.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser } from '../support/browser.mjs';
import { relayCheck, startBugsink } from '../support/collector.mjs';
import { PKG, REPO, eventText, forEachEngine, requirePkg } from '../support/e2e.mjs';
import { serve } from '../support/static.mjs';

const USAGE = path.join(REPO, 'tests/types/usage.ts');
const PLACEHOLDER_DSN = 'https://public@o0.ingest.example/1';

/** usage.ts bundled with `sdk` ('faultline' or '@sentry/browser'), its DSN pointing at `dsn`. */
async function bundle(sdk, dsn) {
  const esbuild = await import(path.join(REPO, 'node_modules/esbuild/lib/main.js'));
  const source = fs.readFileSync(USAGE, 'utf8');
  assert.ok(source.includes(PLACEHOLDER_DSN), `usage.ts no longer uses ${PLACEHOLDER_DSN}`);
  const out = await esbuild.build({
    stdin: {
      contents: source.replaceAll(PLACEHOLDER_DSN, dsn).replace(/from 'faultline';/g, `from '${sdk}';`),
      loader: 'ts', resolveDir: path.dirname(USAGE), sourcefile: 'usage.ts',
    },
    bundle: true, format: 'esm', write: false, logLevel: 'silent',
    alias: { faultline: path.join(PKG, 'index.js') },
    nodePaths: [path.join(REPO, 'node_modules')],
  });
  return out.outputFiles[0].text;
}

/** Runs `code` as the page's module (served beside the package's .wasm); returns the stored events. */
async function runInPage(browser, bs, code, expected) {
  const page = '<!doctype html><meta charset="utf-8"><script src="/recorder.js"></script><script type="module" src="/usage.js"></script>';
  const site = await serve(PKG, {
    routes: {
      '/': () => ({ type: 'text/html; charset=utf-8', body: page }),
      '/recorder.js': () => ({ type: 'text/javascript', body: fs.readFileSync(path.join(REPO, 'tests/pages/recorder.js')) }),
      '/usage.js': () => ({ type: 'text/javascript', body: code }),
    },
  });
  const tab = await browser.newPage();
  try {
    await tab.goto(`${site.url}/`);
    // The file ends with close(): everything is sent. Wait until the count stops moving.
    let events = [];
    for (let stable = 0, t0 = Date.now(); Date.now() - t0 < 15_000 && (stable < 10 || events.length < expected);) {
      await new Promise((r) => setTimeout(r, 100));
      const now = await bs.events();
      stable = now.length === events.length ? stable + 1 : 0;
      events = now;
    }
    assert.deepEqual(await tab.pageErrors(), [], await tab.describe());
    return events.map((e) => e.data);
  } finally {
    await tab.close();
    await site.close();
  }
}

/** An event as a user names it: its message, or its error's `type: value`. */
const what = (d) => {
  const message = d.logentry?.formatted ?? d.message?.formatted ?? d.message;
  if (message) return message;
  const exc = d.exception?.values?.at(-1);
  return `${exc?.type}: ${exc?.value}`;
};

forEachEngine((engine) => {
  let browser, faultline;

  before(async () => {
    requirePkg(['index.js', 'faultline_bg.wasm']);
    browser = await launchBrowser(engine);
  });

  after(async () => {
    await browser?.close();
  });

  test('usage.ts runs with faultline: every capture stored as the file set it up', async () => {
    const bs = await startBugsink();
    try {
      const events = await runInPage(browser, bs, await bundle('faultline', bs.dsn), 15);
      faultline = events;
      const dump = events.map((d) => `  ${what(d)} ${JSON.stringify({ level: d.level, tags: d.tags, user: d.user, fingerprint: d.fingerprint })}`).join('\n');
      const named = (text) => events.filter((d) => what(d) === text);
      const one = (text) => {
        const hits = named(text);
        assert.equal(hits.length, 1, `one "${text}" event expected:\n${dump}`);
        return hits[0];
      };
      // The six captureException(error, …) calls: the one with only a hint repeats the plain
      // one while its event waits to be sent, so it is counted into it (Dedupe); the others
      // differ in level, tags or fingerprint and are events of their own.
      const payments = named('Error: Payment failed');
      assert.equal(payments.length, 5, dump);
      const plain = payments.filter((d) => d.contexts.repeats);
      assert.equal(plain.length, 1, dump);
      assert.equal(plain[0].contexts.repeats.count, 2, 'the repeat is counted');
      assert.ok(payments.some((d) => d.level === 'warning'), 'a capture-context function (setLevel)');
      const full = payments.find((d) => d.level === 'fatal');
      assert.ok(full, `the captureContext object applies: ${dump}`);
      assert.deepEqual([full.tags.step, full.tags.attempt, full.tags.retried], ['pay', '2', 'false']);
      assert.equal(full.user.id, 'u1');
      assert.deepEqual(full.fingerprint, ['payment', 'declined']);
      assert.deepEqual(full.extra.cart, { items: 3 });
      assert.equal(full.contexts.payment.provider, 'acme');
      assert.ok(payments.some((d) => d.tags.via === 'hint'), 'captureContext inside an EventHint');
      assert.ok(payments.some((d) => d.tags.fn === 'yes'), 'a scope function as capture context');
      assert.ok(payments.every((d) => d.exception.values.at(-1).stacktrace?.frames?.length > 0), 'frames');

      one('Error: a thrown string');
      one('Error: Object captured as exception with keys: code');
      assert.equal(one('Checkout started').level, 'info');
      assert.equal(one('Slow response').level, 'warning');
      const odd = one('Odd state');
      assert.deepEqual([odd.level, odd.tags.screen, odd.extra.state], ['error', 'cart', { a: 1 }]);
      assert.equal(one('With a function').extra.k, 'v');
      const manual = one('Manual event');
      assert.deepEqual([manual.level, manual.tags.manual, manual.extra.n], ['info', 'true', 1]);
      const quota = one('QuotaError: Storage full');
      assert.deepEqual(quota.fingerprint, ['quota']);
      assert.equal(quota.event_id.replace(/-/g, ''), '0123456789abcdef0123456789abcdef', 'the hint\'s event_id names the event');
      const scoped = one('Error: scoped');
      assert.equal(scoped.level, 'warning');
      assert.deepEqual([scoped.tags.in, scoped.tags.a, scoped.tags.locale, scoped.tags.region], ['scope', '1', 'fr-FR', 'eu']);
      assert.equal(scoped.tags.maybe, undefined, 'setTag(key, undefined) sets nothing');
      assert.equal(scoped.user.id, 'scoped');
      assert.deepEqual(scoped.fingerprint, ['{{ default }}', 'scoped']);
      assert.deepEqual([scoped.extra.x, scoped.extra.y, scoped.extra.flags], [[1], 2, { darkMode: true, list: [1, 2] }]);
      assert.ok(!(scoped.breadcrumbs?.values ?? []).some((b) => b.message === 'inside'), 'scope.clearBreadcrumbs');
      assert.equal(scoped.contexts.screen.name, 'cart');
      one('x'); // captureMessage('x', 'critical'): not a level (the file's @ts-expect-error line); sent all the same
      // Scope from init: initialScope object (first init), initialScope function (second).
      for (const d of events) {
        assert.equal(d.tags.area, 'checkout', `initialScope tags on ${what(d)}`);
        assert.equal(d.tags.boot, 'late', `initialScope function on ${what(d)}`);
      }
      assert.equal(events.length, 15, dump);
      const { ok, report } = await relayCheck(events);
      assert.ok(ok, report);
    } finally {
      await bs.stop();
    }
  });

  test('usage.ts with @sentry/browser stores no event that faultline does not', async () => {
    assert.ok(faultline, 'the faultline run did not complete');
    const bs = await startBugsink();
    try {
      const events = await runInPage(browser, bs, await bundle('@sentry/browser', bs.dsn), 1);
      assert.ok(events.length > 0, 'Sentry stored nothing: the harness is broken');
      // Sentry words a captured string as a message with an exception beside it (the
      // exception alone here): either name finds the counterpart.
      const names = (d) => [what(d), d.exception?.values?.at(-1)?.value];
      const ours = new Set(faultline.flatMap(names));
      const missing = events.map(what).filter((w) => !ours.has(w));
      assert.deepEqual(missing, [], `stored by Sentry, not by faultline:\n${events.map((d) => eventText(d).split('\n')[0]).join('\n')}`);
    } finally {
      await bs.stop();
    }
  });
});
