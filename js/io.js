// The I/O the wasm asks for, done in plain JS: one `fetch` per envelope and one timer.
// The wasm decides (src/core/outbox.rs); this file only performs and reports back through
// `host`, which the stub connects so that every answer re-enters the wasm through its guard.
// Done here rather than with web-sys closures and wasm-bindgen-futures: the same work in a
// few hundred bytes of JS instead of ~10 KB of closure and future machinery in the wasm.

import { nativeFetch } from './breadcrumbs.js';

let host = null;
let timer = 0;
let timerAt = Infinity;

export function connect(h) {
  host = h;
}

// POSTs an envelope. A string body makes the browser send `text/plain;charset=UTF-8`, and
// the key travels in the query string: a CORS "simple" request, so no preflight. Collectors
// answer with `Access-Control-Allow-Origin: *`, which forbids credentials.
export function send(url, body, keepalive, ticket) {
  const answer = (status, limits, retryAfter) => host && host.answer(ticket, status, limits, retryAfter);
  const failed = () => answer(0, null, null);
  try {
    // The fetch from before any wrapper (ours records breadcrumbs; a page's may do anything).
    (nativeFetch || fetch)(url, { method: 'POST', body, keepalive, credentials: 'omit', mode: 'cors' }).then(
      (r) => answer(r.status, r.headers.get('x-sentry-rate-limits'), r.headers.get('retry-after')),
      failed,
    );
  } catch (_) {
    // A page's fetch wrapper threw synchronously: answer later, never re-entering the wasm now.
    Promise.resolve().then(failed);
  }
}

// Makes sure `host.tick()` runs within `ms`; one timer at a time.
export function schedule(ms) {
  const at = Date.now() + ms;
  if (timer && timerAt <= at) return;
  clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(() => {
    timer = 0;
    timerAt = Infinity;
    if (host) host.tick();
  }, ms);
}
