// npm entry (ES module): `import * as Faultline from 'faultline'`.
// The wasm is found beside this file through `new URL(..., import.meta.url)`, a pattern
// webpack 5, Vite, Parcel and Rollup copy as an asset with no plugin; esbuild users copy
// faultline_bg.wasm next to their bundle or pass `init({ wasmUrl })`.
import loadBindings, * as bindings from '../target/faultline-bindgen/faultline.js';
import { nativeFetch } from './breadcrumbs.js';
import { createFaultline } from './stub.js';

export const {
  init, captureException, captureMessage, captureEvent, setUser, setTag, setTags, setExtra, setExtras, setContext,
  setLevel, setFingerprint, addBreadcrumb, clearBreadcrumbs, withScope, lastEventId, flush, close, getStats,
} = createFaultline((url) =>
  // Fetched with the unwrapped fetch: the SDK's own requests are not breadcrumbs.
  loadBindings({ module_or_path: (nativeFetch || fetch)(url || new URL('faultline_bg.wasm', import.meta.url)) }).then(() => bindings),
);
