// A loopback proxy in front of a collector that fails on command: the fault injection the
// delivery tests need. Self-test: tests/js/faulty_proxy.test.mjs.
//
//   const proxy = await faultyProxy(bs.url);
//   proxy.dsn(bs.dsn)                            // the same DSN, pointing at the proxy
//
// Faults. failNext(n, fault) queues one fault per coming envelope POST; failFor(ms, fault) gives
// `fault` to every POST in the next ms milliseconds (the queue is served first). A fault with no
// action of its own ({} or { headers }) is a 503.
//   refuse:  await proxy.down() stops listening and destroys open sockets (connection refused);
//            await proxy.up() listens again on the same port, so the page's DSN keeps working.
//   status:  failNext(2, { status: 503 })        // also 500, 413, 400, …: answered by the proxy
//            failNext(1, { status: 429, headers: { 'X-Sentry-Rate-Limits': '60:error:key', 'Retry-After': '60' } })
//            failNext(1, { status: 429, headers: { 'X-Sentry-Rate-Limits': '2::key' } })  // no Retry-After
//            failNext(1, { status: 429, headers: { 'Retry-After': '2' } })                // no rate limits
//   delay:   failNext(1, { delay: 3000 })        // forwarded after 3 s (even if the client gave up)
//            failNext(1, { delay: 3000, status: 503 })  // 503 after 3 s; any other fault also waits
//   reset:   failNext(1, { reset: true })        // status line + headers + part of a body, then the
//            socket is destroyed; status defaults to 200 (a fetch resolves, reading the body fails)
//   hang:    failNext(1, { hang: true })         // body read, nothing forwarded, socket ended with
//            no status line at all
//   drop:    failNext(1, { drop: true })         // body read, socket destroyed at once
//   window:  proxy.failFor(2000, { status: 503 })  // every POST for 2 s
//   The collector never gets a faulted envelope (delay alone is not a fault of the collector's).
//
// Records. Each POST body is decoded (Content-Encoding gzip, br or deflate) and parsed as an
// envelope; the original bytes are forwarded with their original Content-Encoding/Content-Type.
//   proxy.log             every request: { method, eventId, fault, at }
//   proxy.envelopes       every POST: { at, eventId, fault, items: [{ type, header, payload }], encoding, header, error? }
//   proxy.seen(eventId)   POSTs carrying that id (envelope header or `event` item)
//   proxy.delivered()     Set of event ids the collector itself answered 2xx for
//   proxy.clientReports() every `client_report` payload seen, faulted or not
//   proxy.discarded()     { 'reason:category': quantity } summed over those reports
//   proxy.pendingFaults() faults still queued by failNext
//
// CORS preflights are answered here; every answer carries Access-Control-Allow-Origin: * and
// exposes x-sentry-rate-limits and retry-after, which pass through from the collector.
// Everything else is forwarded unchanged. Listens on 127.0.0.1 only; close() stops everything.

import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';

const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'x-sentry-rate-limits, retry-after' };
// Request headers the collector needs: the body's own description and (if sent) the auth.
const FORWARDED_REQUEST = ['content-type', 'content-encoding', 'x-sentry-auth'];
// Answer headers the SDK reads (rate limits) or needs to decode the body.
const FORWARDED_ANSWER = ['content-type', 'content-encoding', 'x-sentry-rate-limits', 'retry-after'];

const DECODERS = { gzip: zlib.gunzipSync, 'x-gzip': zlib.gunzipSync, br: zlib.brotliDecompressSync, deflate: zlib.inflateSync };

/** Decodes a body by its Content-Encoding (possibly a list, applied in order). */
function decode(body, encoding) {
  const codings = (encoding ?? '').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c && c !== 'identity');
  for (const c of codings.reverse()) {
    if (!DECODERS[c]) throw new Error(`unknown Content-Encoding ${c}`);
    body = DECODERS[c](body);
  }
  return body;
}

function parsePayload(raw) {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Parses an envelope: a JSON header line, then item header + payload pairs. A payload is
 * `length` bytes when the item header says so (bytes, not characters), else up to the newline.
 */
export function parseEnvelope(buf) {
  const lineEnd = (from) => {
    const i = buf.indexOf(0x0a, from);
    return i === -1 ? buf.length : i;
  };
  let end = lineEnd(0);
  const header = JSON.parse(buf.subarray(0, end).toString('utf8'));
  const items = [];
  let pos = end + 1;
  while (pos < buf.length) {
    end = lineEnd(pos);
    const line = buf.subarray(pos, end).toString('utf8').trim();
    pos = end + 1;
    if (!line) continue; // the optional trailing newline
    const itemHeader = JSON.parse(line);
    let raw;
    if (Number.isInteger(itemHeader.length) && itemHeader.length >= 0) {
      raw = buf.subarray(pos, pos + itemHeader.length);
      pos += itemHeader.length;
      if (buf[pos] === 0x0a) pos++;
    } else {
      end = lineEnd(pos);
      raw = buf.subarray(pos, end);
      pos = end + 1;
    }
    items.push({ type: itemHeader.type, header: itemHeader, payload: parsePayload(raw) });
  }
  return { header, items };
}

/** The fault as it will be applied: a fault that does nothing by itself is a 503. */
function normalize(fault = {}) {
  const f = { headers: {}, ...fault };
  if (f.status === undefined && !f.drop && !f.hang && !f.reset && f.delay === undefined) f.status = 503;
  return f;
}

export async function faultyProxy(target) {
  const faults = []; // queue of faults, from failNext
  const windows = []; // { until, fault }, from failFor
  const attempts = new Map(); // event_id → POSTs seen
  const delivered = new Set();
  const reports = [];
  const log = [];
  const envelopes = [];
  const timers = new Set();
  const upstreams = new Set(); // requests to the collector in flight
  const agent = new (new URL(target).protocol === 'https:' ? https : http).Agent({ keepAlive: true });
  let closed = false;

  const sleep = (ms) => new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });

  function nextFault() {
    if (faults.length) return faults.shift();
    const now = Date.now();
    while (windows.length && windows[0].until <= now) windows.shift();
    return windows.length ? windows[windows.length - 1].fault : undefined; // the latest window wins
  }

  /** Reads the envelope for the records; a body that does not parse is recorded with `error`. */
  function record(req, body, fault, at) {
    const encoding = req.headers['content-encoding'] ?? null;
    const entry = { at, eventId: null, fault: fault ?? null, items: [], encoding, header: null };
    envelopes.push(entry);
    try {
      const env = parseEnvelope(decode(body, encoding));
      entry.header = env.header;
      entry.items = env.items;
    } catch (e) {
      entry.error = String(e);
    }
    for (const item of entry.items) {
      if (item.type === 'client_report' && item.payload && typeof item.payload === 'object') reports.push(item.payload);
    }
    const ids = idsOf(entry);
    for (const id of ids) attempts.set(id, (attempts.get(id) ?? 0) + 1);
    entry.eventId = ids.values().next().value ?? null;
    return entry;
  }

  /** Sends the request to the collector; resolves to { status, headers, body }. */
  function forward(req, body) {
    const url = new URL(req.url, target);
    const headers = {};
    for (const h of FORWARDED_REQUEST) if (req.headers[h] !== undefined) headers[h] = req.headers[h];
    if (req.method === 'POST') {
      headers['content-type'] ??= 'text/plain;charset=UTF-8';
      headers['content-length'] = body.length;
    }
    return new Promise((resolve, reject) => {
      const up = (url.protocol === 'https:' ? https : http).request(url, { method: req.method, headers, agent }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          upstreams.delete(up);
          resolve({ status: r.statusCode, headers: r.headers, body: Buffer.concat(chunks) });
        });
        r.on('error', reject);
      });
      upstreams.add(up);
      up.on('error', (e) => {
        upstreams.delete(up);
        reject(e);
      });
      up.end(req.method === 'POST' || body.length ? body : undefined);
    });
  }

  async function handle(req, res, body) {
    const at = Date.now();
    if (req.method === 'OPTIONS') {
      log.push({ method: req.method, eventId: null, fault: null, at });
      res.writeHead(204, {
        ...CORS,
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        // Echo what was asked for: the SDK may send Content-Encoding, Content-Type, …
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'content-type',
        'Access-Control-Max-Age': '600',
      });
      return res.end();
    }
    const fault = req.method === 'POST' ? nextFault() : undefined;
    const entry = req.method === 'POST' ? record(req, body, fault, at) : null;
    log.push({ method: req.method, eventId: entry?.eventId ?? null, fault: fault ?? null, at });

    if (fault?.delay) {
      await sleep(fault.delay);
      if (closed) return;
    }
    const socket = req.socket;
    if (fault?.drop) return socket.destroy();
    if (fault?.hang) return socket.end(); // FIN with no status line: "closed without answering"
    if (fault?.reset) {
      res.writeHead(fault.status ?? 200, { ...CORS, 'Content-Type': 'application/json', 'Content-Length': '64', ...fault.headers });
      return res.write('{"id":"', () => socket.destroy()); // promised 64 bytes, sent 7
    }
    if (fault?.status !== undefined) {
      res.writeHead(fault.status, { ...CORS, 'Content-Type': 'text/plain', ...fault.headers });
      return res.end(`injected ${fault.status}\n`);
    }
    let answer;
    try {
      answer = await forward(req, body);
    } catch (e) {
      if (closed || res.destroyed) return;
      res.writeHead(502, { ...CORS, 'Content-Type': 'text/plain' });
      return res.end(String(e));
    }
    if (entry && answer.status >= 200 && answer.status < 300) {
      for (const id of idsOf(entry)) delivered.add(id);
    }
    if (closed || res.destroyed) return;
    const headers = { ...CORS };
    for (const h of FORWARDED_ANSWER) if (answer.headers[h] !== undefined) headers[h] = answer.headers[h];
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('error', () => {}); // a client that gives up mid-upload is not our failure
    res.on('error', () => {});
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks)).catch((e) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { ...CORS, 'Content-Type': 'text/plain' });
          res.end(`faulty_proxy: ${e?.stack ?? e}`);
        }
      });
    });
  });

  const listen = (port) => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const stop = () => new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections(); // after close(): no new sockets can slip in between
  });

  await listen(0);
  const { port } = server.address();
  return {
    port,
    log,
    envelopes,
    failNext(n, fault) {
      for (let i = 0; i < n; i++) faults.push(normalize(fault));
    },
    failFor(ms, fault) {
      windows.push({ until: Date.now() + ms, fault: normalize(fault) });
    },
    pendingFaults: () => faults.length,
    seen: (eventId) => attempts.get(eventId) ?? 0,
    delivered: () => new Set(delivered),
    clientReports: () => [...reports],
    discarded() {
      const sums = {};
      for (const r of reports) {
        for (const d of Array.isArray(r.discarded_events) ? r.discarded_events : []) {
          const key = `${d.reason}:${d.category}`;
          sums[key] = (sums[key] ?? 0) + (Number(d.quantity) || 0);
        }
      }
      return sums;
    },
    dsn: (dsn) => {
      const u = new URL(dsn);
      u.host = `127.0.0.1:${port}`;
      return u.toString().replace(/\/$/, '');
    },
    down: stop,
    up: () => (server.listening ? Promise.resolve() : listen(port)),
    close: async () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const up of upstreams) up.destroy();
      upstreams.clear();
      agent.destroy();
      await stop();
    },
  };
}

/** The event ids an envelope carries: its header's and its `event` items'. */
function idsOf(entry) {
  const ids = new Set();
  if (typeof entry.header?.event_id === 'string') ids.add(entry.header.event_id);
  for (const item of entry.items) if (item.type === 'event' && typeof item.payload?.event_id === 'string') ids.add(item.payload.event_id);
  return ids;
}
