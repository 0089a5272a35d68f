// What tests/capture/capture.mjs serves, and where things are in it: the pages and routes,
// the URL each site file is served at, and the positions of marker comments in those files.
//
// Marker comments (in tests/capture/site/**):
//   /*@name*/          the engine points at the token right after the comment
//   /*<@name*/         the engine points at the end of the expression before the comment, that
//                      is where the comment starts (JavaScriptCore reports a call at the end of
//                      its callee: `f/*<@x*/()` is the `(` that would follow `f`)
//   /*@name:firefox*/  only for those engines (comma-separated); an engine-specific marker
//                      wins over one without engines
// Lines and columns are 1-based, columns in UTF-16 code units, as the engines count them.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { MIME } from '../support/static.mjs';
import { minifiedSource } from './minified.mjs';
import { PAGES } from './pages.mjs';
import { wasmBytes } from './site/cases/wasm-module.mjs';

export const SITE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'site');
/** Fixed, so the URLs in the fixtures (and so the files) are the same on every run. */
export const PORTS = [47811, 47812];
export const ORIGINS = PORTS.map((p) => `http://127.0.0.1:${p}`);
/** Replaces the random UUID of a blob: URL in what is written. */
export const BLOB_UUID = '00000000-0000-4000-8000-000000000000';

/** The text of a site file as served (`cases/min.js` is generated). */
export function siteText(file) {
  if (file === 'cases/min.js') return minifiedSource();
  return fs.readFileSync(path.join(SITE, file), 'utf8');
}

const attr = (s) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

function dataUrl(entry) {
  const text = siteText(entry.data);
  const body = entry.encode === 'component'
    ? encodeURIComponent(text)
    : text.replaceAll('%', '%25').replaceAll('#', '%23').replaceAll('\n', '%0A');
  return `data:text/javascript,${body}`;
}

/** Where a page's script entry is requested from, as written in the page. */
function scriptSrc(entry) {
  if (typeof entry === 'string') return entry;
  if (entry.data) return dataUrl(entry);
  return entry.origin === 2 ? ORIGINS[1] + entry.src : entry.src;
}

export const pageUrl = (page) => `${ORIGINS[0]}/p/${page.page}.html`;

/**
 * The URL site file `file` was loaded from in `page` (for a file loaded twice, the entry whose
 * data-label is `label`), as the browser resolves it: WHATWG URL serialization, which is what
 * `new URL(src, page).href` gives in Node and in the browsers.
 */
export function servedUrl(page, file, label) {
  if (page.html === file) return pageUrl(page);
  const entries = (page.scripts ?? []).filter((entry) => (typeof entry === 'string'
    ? entry === `/${file}` : entry.file === file || entry.data === file || entry.src === `/${file}`));
  const entry = entries.find((e) => e.dataset?.label === label) ?? entries[0];
  if (entry) return new URL(scriptSrc(entry), pageUrl(page)).href;
  return new URL(`/${file}`, ORIGINS[0]).href;
}

function pageHtml(page) {
  if (page.html) return siteText(page.html);
  const tags = page.scripts.map((entry) => {
    const src = attr(scriptSrc(entry));
    const extra = typeof entry === 'string' ? ''
      : (entry.module ? ' type="module"' : '')
        + (entry.crossorigin ? ' crossorigin' : '')
        + Object.entries(entry.dataset ?? {}).map(([k, v]) => ` data-${k}="${attr(v)}"`).join('');
    return `<script src="${src}"${extra}></script>`;
  });
  return ['<!doctype html>', '<meta charset="utf-8">', '<link rel="icon" href="data:,">',
    `<title>capture: ${page.page}</title>`, '<script src="/harness.js"></script>', ...tags, ''].join('\n');
}

/** The routes of origin 1 or 2 (everything else is a file under site/). */
export function routes(origin) {
  const text = (type, body) => () => ({ type, body });
  const table = {};
  for (const page of PAGES) {
    if (origin === 1) table[`/p/${page.page}.html`] = text(MIME['.html'], pageHtml(page));
    for (const entry of page.scripts ?? []) {
      if (typeof entry !== 'object' || !entry.file || (entry.origin ?? 1) !== origin) continue;
      const key = decodeURIComponent(new URL(entry.src, ORIGINS[0]).pathname);
      table[key] = text(MIME['.js'], siteText(entry.file));
    }
  }
  if (origin === 1) {
    table['/cases/min.js'] = text(MIME['.js'], siteText('cases/min.js'));
    table['/cases/trap.wasm'] = text(MIME['.wasm'], Buffer.from(wasmBytes));
  }
  return table;
}

const MARKER = /\/\*(<?)@([^:*\s]+)(?::([a-z,]+))?\*\//g;

/** `{ index, line, col }` (1-based line and column) of offset `index` in `text`. */
export function position(text, index) {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { index, line: before.split('\n').length, col: index - lineStart + 1 };
}

/** Where `engine` points for marker `name` in site file `file`: `{ index, line, col }`. */
export function marker(file, name, engine) {
  const text = siteText(file);
  const hits = [];
  for (const m of text.matchAll(MARKER)) {
    if (m[2] !== name) continue;
    const engines = m[3] ? m[3].split(',') : null;
    hits.push({ engines, index: m[1] ? m.index : m.index + m[0].length });
  }
  const own = hits.filter((h) => h.engines?.includes(engine));
  const chosen = own.length ? own : hits.filter((h) => !h.engines);
  if (chosen.length !== 1) {
    throw new Error(`${file}: ${chosen.length} markers /*@${name}*/ for ${engine} (want exactly 1)`);
  }
  return position(text, chosen[0].index);
}
