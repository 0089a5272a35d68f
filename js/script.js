// Script-tag entry, built as an IIFE that defines the global `Faultline`:
//   <script src="https://cdn.example/faultline.min.js"></script>
// The wasm and its bindings (faultline_glue.js, an ES module) are loaded from beside this
// script (resolved against its own URL, read while the script first runs), so copying the
// pkg/ folder onto any static host works; both only when there is something to report.
import { nativeFetch } from './breadcrumbs.js';
import { createFaultline } from './stub.js';

const here = (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) || location.href;

export const {
  init, captureException, captureMessage, captureEvent, setUser, setTag, setTags, setExtra, setExtras, setContext,
  setLevel, setFingerprint, addBreadcrumb, clearBreadcrumbs, withScope, lastEventId, flush, close, getStats,
} = createFaultline((url, host) => {
  // Both requests at once. Fetched with the unwrapped fetch: the SDK's own requests are not
  // breadcrumbs. The catch only marks the fetch handled should the import fail first; the
  // bindings still see its outcome.
  const wasm = (nativeFetch || fetch)(url || new URL('faultline_bg.wasm', here));
  Promise.resolve(wasm).catch(() => {});
  return import(new URL('faultline_glue.js', here).href).then((glue) => glue.default(host, wasm));
});
