// Shared pieces of the e2e test files (tests/e2e/*.test.mjs).
//
// Each file: one Bugsink, one static server rooted at the repo (pages at /tests/pages/, the
// SDK at /pkg/), one headless Chromium. `/config.js` sets `window.FAULTLINE_CONFIG`, the
// options every page passes to `Faultline.init`.
//
// FAULTLINE_PKG=<dir> points the tests at another build of pkg/ (default: <repo>/pkg).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { REPO } from './collector.mjs';

export { REPO };
export const PKG = path.resolve(process.env.FAULTLINE_PKG ?? path.join(REPO, 'pkg'));
export const PAGES = path.join(REPO, 'tests/pages');

/** Throw (failing the file, not skipping it) unless the SDK's build output is present. */
export function requirePkg(files = ['faultline.min.js', 'faultline_bg.wasm']) {
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
 * Where the engine will point for the token right after the marker comment `/*@name*\/` in a
 * test page's script: `{ lineno, colno }`, both 1-based as in V8 stacks and Sentry frames.
 * The markers sit in the page sources so expected positions follow any edit of those files.
 */
export function markerPosition(file, name) {
  const text = fs.readFileSync(path.join(PAGES, file), 'utf8');
  const marker = `/*@${name}*/`;
  const lines = text.split('\n');
  const hits = [];
  lines.forEach((line, i) => {
    const at = line.indexOf(marker);
    if (at >= 0) hits.push({ lineno: i + 1, colno: at + marker.length + 1 });
  });
  assert.equal(hits.length, 1, `expected exactly one ${marker} in tests/pages/${file}`);
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

/**
 * Assert the page's uncaught exceptions are exactly the ones the test threw on purpose
 * (`expected`: messages, in any order) and none came from the SDK's own files.
 */
export function assertOnlyIntentionalPageErrors(tab, expected) {
  // Thrown by the SDK: the innermost frame (where it was thrown) is in the SDK's code. A stack
  // that merely passes through an SDK wrapper (e.g. of setTimeout) is the page's own error.
  const innermost = (stack) => (stack ?? '').split('\n').find((l) => /^\s+at /.test(l)) ?? '';
  const fromSdk = tab.pageErrors.filter((e) => /\/pkg\/|faultline|wasm-function|\.wasm/i.test(innermost(e.stack)));
  assert.deepEqual(fromSdk, [], `the SDK threw in the page:\n${tab.describe()}`);
  const got = tab.pageErrors.map((e) => e.message).sort();
  assert.deepEqual(got, [...expected].sort(), `unexpected page errors:\n${tab.describe()}`);
}
