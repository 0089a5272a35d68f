// What the benchmark harnesses (bench/perf.mjs, bench/delivery.mjs) share: the counting sink
// that stands in for a collector, the Sentry bundle, the shared page script as served, and
// the small plumbing of a harness (flags, timeouts, clean-up, tables, which build was measured).
//
//   const sink = await startSink({
//     newProject: () => ({ requests: 0, preflights: 0, bytesWire: 0, encodings: {}, events: 0 }),
//     onEnvelope(p, { header, items }) { p.events += items.filter((i) => i.type === 'event').length; },
//   });
//   sink.dsn(7)          // 'http://public@127.0.0.1:<port>/7': project id 7 in the DSN
//   sink.project(7)      // that project's record, as newProject() made it and the hooks keep it
//
// The pages' own shared helpers are in bench/support-page.js: each harness serves it
// (SUPPORT_PAGE_ROUTES) and loads it before its page's script (SUPPORT_PAGE_TAG).

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import { MIME } from '../tests/support/static.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PKG = process.env.FAULTLINE_PKG ? path.resolve(process.env.FAULTLINE_PKG) : path.join(REPO, 'pkg');
export const PKG_FILES = ['faultline.min.js', 'faultline_glue.js', 'faultline_bg.wasm'];
const SUPPORT_PAGE = path.join(REPO, 'bench/support-page.js');

// ---------------------------------------------------------------------------------------------
// Small helpers

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const errText = (e) => String(e?.message ?? e).split('\n')[0].slice(0, 200);
export const MB = (b) => (b == null ? null : b / (1024 * 1024));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** `--flag value` or `--flag=value`: take(flag, value) says whether it knew the flag; -h prints usage. */
export function readFlags(argv, usage, take) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split(/=(.*)/s) : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '-h' || flag === '--help') {
      console.log(`usage: ${usage}`);
      process.exit(0);
    }
    if (!take(flag, value)) throw new Error(`unknown argument ${a}`);
  }
}

/** Text table: first column left-aligned, the others right-aligned. */
export function asciiTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

/**
 * Runs `main(track)`, and whatever it passes to track() (a closer; track returns an untrack)
 * is closed at the end, last first, also on Ctrl-C or SIGTERM: no browser or server outlives
 * the harness. A failure is printed and sets the exit code.
 */
export function runHarness(main) {
  const started = []; // closers, last first
  const track = (closer) => {
    started.push(closer);
    return () => { const i = started.indexOf(closer); if (i >= 0) started.splice(i, 1); };
  };
  const stopAll = async () => {
    while (started.length) await started.pop()().catch(() => {});
  };
  const onSignal = (sig) => {
    stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  (async () => {
    try {
      await main(track);
    } finally {
      await stopAll();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  })().catch((e) => {
    console.error(e?.stack ?? e);
    process.exitCode = 1;
  });
}

// ---------------------------------------------------------------------------------------------
// What is measured: pkg/ as it is at run time, @sentry/browser bundled here

export function requirePkg() {
  for (const f of PKG_FILES) {
    if (!fs.existsSync(path.join(PKG, f))) throw new Error(`pkg/${f} is missing: build the package first`);
  }
}

/** Which build and commit were measured (pkg/ may be rebuilt while a bench runs). */
export function buildIdentity() {
  const hash = (f) => {
    try { return crypto.createHash('sha256').update(fs.readFileSync(path.join(PKG, f))).digest('hex').slice(0, 16); } catch { return null; }
  };
  let commit = null;
  try { commit = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
  return { commit, 'faultline.min.js': hash('faultline.min.js'), 'faultline_glue.js': hash('faultline_glue.js'), 'faultline_bg.wasm': hash('faultline_bg.wasm') };
}

/** `contents` (an entry importing from @sentry/browser) as one minified iife, like a site would ship it. */
export async function bundle(contents) {
  const esbuild = await import(path.join(REPO, 'node_modules/esbuild/lib/main.js'));
  const out = await esbuild.build({
    stdin: { contents, loader: 'js', resolveDir: REPO, sourcefile: 'entry.js' },
    bundle: true, format: 'iife', minify: true, write: false, logLevel: 'silent',
    target: 'es2020', define: { 'process.env.NODE_ENV': '"production"' },
    nodePaths: [path.join(REPO, 'node_modules')],
  });
  return Buffer.from(out.outputFiles[0].contents);
}

// bench/support-page.js, for the routes of tests/support/static.mjs (read at request time, like
// pkg/), and its tag, to stand before the page's own script. A script of its own, so the page
// scripts keep their line numbers: they are in every stack trace the SDKs send.
export const SUPPORT_PAGE_ROUTES = { '/support-page.js': () => ({ type: MIME['.js'], body: fs.readFileSync(SUPPORT_PAGE) }) };
export const SUPPORT_PAGE_TAG = '<script src="/support-page.js"></script>';

/** A route serving a static page with SUPPORT_PAGE_TAG before its first script. */
export function withSupportPage(htmlFile) {
  return () => ({ type: MIME['.html'], body: fs.readFileSync(htmlFile, 'utf8').replace('<script', `${SUPPORT_PAGE_TAG}\n<script`) });
}

// ---------------------------------------------------------------------------------------------
// The sink: answers like a collector, and leaves the counting to the harness

/** `{ header, items: [{ type, header, payload: Buffer }] }`; item payloads by `length` when given, else to the newline. */
export function parseEnvelope(buf) {
  let pos = 0;
  const line = () => {
    let end = buf.indexOf(10, pos);
    if (end < 0) end = buf.length;
    const s = buf.subarray(pos, end);
    pos = end + 1;
    return s;
  };
  const header = JSON.parse(line().toString('utf8'));
  const items = [];
  while (pos < buf.length) {
    const headerLine = line();
    if (headerLine.length === 0) continue; // a trailing newline
    const itemHeader = JSON.parse(headerLine.toString('utf8'));
    let payload;
    if (typeof itemHeader.length === 'number') {
      payload = buf.subarray(pos, pos + itemHeader.length);
      if (payload.length !== itemHeader.length) throw new Error('item shorter than its length');
      pos += itemHeader.length;
      if (buf[pos] === 10) pos++;
    } else {
      payload = line();
    }
    items.push({ type: itemHeader.type, header: itemHeader, payload });
  }
  return { header, items };
}

/** An event's id as the sink counts it: the item's own, else the envelope's; no dashes, lower case. */
export const eventIdOf = (data, header) => String(data.event_id ?? header.event_id ?? '').replace(/-/g, '').toLowerCase();

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

const DECODE = { gzip: zlib.gunzipSync, br: zlib.brotliDecompressSync, deflate: zlib.inflateSync };

/**
 * A collector on 127.0.0.1 that takes every envelope: 200 `{ id }`, permissive CORS (the pages
 * are on other origins), preflights answered with Access-Control-Max-Age as a collector does.
 * One record per project id (the DSN's), made by `newProject()`; the sink keeps its
 * `requests`, `preflights`, `bytesWire` and `encodings` (Content-Encoding → requests), and the
 * hooks count the rest:
 *   onRequest(p)                    a POST's body has arrived (before decoding)
 *   onEnvelope(p, envelope, body)   its body decoded (gzip/br/deflate) and parsed (parseEnvelope)
 *   onBadRequest(p, error)          it did not decode or parse, or onEnvelope threw: a 400
 *   log(req)                        every request, as it comes
 */
export async function startSink({ newProject, onRequest, onEnvelope, onBadRequest, log }) {
  const projects = new Map();
  const project = (projectId) => {
    const id = String(projectId);
    if (!projects.has(id)) projects.set(id, newProject());
    return projects.get(id);
  };
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'x-sentry-rate-limits, retry-after' };
  const server = http.createServer((req, res) => {
    log?.(req);
    const m = /^\/api\/([^/]+)\/envelope\/?(?:\?|$)/.exec(req.url);
    if (req.method === 'OPTIONS') {
      if (m) project(m[1]).preflights++;
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] || '*',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, cors);
      res.end();
      return;
    }
    const p = project(m[1]);
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('error', () => {});
    req.on('end', () => {
      const wire = Buffer.concat(chunks);
      const enc = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
      p.requests++;
      p.bytesWire += wire.length;
      p.encodings[enc] = (p.encodings[enc] ?? 0) + 1;
      onRequest?.(p);
      let id;
      try {
        const body = Object.hasOwn(DECODE, enc) ? DECODE[enc](wire) : wire;
        const envelope = parseEnvelope(body);
        id = envelope.header.event_id;
        onEnvelope?.(p, envelope, body);
      } catch (e) {
        onBadRequest?.(p, e);
        res.writeHead(400, { ...cors, 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ detail: errText(e) }));
        return;
      }
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: id ?? null }));
    });
  });
  server.keepAliveTimeout = 5000;
  const port = await listen(server);
  return {
    port,
    dsn: (projectId) => `http://public@127.0.0.1:${port}/${projectId}`,
    project,
    close: () => closeServer(server),
  };
}
