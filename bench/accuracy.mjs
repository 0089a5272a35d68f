#!/usr/bin/env node
// Stack-parsing accuracy: faultline's parser against @sentry/browser's `defaultStackParser`,
// over the captured corpus, plus how long our parser takes on huge stacks (`make bench-accuracy`).
//
//   node bench/accuracy.mjs [--json] [--diff] [--no-timing] [--engine NAME] [--dir STACKS_DIR]
//
// Corpus: every `tests/fixtures/stacks/<engine>/**/<case>.txt` (the stack exactly as the
// engine printed it) with a sibling `<case>.json` (the frames expected, innermost first,
// `null` for unknown). A sibling `<case>.meta.json`, when present, gives the thrown value's
// `name` and `message` (`thrown.name`, `thrown.message`); other files (README, `*.meta.json`,
// the `gen/` generator) are not cases. A `.txt` without its `.json` is listed and skipped.
//
// Ours: `cargo run --release --quiet --example parse_stack` with every case on stdin as a
// JSON array of `{name, message, stack}`; it answers one frame array per case, innermost
// first, `{function, filename, lineno, colno}`, null for unknown.
// Sentry: `defaultStackParser(stack)` from '@sentry/browser' (run in node, what the SDK runs
// in the browser: the stack string as-is, its `Name: message` first line included). Its
// frames come outermost first: reversed here; its unknown function `?` becomes null and a
// missing lineno/colno/filename becomes null. Nothing else is mapped.
//
// Counting is strict: a frame is correct when function, filename, lineno and colno all
// equal the expected frame. `frames ok` is the longest common subsequence of the expected
// and the produced frames (so one missing frame costs one frame, not the rest of the
// trace; extra frames cost nothing there but make the case wrong); a case is correct
// when the two arrays are equal. The legend printed after the table counts the
// disagreements that come from a different convention rather than a misread line.
//
// `--diff` prints every case either parser gets wrong, frame by frame. `--json` prints
// the results as JSON instead of the table.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const STACKS = args.includes('--dir') ? path.resolve(args[args.indexOf('--dir') + 1]) : path.join(REPO, 'tests/fixtures/stacks');
const opt = {
  json: args.includes('--json'),
  diff: args.includes('--diff'),
  timing: !args.includes('--no-timing'),
  engine: args.includes('--engine') ? args[args.indexOf('--engine') + 1] : null,
};

// ---------------------------------------------------------------------------------------------
// The corpus

function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

function loadCorpus() {
  const cases = [];
  const skipped = [];
  for (const engine of fs.readdirSync(STACKS, { withFileTypes: true })) {
    if (!engine.isDirectory() || engine.name === 'gen' || engine.name.startsWith('.')) continue;
    if (opt.engine && engine.name !== opt.engine) continue;
    for (const txt of walk(path.join(STACKS, engine.name)).sort()) {
      if (!txt.endsWith('.txt')) continue;
      const base = txt.slice(0, -'.txt'.length);
      const rel = path.relative(STACKS, txt);
      if (!fs.existsSync(`${base}.json`)) {
        skipped.push(`${rel}: no ${path.basename(base)}.json`);
        continue;
      }
      let expected;
      try {
        expected = readJson(`${base}.json`);
      } catch (err) {
        skipped.push(`${rel}: ${path.basename(base)}.json is not JSON (${err.message})`);
        continue;
      }
      if (!Array.isArray(expected)) {
        skipped.push(`${rel}: ${path.basename(base)}.json is not an array of frames`);
        continue;
      }
      let meta = null;
      if (fs.existsSync(`${base}.meta.json`)) {
        try {
          meta = readJson(`${base}.meta.json`);
        } catch {
          meta = null;
        }
      }
      const thrown = meta?.thrown ?? {};
      cases.push({
        engine: engine.name,
        // `v8-11.3`, `chromium-156`: the engine build the stack came from.
        // or the meta's `format` (`chakra`, `presto`, …) for hand-written legacy shapes.
        source: path.basename(base).match(/^(.*?-\d+(?:\.\d+)*)-/)?.[1] ?? (typeof meta?.format === 'string' ? meta.format : '-'),
        id: rel.slice(0, -'.txt'.length),
        name: typeof thrown.name === 'string' ? thrown.name : '',
        message: typeof thrown.message === 'string' ? thrown.message : '',
        stack: fs.readFileSync(txt, 'utf8'),
        expected: expected.map(normalise),
      });
    }
  }
  return { cases, skipped };
}

const normalise = (f) => ({
  function: f?.function ?? null,
  filename: f?.filename ?? null,
  lineno: f?.lineno ?? null,
  colno: f?.colno ?? null,
});

// ---------------------------------------------------------------------------------------------
// The two parsers

function runOurs(cases) {
  const input = JSON.stringify(cases.map(({ name, message, stack }) => ({ name, message, stack })));
  const r = spawnSync('cargo', ['run', '--release', '--quiet', '--example', 'parse_stack'], {
    cwd: REPO,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) {
    throw new Error(`cargo run --example parse_stack failed (${r.status ?? r.signal}):\n${r.stderr}`);
  }
  const out = JSON.parse(r.stdout);
  if (!Array.isArray(out) || out.length !== cases.length) throw new Error('parse_stack: one frame array per case expected');
  return out.map((frames) => frames.map(normalise));
}

function runSentry(cases) {
  const require = createRequire(path.join(REPO, 'package.json'));
  const sentry = require('@sentry/browser');
  const version = require('@sentry/browser/package.json').version;
  const parse = sentry.defaultStackParser;
  return {
    version,
    frames: cases.map(({ stack }) =>
      parse(stack)
        .slice()
        .reverse()
        .map((f) => normalise({ ...f, function: f.function === '?' ? null : f.function }))),
  };
}

// ---------------------------------------------------------------------------------------------
// Scoring

const same = (a, b) => a.function === b.function && a.filename === b.filename && a.lineno === b.lineno && a.colno === b.colno;

/** Longest common subsequence of equal frames, as index pairs. */
function lcs(want, got) {
  const n = want.length;
  const m = got.length;
  const t = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i][j] = same(want[i], got[j]) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
    }
  }
  const pairs = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (same(want[i], got[j])) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (t[i + 1][j] >= t[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function score(want, got) {
  const matched = lcs(want, got).length;
  return { frames: want.length, ok: matched, exact: matched === want.length && got.length === want.length };
}

// ---------------------------------------------------------------------------------------------
// Conventions: why Sentry's frames differ from the expected ones, when it is not a misread.
// The two frame lists are aligned on their common frames (the LCS above); between two
// common frames, differing frames are paired in order and each pair is given the first
// convention that explains it completely. Unpaired frames are missing or extra. Counted in
// the legend, never forgiven in the table.

const stripV8Name = (fn) => fn?.replace(/^async /, '').replace(/ \[as [^\]]*\]$/, '') ?? null;

const CONVENTIONS = [
  {
    key: 'v8-name',
    text: "keeps V8's `async ` prefix and ` [as alias]` suffix in the function name (we drop both)",
    explains: (w, g) => g.function !== w.function && same(w, { ...g, function: stripV8Name(g.function) }),
  },
  {
    key: 'eval-name',
    text: 'names a Firefox eval frame that has no function `eval` (we: null, as printed)',
    explains: (w, g) => w.function === null && g.function === 'eval' && same(w, { ...g, function: null }),
  },
  {
    key: 'anonymous',
    text: 'maps the function name `<anonymous>` to unknown (`?`)',
    explains: (w, g) => w.function === '<anonymous>' && g.function === null && same(w, { ...g, function: w.function }),
  },
  {
    key: 'data-uri',
    text: 'replaces a `data:` URL by `<data:mime>`, without line and column',
    explains: (w, g) => w.filename?.startsWith('data:') && g.filename?.startsWith('<data:') && w.function === g.function,
  },
  {
    key: 'wasm',
    text: 'keeps `:wasm-function[N]:0xOFF` in the filename, or reads it as an eval line (we: module URL, offset as colno)',
    explains: (w, g) => w.lineno === null && w.colno !== null && (g.filename ?? '').startsWith(w.filename ?? '\0'),
  },
  {
    key: 'fill-filename',
    text: "gives a frame without a location the outermost frame's filename (we: null)",
    explains: (w, g) => w.filename === null && g.filename !== null && same(w, { ...g, filename: null }),
  },
];

const SENTRY_FRAME_LIMIT = 50; // @sentry/core STACKTRACE_FRAME_LIMIT: it keeps the innermost 50

const OTHER_KINDS = {
  'no-location': 'drops frames that have no location (Safari\'s `fn@`, `eval code@`, wasm `fn@<?>` lines)',
  limit: 'stops at 50 frames (STACKTRACE_FRAME_LIMIT)',
  missing: 'drops a frame line it does not match (or skips it for containing "Error: ")',
  extra: 'reads a line that is not a frame as one',
  other: 'misreads the line in a way none of the above explains (e.g. `fn@blob:https://…`)',
};

function classify(want, got) {
  const kinds = [];
  const pairs = [...lcs(want, got), [want.length, got.length]];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of pairs) {
    const ws = want.slice(i, pi);
    const gs = got.slice(j, pj);
    for (let k = 0; k < Math.max(ws.length, gs.length); k++) {
      const w = ws[k];
      const g = gs[k];
      if (w && g) kinds.push(CONVENTIONS.find((c) => c.explains(w, g))?.key ?? 'other');
      else if (w && (w.filename === null || w.filename === '<?>')) kinds.push('no-location');
      else if (w) kinds.push(pj === got.length && got.length === SENTRY_FRAME_LIMIT ? 'limit' : 'missing');
      else kinds.push('extra');
    }
    i = pi + 1;
    j = pj + 1;
  }
  return kinds;
}

// ---------------------------------------------------------------------------------------------
// Timing

function timing() {
  const r = spawnSync('cargo', ['run', '--release', '--quiet', '--manifest-path', path.join(REPO, 'bench/Cargo.toml')], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`bench/parse_time failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l));
}

// ---------------------------------------------------------------------------------------------
// Report

const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
const cell = (ok, all) => `${ok}/${all} ${pct(ok, all).padStart(6)}`;

function fmtFrame(f) {
  if (!f) return '—';
  return `${f.function ?? 'null'} @ ${f.filename ?? 'null'}:${f.lineno ?? 'null'}:${f.colno ?? 'null'}`;
}

/** Prints the expected and produced frames side by side, aligned on their common frames. */
function printDiff(c, label, got) {
  console.log(`\n${c.id} — ${label}`);
  const want = c.expected;
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...lcs(want, got), [want.length, got.length]]) {
    for (let k = 0; k < Math.max(pi - i, pj - j); k++) {
      const w = i + k < pi ? want[i + k] : null;
      const g = j + k < pj ? got[j + k] : null;
      console.log(`  ≠ want ${w ? fmtFrame(w) : '— (extra frame)'}`);
      console.log(`     got ${g ? fmtFrame(g) : '— (missing)'}`);
    }
    if (pi < want.length) console.log(`    ok   ${fmtFrame(want[pi])}`);
    i = pi + 1;
    j = pj + 1;
  }
}

function main() {
  const { cases, skipped } = loadCorpus();
  if (!cases.length) {
    console.error(`accuracy: no cases under ${path.relative(process.cwd(), STACKS)}`);
    process.exit(1);
  }
  const ours = runOurs(cases);
  const sentry = runSentry(cases);

  const groups = new Map();
  const conventions = new Map();
  const total = { cases: 0, frames: 0, ours: { ok: 0, exact: 0 }, sentry: { ok: 0, exact: 0 } };
  const rows = [];
  cases.forEach((c, i) => {
    const a = score(c.expected, ours[i]);
    const b = score(c.expected, sentry.frames[i]);
    rows.push({ id: c.id, engine: c.engine, source: c.source, frames: a.frames, ours: a, sentry: b });
    for (const key of [c.engine, `${c.engine}\u0000${c.source}`]) {
      const g = groups.get(key) ?? { cases: 0, frames: 0, ours: { ok: 0, exact: 0 }, sentry: { ok: 0, exact: 0 } };
      g.cases++;
      g.frames += a.frames;
      g.ours.ok += a.ok;
      g.ours.exact += a.exact;
      g.sentry.ok += b.ok;
      g.sentry.exact += b.exact;
      groups.set(key, g);
    }
    total.cases++;
    total.frames += a.frames;
    total.ours.ok += a.ok;
    total.ours.exact += a.exact;
    total.sentry.ok += b.ok;
    total.sentry.exact += b.exact;
    if (!b.exact) {
      const kinds = classify(c.expected, sentry.frames[i]);
      for (const k of kinds) {
        const n = conventions.get(k) ?? { frames: 0, cases: 0 };
        n.frames++;
        conventions.set(k, n);
      }
      for (const k of new Set(kinds)) conventions.get(k).cases++;
    }
    if (opt.diff) {
      if (!a.exact) printDiff(c, 'faultline', ours[i]);
      if (!b.exact) printDiff(c, `@sentry/browser ${sentry.version}`, sentry.frames[i]);
    }
  });
  const times = opt.timing ? timing() : [];

  if (opt.json) {
    console.log(JSON.stringify({ sentryVersion: sentry.version, total, groups: Object.fromEntries(groups), rows, skipped, conventions: Object.fromEntries(conventions), times }, null, 2));
    return;
  }

  console.log(`\nStack parsing accuracy over ${path.relative(REPO, STACKS).startsWith('..') ? STACKS : path.relative(REPO, STACKS)} (strict: function, filename, lineno, colno all equal)`);
  console.log(`faultline (examples/parse_stack) vs @sentry/browser ${sentry.version} defaultStackParser\n`);
  const head = ['engine', 'source', 'cases', 'frames', 'faultline frames ok', 'cases ok', 'sentry frames ok', 'cases ok'];
  const widths = [10, 18, 6, 7, 20, 16, 20, 16];
  const line = (cols) => console.log(cols.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' '));
  line(head);
  line(widths.map((w) => '-'.repeat(w)));
  const engines = [...new Set(cases.map((c) => c.engine))];
  for (const e of engines) {
    const sources = [...new Set(cases.filter((c) => c.engine === e).map((c) => c.source))];
    const row = (label, g) => line([label === null ? e : '', label ?? 'all', g.cases, g.frames, cell(g.ours.ok, g.frames), cell(g.ours.exact, g.cases), cell(g.sentry.ok, g.frames), cell(g.sentry.exact, g.cases)]);
    if (sources.length > 1) {
      sources.forEach((s, i) => line([i === 0 ? e : '', s, ...rowCells(groups.get(`${e}\u0000${s}`))]));
      row('all', groups.get(e));
    } else {
      line([e, sources[0], ...rowCells(groups.get(e))]);
    }
  }
  line(widths.map((w) => '-'.repeat(w)));
  line(['total', '', ...rowCells(total)]);

  console.log(`\nLegend: a frame counts only when all four fields equal the expected frame; "frames ok" is the`);
  console.log(`longest run of expected frames produced in order (missing or misread frames cost one each).`);
  console.log(`Where @sentry/browser's frames differ (frames / cases), by convention first, then misreads:`);
  const kindLine = (k, text) => {
    const n = conventions.get(k);
    if (n) console.log(`  ${String(n.frames).padStart(5)} / ${String(n.cases).padEnd(4)} ${k.padEnd(13)} Sentry ${text}`);
  };
  for (const c of CONVENTIONS) kindLine(c.key, c.text);
  for (const [k, text] of Object.entries(OTHER_KINDS)) kindLine(k, text);
  if (cases.some((c) => /presto|opera|chakra|winjs/i.test(c.source))) {
    console.log(`  Note: Sentry's defaultStackParser holds only its Chrome and Gecko line parsers; its Opera 10/11`);
    console.log(`  and WinJS ones are exported but not in the default, so Presto lines count as missing here.`);
  }
  console.log(`  (run with --diff to see every differing frame, ours and Sentry's)`);
  if (skipped.length) {
    console.log(`\nSkipped ${skipped.length} file(s):`);
    for (const s of skipped) console.log(`  ${s}`);
  }

  if (times.length) {
    console.log(`\nParse time, faultline natively (bench/src/parse_time.rs, release + LTO, median and min of ${times[0].runs} runs):`);
    for (const t of times) {
      const rate = t.fn === 'parse'
        ? `${(t.bytes / (1 << 20) / (t.median_ms / 1e3)).toFixed(0).padStart(4)} MB/s`
        : '(parses the first 256 KiB, keeps 50 frames)';
      console.log(`  ${`${t.fn}(${t.case})`.padEnd(44)} ${(t.bytes / (1 << 20)).toFixed(2).padStart(5)} MB ${String(t.lines).padStart(7)} lines ${String(t.frames).padStart(7)} frames  ${t.median_ms.toFixed(2).padStart(7)} ms (min ${t.min_ms.toFixed(2).padStart(6)})  ${rate}`);
    }
  }
}

function rowCells(g) {
  return [g.cases, g.frames, cell(g.ours.ok, g.frames), cell(g.ours.exact, g.cases), cell(g.sentry.ok, g.frames), cell(g.sentry.exact, g.cases)];
}

main();
