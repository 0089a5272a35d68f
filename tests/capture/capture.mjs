#!/usr/bin/env node
// Captures `error.stack` from real browsers into tests/fixtures/stacks/ (`make fixtures`).
//
//   node tests/capture/capture.mjs [--engines chromium,firefox,webkit] [--out DIR] [--check] [--raw]
//                                  [--pages nested,urls]   (with --raw: only those pages)
//
// Serves the construct pages (tests/capture/pages.mjs, sources in tests/capture/site/) from
// http://127.0.0.1:47811, plus a second origin on :47812, loads each page in headless Chromium,
// Firefox ESR and WebKitGTK (MiniBrowser under Xvfb) through WebDriver, and for every label a
// page records writes, in tests/fixtures/stacks/<engine>/:
//
//   <engine>-<major>-<case>.txt        error.stack exactly as the engine printed it
//   <engine>-<major>-<case>.json       the frames parse() must return, innermost first
//   <engine>-<major>-<case>.meta.json  engine, version, user agent, page, thrown value, how made
//
// The expected frames come from the construct sources, never from the parser: the marker
// comments `/*@name*/` in the served files give line and column, the URL a file was served at
// gives the filename, and tests/capture/cases.mjs declares, per engine, which frames the engine
// prints and how it names them. Before writing, each expected frame is checked against its
// line of the raw stack by plain substring tests (the function, the URL, the numbers), so a
// declaration that does not match what the engine printed fails the run (exit status 1).
//
// Fixed ports keep the URLs in the fixtures, and so the files, identical from run to run; the
// only other thing that changes between runs is a blob: URL's UUID, which is replaced by
// BLOB_UUID below. `--check` captures into a temporary directory and compares with the
// committed files instead of writing. `--raw` only prints the stacks.
// Takes 10-20 s (the three browsers run in parallel; Firefox's stack overflow is the slowest).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { portIsFree } from '../support/collector.mjs';
import { serve } from '../support/static.mjs';
import { launchWebDriver } from '../support/webdriver.mjs';
import { CASES, expectedFrames } from './cases.mjs';
import { PAGES } from './pages.mjs';
import { BLOB_UUID, PORTS, SITE, pageUrl, routes, siteText } from './site.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENGINES = ['chromium', 'firefox', 'webkit'];
const PAGE_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// Capturing

const versionTag = (engine, version) =>
  engine === 'webkit' ? version.split('.').slice(0, 2).join('.') : version.split('.')[0];

async function captureEngine(engine, log, pages) {
  const started = Date.now();
  const browser = await launchWebDriver(engine);
  try {
    const tab = await browser.newPage();
    const results = [];
    const missing = [];
    let userAgent = null;
    for (const page of pages) {
      await tab.goto(pageUrl(page));
      const got = await tab.evaluate(({ labels, ms }) => {
        const capture = self.__capture;
        if (!capture) return { error: 'no harness on the page' };
        return capture.wait(labels, ms).then((r) => ({ results: r, userAgent: navigator.userAgent }));
      }, { labels: page.labels, ms: PAGE_TIMEOUT_MS });
      if (got.error) throw new Error(`${engine} ${page.page}: ${got.error}`);
      userAgent = got.userAgent;
      for (const r of got.results) results.push({ ...r, page });
      const lost = page.labels.filter((l) => !got.results.some((r) => r.label === l));
      if (lost.length) log(`${engine}: page ${page.page} recorded nothing for ${lost.join(', ')}`);
      missing.push(...lost);
    }
    log(`${engine} ${browser.version}: ${results.length} stacks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { engine, version: browser.version, tag: versionTag(engine, browser.version), userAgent, results, missing };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Checking a declaration against the raw stack (substring tests only, no parsing)

/** The lines of `stack` that hold frames: V8's `    at ` lines after the header, else all. */
export function frameLines(engine, stack, message) {
  let text = stack ?? '';
  if (engine === 'chromium') {
    const at = message ? text.indexOf(message) : -1;
    if (at >= 0) text = text.slice(at + message.length);
    return text.split('\n').filter((l) => l.startsWith('    at '));
  }
  return text.split('\n').filter((l) => l !== '');
}

/** What must appear in a frame's line of the raw stack; `[]` when all is found. */
function mismatches(line, frame) {
  const wants = [];
  if (frame.function !== null) wants.push(frame.function);
  if (frame.filename !== null) wants.push(frame.filename);
  if (frame.filename?.startsWith('wasm://') || line?.includes('wasm-function[')) {
    if (frame.colno !== null) wants.push(`:0x${frame.colno.toString(16)}`);
  } else if (frame.lineno !== null && frame.colno !== null) {
    wants.push(`:${frame.lineno}:${frame.colno}`);
  } else if (frame.lineno !== null) {
    wants.push(line?.includes(` line ${frame.lineno} > `) ? ` line ${frame.lineno} > ` : `:${frame.lineno}`);
  }
  return wants.filter((w) => !(line ?? '').includes(w));
}

/** For a mismatch: the source text at the engine's position and at the declared one. */
function pointsAt(line, frame) {
  const m = /:(\d+):(\d+)\)?$/.exec(line ?? '');
  if (!m || !frame.source || frame.lineno === null) return '';
  const lines = siteText(frame.source).split('\n');
  const show = (l, c) => JSON.stringify((lines[l - 1] ?? '').slice(Math.max(0, c - 31), c - 1) + '|' + (lines[l - 1] ?? '').slice(c - 1, c + 30));
  return `\n      engine ${m[1]}:${m[2]} ${show(+m[1], +m[2])}\n    declared ${frame.lineno}:${frame.colno} ${show(frame.lineno, frame.colno ?? 1)}`;
}

export function checkAgainstRaw(engine, stack, message, frames) {
  const lines = frameLines(engine, stack, message);
  const problems = [];
  if (lines.length !== frames.length) {
    problems.push(`${frames.length} frames declared, ${lines.length} frame lines in the stack`);
  }
  frames.forEach((frame, i) => {
    const missing = mismatches(lines[i], frame);
    if (missing.length) {
      problems.push(`frame ${i}: line ${JSON.stringify(lines[i])} lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}${
        pointsAt(lines[i], frame)}`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Writing

const BLOB_RE = /(blob:[^\s)]*?\/)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const normalise = (text) => (typeof text === 'string' ? text.replace(BLOB_RE, `$1${BLOB_UUID}`) : text);

function frameJson(frames) {
  if (!frames.length) return '[]\n';
  return `[\n${frames.map((f) => `  ${JSON.stringify({
    function: f.function, filename: f.filename, lineno: f.lineno, colno: f.colno,
  })}`).join(',\n')}\n]\n`;
}

function fixtureFiles(capture, result) {
  const { engine, version, tag, userAgent } = capture;
  const decl = CASES[result.label];
  const stack = normalise(result.stack);
  const frames = expectedFrames(result.label, engine, { page: result.page });
  const meta = {
    case: result.label,
    about: decl.about,
    engine,
    browser: { chromium: 'Chromium', firefox: 'Firefox ESR', webkit: 'WebKitGTK MiniBrowser' }[engine],
    version,
    userAgent,
    page: pageUrl(result.page),
    source: `tests/capture/site/${decl.file}`,
    thrown: { type: result.type, name: result.name, message: normalise(result.message) },
    stackType: result.stackType,
    made: 'captured: node tests/capture/capture.mjs (headless, through WebDriver), frames declared in tests/capture/cases.mjs',
    ...(stack !== result.stack ? { normalised: `blob: URL UUID replaced by ${BLOB_UUID}` } : {}),
    ...(decl.notes?.[engine] || decl.notes?._ ? { notes: decl.notes[engine] ?? decl.notes._ } : {}),
  };
  const base = `${engine}-${tag}-${result.label}`;
  return {
    base,
    files: {
      [`${base}.txt`]: stack ?? '',
      [`${base}.json`]: frameJson(frames),
      [`${base}.meta.json`]: `${JSON.stringify(meta, null, 2)}\n`,
    },
    problems: checkAgainstRaw(engine, stack, result.message, frames),
  };
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { engines: ENGINES, out: path.join(REPO, 'tests/fixtures/stacks'), check: false, raw: false, pages: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--engines') opts.engines = argv[++i].split(',');
    else if (a === '--out') opts.out = path.resolve(argv[++i]);
    else if (a === '--check') opts.check = true;
    else if (a === '--raw') opts.raw = true;
    else if (a === '--pages') opts.pages = argv[++i].split(',');
    else throw new Error(`unknown argument ${a} (see the top of ${path.relative(process.cwd(), fileURLToPath(import.meta.url))})`);
  }
  for (const e of opts.engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e}`);
  if (opts.pages && !opts.raw) throw new Error('--pages only goes with --raw: a partial capture would delete the other fixtures');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (m) => process.stderr.write(`capture: ${m}\n`);
  const started = Date.now();
  for (const p of PORTS) {
    if (!(await portIsFree(p))) throw new Error(`port ${p} is busy: the fixtures' URLs need it (is another capture running?)`);
  }
  const servers = [
    await serve(SITE, { port: PORTS[0], routes: routes(1) }),
    await serve(SITE, { port: PORTS[1], routes: routes(2), headers: { 'Access-Control-Allow-Origin': '*' } }),
  ];
  let captures;
  try {
    const pages = opts.pages ? PAGES.filter((p) => opts.pages.includes(p.page)) : PAGES;
    captures = await Promise.all(opts.engines.map((e) => captureEngine(e, log, pages)));
  } finally {
    for (const s of servers) await s.close();
  }

  if (opts.raw) {
    for (const c of captures) {
      for (const r of c.results) console.log(`=== ${c.engine} ${c.version} ${r.label} (${r.type})\n${normalise(r.stack)}\n`);
    }
    return 0;
  }

  const out = opts.check ? fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-capture-')) : opts.out;
  let failed = 0;
  for (const c of captures) {
    failed += c.missing.length;
    const dir = path.join(out, c.engine);
    fs.mkdirSync(dir, { recursive: true });
    const written = new Set();
    let frames = 0;
    for (const r of c.results) {
      if (!CASES[r.label]) {
        log(`${c.engine}: no declaration for ${r.label} in cases.mjs`);
        failed++;
        continue;
      }
      if (CASES[r.label].record === false) continue;
      const f = fixtureFiles(c, r);
      for (const [name, body] of Object.entries(f.files)) {
        fs.writeFileSync(path.join(dir, name), body);
        written.add(name);
      }
      frames += JSON.parse(f.files[`${f.base}.json`]).length;
      if (f.problems.length) {
        failed++;
        log(`${f.base}: the declared frames do not match the raw stack:\n  ${f.problems.join('\n  ')}\n${normalise(r.stack)}`);
      }
    }
    // Files of this engine version that no case wrote any more are stale.
    const prefix = `${c.engine}-${c.tag}-`;
    const committedDir = path.join(opts.out, c.engine);
    for (const name of fs.existsSync(committedDir) ? fs.readdirSync(committedDir) : []) {
      if (!name.startsWith(prefix) || written.has(name)) continue;
      if (opts.check) {
        log(`--check: ${c.engine}/${name} is no longer made`);
        failed++;
      } else {
        fs.rmSync(path.join(committedDir, name));
      }
    }
    log(`${c.engine} ${c.tag}: ${written.size / 3} cases, ${frames} frames`);
    if (opts.check) {
      for (const name of written) {
        const committed = path.join(opts.out, c.engine, name);
        const now = fs.readFileSync(path.join(dir, name), 'utf8');
        if (!fs.existsSync(committed)) {
          log(`--check: ${c.engine}/${name} is new`);
          failed++;
        } else if (fs.readFileSync(committed, 'utf8') !== now) {
          log(`--check: ${c.engine}/${name} differs from the committed file`);
          failed++;
        }
      }
    }
  }
  if (opts.check) fs.rmSync(out, { recursive: true, force: true });
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s${failed ? `, ${failed} problem(s)` : ''}`);
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => process.exit(code), (e) => {
    console.error(`capture: ${e.stack ?? e}`);
    process.exit(2);
  });
}
