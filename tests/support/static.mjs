// A small static file server for test pages and the demo, on 127.0.0.1 only.
//
//   const site = await serve(REPO, {
//     routes: { '/config.js': () => ({ type: 'text/javascript', body: `window.DSN = ${JSON.stringify(dsn)};` }) },
//     mounts: { '/pkg/': path.join(REPO, 'pkg') },   // URL prefix → directory (longest prefix wins)
//   });
//   site.url            // 'http://127.0.0.1:<port>'
//   site.requests       // ["GET /tests/pages/basic.html 200", ...] (logged when answered)
//   await site.close();
//
// Files are sent with `Cache-Control: no-store` (a rebuilt pkg/ is picked up on reload) and the
// MIME types browsers insist on: `.wasm` must be application/wasm for
// WebAssembly.instantiateStreaming, module scripts must be a JavaScript type.
// Leaves out: ranges, compression, directory listings.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Serve `root` at `/`. Options:
 * - `port` (0: any free port), `headers` (added to every response),
 * - `routes`: exact path → `(req, url) => ({ status?, type?, headers?, body })` (may be async),
 * - `mounts`: URL prefix ending in '/' → directory served under it,
 * - `gate`: `(pathname) => Promise | undefined`, awaited before answering (to hold a file back).
 */
export function serve(root, { port = 0, headers = {}, routes = {}, mounts = {}, gate } = {}) {
  const dirs = Object.entries({ ...mounts, '/': root })
    .map(([prefix, dir]) => [prefix, path.resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const requests = [];

  const server = http.createServer(async (req, res) => {
    const send = (status, type, body, extra = {}) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        ...headers,
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      requests.push(`${req.method} ${req.url} ${status}`);
    };
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return send(400, MIME['.txt'], 'bad path\n');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, MIME['.txt'], 'method not allowed\n', { Allow: 'GET, HEAD' });
      }
      if (gate) await gate(pathname);
      if (Object.hasOwn(routes, pathname)) {
        const r = await routes[pathname](req, url);
        return send(r.status ?? 200, r.type ?? MIME['.txt'], r.body ?? '', r.headers);
      }
      const [prefix, dir] = dirs.find(([p]) => pathname.startsWith(p)) ?? [];
      if (!dir) return send(404, MIME['.txt'], 'not found\n');
      let file = path.join(dir, pathname.slice(prefix.length));
      if (file !== dir && !file.startsWith(dir + path.sep)) return send(403, MIME['.txt'], 'forbidden\n');
      let st = await fs.promises.stat(file).catch(() => null);
      if (st?.isDirectory()) {
        if (!pathname.endsWith('/')) return send(301, MIME['.txt'], '', { Location: `${url.pathname}/${url.search}` });
        file = path.join(file, 'index.html');
        st = await fs.promises.stat(file).catch(() => null);
      }
      if (!st?.isFile()) return send(404, MIME['.txt'], `not found: ${pathname}\n`);
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      return send(200, type, await fs.promises.readFile(file));
    } catch (e) {
      if (!res.headersSent) send(500, MIME['.txt'], `server error: ${e.message}\n`);
      else res.destroy();
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const actual = server.address().port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        requests,
        server,
        close: () => new Promise((r) => {
          server.closeAllConnections?.();
          server.close(() => r());
        }),
      });
    });
  });
}
