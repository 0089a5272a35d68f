#!/usr/bin/env node
// What faultline costs a page, next to @sentry/browser, in Chromium, Firefox and WebKit.
//
//   node bench/perf.mjs [--runs N] [--engines chromium,firefox,webkit] [--json FILE]
//
// (defaults: 5 runs, all three engines, bench/perf/results.json; the Markdown tables also go
// to bench/perf/latest.md, for the README. FAULTLINE_PKG=<dir> measures another build of pkg/,
// e.g. a copy kept from before a change.)
//
// Why: faultline's case is that an error SDK should cost the page less: fewer bytes to
// download, less time before the page's own code runs, less work per error. Those claims only
// hold if measured against the SDK people actually use, in the same browser, the same way,
// in every engine faultline supports, and again whenever the code changes. Sizes alone
// (scripts/size.mjs) miss the other half: faultline trades JS for wasm, whose fetch and
// compile happen after the script tag, so "handlers installed" and "fully ready" are
// reported apart.
//
// Three variants, side by side:
//   faultline       the script-tag build: pkg/faultline.min.js, and with the first error
//                   pkg/faultline_glue.js + pkg/faultline_bg.wasm (read
//                   from pkg/ at run time), init({ dsn }).
//   sentry          @sentry/browser (node_modules) bundled here with esbuild (minified, iife)
//                   for `init({ dsn })` with its default integrations.
//   sentry-minimal  the hand-built minimal client of TOOLCHAIN.md: BrowserClient with
//                   makeFetchTransport and defaultStackParser, set on the current scope and
//                   init'ed, with one integration only, globalHandlersIntegration (without it
//                   uncaught errors and rejections would not be captured at all).
// Each run of each engine gets a fresh browser process (launchBrowser() of
// tests/support/browser.mjs), and every measurement a fresh page, served from its own
// 127.0.0.1 origin (one port per SDK and page kind), so faultline's IndexedDB outbox of one
// page never feeds another (Firefox and WebKit pages of one WebDriver session share storage).
// The SDKs send to a counting sink on 127.0.0.1 (200 JSON like a collector, permissive CORS,
// preflights answered with Access-Control-Max-Age), each page with its own project id.
// Per run and SDK, in this order (the SDKs' order rotates between runs):
//   capture    the first page of that SDK in this browser, so its start-up is cold:
//              t0 right before the SDK's <script>, t1 right after it, init({ dsn }), t2.
//              "handlers installed": faultline t1 − t0 (its stub adds its window listeners
//              as the script runs, and buffers what they see until init and the wasm),
//              Sentry t2 − t0 (once init returns); "script + init() done" = t2 − t0 for all;
//              then each SDK captures an error at once: "error right after init() handled" =
//              until faultline's getStats().loaded (its wasm, fetched lazily for that error,
//              running and through the queue; polled with back-to-back MessageChannel tasks),
//              for Sentry until that capture returned; "init" = t2 − t1. (On the other pages
//              faultline is init'ed with lazyLoad: false and waited for: they measure the
//              cost per error once the wasm runs.) Then
//              N_CAPTURE × captureException of an Error thrown 10 calls deep, made in the loop;
//              minus the same loop making the errors only (the mean of one before and one
//              after). Also the same with the loop's queued work (microtasks, 0 ms timers).
//   onerror    N_EVENTS × window.dispatchEvent(new ErrorEvent('error', { error, … })) of
//              errors made beforehand, minus the same loop on a page with no SDK. Checked:
//              events reach the sink within 300 ms (and faultline's getStats().captured
//              rises by N), else the table's notes say so.
//   rejection  likewise with PromiseRejectionEvent('unhandledrejection') (handled promises,
//              so the browser adds no real events of its own).
//   burst      N_BURST distinct errors through captureException, then the SDK's
//              flush(FLUSH_MS); events (distinct ids, gzip/br bodies decoded) and requests
//              counted at the sink 300 ms later. JS heap after a forced GC before the burst
//              (what the SDK holds at rest), right after it, and after a forced GC then
//              (Chromium only: performance.memory with --enable-precise-memory-info, GC over
//              CDP); wasm linear memory before and after (faultline; from a
//              WebAssembly.instantiate* wrapper that only this page installs).
// Every error has a message of its own (distinct in words), so Sentry's dedupe and faultline's
// folding never skip one: these are costs of new errors, and each also goes out to the sink
// (what an SDK does after the call counts only in the "incl. queued work" row).
// Sizes (raw / gzip -9 / brotli -11) are of the exact bytes served, computed once in node:
// "on every page" (faultline: its script; it fetches its bindings and wasm lazily) and "with an
// error" (faultline: script + bindings + wasm; Sentry: the same bundle in both).
// Counts: N = 1,000 for every loop, with no need to cut it for time: the whole default run
// (5 runs × 3 engines, 14 pages each) takes ~4 minutes on 2 cores (~15 s per browser), most
// of it in browser start-up, page loads and faultline's burst flush (1,000 requests, 1-3 s).
//
// Caveats: timings are performance.now() differences, and engines coarsen that clock
// (Chromium 100 µs; Firefox and WebKitGTK 1 ms), so their start-up rows are whole ms. The
// machine may be busy with other work (the e2e suite): compare columns of one run, and mind
// the [min–max].
// A metric that fails in one engine is printed as n/a with the reason, not a crash; every
// server and browser started here is stopped at the end and on error or Ctrl-C.
// The sink, the Sentry bundling and the page helpers are shared with bench/delivery.mjs
// (bench/support.mjs, bench/support-page.js).
// Needs /usr/bin/chromium, Firefox ESR + geckodriver, WebKitWebDriver + MiniBrowser + Xvfb
// (scripts/ensure.sh browsers) and node_modules (playwright-core, esbuild, @sentry/browser).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { ALL_ENGINES, launchBrowser, launchChromium } from '../tests/support/browser.mjs';
import { MIME, serve } from '../tests/support/static.mjs';
import {
  MB, PKG, PKG_FILES, REPO, SUPPORT_PAGE_ROUTES, SUPPORT_PAGE_TAG, asciiTable, buildIdentity, bundle, errText,
  eventIdOf, median, readFlags, requirePkg, runHarness, sleep, startSink as startCollectorSink, withTimeout,
} from './support.mjs';

const HERE = path.join(REPO, 'bench/perf');
const DEFAULT_JSON = path.join(HERE, 'results.json');
const LATEST_MD = path.join(HERE, 'latest.md');

const N_CAPTURE = 1000;
const N_EVENTS = 1000; // window `error` events, and unhandled rejections
const N_BURST = 1000;
const FLUSH_MS = 10000;
const SINK_SETTLE_MS = 300; // after the burst's flush: requests still on the wire land
const STEP_TIMEOUT_MS = 60000; // any single page step longer than this is a hang

const SDKS = ['faultline', 'sentry', 'sentry-minimal'];
const KINDS = ['capture', 'onerror', 'rejection', 'burst'];
const BASELINE_KINDS = ['onerror', 'rejection']; // the same loops with no SDK
const SCRIPT_OF = { faultline: '/pkg/faultline.min.js', sentry: '/sentry.js', 'sentry-minimal': '/sentry-minimal.js' };

// ---------------------------------------------------------------------------------------------
// Options and small helpers

function parseArgs(argv) {
  const opt = { runs: 5, engines: [...ALL_ENGINES], json: DEFAULT_JSON };
  readFlags(argv, 'node bench/perf.mjs [--runs N] [--engines chromium,firefox,webkit] [--json FILE]', (flag, value) => {
    if (flag === '--runs') opt.runs = Number(value());
    else if (flag === '--engines') opt.engines = String(value()).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    else if (flag === '--json') opt.json = path.resolve(String(value()));
    else return false;
    return true;
  });
  if (!(Number.isInteger(opt.runs) && opt.runs > 0)) throw new Error('--runs: a positive integer');
  const unknown = opt.engines.filter((e) => !ALL_ENGINES.includes(e));
  if (unknown.length || !opt.engines.length) throw new Error(`--engines: a comma-separated list of ${ALL_ENGINES.join(', ')}`);
  opt.engines = [...new Set(opt.engines)];
  return opt;
}

const T0 = Date.now();
const stamp = () => `[${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s]`;

// ---------------------------------------------------------------------------------------------
// The Sentry bundles and the sizes

// What the page needs of each, and nothing more: esbuild drops the rest of @sentry/browser.
const SENTRY_ENTRY = `
import { init, captureException, flush, SDK_VERSION } from '@sentry/browser';
window.Sentry = { init, captureException, flush, SDK_VERSION };
`;
const SENTRY_MINIMAL_ENTRY = `
import {
  BrowserClient, makeFetchTransport, defaultStackParser, getCurrentScope, globalHandlersIntegration,
  captureException, flush, SDK_VERSION,
} from '@sentry/browser';
function init(options) {
  const client = new BrowserClient({
    ...options,
    transport: makeFetchTransport,
    stackParser: defaultStackParser,
    integrations: [globalHandlersIntegration()],
  });
  getCurrentScope().setClient(client);
  client.init();
  return client;
}
window.SentryMinimal = { init, captureException, flush, SDK_VERSION };
`;

function measureBytes(bytes) {
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function sizes(bundles) {
  const files = {
    faultline: PKG_FILES.map((f) => fs.readFileSync(path.join(PKG, f))),
    sentry: [bundles.sentry],
    'sentry-minimal': [bundles['sentry-minimal']],
  };
  const out = {};
  for (const [sdk, bufs] of Object.entries(files)) {
    const parts = bufs.map(measureBytes);
    out[sdk] = parts.reduce((a, m) => ({ raw: a.raw + m.raw, gzip: a.gzip + m.gzip, brotli: a.brotli + m.brotli }), { raw: 0, gzip: 0, brotli: 0 });
    // What every page downloads: faultline's script (its bindings and wasm only come with an error).
    out[sdk].page = parts[0];
    if (parts.length > 1) out[sdk].parts = Object.fromEntries(PKG_FILES.map((f, i) => [f, parts[i]]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The sink: answers like a collector, counts per project id

async function startSink() {
  const sink = await startCollectorSink({
    newProject: () => ({ requests: 0, preflights: 0, bad: 0, bytesWire: 0, events: new Set(), eventItems: 0, clientReports: 0, encodings: {} }),
    onBadRequest: (p) => { p.bad++; },
    onEnvelope(p, { header, items }) {
      for (const { type, payload } of items) {
        if (type === 'event') {
          p.events.add(eventIdOf(JSON.parse(payload.toString('utf8')), header));
          p.eventItems++;
        } else if (type === 'client_report') {
          p.clientReports++;
        }
      }
    },
  });
  return {
    ...sink,
    snapshot(projectId) {
      const { events, ...p } = sink.project(projectId);
      return { ...structuredClone(p), events: events.size };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The site: one origin (port) per SDK and page kind, all serving the same files

function pageHtml(sdk) {
  const src = SCRIPT_OF[sdk];
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>faultline perf bench</title>
${SUPPORT_PAGE_TAG}
<script src="/perf/page.js"></script>
<script>bench.beforeSdk()</script>
${src ? `<script src="${src}"></script>\n` : ''}<script>bench.afterSdk()</script>
</head>
<body><p>perf bench: ${sdk}</p></body>
</html>
`;
}

async function startSite(bundles) {
  const routes = {
    '/perf/page.html': (req, url) => {
      const sdk = url.searchParams.get('sdk');
      return sdk === 'none' || SDKS.includes(sdk) ? { type: MIME['.html'], body: pageHtml(sdk) } : { status: 404, body: 'not found\n' };
    },
    ...SUPPORT_PAGE_ROUTES,
    '/sentry.js': () => ({ type: MIME['.js'], body: bundles.sentry }),
    '/sentry-minimal.js': () => ({ type: MIME['.js'], body: bundles['sentry-minimal'] }),
    '/favicon.ico': () => ({ status: 204 }),
  };
  const sites = new Map(); // `${sdk}/${kind}` → a server of tests/support/static.mjs
  return {
    /** The origin for this SDK and page kind (started on first use, then reused). */
    async origin(sdk, kind) {
      const key = `${sdk}/${kind}`;
      if (!sites.has(key)) {
        const site = await serve(HERE, { routes, mounts: { '/pkg/': PKG, '/perf/': HERE } });
        site.server.keepAliveTimeout = 2000;
        sites.set(key, site);
      }
      return sites.get(key).url;
    },
    async close() {
      await Promise.all([...sites.values()].map((site) => site.close()));
      sites.clear();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// One page: one SDK, one kind of measurement

async function measurePage({ browser, sink, site, sdk, kind, projectId }) {
  const url = `${await site.origin(sdk, kind)}/perf/page.html?${new URLSearchParams({ sdk, kind, dsn: sink.dsn(projectId) })}`;
  const tab = await withTimeout(browser.newPage(), STEP_TIMEOUT_MS, 'new page');
  const step = async (fn, arg, what) => {
    const v = await withTimeout(tab.evaluate(fn, arg), STEP_TIMEOUT_MS, what);
    return typeof v === 'string' ? JSON.parse(v) : v;
  };
  try {
    await withTimeout(tab.goto(url), STEP_TIMEOUT_MS, 'page load');
    const rec = { projectId, startup: await step(() => window.bench.whenReady(), undefined, 'SDK ready') };
    if (kind === 'capture') {
      rec.capture = await step((n) => window.bench.capture(n), N_CAPTURE, 'captureException loop');
    } else if (kind === 'onerror' || kind === 'rejection') {
      rec[kind] = kind === 'onerror'
        ? await step((n) => window.bench.errorEvents(n), N_EVENTS, 'error events loop')
        : await step((n) => window.bench.rejections(n), N_EVENTS, 'rejection events loop');
      if (sdk !== 'none' && !rec[kind].na) {
        // A check that the SDK took the dispatched events for errors: some must reach the sink.
        await sleep(SINK_SETTLE_MS);
        rec[kind].sinkEvents = sink.snapshot(projectId).events;
      }
    } else if (kind === 'burst') {
      // Chromium: a forced GC over CDP, then the heap (before the burst: what the SDK holds at
      // rest; after it: what it keeps of 1,000 delivered errors).
      const heapAfterGC = async () => {
        const cdp = await tab.page.context().newCDPSession(tab.page);
        try {
          await cdp.send('HeapProfiler.collectGarbage');
        } finally {
          await cdp.detach().catch(() => {});
        }
        return step(() => window.bench.heap(), undefined, 'heap after GC');
      };
      let heapBefore = null;
      let gcError = null;
      if (tab.page) heapBefore = await heapAfterGC().catch((e) => { gcError = errText(e); return null; });
      const wasmBefore = await step(() => window.bench.wasmBytes(), undefined, 'wasm memory');
      rec.burst = await step(([n, ms]) => window.bench.burst(n, ms), [N_BURST, FLUSH_MS], 'burst + flush');
      Object.assign(rec.burst, { heapUsedBeforeAfterGC: heapBefore, wasmBytesBefore: wasmBefore, gcError });
      await sleep(SINK_SETTLE_MS);
      rec.burst.sink = sink.snapshot(projectId);
      if (tab.page && !gcError) {
        rec.burst.heapUsedAfterGC = await heapAfterGC().catch((e) => { rec.burst.gcError = errText(e); return null; });
      }
    }
    return rec;
  } finally {
    await withTimeout(tab.close(), 15000, 'close page').catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// One run of one engine: a fresh browser, every SDK's pages, the baseline's

async function launch(engine) {
  // performance.memory is coarse (and rounded) without this flag.
  if (engine === 'chromium') return launchChromium({ args: ['--enable-precise-memory-info'] });
  return launchBrowser(engine);
}

async function runEngineOnce({ engine, run, sink, site, nextProject, track }) {
  const order = SDKS.map((_, i) => SDKS[(i + run) % SDKS.length]); // rotates between runs
  const out = { run: run + 1, order, version: null, launchMs: null, relaunches: 0, pages: {} };
  let browser = null;
  let untrack = null;
  const start = async () => {
    const t = Date.now();
    browser = await withTimeout(launch(engine), 90000, `launch ${engine}`);
    untrack = track(() => browser.close());
    out.version ??= browser.version;
    out.launchMs ??= Date.now() - t;
  };
  const stop = async () => {
    if (!browser) return;
    const b = browser;
    browser = null;
    untrack?.();
    await withTimeout(b.close(), 30000, `close ${engine}`).catch(() => {});
  };
  const plan = [...BASELINE_KINDS.map((kind) => ['none', kind]), ...order.flatMap((sdk) => KINDS.map((kind) => [sdk, kind]))];
  let launchError = null; // a browser that would not start is not tried again in this run
  try {
    for (const [sdk, kind] of plan) {
      out.pages[sdk] ??= {};
      const t = Date.now();
      if (launchError) {
        out.pages[sdk][kind] = { error: launchError, pageMs: 0 };
        continue;
      }
      try {
        if (!browser) {
          if (out.launchMs != null) out.relaunches++;
          try {
            await start();
          } catch (e) {
            launchError = `${engine} did not start: ${errText(e)}`;
            throw new Error(launchError);
          }
        }
        out.pages[sdk][kind] = await measurePage({ browser, sink, site, sdk, kind, projectId: nextProject() });
        out.pages[sdk][kind].pageMs = Date.now() - t;
      } catch (e) {
        out.pages[sdk][kind] = { error: errText(e), pageMs: Date.now() - t };
        console.log(`${stamp()}   ${engine} #${run + 1} ${sdk}/${kind}: FAILED: ${errText(e)}`);
        // A hung or dead browser would fail every page after this one: start a fresh one.
        await stop();
      }
    }
  } finally {
    await stop();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Metrics: each a getter over one run of one SDK; it throws NA(reason) when there is no number

class NA extends Error {}
const na = (reason) => { throw new NA(reason); };

function pageOf(r, sdk, kind) {
  const p = r.pages[sdk]?.[kind];
  if (!p) na(`${sdk}/${kind} page not measured`);
  if (p.error) na(`${kind} page failed: ${p.error}`);
  return p;
}
const startupOf = (r, sdk) => pageOf(r, sdk, 'capture').startup;
const perCallUs = (ms, n) => (ms * 1000) / n;

function eventCost(r, sdk, kind) {
  const data = pageOf(r, sdk, kind)[kind];
  if (data.na) na(data.na);
  let base;
  try {
    base = pageOf(r, 'none', kind)[kind];
  } catch (e) {
    na(`baseline (no SDK): ${e.message}`);
  }
  if (base.na) na(base.na);
  return perCallUs(data.loopMs - base.loopMs, data.n);
}

// The burst's heap after a forced GC (`heapUsedBeforeAfterGC`, `heapUsedAfterGC`): Chromium only.
const gcHeapMB = (field) => (r, sdk) => {
  const b = pageOf(r, sdk, 'burst').burst;
  if (b.heapUsed == null) na('no performance.memory in this engine');
  if (b.gcError) na(`GC over CDP failed: ${b.gcError}`);
  return b[field] == null ? na('no forced GC in this engine') : MB(b[field]);
};

// The burst's wasm linear memory (`wasmBytesBefore`, `wasmBytes`): faultline only.
const wasmMB = (field) => (r, sdk) => {
  if (sdk !== 'faultline') na('no wasm');
  const b = pageOf(r, sdk, 'burst').burst;
  return b[field] == null ? na('wasm memory not reachable') : MB(b[field]);
};

const METRICS = [
  // faultline's wasm is fetched only once there is an error to report (lazyLoad).
  { key: 'pageBytesRaw', label: 'download on every page, raw (bytes)', size: 'raw', of: 'page', digits: 0 },
  { key: 'pageBytesGzip', label: 'download on every page, gzip -9 (bytes)', size: 'gzip', of: 'page', digits: 0 },
  { key: 'pageBytesBrotli', label: 'download on every page, brotli -11 (bytes)', size: 'brotli', of: 'page', digits: 0 },
  { key: 'bytesGzip', label: 'download with an error, gzip -9 (bytes)', size: 'gzip', digits: 0 },
  { key: 'bytesBrotli', label: 'download with an error, brotli -11 (bytes)', size: 'brotli', digits: 0 },
  // faultline's stub listens (and buffers) from the moment its script has run; Sentry from init.
  {
    key: 'handlersMs', label: 'handlers installed (ms from script start)', clock: true,
    get: (r, sdk) => { const s = startupOf(r, sdk); return sdk === 'faultline' ? s.scriptMs : s.initDoneMs; },
  },
  { key: 'initDoneMs', label: 'script + init() done (ms from script start)', clock: true, get: (r, sdk) => startupOf(r, sdk).initDoneMs },
  { key: 'readyMs', label: 'error right after init() handled (ms from script start)', clock: true, get: (r, sdk) => startupOf(r, sdk).readyMs },
  { key: 'initMs', label: 'init() (ms)', clock: true, get: (r, sdk) => startupOf(r, sdk).initMs },
  {
    key: 'captureUs', label: `captureException (µs/call, ${N_CAPTURE}× in a loop)`, digits: 1,
    get: (r, sdk) => { const c = pageOf(r, sdk, 'capture').capture; return perCallUs(c.loopMs - c.makeMs, c.n); },
  },
  {
    key: 'captureQueuedUs', label: '… incl. its queued work (µs/call)', digits: 1,
    get: (r, sdk) => { const c = pageOf(r, sdk, 'capture').capture; return perCallUs(c.loopPlusMs - c.makeMs, c.n); },
  },
  { key: 'onerrorUs', label: `window error event (µs/event, ${N_EVENTS}×)`, digits: 1, get: (r, sdk) => eventCost(r, sdk, 'onerror') },
  { key: 'rejectionUs', label: `unhandledrejection event (µs/event, ${N_EVENTS}×)`, digits: 1, get: (r, sdk) => eventCost(r, sdk, 'rejection') },
  { key: 'burstEvents', label: `burst of ${N_BURST.toLocaleString('en-US')}: events delivered`, digits: 0, get: (r, sdk) => pageOf(r, sdk, 'burst').burst.sink.events },
  { key: 'burstRequests', label: `burst of ${N_BURST.toLocaleString('en-US')}: requests`, digits: 0, get: (r, sdk) => pageOf(r, sdk, 'burst').burst.sink.requests },
  {
    key: 'burstFlushMs', label: `burst: flush(${FLUSH_MS}) took (ms)`, digits: 0,
    get: (r, sdk) => pageOf(r, sdk, 'burst').burst.flushMs,
  },
  { key: 'heapRestMB', label: 'JS heap before burst, after GC (MB)', digits: 2, get: gcHeapMB('heapUsedBeforeAfterGC') },
  {
    key: 'heapMB', label: 'JS heap after burst (MB)', digits: 2,
    get: (r, sdk) => { const h = pageOf(r, sdk, 'burst').burst.heapUsed; return h == null ? na('no performance.memory in this engine') : MB(h); },
  },
  { key: 'heapGcMB', label: 'JS heap after burst + GC (MB)', digits: 2, get: gcHeapMB('heapUsedAfterGC') },
  { key: 'wasmRestMB', label: 'wasm linear memory before burst (MB)', digits: 2, get: wasmMB('wasmBytesBefore') },
  { key: 'wasmMB', label: 'wasm linear memory after burst (MB)', digits: 2, get: wasmMB('wasmBytes') },
];

/** `{ median, min, max, n, of, na? }`, or `{ na: [reasons], of }` with no number at all. */
function summarizeMetric(metric, runs, sdk, sizeTable) {
  if (metric.size) {
    const v = (metric.of ? sizeTable[sdk][metric.of] : sizeTable[sdk])[metric.size];
    return { median: v, min: v, max: v, n: 1, of: 1 };
  }
  const xs = [];
  const reasons = new Map(); // reason → the runs it applies to
  const add = (reason, r) => reasons.set(reason, [...(reasons.get(reason) ?? []), r.run]);
  for (const r of runs) {
    try {
      const v = metric.get(r, sdk);
      if (typeof v === 'number' && Number.isFinite(v)) xs.push(v);
      else add(`not a number (${v})`, r);
    } catch (e) {
      add(e instanceof NA ? e.message : `error: ${errText(e)}`, r);
    }
  }
  const out = { of: runs.length };
  if (reasons.size) {
    out.na = [...reasons].map(([reason, which]) => (which.length === runs.length ? reason : `${reason} (run ${which.join(', ')})`));
  }
  if (xs.length) Object.assign(out, { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });
  return out;
}

function fmtNum(v, digits) {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function fmtCell(s, digits) {
  if (s.median == null) return 'n/a';
  const med = fmtNum(s.median, digits);
  const range = fmtNum(s.min, digits) === fmtNum(s.max, digits) ? med : `${med} [${fmtNum(s.min, digits)}–${fmtNum(s.max, digits)}]`;
  return s.n < s.of ? `${range} (${s.n}/${s.of} runs)` : range;
}

function fmtRatio(f, s) {
  if (f?.median == null || s?.median == null || s.median === 0) return 'n/a';
  return `×${fmtNum(f.median / s.median, 2)}`;
}

const COLS = ['metric', ...SDKS, 'faultline/sentry'];

/** The table rows of one engine, and notes: why a cell is n/a (or short of runs), and checks. */
function engineRows(summary, timerResolutionMs, runs) {
  const rows = [];
  const notes = [];
  // Clock-based rows get a decimal only where the engine's clock has one.
  const clockDigits = timerResolutionMs != null && timerResolutionMs < 1 ? 1 : 0;
  const naNotes = new Map(); // reason → { sdks, rows }
  for (const m of METRICS) {
    const digits = m.clock ? clockDigits : m.digits;
    const cells = SDKS.map((sdk) => fmtCell(summary[m.key][sdk], digits));
    rows.push([m.label, ...cells, fmtRatio(summary[m.key].faultline, summary[m.key].sentry)]);
    for (const sdk of SDKS) {
      for (const reason of summary[m.key][sdk].na ?? []) {
        const n = naNotes.get(reason) ?? { sdks: new Set(), rows: new Set() };
        n.sdks.add(sdk);
        n.rows.add(m.label);
        naNotes.set(reason, n);
      }
    }
  }
  // One note per reason (a failed page leaves several rows n/a).
  for (const [reason, n] of naNotes) {
    const rows = n.rows.size === 1 ? [...n.rows][0] : `${n.rows.size} rows`;
    notes.push(`n/a (${rows}) for ${[...n.sdks].join(', ')}: ${reason}`);
  }
  // Did the dispatched events reach the SDKs? (A loop that captured nothing would look cheap.)
  for (const kind of ['onerror', 'rejection']) {
    for (const sdk of SDKS) {
      for (const r of runs) {
        const d = r.pages[sdk]?.[kind]?.[kind];
        if (!d || d.na) continue;
        if (d.sinkEvents === 0) notes.push(`check: ${sdk} ${kind} run ${r.run}: no event reached the sink after the loop`);
        if (d.captured != null && d.captured < d.n) notes.push(`check: ${sdk} ${kind} run ${r.run}: getStats().captured rose by ${d.captured} for ${d.n} events`);
      }
    }
  }
  return { rows, notes: [...new Set(notes)] };
}

function mdTable(header, rows) {
  const esc = (c) => c.replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ':---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

function fmtRes(ms) {
  if (ms == null || !Number.isFinite(ms)) return 'n/a';
  return ms >= 1 ? `${fmtNum(ms, 0)} ms` : `${fmtNum(ms * 1000, 0)} µs`;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(track) {
  const opt = parseArgs(process.argv.slice(2));
  requirePkg();

  const t0 = Date.now();
  const bundles = { sentry: await bundle(SENTRY_ENTRY), 'sentry-minimal': await bundle(SENTRY_MINIMAL_ENTRY) };
  const buildBefore = buildIdentity();
  const sizeTable = sizes(bundles);
  const sentryVersion = JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules/@sentry/browser/package.json'), 'utf8')).version;

  const sink = await startSink();
  track(sink.close);
  const site = await startSite(bundles);
  track(site.close);
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, ramGB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
  console.log(`${stamp()} ${opt.runs} run(s) × ${opt.engines.join(', ')}; @sentry/browser ${sentryVersion}; sink :${sink.port}; ${machine.cpu}, ${machine.cores} cores`);

  let projectId = 1;
  const nextProject = () => projectId++;
  const engines = {};
  for (const engine of opt.engines) {
    const runs = [];
    for (let run = 0; run < opt.runs; run++) {
      const t = Date.now();
      const r = await runEngineOnce({ engine, run, sink, site, nextProject, track });
      r.ms = Date.now() - t;
      runs.push(r);
      const short = (sdk) => {
        const c = r.pages[sdk]?.capture;
        const b = r.pages[sdk]?.burst;
        return `${sdk} ready ${c?.startup ? c.startup.readyMs.toFixed(1) : '—'} ms, capture ${c?.capture ? perCallUs(c.capture.loopMs - c.capture.makeMs, c.capture.n).toFixed(0) : '—'} µs, burst ${b?.burst ? `${b.burst.sink.events} ev/${b.burst.sink.requests} req` : '—'}`;
      };
      console.log(`${stamp()} ${engine} #${run + 1} (${(r.ms / 1000).toFixed(1)} s, ${r.version ?? 'no browser'}): ${SDKS.map(short).join('; ')}`);
    }
    const summary = Object.fromEntries(METRICS.map((m) => [m.key,
      Object.fromEntries(SDKS.map((sdk) => [sdk, summarizeMetric(m, runs, sdk, sizeTable)]))]));
    const resolutions = runs.flatMap((r) => Object.values(r.pages).flatMap((p) => Object.values(p)))
      .map((p) => p.startup?.timerResolutionMs).filter((x) => Number.isFinite(x));
    engines[engine] = {
      version: runs.find((r) => r.version)?.version ?? 'n/a',
      timerResolutionMs: resolutions.length ? Math.max(...resolutions) : null,
      summary,
      runs,
    };
  }

  const buildAfter = buildIdentity();
  const rebuilt = JSON.stringify(buildBefore) !== JSON.stringify(buildAfter);
  const out = {
    date: new Date().toISOString(),
    machine,
    node: process.version,
    browsers: Object.fromEntries(Object.entries(engines).map(([e, x]) => [e, x.version])),
    sentry: sentryVersion,
    runs: opt.runs,
    counts: { capture: N_CAPTURE, events: N_EVENTS, burst: N_BURST, flushMs: FLUSH_MS },
    build: rebuilt ? { before: buildBefore, after: buildAfter } : buildBefore,
    sizes: sizeTable,
    elapsedMs: Date.now() - t0,
    metrics: METRICS.map(({ key, label }) => ({ key, label })),
    engines,
  };
  fs.mkdirSync(path.dirname(opt.json), { recursive: true });
  fs.writeFileSync(opt.json, JSON.stringify(out, null, 2) + '\n');

  // The tables: console, then bench/perf/latest.md.
  const header = [
    `${out.date.slice(0, 16).replace('T', ' ')} UTC; ${machine.cpu}, ${machine.cores} cores, ${machine.ramGB} GB RAM, ${machine.os}; node ${process.version}`,
    `faultline ${buildBefore.commit ?? '?'} (pkg/faultline.min.js ${buildBefore['faultline.min.js']}, faultline_glue.js ${buildBefore['faultline_glue.js']}, faultline_bg.wasm ${buildBefore['faultline_bg.wasm']})${rebuilt ? ' — pkg/ CHANGED during the run, runs may mix two builds' : ''}; @sentry/browser ${sentryVersion} (esbuild, minified iife)`,
    `${opt.runs} run(s) per engine, each in a fresh browser; cells: median [min–max] over runs; ${N_CAPTURE.toLocaleString('en-US')} captures / ${N_EVENTS.toLocaleString('en-US')} events per loop`,
  ];
  const md = [
    '# faultline vs @sentry/browser: page cost',
    '',
    'Written by `node bench/perf.mjs` (how and why: its header comment; every raw number: bench/perf/results.json).',
    '',
    ...header.map((h) => `- ${h}`),
    `- browsers: ${Object.entries(engines).map(([e, x]) => `${e} ${x.version}`).join(', ')}`,
    '- sentry-minimal: BrowserClient + makeFetchTransport + defaultStackParser + globalHandlersIntegration only',
    '',
  ];
  console.log(`\n${header.join('\n')}`);
  for (const [engine, x] of Object.entries(engines)) {
    const { rows, notes } = engineRows(x.summary, x.timerResolutionMs, x.runs);
    const title = `${engine} ${x.version} (performance.now() resolution ${fmtRes(x.timerResolutionMs)})`;
    console.log(`\n${title}\n${asciiTable(COLS, rows)}`);
    for (const n of notes) console.log(`  ${n}`);
    md.push(`## ${title}`, '', mdTable(COLS, rows), '');
    if (notes.length) md.push(...notes.map((n) => `- ${n}`), '');
  }
  if (rebuilt) console.log('\nNote: pkg/ changed during the run; runs may mix two builds (see "build" in the JSON).');
  fs.writeFileSync(LATEST_MD, md.join('\n'));
  console.log(`\n${path.relative(process.cwd(), opt.json)} and ${path.relative(process.cwd(), LATEST_MD)} written (${Math.round((Date.now() - t0) / 1000)} s).`);
}

runHarness(main);
