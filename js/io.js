// The I/O the wasm asks for, done in plain JS: one `fetch` per envelope, one timer, and the
// persistent store (js/store.js, reached through `host.store`).
// The wasm decides (src/core/outbox.rs); this file only performs and reports back through
// `host`, which the stub connects so that every answer re-enters the wasm through its guard.
// Done here rather than with web-sys closures and wasm-bindgen-futures: the same work in a
// few hundred bytes of JS instead of ~10 KB of closure and future machinery in the wasm.
// It ships in the lazily loaded half (js/glue.js), so it imports nothing from the stub's
// half: the unwrapped `fetch` comes in through `host.fetch` as well.

let host = null;
let timer = 0;
let timerAt = Infinity;

// Strings into wasm memory (src/web/read.rs): hold one, say its length, write it as UTF-8.
// The builtins are taken now: a page that later replaces them (or breaks them) does not
// break the SDK's reads.
let encoder = null;
let encodeInto = null;
try {
  encoder = new TextEncoder();
  encodeInto = TextEncoder.prototype.encodeInto;
} catch (_) {}
const slice = String.prototype.slice;
const isArray = Array.isArray;
let held = '';

function hold(v, max) {
  if (typeof v !== 'string') return -1;
  held = v.length > max ? slice.call(v, 0, max) : v;
  return held.length;
}

// UTF-8 by hand, for when the native encoder is missing or fails (lone surrogates as U+FFFD).
export function encodeSlowly(s, into) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) into[n++] = c;
    else if (c < 0x800) { into[n++] = 0xc0 | (c >> 6); into[n++] = 0x80 | (c & 63); }
    else if (c < 0x10000) { into[n++] = 0xe0 | (c >> 12); into[n++] = 0x80 | ((c >> 6) & 63); into[n++] = 0x80 | (c & 63); }
    else { into[n++] = 0xf0 | (c >> 18); into[n++] = 0x80 | ((c >> 12) & 63); into[n++] = 0x80 | ((c >> 6) & 63); into[n++] = 0x80 | (c & 63); }
  }
  return n;
}

export function holdText(value, max) {
  return hold(value, max);
}

export function holdProp(object, key, max) {
  let v;
  try { v = object[key]; } catch (_) { return -1; }
  return hold(v, max);
}

export function holdHref(max) {
  try { return hold(location.href, max); } catch (_) { return -1; }
}

// Whether a thrown value links other errors (src/web/read.rs: `linked` reads them carefully).
export function hasLinks(v) {
  try {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
    const c = v.cause;
    return (typeof c === 'object' && c !== null) || isArray(v.errors);
  } catch (_) {
    return true;
  }
}

export function takeHeld(into) {
  const s = held;
  held = '';
  try {
    return encodeInto.call(encoder, s, into).written;
  } catch (_) {
    return encodeSlowly(s, into);
  }
}

export function connect(h) {
  host = h;
}

const TIMEOUT_MS = 30_000; // a request that hangs must not hold an in-flight slot forever
const COMPRESS_OVER = 16 * 1024; // bytes: smaller envelopes are not worth a preflight

// POSTs an envelope. A string body makes the browser send `text/plain;charset=UTF-8`, and
// the key travels in the query string: a CORS "simple" request, so no preflight. Collectors
// answer with `Access-Control-Allow-Origin: *`, which forbids credentials. A large envelope
// is gzipped where `CompressionStream` exists (`Content-Encoding` costs a preflight, cached
// by the browser); never one sent at page exit, where there is no time for it.
export function send(url, body, keepalive, ticket) {
  let answered = false;
  let timeout = 0;
  const answer = (status, limits, retryAfter) => {
    if (answered) return;
    answered = true;
    // The timer holds the request (and its body) alive: gone with the answer.
    clearTimeout(timeout);
    if (host) host.answer(ticket, status, limits, retryAfter);
  };
  const failed = () => answer(0, null, null);
  try {
    const abort = typeof AbortController === 'function' && !keepalive ? new AbortController() : null;
    const init = { method: 'POST', body, keepalive, credentials: 'omit', mode: 'cors', signal: abort ? abort.signal : undefined };
    if (abort) timeout = setTimeout(() => { abort.abort(); failed(); }, TIMEOUT_MS);
    const compress = !keepalive && body.length > COMPRESS_OVER && typeof CompressionStream === 'function';
    const ready = compress
      ? new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer().then(
        (gz) => Object.assign(init, { body: gz, headers: { 'Content-Type': 'text/plain;charset=UTF-8', 'Content-Encoding': 'gzip' } }),
        () => init,
      )
      : Promise.resolve(init);
    // The fetch from before any wrapper (ours records breadcrumbs; a page's may do anything).
    // Delivered only once the whole answer arrived: a connection cut mid-response may have
    // lost the event (a retry that repeats it is dropped by the collector, by event_id).
    ready.then((i) => ((host && host.fetch) || fetch)(url, i)).then(
      (r) => r.text().then(() => answer(r.status, r.headers.get('x-sentry-rate-limits'), r.headers.get('retry-after')), failed),
      failed,
    );
  } catch (_) {
    // A page's fetch wrapper threw synchronously: answer later, never re-entering the wasm now.
    Promise.resolve().then(failed);
  }
}

// The store's writes happen later, in IndexedDB's own tasks; both never throw.
export function persist(id, url, dsn, payload) {
  try { if (host && host.store) host.store.persist(id, url, dsn, payload); } catch (_) {}
}

export function forget(id) {
  try { if (host && host.store) host.store.forget(id); } catch (_) {}
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
