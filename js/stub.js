// The synchronous front of faultline: the only code that runs before the wasm is ready.
//
// Why it exists: the wasm instantiates asynchronously, but the page expects the API to
// work right after the <script> tag, and errors thrown meanwhile (even in the very next
// script) must not be lost. So this stub
//   - owns the `error` and `unhandledrejection` listeners from the first moment, keeping
//     each raw value (the thrown value, its stack string, the time) in a bounded buffer
//     (overflow is counted and reported once the wasm is up);
//   - queues every API call made before the wasm is ready and replays it in order
//     (`init` first, since the queued captures need a client);
//   - wraps every call into the wasm in try/catch, and queues calls that arrive while one is
//     running (a page's wrapped `fetch` may call back in), so the SDK never throws into the
//     page, never re-enters itself, and a trapped wasm instance just goes quiet.
// It decides nothing about events: that is the Rust core's job.

import { connect } from './io.js';

const EARLY_LIMIT = 100; // errors kept while the wasm loads
const QUEUE_LIMIT = 1000; // calls of any kind kept while the wasm loads

// `loadWasm(url?)` instantiates the wasm (from `url`, or its default place) and resolves
// to its exports.
export function createFaultline(loadWasm) {
  let wasm = null; // the wasm exports, once ready
  let loading = null;
  let broken = false; // failed to load or trapped: stay quiet for the rest of the session
  let busy = false;
  let debug = false;
  let early = 0;
  let earlyDropped = 0;
  let queue = [];
  let queuedInits = 0; // `init` calls sit at the front of the queue, in call order
  let waiters = []; // resolve functions waiting for the wasm (or for it to fail)

  function warn(what, detail) {
    if (debug) try { console.warn('faultline: ' + what, detail); } catch (_) {}
  }

  function run(method, args) {
    try {
      return wasm[method].apply(null, args);
    } catch (e) {
      broken = true;
      queue = [];
      warn('internal error; reporting is off for this page', e);
    }
  }

  function call(method, args) {
    if (broken) return;
    if (!wasm || busy) {
      const isError = method === 'onError' || method === 'onRejection';
      if (queue.length >= QUEUE_LIMIT || (isError && !wasm && early >= EARLY_LIMIT)) {
        if (isError) earlyDropped++;
        return;
      }
      if (isError && !wasm) early++;
      queue.push([method, args]);
      return;
    }
    busy = true;
    const result = run(method, args);
    while (queue.length && !broken) {
      const [m, a] = queue.shift();
      run(m, a);
    }
    busy = false;
    return result;
  }

  function ready(exports) {
    wasm = exports;
    queuedInits = 0;
    const pending = queue;
    queue = [];
    busy = true;
    for (const [m, a] of pending) if (!broken) run(m, a);
    if (earlyDropped && !broken) run('earlyDropped', [earlyDropped]);
    busy = false;
    const next = queue.shift();
    if (next) call(next[0], next[1]);
    for (const w of waiters) w();
    waiters = [];
  }

  function whenReady() {
    return new Promise((resolve) => (wasm || broken ? resolve() : waiters.push(resolve)));
  }

  function stackOf(value) {
    try {
      const s = value && value.stack;
      return typeof s === 'string' ? s : undefined;
    } catch (_) {}
  }

  function newEventId() {
    const b = new Uint8Array(16);
    try { crypto.getRandomValues(b); } catch (_) { for (let i = 0; i < 16; i++) b[i] = Math.random() * 256; }
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    let id = '';
    for (let i = 0; i < 16; i++) id += (b[i] + 256).toString(16).slice(1);
    return id;
  }

  // The wasm's requests and timer (js/io.js) report back through the same guard.
  connect({
    answer: (ticket, status, limits, retryAfter) => call('onAnswer', [ticket, status, limits, retryAfter]),
    tick: () => call('tick', []),
  });

  if (typeof addEventListener === 'function') {
    // Page hide is the last moment to send. Mobile browsers often skip `pagehide`, hence
    // `visibilitychange`; on a navigation `pagehide` can come while still "visible".
    const hide = () => { if (wasm) call('pageHide', []); };
    addEventListener('pagehide', hide);
    addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') hide(); });
    addEventListener('error', (ev) => {
      if (!ev || (ev.error === undefined && ev.message === undefined)) return; // not an ErrorEvent
      call('onError', [ev.error, ev.message, ev.filename, ev.lineno, ev.colno, stackOf(ev.error), Date.now()]);
    });
    addEventListener('unhandledrejection', (ev) => {
      const reason = ev && ev.reason;
      call('onRejection', [reason, stackOf(reason), Date.now()]);
    });
  }

  // `options.wasmUrl` overrides where the .wasm is fetched from.
  function init(options) {
    let wasmUrl;
    try {
      debug = !!(options && options.debug);
      if (options && typeof options.wasmUrl === 'string') wasmUrl = options.wasmUrl;
    } catch (_) {}
    if (wasm) return call('configure', [options]);
    queue.splice(queuedInits++, 0, ['configure', [options]]);
    if (!loading && !broken) {
      loading = Promise.resolve()
        .then(() => loadWasm(wasmUrl))
        .then(ready, (e) => {
          broken = true;
          queue = [];
          warn('could not load faultline_bg.wasm; errors will not be reported', e);
          for (const w of waiters) w();
          waiters = [];
        });
    }
  }

  function captureException(exception) {
    const id = newEventId();
    call('captureException', [exception, id, Date.now()]);
    return id;
  }

  function captureMessage(message, level) {
    const id = newEventId();
    call('captureMessage', [message, level, id, Date.now()]);
    return id;
  }

  // Resolves true once every queued event was delivered (or the collector refused it
  // for good), false if `timeout` ms pass first.
  function flush(timeout) {
    const end = Date.now() + (typeof timeout === 'number' && timeout >= 0 ? timeout : 2000);
    return new Promise((resolve) => {
      const poll = () => {
        const left = wasm && !broken ? call('flushStep', []) : 1;
        if (left === 0 || (broken && !queue.length)) resolve(!broken);
        else if (Date.now() >= end) resolve(false);
        else setTimeout(poll, 25);
      };
      if (!loading && !wasm) resolve(false);
      else whenReady().then(poll);
    });
  }

  function close(timeout) {
    return flush(timeout).then((done) => {
      call('disable', []);
      return done;
    });
  }

  function getStats() {
    const json = wasm ? call('statsJson', []) : '';
    let stats = {};
    try { stats = JSON.parse(json || '{}'); } catch (_) {}
    stats.early_dropped = earlyDropped;
    stats.loaded = !!wasm && !broken;
    return stats;
  }

  const scopeCall = (method) => (...args) => { call(method, args); };

  return {
    init,
    captureException,
    captureMessage,
    setUser: scopeCall('setUser'),
    setTag: scopeCall('setTag'),
    setTags: scopeCall('setTags'),
    flush,
    close,
    getStats,
  };
}
