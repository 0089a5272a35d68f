// Automatic breadcrumbs: console calls, DOM clicks and key presses, fetch and XHR requests,
// navigations. `installBreadcrumbs(options, add)` turns sources on and returns `uninstall()`.
//
// Wrapped functions behave exactly as the originals: same `this`, arguments, return value
// (for `fetch`, a Promise settling exactly as the original one), same thrown error, same
// `name` and `length`, and
// `toString()` (also through `Function.prototype.toString.call`) still says
// `[native code]`. The SDK's bookkeeping runs in try/catch and never throws into the page.
// Each global is wrapped at most once: installing again only swaps the `add` callback.
// Crumbs carry no timestamp: `add` stamps them.
//
// `fetch` returns the original Promise chained through the SDK's observers (as Sentry does),
// not the original itself: observing the original would mark a failure as handled, and a
// page's bare `fetch(url);` that fails would no longer raise `unhandledrejection`.

import { describeElement } from './normalize.js';

const G = globalThis;

// `fetch` as it was when the SDK loaded, before any breadcrumb wrapper (use it for the
// SDK's own requests so that they are never recorded).
export const nativeFetch = typeof G.fetch === 'function' ? G.fetch : undefined;

const sinks = {}; // source name → { add, own } while installed
const wrapped = {}; // source name → its undo functions while installed
const originals = new WeakMap(); // our wrapper → the function it wraps
let busy = 0; // set while the SDK's own code runs: nothing it does is recorded
let fnToString; // Function.prototype.toString before we replaced it
let toString; // our replacement
let inPlace = 0; // wrappers still installed somewhere

// add(crumb, hint) for `source`, guarded and never re-entered.
function emit(source, make) {
  const sink = sinks[source];
  if (!sink || busy) return;
  busy = 1;
  try {
    const c = make();
    if (c) sink.add(c[0], c[1]);
  } catch (_) {}
  busy = 0;
}

// Replaces obj[key] with a wrapper calling hook(this, args, own) first (hook may return
// after(result), run once the original returned). Returns undo(): restores obj[key] if our
// wrapper is still there, else leaves it in the chain as a pure pass-through.
function wrap(source, obj, key, hook) {
  const orig = obj[key];
  if (typeof orig !== 'function') return;
  const had = Object.prototype.hasOwnProperty.call(obj, key);
  let live = 1;
  // A method definition: no `prototype`, not a constructor, like the native functions.
  const w = {
    [key]() {
      let after;
      const sink = live && !busy && sinks[source];
      if (sink) try { after = hook(this, arguments, sink.own); } catch (_) {}
      let result = Reflect.apply(orig, this, arguments);
      // `after` may hand back a replacement that settles as `result` does (fetch's chain).
      if (after) try { result = after(result) || result; } catch (_) {}
      return result;
    },
  }[key];
  for (const p of ['name', 'length']) {
    try { Object.defineProperty(w, p, { value: orig[p] }); } catch (_) {}
  }
  originals.set(w, orig);
  obj[key] = w;
  inPlace++;
  const FP = Function.prototype;
  if (!fnToString) {
    // A wrapper's `toString` is its original's, also through Function.prototype.toString.call.
    fnToString = FP.toString;
    toString = { toString() { return Reflect.apply(fnToString, originals.get(this) || this, arguments); } }.toString;
    originals.set(toString, fnToString);
    FP.toString = toString;
  }
  return () => {
    live = 0;
    if (obj[key] !== w) return;
    if (had) obj[key] = orig;
    else delete obj[key];
    if (!--inPlace && FP.toString === toString) {
      FP.toString = fnToString;
      fnToString = 0;
    }
  };
}

// `body > div#app > button.primary[type="submit"]`: at most 5 levels and 80 characters.
function treeOf(el) {
  const parts = [];
  let len = 0;
  for (let n = el; n && n.nodeType === 1 && parts.length < 5; n = n.parentNode) {
    const s = describeElement(n);
    if (s === 'html' || (parts.length && len + s.length + 3 * parts.length >= 80)) break;
    parts.unshift(s);
    len += s.length;
  }
  return parts.join(' > ');
}

const httpLevel = (status) => (!status || status >= 500 ? 'error' : status >= 400 ? 'warning' : 0);

function httpCrumb(category, method, url, status, start, hint) {
  const end = Date.now();
  const data = { method, url };
  if (status) data.status_code = status;
  data.duration = end - start;
  const crumb = { type: 'http', category, data };
  const level = httpLevel(status);
  if (level) crumb.level = level;
  hint.startTimestamp = start;
  hint.endTimestamp = end;
  return [crumb, hint];
}

// Console: one crumb per call, the arguments kept as they are (normalized when sent).
function safeJoin(args) {
  const out = [];
  for (const v of args) {
    try {
      out.push(
        v !== null && (typeof v === 'object' || typeof v === 'function')
          ? v instanceof Error
            ? v.message ? v.name + ': ' + v.message : v.name
            : typeof v === 'function' ? '[Function: ' + (v.name || '<anonymous>') + ']' : Object.prototype.toString.call(v)
          : String(v),
      );
    } catch (_) {
      out.push('[value cannot be serialized]');
    }
  }
  return out.join(' ');
}

const LEVELS = { log: 'log', info: 'info', warn: 'warning', error: 'error', debug: 'debug', assert: 'log' };

const sources = {
  console(undo) {
    const c = G.console;
    if (!c) return;
    for (const m in LEVELS) {
      undo.push(
        wrap('console', c, m, (_, a) => {
          let args = Array.prototype.slice.call(a);
          if (typeof args[0] === 'string' && args[0].slice(0, 11) === 'faultline: ') return; // the SDK's own
          let message = safeJoin(args);
          if (m === 'assert') {
            if (args[0]) return;
            args = args.slice(1);
            message = 'Assertion failed' + (args.length ? ': ' + safeJoin(args) : '');
          }
          emit('console', () => [
            { category: 'console', level: LEVELS[m], message, data: { arguments: args, logger: 'console' } },
            { input: args, level: m },
          ]);
        }),
      );
    }
  },

  dom(undo) {
    const d = G.document;
    if (!d || !d.addEventListener) return;
    let lastType, lastTarget, lastAt = 0;
    const on = (e) => {
      emit('dom', () => {
        const t = e.target;
        const type = e.type;
        const now = Date.now();
        if (type === 'keypress' && !(t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable))) return;
        // As Sentry: the same kind of event on the same element is recorded once, until
        // 1 s passes with no click or key press at all.
        const similar = type === lastType && t === lastTarget && now - lastAt < 1000;
        lastAt = now;
        if (similar) return;
        lastType = type;
        lastTarget = t;
        let message;
        try { message = treeOf(t); } catch (_) { message = '<unknown>'; }
        const name = type === 'click' ? 'click' : 'input';
        return message && [{ category: 'ui.' + name, message }, { event: e, name }];
      });
    };
    for (const type of ['click', 'keypress']) {
      d.addEventListener(type, on, true);
      undo.push(() => d.removeEventListener(type, on, true));
    }
  },

  fetch(undo) {
    undo.push(
      wrap('fetch', G, 'fetch', (_, a, own) => {
        const start = Date.now();
        const input = a[0];
        const init = a[1];
        let method = (init && init.method) || (input && input.method) || 'GET';
        method = String(method).toUpperCase();
        const url = typeof input === 'string' ? input : String((input && input.url) || input);
        if (own(url)) return;
        const args = Array.prototype.slice.call(a);
        return (p) =>
          p.then(
            (response) => {
              emit('fetch', () => httpCrumb('fetch', method, url, response && response.status, start, { input: args, response }));
              return response;
            },
            (error) => {
              emit('fetch', () => httpCrumb('fetch', method, url, 0, start, { input: args, data: error }));
              throw error;
            },
          );
      }),
    );
  },

  xhr(undo) {
    const X = G.XMLHttpRequest;
    const P = X && X.prototype;
    if (!P) return;
    const info = new WeakMap(); // xhr → [method, url, start, body]
    function onEnd() {
      const xhr = this;
      emit('xhr', () => {
        const r = info.get(xhr);
        return r && r[2] && httpCrumb('xhr', r[0], r[1], xhr.status, r[2], { xhr, input: r[3] });
      });
    }
    undo.push(
      wrap('xhr', P, 'open', (xhr, a) => {
        const r = [String(a[0]).toUpperCase(), String(a[1]), 0];
        return () => {
          info.set(xhr, r);
        };
      }),
      wrap('xhr', P, 'send', (xhr, a, own) => {
        const r = info.get(xhr);
        if (!r || own(r[1])) return;
        r[2] = Date.now();
        r[3] = a[0];
        xhr.addEventListener('loadend', onEnd); // once per xhr: the same listener is never added twice
      }),
    );
  },

  history(undo) {
    const L = G.location;
    const H = G.history;
    if (!L || !H) return;
    let last = L.href;
    const rel = (href) => {
      try {
        const u = new URL(href, L.href);
        return u.origin === L.origin ? u.pathname + u.search + u.hash : u.href;
      } catch (_) {
        return String(href);
      }
    };
    const nav = () =>
      emit('history', () => {
        const from = last;
        const to = L.href;
        if (to === from) return; // `popstate` and `hashchange` of one fragment navigation
        last = to;
        return [{ category: 'navigation', data: { from: rel(from), to: rel(to) } }, { from, to }];
      });
    const proto = Object.getPrototypeOf(H) || H;
    for (const m of ['pushState', 'replaceState']) undo.push(wrap('history', proto, m, () => nav));
    for (const type of ['popstate', 'hashchange']) {
      G.addEventListener(type, nav);
      undo.push(() => G.removeEventListener(type, nav));
    }
  },
};

// options: { console, dom, fetch, xhr, history } (each on unless `false`), and
// isOwnRequest(url) → true for the SDK's own requests. add(crumb, hint) receives each crumb.
export function installBreadcrumbs(options, add) {
  const mine = [];
  let o = {};
  let own = () => false;
  try {
    o = options || {};
    if (typeof o.isOwnRequest === 'function') {
      const f = o.isOwnRequest;
      own = (url) => {
        try { return !!f(url); } catch (_) { return false; }
      };
    }
  } catch (_) {}
  for (const name in sources) {
    let on = true;
    try { on = o[name] !== false; } catch (_) {}
    if (!on || typeof add !== 'function') continue;
    const sink = { add, own };
    sinks[name] = sink;
    mine.push([name, sink]);
    if (!wrapped[name]) {
      const undo = [];
      try { sources[name](undo); } catch (_) {}
      wrapped[name] = undo;
    }
  }
  return function uninstall() {
    for (const [name, sink] of mine) {
      if (sinks[name] !== sink) continue; // a later install took this source over
      sinks[name] = null;
      for (const undo of wrapped[name]) {
        try { if (undo) undo(); } catch (_) {}
      }
      wrapped[name] = 0;
    }
    mine.length = 0;
  };
}
