// The e2e suite's in-page recorder: the first script of every test page, in every engine.
//
// WebDriver (Firefox, WebKit) cannot observe a page's uncaught errors or console, and
// Chromium's DevTools events would make Chromium's assertions differ from the others'. So
// each page records them itself, in `window.__e2e`, read back by tests/support/browser.mjs:
//   __e2e.errors   [{ kind: 'error'|'unhandledrejection', name, message, stack,
//                     event: { message, filename, lineno, colno } }]   (`event` for `error` only)
//   __e2e.console  [{ type: 'log'|'info'|'debug'|'warning'|'error', text }]
//
// It must not change what the SDK sees or reports:
// - listeners are passive: no preventDefault, no stopPropagation, no return value, and they
//   never throw (everything is in try/catch);
// - from a thrown value it reads `name`, `message` and `stack` only when the value is an
//   Error (`instanceof`, a prototype walk); of anything else it reads no property of its
//   own, so a value whose getters throw (or count their reads) is left alone;
// - console methods are wrapped, not replaced: the original is called with the same
//   arguments and `this`, and its result is returned.
// Recorded strings are bounded (a 5 MB message stays in the page, not in the recorder).
(function () {
  'use strict';
  if (window.__e2e) return;
  var MAX = 2000;
  var rec = { errors: [], console: [] };
  Object.defineProperty(window, '__e2e', { value: rec, enumerable: false });

  function bound(s) {
    return s.length > MAX ? s.slice(0, MAX) + '\u2026' : s;
  }
  // Stacks are kept head and tail: V8's starts with the (possibly huge) message.
  function boundStack(s) {
    return s.length > 3 * MAX ? s.slice(0, MAX) + '\n\u2026\n' + s.slice(-2 * MAX) : s;
  }
  function isError(v) {
    try { return v instanceof Error; } catch (_) { return false; }
  }
  function describe(v) {
    if (isError(v)) {
      var out = { name: '', message: '', stack: '' };
      try { out.name = bound(String(v.name)); } catch (_) {}
      try { out.message = bound(String(v.message)); } catch (_) {}
      try { if (typeof v.stack === 'string') out.stack = boundStack(v.stack); } catch (_) {}
      return out;
    }
    var t = typeof v;
    if (v === null || (t !== 'object' && t !== 'function')) {
      var text;
      try { text = t === 'symbol' ? v.toString() : String(v); } catch (_) { text = '(' + t + ')'; }
      return { name: '', message: bound(text), stack: '' };
    }
    // Another object: its class, read off its prototype, never off the value itself.
    var cls = 'Object';
    try {
      var proto = Object.getPrototypeOf(v);
      var ctor = proto && Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (ctor && typeof ctor.value === 'function' && typeof ctor.value.name === 'string') cls = ctor.value.name;
    } catch (_) {}
    return { name: '', message: cls, stack: '' };
  }

  window.addEventListener('error', function (ev) {
    try {
      if (!(ev instanceof ErrorEvent)) return; // a resource failed to load: not an exception
      var r = describe(ev.error);
      r.kind = 'error';
      r.event = {
        message: bound(String(ev.message)),
        filename: String(ev.filename),
        lineno: ev.lineno,
        colno: ev.colno,
        hasError: ev.error !== null && ev.error !== undefined,
      };
      rec.errors.push(r);
    } catch (_) {}
  });
  window.addEventListener('unhandledrejection', function (ev) {
    try {
      var r = describe(ev.reason);
      r.kind = 'unhandledrejection';
      rec.errors.push(r);
    } catch (_) {}
  });

  function text(a) {
    try {
      if (typeof a === 'string') return a;
      if (isError(a)) return String(a.name) + ': ' + String(a.message);
      if (a !== null && typeof a === 'object') return JSON.stringify(a);
      return String(a);
    } catch (_) {
      return '(unprintable)';
    }
  }
  var types = { log: 'log', info: 'info', debug: 'debug', warn: 'warning', error: 'error' };
  Object.keys(types).forEach(function (method) {
    var original = console[method];
    if (typeof original !== 'function') return;
    console[method] = function () {
      try {
        var parts = [];
        for (var i = 0; i < arguments.length; i++) parts.push(text(arguments[i]));
        rec.console.push({ type: types[method], text: bound(parts.join(' ')) });
      } catch (_) {}
      return original.apply(this, arguments);
    };
  });
})();
