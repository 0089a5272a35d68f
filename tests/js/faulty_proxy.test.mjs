// node --test tests/js/ : tests/support/faulty_proxy.mjs, against a fake collector (no browser, no Bugsink).
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { faultyProxy, parseEnvelope } from '../support/faulty_proxy.mjs';

/** A collector stand-in: answers 200 {"id"} (or `reply`) and keeps what it got. */
async function fakeCollector() {
  const got = [];
  const state = { got, reply: null };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      const { status = 200, headers = {} } = state.reply ?? {};
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify({ id: 'x'.repeat(32) }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${server.address().port}`;
  state.close = () => new Promise((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
  return state;
}

let n = 0;
const newId = () => (++n).toString(16).padStart(32, 'a');
const eventEnvelope = (id, extra = {}) =>
  `${JSON.stringify({ event_id: id, sent_at: new Date().toISOString() })}\n{"type":"event"}\n${JSON.stringify({ event_id: id, message: 'hi', ...extra })}\n`;

let upstream, proxy, endpoint;
before(async () => {
  upstream = await fakeCollector();
  proxy = await faultyProxy(upstream.url);
  endpoint = `http://127.0.0.1:${proxy.port}/api/1/envelope/?sentry_key=abc&sentry_version=7`;
});
after(async () => {
  await proxy?.close();
  await upstream?.close();
});

const post = (body, headers = {}) =>
  fetch(endpoint, { method: 'POST', body, headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers } });

test('forwards unchanged and passes the collector\'s rate-limit headers through', async () => {
  upstream.reply = { headers: { 'X-Sentry-Rate-Limits': '60:transaction:key', 'Retry-After': '7' } };
  const id = newId();
  const body = eventEnvelope(id);
  const before = upstream.got.length;
  const res = await post(body, { 'X-Sentry-Auth': 'Sentry sentry_key=abc' });
  upstream.reply = null;
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { id: 'x'.repeat(32) });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('access-control-expose-headers'), 'x-sentry-rate-limits, retry-after');
  assert.equal(res.headers.get('x-sentry-rate-limits'), '60:transaction:key');
  assert.equal(res.headers.get('retry-after'), '7');
  assert.equal(upstream.got.length, before + 1);
  const got = upstream.got.at(-1);
  assert.equal(got.url, '/api/1/envelope/?sentry_key=abc&sentry_version=7');
  assert.equal(got.body.toString(), body);
  assert.equal(got.headers['content-type'], 'text/plain;charset=UTF-8');
  assert.equal(got.headers['x-sentry-auth'], 'Sentry sentry_key=abc');
  assert.equal(proxy.seen(id), 1);
  assert.ok(proxy.delivered().has(id));
  const env = proxy.envelopes.at(-1);
  assert.equal(env.eventId, id);
  assert.equal(env.fault, null);
  assert.equal(env.encoding, null);
  assert.deepEqual(env.items.map((i) => i.type), ['event']);
  assert.equal(env.items[0].payload.message, 'hi');
});

for (const [encoding, compress] of [['gzip', zlib.gzipSync], ['br', zlib.brotliCompressSync]]) {
  test(`a ${encoding} body is decoded for the records and forwarded still ${encoding}-encoded`, async () => {
    const id = newId();
    const packed = compress(Buffer.from(eventEnvelope(id)));
    const res = await post(packed, { 'Content-Encoding': encoding });
    assert.equal(res.status, 200);
    assert.equal(proxy.seen(id), 1);
    const env = proxy.envelopes.at(-1);
    assert.equal(env.encoding, encoding);
    assert.equal(env.items[0].payload.event_id, id);
    const got = upstream.got.at(-1);
    assert.equal(got.headers['content-encoding'], encoding);
    assert.ok(got.body.equals(packed), 'the original bytes');
  });
}

test('failNext: 503 answered by the proxy, the collector gets nothing', async () => {
  const id = newId();
  const before = upstream.got.length;
  proxy.failNext(1, { status: 503 });
  assert.equal(proxy.pendingFaults(), 1);
  const res = await post(eventEnvelope(id));
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(proxy.pendingFaults(), 0);
  assert.equal(upstream.got.length, before);
  assert.equal(proxy.seen(id), 1);
  assert.ok(!proxy.delivered().has(id));
  assert.equal(proxy.log.at(-1).fault.status, 503);
  // A fault with no action of its own is a 503, as it always was.
  proxy.failNext(1);
  assert.equal((await post(eventEnvelope(newId()))).status, 503);
});

test('failNext: 429 with and without Retry-After', async () => {
  proxy.failNext(1, { status: 429, headers: { 'X-Sentry-Rate-Limits': '60:error:key', 'Retry-After': '60' } });
  proxy.failNext(1, { status: 429, headers: { 'X-Sentry-Rate-Limits': '2::key' } });
  const a = await post(eventEnvelope(newId()));
  assert.equal(a.status, 429);
  assert.equal(a.headers.get('x-sentry-rate-limits'), '60:error:key');
  assert.equal(a.headers.get('retry-after'), '60');
  const b = await post(eventEnvelope(newId()));
  assert.equal(b.status, 429);
  assert.equal(b.headers.get('x-sentry-rate-limits'), '2::key');
  assert.equal(b.headers.get('retry-after'), null);
});

test('delay: forwarded after the delay; with a status, that status after the delay', async () => {
  const id = newId();
  const before = upstream.got.length;
  proxy.failNext(1, { delay: 150 });
  let t = Date.now();
  const res = await post(eventEnvelope(id));
  assert.ok(Date.now() - t >= 150, `answered after ${Date.now() - t} ms`);
  assert.equal(res.status, 200);
  assert.equal(upstream.got.length, before + 1);
  assert.ok(proxy.delivered().has(id), 'a delay alone still reaches the collector');

  const id2 = newId();
  proxy.failNext(1, { delay: 150, status: 503 });
  t = Date.now();
  const res2 = await post(eventEnvelope(id2));
  assert.ok(Date.now() - t >= 150);
  assert.equal(res2.status, 503);
  assert.equal(upstream.got.length, before + 1);
  assert.ok(!proxy.delivered().has(id2));
});

test('reset: status line and part of the body, then the socket dies', async () => {
  const id = newId();
  const before = upstream.got.length;
  proxy.failNext(1, { reset: true });
  // fetch resolves on the headers; reading the cut body is what fails.
  await assert.rejects(post(eventEnvelope(id)).then((r) => r.text()));
  assert.equal(upstream.got.length, before);
  assert.equal(proxy.seen(id), 1);
  assert.ok(!proxy.delivered().has(id));
});

test('hang and drop: the body is read, no answer at all, the collector gets nothing', async () => {
  const before = upstream.got.length;
  for (const fault of [{ hang: true }, { drop: true }]) {
    const id = newId();
    proxy.failNext(1, fault);
    await assert.rejects(post(eventEnvelope(id)), TypeError);
    assert.equal(proxy.seen(id), 1, 'the body was read and parsed');
  }
  assert.equal(upstream.got.length, before);
});

test('down/up: refused while down, the same port works again after up', async () => {
  const port = proxy.port;
  await proxy.down();
  const err = await post(eventEnvelope(newId())).then(() => null, (e) => e);
  assert.ok(err, 'fetch rejected');
  assert.equal(err.cause?.code, 'ECONNREFUSED');
  await proxy.up();
  assert.equal(proxy.port, port);
  const id = newId();
  assert.equal((await post(eventEnvelope(id))).status, 200);
  assert.ok(proxy.delivered().has(id));
});

test('failFor: every POST in the window gets the fault, then back to normal', async () => {
  proxy.failFor(200, { status: 503 });
  assert.equal((await post(eventEnvelope(newId()))).status, 503);
  assert.equal((await post(eventEnvelope(newId()))).status, 503);
  assert.equal(proxy.pendingFaults(), 0, 'a window is not a queued fault');
  await new Promise((r) => setTimeout(r, 220));
  assert.equal((await post(eventEnvelope(newId()))).status, 200);
});

test('OPTIONS preflight is answered by the proxy', async () => {
  const before = upstream.got.length;
  const res = await fetch(endpoint, {
    method: 'OPTIONS',
    headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,content-encoding' },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
  assert.equal(res.headers.get('access-control-allow-headers'), 'content-type,content-encoding');
  assert.equal(res.headers.get('access-control-max-age'), '600');
  assert.equal(upstream.got.length, before);
});

test('client reports are parsed (length in bytes) and discarded() sums them, faulted or not', async () => {
  const report1 = JSON.stringify({ timestamp: 1, discarded_events: [{ reason: 'queue_overflow', category: 'error', quantity: 2 }] });
  const report2 = JSON.stringify({
    timestamp: 2,
    discarded_events: [
      { reason: 'queue_overflow', category: 'error', quantity: 3 },
      { reason: 'ratelimit_backoff', category: 'error', quantity: 1 },
    ],
  });
  const id = newId();
  const event = JSON.stringify({ event_id: id, message: 'ünïcödé ✓' }); // bytes ≠ characters
  const body =
    `{"sent_at":"2024-01-01T00:00:00Z"}\n` +
    `{"type":"event","length":${Buffer.byteLength(event)}}\n${event}\n` +
    `{"type":"client_report","length":${Buffer.byteLength(report1)}}\n${report1}`; // no trailing newline
  const before = proxy.clientReports().length;
  assert.equal((await post(body)).status, 200);
  proxy.failNext(1, { status: 500 });
  assert.equal((await post(`{}\n{"type":"client_report"}\n${report2}\n`)).status, 500);

  const env = proxy.envelopes.at(-2);
  assert.equal(env.eventId, id, 'event id from the event item when the header has none');
  assert.deepEqual(env.items.map((i) => i.type), ['event', 'client_report']);
  assert.equal(env.items[0].payload.message, 'ünïcödé ✓');
  assert.equal(proxy.seen(id), 1);
  assert.ok(proxy.delivered().has(id));
  assert.deepEqual(proxy.clientReports().slice(before), [JSON.parse(report1), JSON.parse(report2)]);
  const sums = proxy.discarded();
  assert.equal(sums['queue_overflow:error'], 5);
  assert.equal(sums['ratelimit_backoff:error'], 1);
});

test('delivered() only holds what the collector itself accepted', async () => {
  const ok = newId();
  const refused = newId();
  assert.equal((await post(eventEnvelope(ok))).status, 200);
  upstream.reply = { status: 500 };
  assert.equal((await post(eventEnvelope(refused))).status, 500);
  upstream.reply = null;
  const delivered = proxy.delivered();
  assert.ok(delivered.has(ok));
  assert.ok(!delivered.has(refused));
  assert.equal(proxy.seen(refused), 1);
});

test('parseEnvelope: length-delimited and newline-terminated items, binary payloads', () => {
  const bin = Buffer.from([0x00, 0x0a, 0xff, 0x0a]);
  const buf = Buffer.concat([
    Buffer.from('{"event_id":"e"}\n{"type":"attachment","length":4}\n'),
    bin,
    Buffer.from('\n{"type":"event"}\n{"event_id":"e"}\n'),
  ]);
  const { header, items } = parseEnvelope(buf);
  assert.equal(header.event_id, 'e');
  assert.deepEqual(items.map((i) => i.type), ['attachment', 'event']);
  assert.deepEqual(items[1].payload, { event_id: 'e' });
});

test('close() stops a delayed request at once and leaves no timer behind', async () => {
  const up = await fakeCollector();
  const p = await faultyProxy(up.url);
  p.failNext(1, { delay: 10_000 });
  const pending = fetch(`http://127.0.0.1:${p.port}/api/1/envelope/`, { method: 'POST', body: eventEnvelope(newId()) });
  while (!p.log.length) await new Promise((r) => setTimeout(r, 5));
  const t = Date.now();
  await p.close();
  await assert.rejects(pending);
  assert.ok(Date.now() - t < 1000);
  assert.equal(up.got.length, 0);
  await up.close();
});
