// npm entry (ES module): `import * as Faultline from 'faultline'`.
// The wasm is found beside this file through `new URL(..., import.meta.url)`, a pattern
// webpack 5, Vite, Parcel and Rollup copy as an asset with no plugin; esbuild users copy
// faultline_bg.wasm next to their bundle or pass `init({ wasmUrl })`. Its bindings
// (faultline_glue.js) come through a dynamic `import()` that bundlers split into a chunk of
// its own, loaded with the wasm when there is something to report.
import { nativeFetch } from './breadcrumbs.js';
import { createFaultline } from './stub.js';

export const {
  init, captureException, captureMessage, captureEvent, setUser, setTag, setTags, setExtra, setExtras, setContext,
  setLevel, setFingerprint, addBreadcrumb, clearBreadcrumbs, withScope, lastEventId, flush, close, getStats,
} = createFaultline((url, host) => {
  // As in js/script.js: both requests at once, the wasm with the unwrapped fetch.
  const wasm = (nativeFetch || fetch)(url || new URL('faultline_bg.wasm', import.meta.url));
  Promise.resolve(wasm).catch(() => {});
  return import('./faultline_glue.js').then((glue) => glue.default(host, wasm));
});
