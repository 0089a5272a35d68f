#!/usr/bin/env node
// faultline's wasm memory through storms of errors whose size changes from storm to storm.
//
//   node bench/memory.mjs [--engines chromium,firefox,webkit] [--rounds N] [--errors N]
//
// Why: wasm memory never shrinks, so what an allocator keeps after a storm is the page's for
// good. make bench's burst sends 1,000 events of one shape, which any allocator serves from
// the same blocks; storms of different sizes are what shows whether freed memory is reused.
// (A size-class allocator without merging passed the burst at 5.2 MB and grew to 42 MB here;
// dlmalloc stays at 13 MB: see src/web/runtime.rs.)
//
// How: one page per engine (launchBrowser of tests/support/browser.mjs), faultline from pkg/
// with `lazyLoad: false`, sending to the counting sink of bench/support.mjs. Each round
// captures N errors that differ in words (so none folds into another), with messages of one
// size per round, cycling through 200 B, 5 KB, 40 KB, 1 KB, 120 KB, 20 KB, 300 B and 70 KB, and
// as many breadcrumbs of a size tied to it; then flush(30000). After each round the wasm's
// linear memory is read (from a WebAssembly.instantiate* wrapper the page installs first).
// The second cycle of sizes repeats the first: memory that still grows then is memory the
// allocator did not reuse. Figures only, no pass/fail.

import { launchBrowser, selectedEngines } from '../tests/support/browser.mjs';
import { MIME, serve } from '../tests/support/static.mjs';
import { PKG, REPO, readFlags, requirePkg, runHarness, startSink } from './support.mjs';

const SIZES = [200, 5_000, 40_000, 1_000, 120_000, 20_000, 300, 70_000];

const PAGE = `<!doctype html><meta charset="utf-8"><title>faultline memory</title>
<script src="/tests/pages/recorder.js"></script>
<script>
let wasmMemory = null;
for (const name of ['instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  WebAssembly[name] = function (...args) {
    return original.apply(this, args).then((r) => {
      const exports = (r.instance || r).exports;
      if (exports && exports.memory) wasmMemory = exports.memory;
      return r;
    });
  };
}
window.wasmMB = () => (wasmMemory ? wasmMemory.buffer.byteLength / 1048576 : null);
// Distinct in letters, not only digits (faultline's fold key ignores digits).
const word = (k) => { let s = ''; do { s += String.fromCharCode(97 + (k % 26)); k = Math.floor(k / 26); } while (k); return s; };
window.storm = async (round, n, size) => {
  const pad = 'x'.repeat(size);
  for (let i = 0; i < n; i++) {
    Faultline.captureException(new Error('round ' + word(round) + ' error ' + word(i) + ' ' + pad));
    Faultline.addBreadcrumb({ category: 'step', message: pad.slice(0, size % 5000) + word(i) });
  }
  const delivered = await Faultline.flush(30000);
  return { delivered, mb: wasmMB() };
};
</script>
<script src="/pkg/faultline.min.js"></script>
<script>Faultline.init({ dsn: new URLSearchParams(location.search).get('dsn'), lazyLoad: false });</script>`;

runHarness(async (track) => {
  let engines = selectedEngines();
  let rounds = 16;
  let errors = 300;
  readFlags(process.argv.slice(2), 'node bench/memory.mjs [--engines chromium,firefox,webkit] [--rounds N] [--errors N]', (flag, value) => {
    if (flag === '--engines') engines = selectedEngines(value());
    else if (flag === '--rounds') rounds = Number(value());
    else if (flag === '--errors') errors = Number(value());
    else return false;
    return true;
  });
  requirePkg();
  const sink = await startSink({ newProject: () => ({ requests: 0, bytesWire: 0, encodings: {}, preflights: 0 }) });
  track(() => sink.close());
  const site = await serve(REPO, {
    mounts: { '/pkg/': PKG },
    routes: { '/memory.html': () => ({ type: MIME['.html'], body: PAGE }) },
  });
  track(() => site.close());
  console.log(`faultline wasm memory (MB) after each round of ${errors} distinct errors; message sizes cycle through ${SIZES.map((s) => s.toLocaleString('en-US')).join(', ')} B`);
  for (const engine of engines) {
    const browser = await launchBrowser(engine);
    const untrack = track(() => browser.close());
    try {
      const tab = await browser.newPage();
      await tab.goto(`${site.url}/memory.html?dsn=${encodeURIComponent(sink.dsn(1))}`);
      await tab.waitFor(() => Faultline.getStats().loaded, null, { what: 'the wasm to load' });
      const after = [];
      for (let r = 0; r < rounds; r++) {
        const { mb } = await tab.evaluate(([round, n, size]) => storm(round, n, size), [r, errors, SIZES[r % SIZES.length]]);
        after.push(mb == null ? 'n/a' : mb.toFixed(2));
      }
      const firstCycle = Math.min(rounds, SIZES.length);
      const grewInRepeat = rounds > SIZES.length && Number(after[rounds - 1]) > Number(after[firstCycle - 1]);
      console.log(`${engine.padEnd(9)} ${after.join(' ')}${rounds > SIZES.length ? (grewInRepeat ? '  (still grew while the sizes repeated)' : '  (steady once the sizes repeat)') : ''}`);
    } finally {
      untrack();
      await browser.close();
    }
  }
});
