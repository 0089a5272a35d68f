// A loopback proxy in front of a collector that fails on command: the fault injection the
// delivery tests need (5xx, dropped connections, 4xx, 429 with rate-limit headers).
//
//   const proxy = await faultyProxy(bs.url);
//   proxy.failNext(2, { status: 503 });          // the next 2 envelopes get a 503
//   proxy.failNext(1, { drop: true });           // the next one: connection destroyed
//   proxy.seen(eventId)                          // how many times that event was POSTed
//   proxy.dsn(bs.dsn)                            // the same DSN, pointing at the proxy
//
// Everything else is forwarded to the collector unchanged. Listens on 127.0.0.1 only.

import http from 'node:http';

export async function faultyProxy(target) {
  const faults = []; // queue of { status, headers, drop }
  const attempts = new Map(); // event_id → POSTs seen
  const log = [];

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      let eventId = null;
      if (req.method === 'POST') {
        try {
          eventId = JSON.parse(body.toString('utf8').split('\n', 1)[0]).event_id ?? null;
        } catch {}
        if (eventId) attempts.set(eventId, (attempts.get(eventId) ?? 0) + 1);
      }
      const fault = req.method === 'POST' ? faults.shift() : undefined;
      log.push({ method: req.method, eventId, fault: fault ?? null, at: Date.now() });
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'x-sentry-rate-limits, retry-after' };
      if (fault?.drop) return req.socket.destroy();
      if (fault) {
        res.writeHead(fault.status, { ...cors, 'Content-Type': 'text/plain', ...fault.headers });
        return res.end(`injected ${fault.status}\n`);
      }
      try {
        const upstream = await fetch(new URL(req.url, target), {
          method: req.method,
          headers: { 'Content-Type': req.headers['content-type'] ?? 'text/plain;charset=UTF-8' },
          body: req.method === 'POST' ? body : undefined,
        });
        const text = Buffer.from(await upstream.arrayBuffer());
        res.writeHead(upstream.status, { ...cors, 'Content-Type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(text);
      } catch (e) {
        res.writeHead(502, cors);
        res.end(String(e));
      }
    });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    log,
    failNext(n, fault) {
      for (let i = 0; i < n; i++) faults.push({ status: 503, headers: {}, ...fault });
    },
    pendingFaults: () => faults.length,
    seen: (eventId) => attempts.get(eventId) ?? 0,
    dsn: (dsn) => {
      const u = new URL(dsn);
      u.host = `127.0.0.1:${port}`;
      return u.toString().replace(/\/$/, '');
    },
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}
