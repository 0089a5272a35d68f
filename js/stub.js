// The synchronous front of faultline: the only code that runs before the wasm is ready.
//
// Why it exists: the wasm instantiates asynchronously, and by default is not even fetched
// until there is something to report (the first error or capture, or events an earlier page
// left stored): most page views have no error, and then the visitor downloads this script
// only. But the page expects the API to work right after the <script> tag, and errors thrown
// meanwhile (even in the very next script) must not be lost. So this stub
//   - owns the `error` and `unhandledrejection` listeners from the first moment, keeping
//     each raw value (the thrown value, its stack string, the time) in a bounded buffer
//     (exact repeats of one are counted on it; overflow is counted and reported once the
//     wasm is up), and in IndexedDB until the wasm has seen it;
//   - queues every API call made before the wasm is ready and replays it in order (the
//     first `init` goes first, so errors thrown before it was called get its client; a
//     later `init` stays in its place, as it would have acted without the wait), keeping
//     only the breadcrumbs the scope would keep; the replay yields to the page every few
//     milliseconds;
//   - wraps every call into the wasm in try/catch, and queues calls that arrive while one is
//     running (a page's wrapped `fetch` may call back in), so the SDK never throws into the
//     page, never re-enters itself, and a trapped wasm instance just goes quiet.
// It decides nothing about events: that is the Rust core's job.

import { installBreadcrumbs, nativeFetch } from './breadcrumbs.js';
import { createStore } from './store.js';
import { toJson } from './normalize.js';
import { matchesAny, readOptions } from './options.js';

const EARLY_LIMIT = 1000; // distinct errors and captures kept while the wasm loads
const CALLS_SOFT_LIMIT = 1000; // other calls kept before the wasm is wanted anyway
const CALLS_LIMIT = 5000; // ... and at all, while it loads
const REPLAY_SLICE_MS = 8; // the longest the replay holds the page at a time
const EVENT_CALLS = { onError: 1, onRejection: 1, captureException: 1, captureMessage: 1 };

// `loadWasm(url, host)` instantiates the wasm (from `url`, or its default place), connects
// its I/O to `host` (js/glue.js) and resolves to its exports.
export function createFaultline(loadWasm) {
  let wasm = null; // the wasm exports, once ready and the queue replayed
  let exports = null; // the wasm exports, once instantiated
  let loading = null;
  let wasmUrl;
  let broken = false; // failed to load or trapped: stay quiet for the rest of the session
  let busy = false;
  let debug = false;
  let early = 0;
  let earlyDropped = 0;
  let queue = [];
  let initQueued = false; // the first `init` sits at the front of the queue
  let waiters = []; // resolve functions waiting for the wasm (or for it to fail)

  function warn(what, detail) {
    if (debug) try { console.warn('faultline: ' + what, detail); } catch (_) {}
  }

  // `then(result)` gets the wasm's answer whenever the call finally runs (now or replayed).
  function run(method, args, then) {
    try {
      const result = exports[method].apply(null, args);
      if (then) then(result);
      return result;
    } catch (e) {
      broken = true;
      queue = [];
      warn('internal error; reporting is off for this page', e);
    }
  }

  // ---- the queue while the wasm is not ready ----
  // Entries are [method, args, then, repeats]; an entry dropped from the middle has method null.
  let live = 0; // entries with a method
  let ringCrumbs = []; // top-scope breadcrumb entries that no queued event will read
  let depth = 0; // withScope levels open at the queue's end
  let repeats = new Map(); // uncaught error's method + message + stack → its entry

  function push(entry) {
    queue.push(entry);
    live++;
  }

  function unqueue(entry) {
    entry[0] = null;
    live--;
  }

  function queueCall(method, args, then) {
    if (EVENT_CALLS[method] === 1) {
      const key = foldKey(method, args);
      const same = key && repeats.get(key);
      if (same) {
        // The wasm would fold it into the first anyway (unless dedupe is off: it gets an id of its own then).
        same[3]++;
        keepRaw(same[0], same[1], same[3]);
        return;
      }
      if (early >= EARLY_LIMIT) {
        earlyDropped++;
        return;
      }
      early++;
      keepRaw(method, args, 1);
      const entry = [method, args, then, 1, key];
      if (key) repeats.set(key, entry);
      push(entry);
      ringCrumbs = []; // the event reads every breadcrumb queued before it
      want();
      return;
    }
    if (live - early >= CALLS_SOFT_LIMIT) want();
    if (live >= CALLS_LIMIT) return warn('too many calls before the wasm was ready; dropped', method);
    const entry = [method, args, then, 1];
    push(entry);
    if (method === 'pushScope') depth++;
    else if (method === 'popScope') depth = Math.max(0, depth - 1);
    else if (depth === 0 && method === 'clearBreadcrumbs') {
      for (const c of ringCrumbs) unqueue(c);
      ringCrumbs = [];
    } else if (depth === 0 && method === 'addBreadcrumb') {
      // The scope keeps the newest maxBreadcrumbs: older ones need not wait for the wasm.
      ringCrumbs.push(entry);
      const max = opts ? opts.maxBreadcrumbs : 100;
      while (ringCrumbs.length > max) unqueue(ringCrumbs.shift());
      if (queue.length > 2 * live + 64) queue = queue.filter((e) => e[0]);
    }
  }

  // Uncaught errors thrown again and again from one place, while the wasm loads, are kept once.
  function foldKey(method, args) {
    if (opts && !opts.integrations.dedupe) return '';
    const stack = method === 'onError' ? args[5] : method === 'onRejection' ? args[1] : undefined;
    if (typeof stack !== 'string' || !stack) return '';
    return method + '\n' + (method === 'onError' ? args[1] : '') + '\n' + stack;
  }

  function call(method, args, then) {
    if (broken) return;
    if (!wasm) return queueCall(method, args, then);
    if (busy) {
      queue.push([method, args, then, 1]);
      return;
    }
    busy = true;
    const result = run(method, args, then);
    while (queue.length && !broken) {
      const [m, a, t] = queue.shift();
      run(m, a, t);
    }
    busy = false;
    return result;
  }

  // Something needs the wasm: fetch it, if an `init` said from where, and the SDK is on (an
  // SDK off would drop what waits anyway; an `init` that turns it on fetches it then).
  function want() {
    if (wasm || loading || broken || !initQueued) return;
    if (opts && opts.lazyLoad && (!opts.dsn || opts.enabled === false)) return;
    loading = Promise.resolve()
      .then(() => loadWasm(wasmUrl, host))
      .then((e) => {
        exports = e;
        replay();
      }, (e) => {
        broken = true;
        queue = [];
        warn('could not load faultline_bg.wasm or faultline_glue.js; errors will not be reported', e);
        for (const w of waiters) w();
        waiters = [];
      });
  }

  // The queue, in order, a slice at a time; calls made meanwhile join its end (repeats of
  // an error being replayed, its count).
  function replay() {
    const start = Date.now();
    while (queue.length && !broken) {
      const entry = queue[0];
      const [m, a, t, n, key] = entry;
      if (!m) {
        queue.shift();
        continue;
      }
      if (EVENT_CALLS[m] !== 1) {
        queue.shift();
        live--;
        run(m, a, t);
      } else {
        if (!entry[5]) {
          entry[5] = true;
          run(m, a, t);
        } else {
          // A repeat: its own occurrence, with its own id (should dedupe be off).
          const id = newEventId();
          const again = a.slice();
          again[m === 'onError' ? 6 : 2] = id;
          run(m, again, finisher(id, { originalException: a[0], event_id: id }));
        }
        entry[3] = n - 1;
        if (entry[3] <= 0) {
          queue.shift();
          live--;
          early--;
          if (key) repeats.delete(key);
          // The early error is the wasm's now: its raw copy goes (its event, if queued, replaced it).
          if (store) try { store.forgetRaw(rawId(m, a)); } catch (_) {}
        }
      }
      if (Date.now() - start >= REPLAY_SLICE_MS) {
        setTimeout(replay, 0);
        return;
      }
    }
    repeats = new Map();
    ringCrumbs = [];
    live = 0;
    early = 0;
    if (!broken) {
      wasm = exports;
      if (earlyDropped) run('earlyDropped', [earlyDropped]);
    }
    // Whoever waits (flush) learns the outcome, even a wasm that trapped during the replay.
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

  // UUID v4s from a pool of random bytes refilled 256 ids at a time: one
  // crypto.getRandomValues per 256 events instead of one per event.
  const HEX = [];
  for (let i = 0; i < 256; i++) HEX.push((i + 256).toString(16).slice(1));
  const pool = new Uint8Array(4096);
  let used = pool.length;
  function newEventId() {
    if (used >= pool.length) {
      try { crypto.getRandomValues(pool); } catch (_) { for (let i = 0; i < pool.length; i++) pool[i] = Math.random() * 256; }
      used = 0;
    }
    const b = pool;
    const o = used;
    used += 16;
    let id = '';
    for (let i = 0; i < 16; i++) {
      let v = b[o + i];
      if (i === 6) v = (v & 15) | 64;
      else if (i === 8) v = (v & 63) | 128;
      id += HEX[v];
    }
    return id;
  }


  // The wasm's requests and timer (js/io.js) report back through the same guard.
  // Made by the first `init` with a DSN: a page that never inits opens no database.
  let store = null;
  let restoring = false;

  // An error thrown (or captured) before the wasm is ready is also stored raw (what the
  // stub knows of it: name, message, stack, time, how many times), under the id its hint
  // already showed: if the page is left before the wasm arrives, the next page captures it;
  // if not, this page's own event replaces the record.
  function keepRaw(method, args, count) {
    if (!store) return;
    try {
      let raw;
      if (method === 'captureMessage') {
        raw = { kind: method, message: String(args[0]), level: args[1], ts: args[3], stack: args[4] };
      } else {
        const rejection = method === 'onRejection';
        const v = args[0];
        const isError = v instanceof Error;
        const stack = method === 'captureException' ? stackOf(v) : rejection ? args[1] : args[5];
        raw = {
          kind: method,
          rejection,
          name: isError ? String(v.name) : undefined,
          message: isError ? String(v.message) : method === 'onError' ? String(args[1] == null ? v : args[1]) : String(v),
          stack,
          ts: method === 'captureException' ? args[2] : rejection ? args[3] : args[7],
        };
      }
      raw.count = count;
      store.persistRaw(rawId(method, args), raw);
    } catch (_) {}
  }

  function rawId(method, args) {
    return method === 'onError' ? args[6] : method === 'onRejection' || method === 'captureMessage' ? args[2] : args[1];
  }

  // A stored record: an event an earlier page queued (sent as it is), or an error it threw
  // before its wasm was ready (captured now).
  function restoreRecord(r) {
    const raw = r.raw;
    if (!raw) return call('restore', [r]);
    const hint = { event_id: r.id };
    const count = Math.min(Math.max(1, raw.count | 0), EARLY_LIMIT);
    for (let i = 0; i < count; i++) {
      const id = i ? newEventId() : r.id;
      if (raw.kind === 'captureMessage') {
        call('captureMessage', [raw.message, raw.level, id, raw.ts, raw.stack], finisher(id, Object.assign({}, hint, { event_id: id })));
        continue;
      }
      let e = raw.message;
      if (raw.kind === 'captureException') {
        // A plain object the wasm reads like the Error it was, its stack included.
        e = { name: raw.name || 'Error', message: raw.message, stack: raw.stack || '' };
      } else if (raw.name !== undefined) {
        e = new Error(raw.message);
        try { e.name = raw.name; } catch (_) {}
      }
      const then = finisher(id, { originalException: e, event_id: id });
      if (raw.kind === 'captureException') call('captureException', [e, id, raw.ts], then);
      else if (raw.rejection) call('onRejection', [e, raw.stack, id, raw.ts], then);
      else call('onError', [e, raw.message, undefined, undefined, undefined, raw.stack, id, raw.ts], then);
    }
  }
  // What the wasm's I/O (js/io.js) reports back to, and sends with.
  const host = {
    answer: (ticket, status, limits, retryAfter) => call('onAnswer', [ticket, status, limits, retryAfter]),
    tick: () => call('tick', []),
    get store() { return store; },
    fetch: nativeFetch,
  };

  if (typeof addEventListener === 'function') {
    // Page hide is the last moment to send. Mobile browsers often skip `pagehide`, hence
    // `visibilitychange`; on a navigation `pagehide` can come while still "visible".
    const hide = () => {
      if (wasm) call('pageHide', []);
      // Stored events waiting for their write are written now, while the page still runs.
      try { if (store) store.write(); } catch (_) {}
    };
    addEventListener('pagehide', hide);
    addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') hide(); });
    addEventListener('error', (ev) => {
      if (!ev) return;
      const error = ev.error; // each read of an ErrorEvent attribute is a DOM call: once
      const message = ev.message;
      if (error === undefined && message === undefined) return; // not an ErrorEvent
      if (opts && !opts.integrations.globalHandlers.onerror) return;
      const id = newEventId();
      const hint = { originalException: error, event_id: id };
      call('onError', [error, message, ev.filename, ev.lineno, ev.colno, stackOf(error), id, Date.now()], finisher(id, hint));
    });
    addEventListener('unhandledrejection', (ev) => {
      const reason = ev && ev.reason;
      if (opts && !opts.integrations.globalHandlers.onunhandledrejection) return;
      const id = newEventId();
      call('onRejection', [reason, stackOf(reason), id, Date.now()], finisher(id, { originalException: reason, event_id: id }));
    });
  }

  // ---- options, hooks and the event pipeline's JS half ----

  let opts = null; // readOptions() result of the last init called
  let active = null; // ... of the last init the wasm ran: the pipeline of the events it hands back
  let activeRoute = 0; // where that init's events go (the wasm's handle)
  let lastId;
  let uninstallCrumbs = null;
  const hasRegExp = (list) => list.some((p) => typeof p !== 'string');
  const strings = (list) => (hasRegExp(list) ? [] : list);

  // The first Intl.DateTimeFormat costs Chromium 13-30 ms (ICU's locale and zone data), and
  // lands on the first error's path; Temporal.Now.timeZoneId() (where it exists) costs nothing.
  let zone;
  function timezone() {
    if (zone === undefined) {
      try {
        zone = (typeof Temporal === 'object' && Temporal && Temporal.Now && Temporal.Now.timeZoneId()) ||
          Intl.DateTimeFormat().resolvedOptions().timeZone || '';
      } catch (_) { zone = ''; }
    }
    return zone;
  }

  // What the wasm needs of the options, as plain data (RegExp lists are matched here).
  function wasmOptions(o) {
    const ctx = {};
    try {
      const n = navigator;
      const ua = n.userAgentData;
      if (ua && ua.brands) {
        ctx.brands = ua.brands.map((b) => ({ brand: String(b.brand), version: String(b.version) }));
        ctx.platform = String(ua.platform || '');
      }
      ctx.userAgent = n.userAgent;
      ctx.screenWidth = screen.width;
      ctx.screenHeight = screen.height;
      ctx.memory = n.deviceMemory;
      ctx.online = n.onLine;
      ctx.locale = n.language;
      // Read when the wasm reads it (when it is ready), not in init() (see timezone()).
      Object.defineProperty(ctx, 'timezone', { get: timezone, enumerable: true });
      ctx.referrer = document.referrer;
    } catch (_) {}
    const i = o.integrations;
    return {
      dsn: o.dsn, release: o.release, environment: o.environment, dist: o.dist, tunnel: o.tunnel,
      debug: o.debug, enabled: o.enabled, sampleRate: o.sampleRate, maxBreadcrumbs: o.maxBreadcrumbs, maxValueLength: o.maxValueLength, sendDefaultPii: o.sendDefaultPii,
      ignoreErrors: strings(o.ignoreErrors), denyUrls: strings(o.denyUrls), allowUrls: strings(o.allowUrls),
      noiseFilter: i.noiseFilter, dedupe: i.dedupe, linkedErrors: i.linkedErrors,
      hooks: !!o.beforeSend || hasRegExp(o.ignoreErrors) || hasRegExp(o.denyUrls) || hasRegExp(o.allowUrls),
      context: ctx,
    };
  }

  // The innermost frame's file of an event's last exception (as Sentry's URL filters read it).
  function eventUrl(ev) {
    try {
      const values = (ev.exception && ev.exception.values) || [];
      const frames = (values[values.length - 1] || {}).stacktrace;
      const list = (frames && frames.frames) || [];
      return list.length ? list[list.length - 1].filename || '' : '';
    } catch (_) {
      return '';
    }
  }

  function eventMessages(ev) {
    const out = [];
    try {
      if (ev.message) out.push(typeof ev.message === 'string' ? ev.message : ev.message.formatted || '');
      for (const v of (ev.exception && ev.exception.values) || []) {
        out.push(v.value || '', (v.type ? v.type + ': ' : '') + (v.value || ''));
      }
    } catch (_) {}
    return out;
  }

  // The wasm hands back an event's JSON when it needs the JS half: RegExp filters, then
  // `beforeSend` (which may return null, a new event, or a Promise of either).
  function finisher(id, hint) {
    return (json) => {
      if (!json) return;
      let ev;
      try { ev = JSON.parse(json); } catch (_) { return; }
      const o = active || opts;
      const route = activeRoute; // the client that just captured it, even if beforeSend waits past a re-init
      const url = eventUrl(ev);
      if (
        (hasRegExp(o.ignoreErrors) && eventMessages(ev).some((m) => matchesAny(m, o.ignoreErrors))) ||
        (url && hasRegExp(o.denyUrls) && matchesAny(url, o.denyUrls)) ||
        (url && hasRegExp(o.allowUrls) && o.allowUrls.length && !matchesAny(url, o.allowUrls))
      ) {
        warn('event dropped by a filter pattern', id);
        return call('discard', [id, false]);
      }
      const done = (result) => {
        if (result == null) {
          warn('event dropped by beforeSend', id);
          return call('discard', [id, true]);
        }
        let text = json;
        if (typeof result !== 'object') warn('beforeSend returned neither an event nor null; sending the event as it was', result);
        else try { text = JSON.stringify(result); } catch (_) {}
        call('enqueue', [id, text, route]);
      };
      if (!o.beforeSend) return done(ev);
      let result;
      try {
        result = o.beforeSend(ev, hint);
      } catch (e) {
        warn('beforeSend threw; sending the event as it was', e);
        return done(ev);
      }
      if (result && typeof result.then === 'function') {
        result.then(done, (e) => {
          warn('beforeSend rejected; sending the event as it was', e);
          done(ev);
        });
      } else {
        done(result);
      }
    };
  }

  function addCrumb(crumb, hint) {
    const o = opts;
    if (!o || !crumb || typeof crumb !== 'object') return;
    let c = crumb;
    try {
      c = Object.assign({}, crumb);
      if (o.beforeBreadcrumb) c = o.beforeBreadcrumb(c, hint);
      if (!c) return;
      const str = (v) => (v == null ? undefined : String(v));
      const data = c.data == null ? undefined : toJson(c.data, o.normalizeDepth, o.normalizeMaxBreadth);
      const ts = typeof c.timestamp === 'number' ? c.timestamp * 1000 : Date.now();
      call('addBreadcrumb', [ts, str(c.type), str(c.category), str(c.message), str(c.level), data || undefined]);
    } catch (e) {
      warn('addBreadcrumb: breadcrumb dropped', e);
    }
  }

  function init(options) {
    try { debug = !!(options && options.debug === true); } catch (_) {}
    const o = readOptions(options, (line) => warn(line));
    debug = o.debug;
    opts = o;
    if (uninstallCrumbs) uninstallCrumbs();
    uninstallCrumbs = null;
    if (o.enabled !== false) {
      try {
        // io.js sends with the unwrapped fetch; this also skips envelopes sent by other means.
        const isOwnRequest = (u) => String(u).indexOf('/envelope/?sentry_key=') >= 0 || (!!o.tunnel && String(u) === o.tunnel);
        uninstallCrumbs = installBreadcrumbs(Object.assign({ isOwnRequest }, o.integrations.breadcrumbs), addCrumb);
      } catch (e) {
        warn('breadcrumbs not installed', e);
      }
    }
    const plain = wasmOptions(o);
    // The store opens now, so that errors thrown before the wasm is ready can still be kept
    // if the page is left first (`keepRaw`).
    if (!store && o.enabled !== false && o.dsn) {
      try {
        store = createStore(warn, (n) => call('storeDropped', [n]));
        store.open();
      } catch (e) {
        warn('persistent storage unavailable; events are kept in memory only', e);
      }
    }
    const activate = (route) => {
      active = o;
      activeRoute = route;
      // The first working client sends what earlier pages of this origin left behind.
      if (route && store && !restoring) {
        restoring = true;
        try {
          store.restore(restoreRecord);
        } catch (e) {
          warn('stored events not restored', e);
        }
      }
    };
    if (wasm || initQueued) call('configure', [plain], activate);
    else {
      initQueued = true;
      queue.unshift(['configure', [plain], activate, 1]);
      live++;
    }
    // initialScope: an object of scope data, or a function given the scope.
    try {
      const s = o.initialScope;
      if (typeof s === 'function') s(scope);
      else if (s) applyContext(s);
    } catch (e) {
      warn('initialScope failed', e);
    }
    if (!wasm && !loading) {
      wasmUrl = o.wasmUrl;
      // Lazily, the wasm is fetched at the first error or capture (queueCall), or now if
      // something waits for it: errors queued before this init, or events an earlier page left.
      if (!o.lazyLoad || early) want();
      else if (store) store.open().then(() => { if (store.size()) want(); }, () => {});
    }
  }

  // ---- scope ----

  const json = (v) => (opts ? toJson(v, opts.normalizeDepth, opts.normalizeMaxBreadth) : toJson(v));
  const scope = {
    setUser(user) { call('setUser', [user]); return scope; },
    setTag(key, value) { call('setTag', [key, value]); return scope; },
    setTags(tags) { call('setTags', [tags]); return scope; },
    setExtra(key, value) { call('setExtra', [String(key), json(value) || undefined]); return scope; },
    setExtras(extras) {
      try { for (const k of Object.keys(extras || {})) scope.setExtra(k, extras[k]); } catch (_) {}
      return scope;
    },
    setContext(name, context) {
      call('setContext', [String(name), context == null ? undefined : json(context) || undefined]);
      return scope;
    },
    setLevel(level) { call('setLevel', [level]); return scope; },
    setFingerprint(parts) { call('setFingerprint', [Array.isArray(parts) ? parts : []]); return scope; },
    addBreadcrumb(crumb, hint) { addCrumb(crumb, hint); return scope; },
    clearBreadcrumbs() { call('clearBreadcrumbs', []); return scope; },
  };

  // A captureContext ({ tags, extra, user, level, fingerprint, contexts }) onto the scope.
  function applyContext(c) {
    if (c.user !== undefined) scope.setUser(c.user);
    if (c.tags) scope.setTags(c.tags);
    if (c.extra) scope.setExtras(c.extra);
    if (c.contexts) for (const k of Object.keys(c.contexts)) scope.setContext(k, c.contexts[k]);
    if (c.level) scope.setLevel(c.level);
    if (c.fingerprint) scope.setFingerprint(c.fingerprint);
  }

  function withScope(callback) {
    call('pushScope', []);
    try {
      return callback(scope);
    } finally {
      call('popScope', []);
    }
  }

  // Runs `capture` inside a scope that carries `context` (a captureContext, a function of
  // the scope, or a hint holding `captureContext`).
  function inContext(context, capture) {
    let c = context;
    try {
      if (c && c.captureContext) c = c.captureContext;
      const keys = ['tags', 'extra', 'user', 'level', 'fingerprint', 'contexts'];
      if (!(typeof c === 'function' || (c && typeof c === 'object' && keys.some((k) => k in c)))) return capture();
    } catch (_) {
      return capture();
    }
    return withScope(() => {
      try {
        if (typeof c === 'function') c(scope);
        else applyContext(c);
      } catch (e) {
        warn('captureContext failed', e);
      }
      return capture();
    });
  }

  // ---- capture ----

  // The hint `beforeSend` gets, as Sentry builds it: an EventHint given by the caller (one
  // that is not a capture context), the original value, and `syntheticException` (an Error
  // made here, for its stack: made only when a `beforeSend` will see it).
  function eventHint(given, extra, syntheticMessage) {
    const h = {};
    try {
      const context = ['tags', 'extra', 'user', 'level', 'fingerprint', 'contexts'];
      if (given && typeof given === 'object' && (given.captureContext || !context.some((k) => k in given))) Object.assign(h, given);
      if (opts && opts.beforeSend) h.syntheticException = new Error(String(syntheticMessage));
    } catch (_) {}
    Object.assign(h, extra);
    return h;
  }

  function captureException(exception, hint) {
    if (hint === undefined) {
      // The usual call, kept lean: it runs cold, as an SDK's code does when an error comes.
      const id = newEventId();
      lastId = id;
      const h = { originalException: exception, event_id: id };
      if (opts && opts.beforeSend) h.syntheticException = new Error('faultline syntheticException');
      call('captureException', [exception, id, Date.now()], finisher(id, h));
      return id;
    }
    let given;
    try { given = hint && hint.event_id; } catch (_) {}
    // A hint's `event_id` (32 hex digits) names the event, as in Sentry.
    const id = typeof given === 'string' && /^[0-9a-f]{32}$/.test(given) ? given : newEventId();
    lastId = id;
    const h = eventHint(hint, { originalException: exception, event_id: id }, 'faultline syntheticException');
    inContext(hint, () => call('captureException', [exception, id, Date.now()], finisher(id, h)));
    return id;
  }

  function captureMessage(message, levelOrContext) {
    const id = newEventId();
    lastId = id;
    const level = typeof levelOrContext === 'string' ? levelOrContext : undefined;
    const h = eventHint(undefined, { event_id: id }, message);
    // attachStacktrace: a stack from here; the wasm drops this function's own frame.
    let stack;
    if (opts && opts.attachStacktrace) stack = stackOf(new Error());
    inContext(level ? undefined : levelOrContext, () => call('captureMessage', [message, level, id, Date.now(), stack], finisher(id, h)));
    return id;
  }

  // A hand-built Sentry event: its scope-like fields become a scope, its exception or
  // message is captured as such.
  function captureEvent(event, hint) {
    let e = event;
    try {
      e = event && typeof event === 'object' ? event : { message: String(event) };
      const values = (e.exception && e.exception.values) || [];
      const top = values[values.length - 1];
      return inContext({ tags: e.tags, extra: e.extra, user: e.user, level: e.level, fingerprint: e.fingerprint, contexts: e.contexts }, () =>
        top
          ? captureException({ name: String(top.type || 'Error'), message: String(top.value || ''), stack: '' }, hint)
          : captureMessage(typeof e.message === 'string' ? e.message : (e.message && e.message.formatted) || '', e.level),
      );
    } catch (_) {
      return captureMessage('[unreadable event]');
    }
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
      // Not loaded, nothing waiting for it (lazily): nothing to deliver.
      if (!loading && !wasm) resolve(initQueued && !broken);
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
    let stats;
    if (wasm) {
      try { stats = JSON.parse(call('statsJson', []) || '{}'); } catch (_) { stats = {}; }
    } else {
      // Not loaded yet (lazily, or still loading): what waits in the queue is pending.
      let waiting = 0;
      for (const e of queue) if (e[0] && EVENT_CALLS[e[0]] === 1) waiting += e[3];
      const zero = { sample_rate: 0, before_send: 0, event_processor: 0, queue_overflow: earlyDropped, cache_overflow: 0, network_error: 0, send_error: 0 };
      stats = { captured: waiting, sent: 0, sent_occurrences: 0, folded: 0, pending: waiting, retries: 0, rate_limited: 0, early_buffer_full: earlyDropped, dropped: zero };
    }
    stats.early_dropped = earlyDropped;
    stats.loaded = !!wasm && !broken;
    return stats;
  }

  const bare = (f) => (...args) => { f(...args); };

  return {
    init,
    captureException,
    captureMessage,
    captureEvent,
    setUser: bare(scope.setUser),
    setTag: bare(scope.setTag),
    setTags: bare(scope.setTags),
    setExtra: bare(scope.setExtra),
    setExtras: bare(scope.setExtras),
    setContext: bare(scope.setContext),
    setLevel: bare(scope.setLevel),
    setFingerprint: bare(scope.setFingerprint),
    addBreadcrumb: bare(scope.addBreadcrumb),
    clearBreadcrumbs: bare(scope.clearBreadcrumbs),
    withScope,
    lastEventId: () => lastId,
    flush,
    close,
    getStats,
  };
}
