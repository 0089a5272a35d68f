// The page bench/perf.mjs drives: /perf/page.html?sdk=faultline|sentry|sentry-minimal|none
// &kind=capture|onerror|rejection|burst&dsn=<sink DSN>. The harness writes the HTML around it:
//
//   <script src="/support-page.js"></script>       bench/support-page.js: helpers shared with delivery
//   <script src="/perf/page.js"></script>          this file, before the SDK
//   <script>bench.beforeSdk()</script>             t0
//   <script src="<the SDK>"></script>              (no tag for sdk=none)
//   <script>bench.afterSdk()</script>              t1, SDK init({ dsn }), t2, then (capture page) an
//                                                  error, and poll until it is handled
//
// Everything that has to run in the page lives here, and the harness only calls the page
// functions below: Firefox runs WebDriver scripts in a sandbox, where a thrown or dispatched
// error would not reach the page's listeners the way it does here. Results go back as JSON
// strings (plain data through every engine's WebDriver bridge).
//
//   bench.whenReady()          startup marks, once the SDK has handled an error captured right
//                              after init (faultline: once getStats().loaded, polled with
//                              back-to-back MessageChannel tasks, which unlike 0 ms timers are
//                              never clamped to 4 ms)
//   bench.capture(n)           n × captureException(error thrown 10 calls deep, made in the loop),
//                              and the same loop making the errors only (before and after)
//   bench.errorEvents(n)       n × window.dispatchEvent(new ErrorEvent('error', …)), errors made first
//   bench.rejections(n)        n × window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', …))
//   bench.burst(n, flushMs)    n × captureException, then the SDK's flush(flushMs); heap, wasm memory
//   bench.heap()               performance.memory.usedJSHeapSize (Chromium) or null
//   bench.wasmBytes()          faultline's wasm linear memory now (burst page only) or null
//
// Every error has its own message, distinct in words and not only in digits, so no SDK may
// merge or skip it as a repeat (Sentry's dedupe, faultline's folding): each loop measures the
// full path of a new error.

'use strict';

(function () {
  const Q = new URLSearchParams(location.search);
  const SDK = Q.get('sdk');
  const KIND = Q.get('kind');
  const DSN = Q.get('dsn');
  const now = () => performance.now();

  // faultline's wasm linear memory (benchWasm of bench/support-page.js). Only on the burst
  // page, so the startup of the other pages runs untouched.
  if (KIND === 'burst') benchWasm.watch();

  // A macrotask with no clamping: the next message on a channel.
  const nextTask = (() => {
    if (typeof MessageChannel !== 'function') return () => new Promise((r) => setTimeout(r, 0));
    const ch = new MessageChannel();
    const waiting = [];
    ch.port1.onmessage = () => { const r = waiting.shift(); if (r) r(); };
    return () => new Promise((r) => { waiting.push(r); ch.port2.postMessage(0); });
  })();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // The smallest step performance.now() moves by here (engines coarsen it differently).
  function timerResolution() {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const a = now();
      let b = a;
      const limit = a + 50;
      while (b === a) b = now();
      if (b - a < best) best = b - a;
      if (b > limit) break;
    }
    return best;
  }

  // Errors thrown 10 calls deep, each with its own message.
  const WORDS = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'heron', 'iris', 'juniper'];
  const words = (i) => WORDS[Math.floor(i / 100) % 10] + '-' + WORDS[Math.floor(i / 10) % 10] + '-' + WORDS[i % 10] + (i >= 1000 ? '-' + WORDS[Math.floor(i / 1000) % 10] : '');
  function depth10(m) { throw new Error(m); }
  function depth9(m) { depth10(m); }
  function depth8(m) { depth9(m); }
  function depth7(m) { depth8(m); }
  function depth6(m) { depth7(m); }
  function depth5(m) { depth6(m); }
  function depth4(m) { depth5(m); }
  function depth3(m) { depth4(m); }
  function depth2(m) { depth3(m); }
  function depth1(m) { depth2(m); }
  function makeError(what, i) {
    try {
      depth1(what + ' failed for ' + words(i) + ' (#' + i + ')');
    } catch (e) {
      return e;
    }
    return null;
  }

  const api = () => (SDK === 'faultline' ? window.Faultline
    : SDK === 'sentry' ? window.Sentry
      : SDK === 'sentry-minimal' ? window.SentryMinimal : null);

  const marks = { t0: null, t1: null, t2: null, ready: null };
  let initError = null;
  let readyPromise = null;

  let kept = null; // what the loops make goes here, so no engine can skip making it

  // faultline counts what it captured: a check that the dispatched events reached it.
  const captured = () => {
    if (SDK !== 'faultline') return null;
    try { return api().getStats().captured; } catch (_) { return null; }
  };
  const delta = (before) => (before == null || captured() == null ? null : captured() - before);

  window.bench = {
    beforeSdk() {
      marks.t0 = now();
    },

    afterSdk() {
      marks.t1 = now();
      if (SDK !== 'none') {
        try {
          const sdk = api();
          if (!sdk) throw new Error('the SDK script defined no global');
          // faultline fetches its wasm at the first error (lazyLoad): as a page would on the
          // capture page, whose start-up is the one reported; the other pages measure the cost
          // per error once it runs, so there it is fetched at init.
          sdk.init(SDK === 'faultline' && KIND !== 'capture' ? { dsn: DSN, lazyLoad: false } : { dsn: DSN });
        } catch (e) {
          initError = String((e && e.stack) || e);
        }
      }
      marks.t2 = now();
      readyPromise = (async () => {
        if (initError) throw new Error('init failed: ' + initError);
        // "first error handled": every SDK gets an error right after init (faultline's then
        // waits for its wasm to be fetched, compiled and to have run the queued capture).
        if (KIND === 'capture' && SDK !== 'none') api().captureException(new Error('bench: an error right after init'));
        if (SDK === 'faultline') {
          const sdk = api();
          while (!sdk.getStats().loaded) {
            if (now() - marks.t1 > 15000) throw new Error('faultline: getStats().loaded still false after 15 s');
            await nextTask();
          }
        }
        marks.ready = now();
      })();
      readyPromise.catch(() => {});
    },

    async whenReady() {
      if (!readyPromise) throw new Error('bench.afterSdk() never ran (the SDK script did not load?)');
      await readyPromise;
      return JSON.stringify({
        scriptMs: marks.t1 - marks.t0,
        initDoneMs: marks.t2 - marks.t0,
        readyMs: marks.ready - marks.t0,
        initMs: marks.t2 - marks.t1,
        timerResolutionMs: timerResolution(),
        version: SDK === 'faultline' || SDK === 'none' ? null : (api() && api().SDK_VERSION) || null,
        userAgent: navigator.userAgent,
      });
    },

    async capture(n) {
      await sleep(100); // let the SDK's start-up work (storage, first timers) pass
      const sdk = api();
      const makeOnly = () => {
        const t = now();
        for (let i = 0; i < n; i++) kept = makeError('capture', i);
        return now() - t;
      };
      const make1 = makeOnly();
      const t = now();
      for (let i = 0; i < n; i++) sdk.captureException(makeError('capture', i));
      const loopMs = now() - t;
      await sleep(0); // what the captures queued for microtasks and 0 ms timers runs first
      const loopPlusMs = now() - t;
      const make2 = makeOnly();
      return JSON.stringify({ n, makeMs: (make1 + make2) / 2, makeMsRuns: [make1, make2], loopMs, loopPlusMs });
    },

    async errorEvents(n) {
      await sleep(100);
      const errors = [];
      for (let i = 0; i < n; i++) errors.push(makeError('onerror', i));
      const filename = location.href;
      const before = captured();
      const t = now();
      for (let i = 0; i < n; i++) {
        const error = errors[i];
        window.dispatchEvent(new ErrorEvent('error', { error, message: 'Uncaught ' + error.message, filename, lineno: 70, colno: 9 }));
      }
      const loopMs = now() - t;
      return JSON.stringify({ n, loopMs, captured: delta(before) });
    },

    async rejections(n) {
      if (typeof PromiseRejectionEvent !== 'function') return JSON.stringify({ na: 'no PromiseRejectionEvent constructor' });
      await sleep(100);
      const reasons = [];
      const promises = [];
      for (let i = 0; i < n; i++) {
        const reason = makeError('rejection', i);
        const p = Promise.reject(reason);
        p.catch(() => {}); // handled at once: no real unhandledrejection besides the dispatched ones
        reasons.push(reason);
        promises.push(p);
      }
      const before = captured();
      const t = now();
      for (let i = 0; i < n; i++) {
        window.dispatchEvent(new PromiseRejectionEvent('unhandledrejection', { promise: promises[i], reason: reasons[i], cancelable: true }));
      }
      const loopMs = now() - t;
      return JSON.stringify({ n, loopMs, captured: delta(before) });
    },

    async burst(n, flushTimeoutMs) {
      await sleep(100);
      const sdk = api();
      const t = now();
      for (let i = 0; i < n; i++) sdk.captureException(makeError('burst', i));
      const captureMs = now() - t;
      const tf = now();
      let flushed;
      try { flushed = await sdk.flush(flushTimeoutMs); } catch (e) { flushed = 'threw: ' + e; }
      const flushMs = now() - tf;
      let stats = null;
      if (SDK === 'faultline') {
        try { stats = sdk.getStats(); } catch (e) { stats = { error: String(e) }; }
      }
      return JSON.stringify({
        n, captureMs, flushed, flushMs,
        heapUsed: benchHeapUsed(),
        wasmBytes: benchWasm.bytes(),
        wasmInstances: benchWasm.instances(),
        stats,
      });
    },

    heap: benchHeapUsed,

    wasmBytes: benchWasm.bytes,
  };
})();
