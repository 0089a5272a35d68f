// Shared pieces of the e2e test files (tests/e2e/*.test.mjs).
//
// Each file runs once per engine (`forEachEngine`): for each, one Bugsink, one static server
// rooted at the repo (pages at /tests/pages/, the SDK at /pkg/), one browser. `/config.js` sets
// `window.FAULTLINE_CONFIG`, the options every page passes to `Faultline.init`.
//
// FAULTLINE_BROWSERS=chromium,firefox,webkit (default: all three) picks the engines.
// FAULTLINE_PKG=<dir> points the tests at another build of pkg/ (default: <repo>/pkg).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe } from 'node:test';

import { ALL_ENGINES, launchBrowser, selectedEngines } from './browser.mjs';
import { REPO, startBugsink } from './collector.mjs';
import { faultyProxy } from './faulty_proxy.mjs';
import { serve } from './static.mjs';

export { REPO };
/** The engines this run covers (FAULTLINE_BROWSERS). */
export const ENGINES = selectedEngines();

/**
 * Define the file's tests once per engine: `forEachEngine((engine) => { before(...); test(...); })`.
 * Each engine's block is a `describe` of its own (own before/after, own Bugsink), run in turn.
 */
export function forEachEngine(suite, engines = ENGINES) {
  for (const engine of engines) describe(engine, () => suite(engine));
}

export const PKG = path.resolve(process.env.FAULTLINE_PKG ?? path.join(REPO, 'pkg'));
export const PAGES = path.join(REPO, 'tests/pages');

/**
 * What most e2e files start per engine: a Bugsink, a faulty proxy in front of it, the repo
 * served (the SDK at /pkg/, plus `routes(bs)`), and a browser. If one fails to start, the
 * others are stopped before the error is rethrown.
 *   before(async () => ({ bs, proxy, site, browser } = await startSuite(engine)));
 *   after(() => stopSuite({ bs, proxy, site, browser }));
 */
export async function startSuite(engine, { routes = () => ({}) } = {}) {
  requirePkg();
  const parts = {};
  try {
    parts.bs = await startBugsink();
    parts.proxy = await faultyProxy(parts.bs.url);
    parts.site = await serve(REPO, { mounts: { '/pkg/': PKG }, routes: routes(parts.bs) });
    parts.browser = await launchBrowser(engine);
    return parts;
  } catch (e) {
    await stopSuite(parts);
    throw e;
  }
}

export async function stopSuite({ bs, proxy, site, browser }) {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await bs?.stop();
}

/** Throw (failing the file, not skipping it) unless the SDK's build output is present. */
export function requirePkg(files = ['faultline.min.js', 'faultline_glue.js', 'faultline_bg.wasm']) {
  const missing = files.filter((f) => !fs.existsSync(path.join(PKG, f)));
  if (missing.length) {
    throw new Error(`${missing.map((f) => path.join(PKG, f)).join(', ')} missing: run make build`);
  }
}

/** SDK options for one test file: a release nobody else uses, so nothing can match by accident. */
export function sdkConfig(dsn) {
  return {
    dsn,
    release: `faultline-e2e@${crypto.randomBytes(4).toString('hex')}`,
    environment: 'e2e',
    debug: true,
  };
}

/** A static-server route serving `window.FAULTLINE_CONFIG = {...}`. */
export function configRoute(config) {
  return () => ({
    type: 'text/javascript; charset=utf-8',
    body: `window.FAULTLINE_CONFIG = ${JSON.stringify(config)};\n`,
  });
}

/**
 * Where `engine` points for the frame named `name` in tests/pages/`file`: `{ lineno, colno }`,
 * both 1-based as in stack strings and Sentry frames. Marker comments in the page sources
 * declare it, so expected positions follow any edit of those files:
 *   `/*@name*\/`           every engine points at the first character after the comment;
 *   `/*@name[e1,e2]*\/`    only engines e1, e2 do (the others have markers of their own);
 *   `/*^name[e1]*\/`       e1 points at the comment's own first character, i.e. just after the
 *                          token before it (JavaScriptCore's column for calls: the callee's end).
 * Exactly one marker per name must apply to each engine.
 */
export function markerPosition(file, name, engine) {
  assert.ok(ALL_ENGINES.includes(engine), `markerPosition(${file}, ${name}): unknown engine ${engine}`);
  const text = fs.readFileSync(path.join(PAGES, file), 'utf8');
  const hits = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\/\*([@^])([\w$.-]+)(?:\[([a-z,]+)\])?\*\//g)) {
      if (m[2] !== name) continue;
      const engines = m[3] ? m[3].split(',') : ALL_ENGINES;
      if (!engines.includes(engine)) continue;
      hits.push({ lineno: i + 1, colno: m[1] === '@' ? m.index + m[0].length + 1 : m.index + 1 });
    }
  });
  assert.equal(hits.length, 1, `expected exactly one marker '${name}' for ${engine} in tests/pages/${file}, found ${hits.length}`);
  return hits[0];
}

/** The first (for browsers: only) exception of an event, or undefined. */
export const exceptionOf = (data) => data?.exception?.values?.at(-1);

/** Frames of an exception as `{ filename, function, lineno, colno }`, outermost first. */
export const framesOf = (exc) =>
  (exc?.stacktrace?.frames ?? []).map(({ filename, function: fn, lineno, colno }) => ({
    filename, function: fn, lineno, colno,
  }));

/** Everything human-readable an event says about what happened (message and exception). */
export function eventText(data) {
  const parts = [];
  const m = data?.message;
  if (typeof m === 'string') parts.push(m);
  else if (m && typeof m === 'object') parts.push(m.formatted ?? '', m.message ?? '');
  if (data?.logentry) parts.push(data.logentry.formatted ?? '', data.logentry.message ?? '');
  for (const e of data?.exception?.values ?? []) parts.push([e.type, e.value].filter((x) => x != null && x !== '').join(': '));
  return parts.filter(Boolean).join('\n');
}

/** The message text of a message event (`message` as a string, or `logentry`). */
export function messageOf(data) {
  if (typeof data?.message === 'string') return data.message;
  const le = data?.logentry ?? data?.message;
  return le?.formatted ?? le?.message;
}

/** Sentry event ids are 32 hex digits; Bugsink's API shows them as dashed UUIDs. */
export const sameEventId = (a, b) =>
  typeof a === 'string' && typeof b === 'string' &&
  a.replace(/-/g, '').toLowerCase() === b.replace(/-/g, '').toLowerCase();

/** Poll Bugsink until at least `n` events satisfy `pred(data, event)`; resolves with those. */
export async function waitForMatching(bs, pred, n = 1, { timeoutMs = 10_000, what = 'matching event' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await bs.events();
    const hits = all.filter((e) => pred(e.data, e));
    if (hits.length >= n) return hits;
    if (Date.now() > deadline) {
      const seen = all.map((e) => `  - ${eventText(e.data).split('\n')[0].slice(0, 200)}`).join('\n');
      throw new Error(`waited ${timeoutMs} ms for ${n} ${what}(s), found ${hits.length}; ` +
        `Bugsink has ${all.length} event(s)${all.length ? `:\n${seen}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The innermost frame line of a stack string, in V8's, SpiderMonkey's or JavaScriptCore's format. */
export function innermostFrameLine(stack) {
  const lines = (stack ?? '').split('\n');
  if (lines.some((l) => /^\s+at /.test(l))) return lines.find((l) => /^\s+at /.test(l)); // V8: after the header
  return lines.find((l) => l.trim() !== '') ?? ''; // SpiderMonkey, JSC: no header, innermost first
}

/** A page error the browser muted (a script from another origin): no error object, `Script error.`. */
export const isMuted = (e) => e.kind === 'error' && e.event?.hasError === false && e.event?.message === 'Script error.';

/** How a recorded page error is named in expectations: its message, or `Script error.` when muted. */
export const pageErrorLabel = (e) => (isMuted(e) ? 'Script error.' : e.message);

/**
 * Assert the page's uncaught exceptions and rejections (tests/pages/recorder.js) are exactly
 * the ones the test caused on purpose (`expected`: labels, in any order) and none came from
 * the SDK's own files. In Chromium, also check the recorder saw what DevTools saw.
 */
export async function assertOnlyIntentionalPageErrors(tab, expected, { shorten = (m) => m } = {}) {
  const seen = await tab.pageErrors();
  const describe = async () => (await tab.describe()).replace(/x{100,}/g, 'x…');
  // Thrown by the SDK: the innermost frame (where it was thrown) is in the SDK's code. A stack
  // that merely passes through an SDK wrapper (e.g. of setTimeout) is the page's own error.
  const fromSdk = seen.filter((e) => /\/pkg\/|faultline|wasm-function|\.wasm/i.test(innermostFrameLine(e.stack)));
  assert.deepEqual(fromSdk, [], `the SDK threw in the page:\n${await describe()}`);
  const got = seen.map((e) => shorten(pageErrorLabel(e))).sort();
  assert.deepEqual(got, [...expected].sort(), `unexpected page errors:\n${await describe()}`);
  if (tab.devtoolsPageErrors) {
    // DevTools reports the unmuted error where the page only gets `Script error.`.
    const devtools = tab.devtoolsPageErrors.map((e) => shorten(e.message)).sort();
    const muted = seen.filter(isMuted).length;
    assert.equal(devtools.length, seen.length, `DevTools saw ${devtools.length} page errors, the recorder ${seen.length}:\n${
      devtools.join('\n')}\n---\n${await describe()}`);
    if (!muted) assert.deepEqual(devtools, got, 'the recorder and DevTools disagree');
  }
}
