// The stub's queue while the wasm is not there (js/stub.js), with a fake wasm that records
// the calls it gets: when the wasm is fetched (lazily), what is replayed and in what order,
// and what is kept or folded on the way.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createFaultline } from '../../js/stub.js';

const NO_CRUMBS = { breadcrumbs: { console: false, dom: false, fetch: false, xhr: false, history: false } };

/** A Faultline over a fake wasm: `calls` lists [method, args] as the wasm receives them. */
function harness({ spin = 0 } = {}) {
  const calls = [];
  let loads = 0;
  let release;
  const held = new Promise((r) => { release = r; });
  const exports = new Proxy({}, {
    get: (_, method) => method === 'then' ? undefined : (...args) => {
      calls.push([method, args]);
      const until = Date.now() + spin;
      while (Date.now() < until); // a slow wasm
      if (method === 'configure') return 1;
      if (method === 'flushStep') return 0;
      if (method === 'statsJson') return '{}';
      return undefined;
    },
  });
  // The page's window, as far as the stub's listeners go.
  const listeners = {};
  globalThis.addEventListener = (type, fn) => { (listeners[type] ||= []).push(fn); };
  let sdk;
  try {
    sdk = createFaultline(() => { loads++; return held.then(() => exports); });
  } finally {
    delete globalThis.addEventListener;
  }
  const fire = (type, ev) => { for (const fn of listeners[type] || []) fn(ev); };
  return { sdk, calls, fire, loads: () => loads, release, methods: () => calls.map((c) => c[0]) };
}

const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));
const init = (sdk, extra = {}) => sdk.init({ dsn: 'https://k@o.example/1', integrations: NO_CRUMBS, ...extra });

test('the wasm is not fetched until there is something to report', async () => {
  const h = harness();
  init(h.sdk);
  h.sdk.setTag('a', 'b');
  h.sdk.addBreadcrumb({ message: 'x' });
  await settle();
  assert.equal(h.loads(), 0);
  assert.equal(await h.sdk.flush(100), true, 'nothing to deliver');
  assert.equal(h.sdk.getStats().loaded, false);
  h.sdk.captureMessage('now');
  await settle();
  assert.equal(h.loads(), 1);
  h.release();
  await settle();
  assert.deepEqual(h.methods(), ['configure', 'setTag', 'addBreadcrumb', 'captureMessage']);
  assert.equal(h.sdk.getStats().loaded, true);
});

test('lazyLoad: false fetches it at init', async () => {
  const h = harness();
  init(h.sdk, { lazyLoad: false });
  await settle();
  assert.equal(h.loads(), 1);
});

test('an error queued before init is reported once init says where the wasm is', async () => {
  const h = harness();
  h.sdk.captureException(new Error('before init'));
  await settle();
  assert.equal(h.loads(), 0, 'no init yet');
  init(h.sdk);
  h.release();
  await settle();
  assert.deepEqual(h.methods(), ['configure', 'captureException']);
});

test('only the breadcrumbs the scope would keep wait for the wasm', async () => {
  const h = harness();
  init(h.sdk, { maxBreadcrumbs: 5 });
  for (let i = 0; i < 50; i++) h.sdk.addBreadcrumb({ message: `old ${i}` });
  h.sdk.clearBreadcrumbs();
  for (let i = 0; i < 12; i++) h.sdk.addBreadcrumb({ message: `top ${i}` });
  h.sdk.withScope((s) => {
    for (let i = 0; i < 3; i++) s.addBreadcrumb({ message: `inner ${i}` });
  });
  h.sdk.captureMessage('first');
  for (let i = 0; i < 7; i++) h.sdk.addBreadcrumb({ message: `after ${i}` });
  h.release();
  await settle();
  const crumbs = h.calls.filter((c) => c[0] === 'addBreadcrumb').map((c) => c[1][3]);
  assert.deepEqual(crumbs, [
    'top 7', 'top 8', 'top 9', 'top 10', 'top 11', 'inner 0', 'inner 1', 'inner 2',
    // queued after the event, which does not read them: again only the newest 5
    'after 2', 'after 3', 'after 4', 'after 5', 'after 6',
  ]);
  assert.deepEqual(h.methods().filter((m) => m !== 'addBreadcrumb'),
    ['configure', 'clearBreadcrumbs', 'pushScope', 'popScope', 'captureMessage']);
});

test('an uncaught error repeated while the wasm loads is kept once and replayed as often', async () => {
  const h = harness();
  init(h.sdk);
  const error = new Error('again');
  error.stack = 'Error: again\n    at f (https://a.example/app.js:1:2)';
  for (let i = 0; i < 1500; i++) h.fire('error', { error, message: 'Uncaught Error: again', filename: 'app.js', lineno: 1, colno: 2 });
  h.fire('error', { error: new Error('other'), message: 'Uncaught Error: other' });
  assert.equal(h.sdk.getStats().early_dropped, 0, 'repeats take no room');
  h.release();
  await settle(300);
  const errors = h.calls.filter((c) => c[0] === 'onError');
  assert.equal(errors.length, 1501);
  assert.equal(errors.filter((c) => c[1][1] === 'Uncaught Error: again').length, 1500);
  assert.equal(new Set(errors.map((c) => c[1][6])).size, 1501, 'each occurrence its own id');
  assert.equal(errors[1500][1][1], 'Uncaught Error: other');
});

test('calls made while the queue is replayed come after it, and the replay yields', async () => {
  const h = harness({ spin: 1 });
  init(h.sdk);
  for (let i = 0; i < 60; i++) h.sdk.captureMessage(`m ${i}`);
  h.release();
  await settle(0);
  await Promise.resolve();
  h.sdk.captureMessage('during');
  await settle(300);
  const messages = h.calls.filter((c) => c[0] === 'captureMessage').map((c) => c[1][0]);
  assert.equal(messages.length, 61);
  assert.equal(messages[60], 'during');
  assert.ok(h.sdk.getStats().loaded);
});

test('distinct events past the buffer are counted, not kept', async () => {
  const h = harness();
  init(h.sdk);
  for (let i = 0; i < 1005; i++) h.sdk.captureMessage(`m ${i}`);
  assert.equal(h.sdk.getStats().early_dropped, 5);
  assert.deepEqual(
    (({ captured, pending, early_buffer_full, dropped, loaded }) => ({ captured, pending, early_buffer_full, overflow: dropped.queue_overflow, loaded }))(h.sdk.getStats()),
    { captured: 1000, pending: 1000, early_buffer_full: 5, overflow: 5, loaded: false }, 'stats before the wasm');
  h.release();
  await settle(200);
  assert.equal(h.calls.filter((c) => c[0] === 'captureMessage').length, 1000);
  assert.deepEqual(h.calls.find((c) => c[0] === 'earlyDropped')?.[1], [5]);
});

test('a wasm that fails to load leaves the page alone', async () => {
  const sdk = createFaultline(() => Promise.reject(new Error('404')));
  init(sdk);
  sdk.captureMessage('x');
  await settle();
  assert.equal(await sdk.flush(50), false);
  assert.doesNotThrow(() => sdk.captureException(new Error('y')));
});

test('an SDK that is off fetches nothing; turning it on fetches the wasm for what waits', async () => {
  const h = harness();
  h.sdk.init({ enabled: false, dsn: 'https://k@o.example/1', integrations: NO_CRUMBS });
  h.sdk.captureMessage('while off');
  await settle();
  assert.equal(h.loads(), 0);
  init(h.sdk);
  h.release();
  await settle();
  assert.equal(h.loads(), 1);
  assert.deepEqual(h.methods(), ['configure', 'captureMessage', 'configure'], 'replayed in order: the first client drops it');
});

test('a wasm that traps while the queue is replayed: flush() still answers, and the page is left alone', async () => {
  const sdk = createFaultline(() => Promise.resolve({
    configure: () => 1,
    captureMessage: () => { throw new Error('trap'); },
  }));
  init(sdk);
  sdk.captureMessage('x');
  const flushed = await Promise.race([sdk.flush(2000), new Promise((r) => setTimeout(() => r('hung'), 1000))]);
  assert.equal(flushed, false);
  assert.doesNotThrow(() => sdk.captureMessage('after'));
  assert.equal(sdk.getStats().loaded, false);
});
