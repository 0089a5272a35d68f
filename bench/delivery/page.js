// The page bench/delivery.mjs drives: page.html?sdk=faultline|sentry|none&dsn=<sink DSN>.
//
// Loaded first, before any SDK, so it sees everything: a buffered `longtask` observer (the
// main-thread cost of each SDK during a scenario) and benchWasm.watch() (bench/support-page.js,
// which the harness loads right before this file), a wrapper around WebAssembly's instantiate
// calls that only remembers the instance's exported memory (faultline's wasm linear memory is
// otherwise private to its module). It then loads the SDK chosen in the
// query string (/pkg/faultline.min.js or /sentry.js, an esbuild bundle of @sentry/browser;
// `none` loads nothing: the cost of the page and the harness alone),
// inits it with `{ dsn, release: 'bench' }` (plus `debug: true` with &debug=1) and exposes `window.bench`, whose methods the
// harness calls through page.evaluate:
//
//   bench.ready        resolves once the SDK is initialised (faultline: once its wasm runs)
//   bench.storm()      10,000 uncaught errors in ~1 s from the 20 stormSiteNN call sites
//                      below (round-robin, so consecutive errors never repeat each other)
//   bench.flush(ms)    the SDK's own flush(ms)
//   bench.steady()     ~100 breadcrumbs (console.log + clicks), then 1,000 uncaught errors with
//                      distinct messages (`steady error #7 amber-amber-heron`) at ~190/s;
//                      resolves right after the last one
//   bench.metrics()    long tasks since the scenario began, JS heap, wasm memory, getStats()
//
// Every error is thrown from its own setTimeout callback, so each is an uncaught `error`
// event that the SDKs' global handlers see, as on a real page.
//
// After each scenario the harness opens this page again with the same query in the same
// browser context (the "next load") and calls only bench.ready and bench.metrics there.

'use strict';

const BENCH_QUERY = new URLSearchParams(location.search);
const BENCH_SDK = BENCH_QUERY.get('sdk');
const BENCH_DSN = BENCH_QUERY.get('dsn');
const BENCH_DEBUG = BENCH_QUERY.get('debug') === '1'; // the SDK's own debug logging (DELIVERY_DEBUG=1)

const benchLongTasks = [];
const benchObserver = (() => {
  try {
    const po = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) benchLongTasks.push({ start: e.startTime, duration: e.duration });
    });
    po.observe({ type: 'longtask', buffered: true });
    return po;
  } catch {
    return null;
  }
})();

benchWasm.watch(); // bench/support-page.js, loaded right before this file

// The storm's 20 call sites: distinct functions, each with its own constant message.
let stormThrown = 0;
let stormDone = null;
function stormHit() {
  if (++stormThrown === 10000 && stormDone) stormDone();
}
function stormSite00() { stormHit(); throw new Error("storm 00: cannot read properties of undefined (reading 'items')"); }
function stormSite01() { stormHit(); throw new Error("storm 01: cart total is NaN"); }
function stormSite02() { stormHit(); throw new Error("storm 02: price list not loaded"); }
function stormSite03() { stormHit(); throw new Error("storm 03: session expired while rendering"); }
function stormSite04() { stormHit(); throw new Error("storm 04: unexpected token in JSON payload"); }
function stormSite05() { stormHit(); throw new Error("storm 05: widget state out of sync"); }
function stormSite06() { stormHit(); throw new Error("storm 06: network layer returned no body"); }
function stormSite07() { stormHit(); throw new Error("storm 07: missing translation key checkout.title"); }
function stormSite08() { stormHit(); throw new Error("storm 08: coupon validation failed"); }
function stormSite09() { stormHit(); throw new Error("storm 09: user preferences are corrupted"); }
function stormSite10() { stormHit(); throw new Error("storm 10: image lazy-loader lost its target"); }
function stormSite11() { stormHit(); throw new Error("storm 11: analytics queue overflowed"); }
function stormSite12() { stormHit(); throw new Error("storm 12: router could not match /account"); }
function stormSite13() { stormHit(); throw new Error("storm 13: form schema mismatch on field email"); }
function stormSite14() { stormHit(); throw new Error("storm 14: websocket frame was truncated"); }
function stormSite15() { stormHit(); throw new Error("storm 15: stale cache entry for product 42"); }
function stormSite16() { stormHit(); throw new Error("storm 16: layout observer loop limit"); }
function stormSite17() { stormHit(); throw new Error("storm 17: payment iframe did not answer"); }
function stormSite18() { stormHit(); throw new Error("storm 18: feature flag payload invalid"); }
function stormSite19() { stormHit(); throw new Error("storm 19: search index is not ready"); }
const STORM_SITES = [stormSite00, stormSite01, stormSite02, stormSite03, stormSite04, stormSite05, stormSite06, stormSite07, stormSite08, stormSite09, stormSite10, stormSite11, stormSite12, stormSite13, stormSite14, stormSite15, stormSite16, stormSite17, stormSite18, stormSite19];

let steadyThrown = 0;
let steadyDone = null;
// Distinct in words too, not only in digits: an SDK may treat messages that differ only in
// their numbers as one error (faultline's fold key does), and this scenario is about a stream
// of errors that nothing may merge.
const STEADY_WORDS = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'heron', 'iris', 'juniper'];
const steadyName = (i) => [100, 10, 1].map((d) => STEADY_WORDS[Math.floor(i / d) % 10]).join('-');
function steadyThrow(i) {
  if (++steadyThrown === 1000 && steadyDone) steadyDone();
  throw new Error('steady error #' + i + ' ' + steadyName(i));
}

const sdk = () => (BENCH_SDK === 'sentry' ? window.Sentry : window.Faultline);
let scenarioStart = 0;

function metrics() {
  if (benchObserver) {
    for (const e of benchObserver.takeRecords()) benchLongTasks.push({ start: e.startTime, duration: e.duration });
  }
  const tasks = benchLongTasks.filter((t) => t.start >= scenarioStart);
  let stats = null;
  if (BENCH_SDK === 'faultline') {
    try { stats = JSON.parse(JSON.stringify(window.Faultline.getStats())); } catch (e) { stats = { error: String(e) }; }
  }
  return {
    scenarioMs: performance.now() - scenarioStart,
    longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
    longTasks: tasks.filter((t) => t.duration > 50).length,
    longTaskTotalMs: tasks.reduce((s, t) => s + t.duration, 0),
    heapUsed: benchHeapUsed(),
    wasmBytes: benchWasm.bytes(),
    stats,
  };
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error('could not load ' + src));
    document.head.appendChild(s);
  });
}

async function ready() {
  if (BENCH_SDK === 'none') return { sdk: 'none', version: null }; // the control: no SDK at all
  if (BENCH_SDK === 'sentry') {
    await loadScript('/sentry.js');
    window.Sentry.init({ dsn: BENCH_DSN, release: 'bench', ...(BENCH_DEBUG ? { debug: true } : {}) });
    return { sdk: 'sentry', version: window.Sentry.SDK_VERSION };
  }
  if (BENCH_SDK !== 'faultline') throw new Error('unknown sdk ' + BENCH_SDK);
  await loadScript('/pkg/faultline.min.js');
  // Its wasm comes lazily, with the scenario's first error (or, on the next load, for the
  // events the previous one left stored), as on a real page.
  window.Faultline.init({ dsn: BENCH_DSN, release: 'bench', ...(BENCH_DEBUG ? { debug: true } : {}) });
  return { sdk: 'faultline', version: null };
}

window.bench = {
  ready: ready(),
  metrics,

  storm() {
    stormThrown = 0;
    scenarioStart = performance.now();
    const done = new Promise((resolve) => { stormDone = resolve; });
    for (let i = 0; i < 10000; i++) setTimeout(STORM_SITES[i % 20], Math.floor(i / 10));
    return done.then(() => ({ throwMs: performance.now() - scenarioStart }));
  },

  async flush(ms) {
    const t0 = performance.now();
    let flushed;
    try { flushed = BENCH_SDK === 'none' ? true : await sdk().flush(ms); } catch (e) { flushed = 'threw: ' + e; }
    return { flushed, flushMs: performance.now() - t0 };
  },

  steady() {
    steadyThrown = 0;
    scenarioStart = performance.now();
    // ~100 breadcrumbs: what a busy page logs before things go wrong.
    const buttons = [...document.querySelectorAll('button')];
    for (let i = 0; i < 100; i++) {
      console.log('[app] render pass', i, { route: '/checkout/step-' + (i % 5), items: i % 7, cache: 'warm', note: 'rendered the cart summary' });
      if (i % 20 === 10) buttons[(i / 20) | 0].click();
    }
    const t0 = performance.now();
    const done = new Promise((resolve) => { steadyDone = resolve; });
    for (let i = 0; i < 1000; i++) setTimeout(steadyThrow, Math.round((i * 1000) / 190), i);
    // Resolved in the microtask right after the last throw's callback: measure at once, so
    // the harness can navigate away with no more delay than a CDP round trip.
    return done.then(() => ({ throwMs: performance.now() - t0, ...metrics() }));
  },
};
