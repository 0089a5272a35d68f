#!/usr/bin/env node
// Delivery under load: how many thrown errors reach a collector with faultline vs
// @sentry/browser, side by side in the same headless Chromium.
//
//   node bench/delivery.mjs [--runs N] [--sdk faultline|sentry|both|none] [--scenario storm|steady|both]
//
// (`--sdk none`: the same page with no SDK, to see what throwing costs by itself;
// DELIVERY_DEBUG=1 logs sink requests and the page console, and inits the SDKs with debug.)
//
// Why: an error SDK earns its keep on bad days: a page throwing thousands of errors a second,
// or a page closed while errors are still queued. What matters there is how much of what was
// thrown the collector learns about, either as an event or as a counted drop (a client
// report), and what the SDK costs the page meanwhile.
//
// How: a local sink (node http on 127.0.0.1; startSink() of bench/support.mjs, shared with
// bench/perf.mjs) answers like a collector (200 + CORS, preflights too), decodes gzip/br
// bodies and parses every envelope. Each run gets its own project id in the DSN, so a late
// request from one run never counts for another. The page (bench/delivery/page.html +
// page.js, bench/support-page.js before it) comes from a second server on another port,
// so the sink is cross-origin as for a real site; the page loads one SDK, inits it with
// `{ dsn, release: 'bench' }` (default integrations) and runs one scenario, in a fresh
// browser context:
//   storm   10,000 uncaught errors within ~1 s from 20 call sites (500 each, round-robin);
//           then the SDK's flush(10000), metrics, then navigate to about:blank (page-exit
//           paths run) and wait 3 s for keepalive requests.
//   steady  ~100 breadcrumbs (console.log + clicks, so Sentry's events weigh ~15-19 KB), then
//           1,000 uncaught errors at ~190/s whose messages differ in words, not only digits
//           (faultline's fold key ignores digits); navigate away right after
//           the last one (no flush) and wait 3 s. Its metrics are taken at the last error (a
//           forced GC there would delay the exit being measured, so no "after GC" heap).
// Then, in both scenarios and for every SDK alike, a "next load": the same page URL opened
// again in the same browser context (same origin storage), the SDK initialised exactly as
// before, nothing thrown; the harness waits until the sink has heard nothing from this run for
// 2 s (for faultline also until getStats().pending is 0; at most 15 s), navigates away and
// waits 1 s. faultline keeps queued events in IndexedDB and sends those of pages that are gone
// from the next page of the same origin; @sentry/browser keeps nothing, so it shows what a
// plain SDK gets there.
// Counted at the sink: distinct event ids, distinct error messages among them (what folding
// may lose); "occurrences delivered" = Σ over those events of
// contexts.repeats.count (faultline folds repeats into one event carrying it; absent = 1);
// client-report discarded quantities by reason; "accounted" = delivered + discarded. Those
// columns count what arrived by the end of the first load (3 s after leaving); the next-load
// columns count what arrived after that, and "accounted incl. next load" = occurrences
// delivered + discarded over both loads. Event ids are distinct over both loads: an id received
// again (in either load) counts once, and as one of "duplicates" (a collector drops it).
// From the page: the longest main-thread task during the scenario (buffered `longtask`
// observer), JS heap (performance.memory, precise) after the scenario and after a CDP
// HeapProfiler.collectGarbage, faultline's wasm memory and getStats().
// The sink speaks HTTP/1.1 (6 connections per origin), where a real collector is usually
// HTTP/2; throwing itself is slow under DevTools (`--sdk none` shows ~2.4 s for the storm).
//
// Prints a table per scenario (median [min–max] over runs) and faultline/Sentry ratios, and
// writes every raw number to bench/delivery/results.json. Needs /usr/bin/chromium (never
// downloads a browser) and node_modules (playwright-core, esbuild, @sentry/browser); reads
// pkg/ as it is at run time.

import fs from 'node:fs';
import path from 'node:path';

import { MIME, serve } from '../tests/support/static.mjs';
import {
  MB, PKG, REPO, SUPPORT_PAGE_ROUTES, asciiTable, buildIdentity, bundle, eventIdOf, median, readFlags, requirePkg,
  runHarness, sleep, startSink as startCollectorSink, withSupportPage, withTimeout,
} from './support.mjs';

const HERE = path.join(REPO, 'bench/delivery');
const RESULTS = path.join(HERE, 'results.json');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const SCENARIOS = {
  storm: { thrown: 10000 },
  steady: { thrown: 1000 },
};
const SDKS = ['faultline', 'sentry'];
const SETTLE_MS = 3000; // after navigating away: time for keepalive requests to land
const STEP_TIMEOUT_MS = 60000; // any single page step longer than this is a hang
const NEXT_QUIET_MS = 2000; // next load: done once the sink has heard nothing for this long…
const NEXT_MAX_MS = 15000; // …or after this long at most (from opening the page again)
const NEXT_SETTLE_MS = 1000; // after leaving the next load
const DEBUG = !!process.env.DELIVERY_DEBUG; // log sink requests and the page's console; SDKs get debug: true

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opt = { runs: 3, sdk: 'both', scenario: 'both' };
  readFlags(argv, 'node bench/delivery.mjs [--runs N] [--sdk faultline|sentry|both|none] [--scenario storm|steady|both]', (flag, value) => {
    if (flag === '--runs') opt.runs = Number(value());
    else if (flag === '--sdk') opt.sdk = value();
    else if (flag === '--scenario') opt.scenario = value();
    else return false;
    return true;
  });
  if (!(Number.isInteger(opt.runs) && opt.runs > 0)) throw new Error('--runs: a positive integer');
  if (![...SDKS, 'both', 'none'].includes(opt.sdk)) throw new Error('--sdk: faultline, sentry, both or none');
  if (![...Object.keys(SCENARIOS), 'both'].includes(opt.scenario)) throw new Error('--scenario: storm, steady or both');
  return {
    runs: opt.runs,
    sdks: opt.sdk === 'both' ? SDKS : [opt.sdk], // 'none' only when asked for
    scenarios: opt.scenario === 'both' ? Object.keys(SCENARIOS) : [opt.scenario],
  };
}

const T0 = Date.now();
const stamp = () => `[${((Date.now() - T0) / 1000).toFixed(3)}]`;

// ---------------------------------------------------------------------------------------------
// The sink: a collector that accepts everything and counts what it is sent

// requests, preflights, bytesWire and encodings are kept by the sink itself (bench/support.mjs).
function newProject() {
  return {
    requests: 0, // POSTs to the envelope endpoint
    preflights: 0,
    bytesWire: 0, // request bodies as sent (compressed when the SDK compresses)
    bytesDecoded: 0,
    encodings: {},
    badRequests: 0,
    events: new Map(), // event id → times received
    messages: new Set(), // the error messages those events carry (what folding may lose)
    sample: null, // the first event, summarised
    occurrences: 0, // Σ repeats.count over distinct events
    folded: 0, // distinct events that carry contexts.repeats
    duplicateEvents: 0, // an id received again (a retry the sink had already answered)
    eventBytes: 0, // payload bytes of distinct event items
    discarded: {}, // client reports: reason → Σ quantity
    discardedByCategory: {},
    clientReports: 0,
    otherItems: {}, // item type → count (sessions, …)
    navAt: null, // set by the harness when it navigates away
    eventsAfterNav: 0, // distinct events first received after that (first load only)
    requestsAfterNav: 0,
    phase: 'first', // 'next' once the harness opens the page again
    nextAt: null, // when it did
    firstLoadIds: null, // the event ids received in the first load, set then
    duplicatesAcrossLoads: 0, // receipts in the next load of ids received in the first
    steadyIndices: { first: [], next: [], nextDuplicates: [] }, // the #i of steady errors received
    firstAt: null,
    lastAt: null,
  };
}

async function startSink() {
  // Every decoded envelope: what reached the collector, and what an SDK said it dropped.
  function record(p, { header, items }, body) {
    p.bytesDecoded += body.length;
    for (const { type, payload } of items) {
      if (type === 'event') {
        const data = JSON.parse(payload.toString('utf8'));
        const id = eventIdOf(data, header);
        const seen = p.events.get(id) ?? 0;
        p.events.set(id, seen + 1);
        const top = data.exception?.values?.at(-1);
        const what = top ? `${top.type}: ${top.value}` : (data.logentry?.formatted ?? data.message?.formatted ?? data.message);
        const steadyIndex = /steady error #(\d+) /.exec(String(what))?.[1];
        if (seen) {
          p.duplicateEvents++;
          if (p.phase === 'next' && p.firstLoadIds?.has(id)) p.duplicatesAcrossLoads++;
          if (steadyIndex != null && p.phase === 'next') p.steadyIndices.nextDuplicates.push(Number(steadyIndex));
          continue;
        }
        if (steadyIndex != null) p.steadyIndices[p.phase].push(Number(steadyIndex));
        const repeats = data.contexts?.repeats;
        const count = Number.isFinite(repeats?.count) && repeats.count >= 1 ? repeats.count : 1;
        if (repeats) p.folded++;
        p.messages.add(String(what));
        p.sample ??= {
          bytes: payload.length, what, repeats: repeats ?? null,
          breadcrumbs: (Array.isArray(data.breadcrumbs) ? data.breadcrumbs : data.breadcrumbs?.values ?? []).length,
          frames: top?.stacktrace?.frames?.length ?? 0, keys: Object.keys(data),
        };
        p.occurrences += count;
        p.eventBytes += payload.length;
        if (p.navAt != null && p.phase === 'first') p.eventsAfterNav++;
      } else if (type === 'client_report') {
        p.clientReports++;
        const report = JSON.parse(payload.toString('utf8'));
        for (const d of report.discarded_events ?? []) {
          const q = Number(d.quantity) || 0;
          p.discarded[d.reason] = (p.discarded[d.reason] ?? 0) + q;
          p.discardedByCategory[d.category] = (p.discardedByCategory[d.category] ?? 0) + q;
        }
      } else {
        p.otherItems[type] = (p.otherItems[type] ?? 0) + 1;
      }
    }
  }

  const sink = await startCollectorSink({
    newProject,
    log: DEBUG ? (req) => console.log(`${stamp()} [sink] ${req.method} ${req.url} ${req.headers['content-encoding'] ?? ''}`) : null,
    onRequest(p) {
      const now = Date.now();
      p.firstAt ??= now;
      p.lastAt = now;
      if (p.navAt != null && p.phase === 'first') p.requestsAfterNav++;
    },
    onEnvelope: record,
    onBadRequest: (p) => { p.badRequests++; },
  });
  const project = sink.project;
  return {
    port: sink.port,
    dsn: sink.dsn,
    markNav: (projectId) => { project(projectId).navAt = Date.now(); },
    markNext(projectId) {
      const p = project(projectId);
      p.phase = 'next';
      p.nextAt = Date.now();
      p.firstLoadIds = new Set(p.events.keys());
    },
    lastAt: (projectId) => project(projectId).lastAt,
    /** A copy of the counters as they are now (later requests do not change it). */
    snapshot(projectId) {
      const { events, messages, firstLoadIds, ...p } = project(projectId);
      return { ...structuredClone(p), distinctEvents: events.size, distinctMessages: messages.size };
    },
    close: sink.close,
  };
}

// ---------------------------------------------------------------------------------------------
// The site: the bench page, pkg/ (read at request time) and the Sentry bundle

// All of @sentry/browser, as `Sentry`: the page inits it with its default integrations.
const SENTRY_ENTRY = "import * as Sentry from '@sentry/browser'; globalThis.Sentry = Sentry;";

function startSite(sentryBundle) {
  return serve(HERE, {
    routes: {
      '/page.html': withSupportPage(path.join(HERE, 'page.html')),
      ...SUPPORT_PAGE_ROUTES,
      '/sentry.js': () => ({ type: MIME['.js'], body: sentryBundle }),
      '/favicon.ico': () => ({ status: 204 }),
    },
    mounts: { '/pkg/': PKG },
  });
}

// ---------------------------------------------------------------------------------------------
// One run: one SDK, one scenario, a fresh context

/** `[0,1,2,5,7,8]` → `"0-2,5,7-8"` (sorted, distinct). */
function ranges(xs) {
  const s = [...new Set(xs)].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    out.push(i === j ? `${s[i]}` : `${s[i]}-${s[j]}`);
    i = j;
  }
  return out.join(',');
}

async function runOne({ browser, sink, site, scenario, sdk, projectId }) {
  const context = await browser.newContext();
  const consoleErrors = [];
  try {
    const page = await context.newPage();
    let crashed = false;
    page.on('crash', () => { crashed = true; });
    page.on('console', (msg) => {
      // The SDKs' own complaints (faultline prefixes its with "faultline: "); never the page's logs.
      const text = msg.text();
      if (DEBUG && !text.startsWith('[app]')) console.log(`${stamp()} [page ${msg.type()}] ${text.slice(0, 300)}`);
      if ((msg.type() === 'warning' || msg.type() === 'error') && /faultline|sentry/i.test(text) && consoleErrors.length < 20) consoleErrors.push(text);
    });
    const cdp = await context.newCDPSession(page);
    const step = (fn, arg, what) => withTimeout(page.evaluate(fn, arg), STEP_TIMEOUT_MS, what);

    const query = new URLSearchParams({ sdk, dsn: sink.dsn(projectId), ...(DEBUG ? { debug: '1' } : {}) });
    const pageUrl = `${site.url}/page.html?${query}`;
    await page.goto(pageUrl);
    const ready = await step(() => window.bench.ready, undefined, 'SDK ready');

    const run = { scenario, sdk, projectId, thrown: SCENARIOS[scenario].thrown, sdkVersion: ready.version };
    if (scenario === 'storm') {
      Object.assign(run, await step(() => window.bench.storm(), undefined, 'storm'));
      Object.assign(run, await step((ms) => window.bench.flush(ms), 10000, 'flush'));
      Object.assign(run, await step(() => window.bench.metrics(), undefined, 'metrics'));
      await cdp.send('HeapProfiler.collectGarbage');
      run.heapUsedAfterGC = await step(() => (performance.memory ? performance.memory.usedJSHeapSize : null), undefined, 'heap');
    } else {
      Object.assign(run, await step(() => window.bench.steady(), undefined, 'steady'));
      run.heapUsedAfterGC = null;
    }
    sink.markNav(projectId);
    if (DEBUG) console.log(`${stamp()} navigating away`);
    await page.goto('about:blank');
    await sleep(SETTLE_MS);

    const got = sink.snapshot(projectId);
    const sum = (o) => Object.values(o).reduce((s, q) => s + q, 0);
    const discarded = sum(got.discarded);
    Object.assign(run, {
      crashed,
      sdkConsole: consoleErrors,
      sink: got,
      distinctEvents: got.distinctEvents,
      distinctMessages: got.distinctMessages,
      occurrences: got.occurrences,
      discarded,
      accounted: got.occurrences + discarded,
      requests: got.requests,
    });

    // The next load: the same page again in the same context, nothing thrown.
    sink.markNext(projectId);
    if (DEBUG) console.log(`${stamp()} next load`);
    const nextAt = Date.now();
    await page.goto(pageUrl);
    await step(() => window.bench.ready, undefined, 'SDK ready (next load)');
    const readyAt = Date.now();
    let timedOut = false;
    let pending = null;
    for (;;) {
      await sleep(100);
      const now = Date.now();
      const quiet = now - Math.max(readyAt, sink.lastAt(projectId) ?? 0) >= NEXT_QUIET_MS;
      if (quiet && sdk === 'faultline') {
        pending = await step(() => window.Faultline.getStats().pending, undefined, 'pending (next load)');
      }
      if (quiet && (sdk !== 'faultline' || pending === 0)) break;
      if (now - nextAt >= NEXT_MAX_MS) {
        timedOut = true;
        break;
      }
    }
    const nextMetrics = await step(() => window.bench.metrics(), undefined, 'metrics (next load)');
    const beforeLeaving = sink.snapshot(projectId);
    await page.goto('about:blank');
    await sleep(NEXT_SETTLE_MS);

    const all = sink.snapshot(projectId);
    const discardedAll = sum(all.discarded);
    const nextDiscardedByReason = Object.fromEntries(Object.entries(all.discarded)
      .map(([k, v]) => [k, v - (got.discarded[k] ?? 0)]).filter(([, v]) => v));
    run.nextLoad = {
      events: all.distinctEvents - got.distinctEvents, // ids not received in the first load
      occurrences: all.occurrences - got.occurrences,
      discarded: discardedAll - discarded,
      discardedByReason: nextDiscardedByReason,
      requests: all.requests - got.requests,
      duplicates: all.duplicateEvents - got.duplicateEvents, // receipts of ids already received
      duplicatesAcrossLoads: all.duplicatesAcrossLoads, // …of ids received in the first load
      otherItems: Object.fromEntries(Object.entries(all.otherItems)
        .map(([k, v]) => [k, v - (got.otherItems[k] ?? 0)]).filter(([, v]) => v)),
      readyMs: readyAt - nextAt,
      waitedMs: Date.now() - nextAt - NEXT_SETTLE_MS, // until leaving (plus the leave itself)
      // When the last request of the next load arrived, from opening the page again.
      lastRequestMs: all.requests > got.requests && all.lastAt != null ? all.lastAt - nextAt : null,
      requestsAfterLeaving: all.requests - beforeLeaving.requests,
      timedOut,
      pendingAtEnd: pending,
      longestTaskMs: nextMetrics.longestTaskMs, // whole life of the next page, load included
      longTasks: nextMetrics.longTasks,
      heapUsed: nextMetrics.heapUsed,
      stats: nextMetrics.stats,
    };
    if (scenario === 'steady') {
      // Which of the errors #0…#999 arrived when (ranges), and which never did.
      const ix = all.steadyIndices;
      const received = new Set([...ix.first, ...ix.next]);
      run.steadyIndices = {
        first: ranges(ix.first),
        next: ranges(ix.next),
        nextDuplicates: ranges(ix.nextDuplicates),
        never: ranges([...Array(run.thrown).keys()].filter((i) => !received.has(i))),
      };
    }
    delete got.steadyIndices;
    delete all.steadyIndices;
    Object.assign(run, {
      sinkAll: all,
      distinctEventsAll: all.distinctEvents,
      occurrencesAll: all.occurrences,
      discardedAll,
      duplicates: all.duplicateEvents,
      accountedAll: all.occurrences + discardedAll,
      crashed, // either load
    });
    return run;
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function summarize(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
  if (!xs.length) return null;
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

function fmtNum(v, digits) {
  if (digits == null) digits = Math.abs(v) >= 100 || Number.isInteger(v) ? 0 : 1;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function fmtSummary(s, digits) {
  if (!s) return '—';
  const med = fmtNum(s.median, digits);
  return s.min === s.max ? med : `${med} [${fmtNum(s.min, digits)}–${fmtNum(s.max, digits)}]`;
}

const COLUMNS = [
  ['thrown', (r) => r.thrown, 0],
  ['distinct events', (r) => r.distinctEvents, 0],
  ['distinct messages', (r) => r.distinctMessages, 0],
  ['occurrences delivered', (r) => r.occurrences, 0],
  ['client-report discarded', (r) => r.discarded, 0],
  ['accounted', (r) => r.accounted, 0],
  ['requests', (r) => r.requests, 0],
  ['longest task ms', (r) => r.longestTaskMs, 0],
  ['heap MB after', (r) => MB(r.heapUsed), 1],
  ['heap MB after GC', (r) => MB(r.heapUsedAfterGC), 1],
  // The next load (the same page opened again in the same context): what arrived then, and
  // the totals over both loads.
  ['delivered on next load: events', (r) => r.nextLoad?.events, 0],
  ['delivered on next load: occurrences', (r) => r.nextLoad?.occurrences, 0],
  ['discarded on next load', (r) => r.nextLoad?.discarded, 0],
  ['duplicates', (r) => r.duplicates, 0],
  ['accounted incl. next load', (r) => r.accountedAll, 0],
];
// Printed as two tables per scenario: the first load, then the next load beside the totals.
const NEXT_TABLE = ['thrown', 'accounted', 'delivered on next load: events', 'delivered on next load: occurrences',
  'discarded on next load', 'duplicates', 'accounted incl. next load'];
const FIRST_TABLE = COLUMNS.map(([n]) => n).filter((n) => !NEXT_TABLE.includes(n) || n === 'thrown' || n === 'accounted');
const RATIOS = ['distinct events', 'distinct messages', 'occurrences delivered', 'accounted', 'requests', 'longest task ms', 'heap MB after', 'heap MB after GC', 'accounted incl. next load'];

function report(scenario, runsBySdk) {
  const out = [];
  const summaries = {};
  for (const [sdk, runs] of Object.entries(runsBySdk)) {
    if (!runs.length) continue;
    summaries[sdk] = Object.fromEntries(COLUMNS.map(([name, get]) => [name, summarize(runs.map(get))]));
  }
  const digitsOf = Object.fromEntries(COLUMNS.map(([name, , digits]) => [name, digits]));
  const rowsFor = (names) => Object.entries(summaries).map(([sdk, s]) => [sdk, ...names.map((n) => fmtSummary(s[n], digitsOf[n]))]);
  out.push(`\n${scenario} (${scenario === 'storm' ? '10,000 errors in ~1 s from 20 call sites, flush, then leave' : '1,000 distinct errors at ~190/s after ~100 breadcrumbs, leave at once'}), median [min–max] over ${Math.max(...Object.values(runsBySdk).map((r) => r.length))} run(s):`);
  out.push(asciiTable(['SDK', ...FIRST_TABLE], rowsFor(FIRST_TABLE)));
  out.push('  (longest task 0: no task over 50 ms, the longtask API reports only those.)');
  out.push(`${scenario}, next load (the same page again in the same context, nothing thrown; "accounted" = first load only):`);
  out.push(asciiTable(['SDK', ...NEXT_TABLE], rowsFor(NEXT_TABLE)));

  // What is behind the numbers: how long the throwing actually took, where the drops went.
  for (const [sdk, runs] of Object.entries(runsBySdk)) {
    if (!runs.length) continue;
    const reasons = {};
    for (const r of runs) for (const [k, v] of Object.entries(r.sink.discarded)) (reasons[k] ??= []).push(v);
    const evKB = summarize(runs.map((r) => (r.sink.distinctEvents ? r.sink.eventBytes / r.sink.distinctEvents / 1024 : null)));
    const parts = [
      `throwing took ${fmtSummary(summarize(runs.map((r) => r.throwMs)), 0)} ms`,
      scenario === 'storm' ? `flush → ${[...new Set(runs.map((r) => String(r.flushed)))].join('/')} in ${fmtSummary(summarize(runs.map((r) => r.flushMs)), 0)} ms` : null,
      `events after leaving ${fmtSummary(summarize(runs.map((r) => r.sink.eventsAfterNav)), 0)}`,
      `avg event ${fmtSummary(evKB, 1)} KB`,
      `wire ${fmtSummary(summarize(runs.map((r) => r.sink.bytesWire / 1024)), 0)} KB`,
      `long tasks ${fmtSummary(summarize(runs.map((r) => r.longTasks)), 0)}`,
      Object.keys(reasons).length ? `discarded by reason: ${Object.entries(reasons).map(([k, v]) => `${k} ${fmtSummary(summarize(v), 0)}`).join(', ')}` : null,
      runs.some((r) => r.sink.folded) ? `folded events ${fmtSummary(summarize(runs.map((r) => r.sink.folded)), 0)}` : null,
      runs.some((r) => r.sink.duplicateEvents) ? `duplicate receipts ${fmtSummary(summarize(runs.map((r) => r.sink.duplicateEvents)), 0)}` : null,
      runs.some((r) => r.wasmBytes != null) ? `wasm memory ${fmtSummary(summarize(runs.map((r) => MB(r.wasmBytes))), 1)} MB` : null,
      runs.some((r) => r.accounted > r.thrown) ? `accounted > thrown in ${runs.filter((r) => r.accounted > r.thrown).length} run(s): some events were both received and reported discarded` : null,
      runs.some((r) => r.accountedAll > r.thrown) ? `accounted incl. next load > thrown in ${runs.filter((r) => r.accountedAll > r.thrown).length} run(s)` : null,
      runs.some((r) => r.crashed) ? 'PAGE CRASHED' : null,
    ].filter(Boolean);
    out.push(`  ${sdk}: ${parts.join('; ')}`);
    const next = runs.map((r) => r.nextLoad).filter(Boolean);
    if (next.length) {
      const nextReasons = {};
      for (const n of next) for (const [k, v] of Object.entries(n.discardedByReason)) (nextReasons[k] ??= []).push(v);
      const nextParts = [
        `ready in ${fmtSummary(summarize(next.map((n) => n.readyMs)), 0)} ms`,
        `last request at ${fmtSummary(summarize(next.map((n) => n.lastRequestMs)), 0)} ms`,
        `left after ${fmtSummary(summarize(next.map((n) => n.waitedMs)), 0)} ms`,
        `requests ${fmtSummary(summarize(next.map((n) => n.requests)), 0)}`,
        next.some((n) => n.requestsAfterLeaving) ? `requests after leaving ${fmtSummary(summarize(next.map((n) => n.requestsAfterLeaving)), 0)}` : null,
        next.some((n) => n.duplicatesAcrossLoads) ? `of the duplicates, ids first received in the first load ${fmtSummary(summarize(next.map((n) => n.duplicatesAcrossLoads)), 0)}` : null,
        Object.keys(nextReasons).length ? `discarded by reason: ${Object.entries(nextReasons).map(([k, v]) => `${k} ${fmtSummary(summarize(v), 0)}`).join(', ')}` : null,
        `longest task (whole page) ${fmtSummary(summarize(next.map((n) => n.longestTaskMs)), 0)} ms`,
        next.some((n) => Object.keys(n.otherItems).length) ? `other items ${JSON.stringify(next.at(-1).otherItems)} (last run)` : null,
        next.some((n) => n.timedOut) ? `TIMED OUT (${NEXT_MAX_MS / 1000} s) in ${next.filter((n) => n.timedOut).length} run(s), pending then ${next.map((n) => n.pendingAtEnd).join('/')}` : null,
      ].filter(Boolean);
      out.push(`  ${sdk} next load: ${nextParts.join('; ')}`);
    }
    const stats = runs.map((r) => r.stats).filter(Boolean);
    if (stats.length) out.push(`  ${sdk} getStats() (last run): ${JSON.stringify(stats.at(-1))}`);
    const nextStats = next.map((n) => n.stats).filter(Boolean);
    if (nextStats.length) out.push(`  ${sdk} getStats() on the next load (last run): ${JSON.stringify(nextStats.at(-1))}`);
  }

  if (summaries.faultline && summaries.sentry) {
    const ratios = [];
    for (const name of RATIOS) {
      const f = summaries.faultline[name];
      const s = summaries.sentry[name];
      if (f && s && s.median > 0) ratios.push(`${name} ×${fmtNum(f.median / s.median, 2)}`);
    }
    out.push(`  faultline/Sentry (medians): ${ratios.join(', ')}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(track) {
  const opt = parseArgs(process.argv.slice(2));
  if (opt.sdks.includes('faultline')) requirePkg();
  const { chromium } = await import(path.join(REPO, 'node_modules/playwright-core/index.mjs'));

  const sentryBundle = opt.sdks.includes('sentry') ? await bundle(SENTRY_ENTRY) : '';
  const sink = await startSink();
  track(sink.close);
  const site = await startSite(sentryBundle);
  track(site.close);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'],
  });
  track(() => browser.close());
  const chromiumVersion = browser.version();
  console.log(`Chromium ${chromiumVersion}; ${opt.runs} run(s) of ${opt.scenarios.join(' + ')} for ${opt.sdks.join(' + ')}; sink :${sink.port}, site ${site.url}`);

  const buildBefore = buildIdentity();
  const t0 = Date.now();
  const results = {};
  let projectId = 1;
  const texts = [];
  for (const scenario of opt.scenarios) {
    results[scenario] = Object.fromEntries(opt.sdks.map((s) => [s, []]));
    // SDKs alternate within each round, so drift in the machine's load hits both alike.
    for (let i = 0; i < opt.runs; i++) {
      for (const sdk of opt.sdks) {
        const run = await runOne({ browser, sink, site, scenario, sdk, projectId: projectId++ });
        run.run = i + 1;
        results[scenario][sdk].push(run);
        console.log(`  ${scenario} #${i + 1} ${sdk.padEnd(9)} events ${run.distinctEvents}, occurrences ${run.occurrences}, discarded ${run.discarded}, requests ${run.requests}, longest task ${Math.round(run.longestTaskMs)} ms, throwing ${Math.round(run.throwMs)} ms; next load: events ${run.nextLoad.events}, occurrences ${run.nextLoad.occurrences}, discarded ${run.nextLoad.discarded}, duplicates ${run.duplicates}, accounted incl. next load ${run.accountedAll}${run.nextLoad.timedOut ? ' (timed out)' : ''}`);
      }
    }
    const text = report(scenario, results[scenario]);
    texts.push(text);
    console.log(text);
  }

  const buildAfter = buildIdentity();
  const rebuilt = JSON.stringify(buildBefore) !== JSON.stringify(buildAfter);
  if (rebuilt && opt.sdks.includes('faultline')) console.log('\nNote: pkg/ changed during the run; runs may mix two builds (see results.json "build").');
  const sentryVersion = Object.values(results).flatMap((r) => r.sentry ?? []).find((r) => r.sdkVersion)?.sdkVersion ?? null;
  const out = {
    date: new Date().toISOString(),
    chromium: chromiumVersion,
    node: process.version,
    sentry: sentryVersion,
    runs: opt.runs,
    build: rebuilt ? { before: buildBefore, after: buildAfter } : buildBefore,
    sdks: opt.sdks,
    scenarios: Object.fromEntries(opt.scenarios.map((s) => [s, SCENARIOS[s]])),
    settleMs: SETTLE_MS,
    nextLoad: { quietMs: NEXT_QUIET_MS, maxMs: NEXT_MAX_MS, settleMs: NEXT_SETTLE_MS },
    elapsedMs: Date.now() - t0,
    summary: Object.fromEntries(Object.entries(results).map(([scenario, bySdk]) => [scenario,
      Object.fromEntries(Object.entries(bySdk).map(([sdk, runs]) => [sdk,
        Object.fromEntries(COLUMNS.map(([name, get]) => [name, summarize(runs.map(get))]))]))])),
    results,
  };
  fs.mkdirSync(HERE, { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(out, null, 2) + '\n');
  console.log(`\n${path.relative(process.cwd(), RESULTS)} written (${Math.round((Date.now() - t0) / 1000)} s).`);
}

runHarness(main);
