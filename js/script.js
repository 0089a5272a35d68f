// Script-tag entry, built as an IIFE that defines the global `Faultline`:
//   <script src="https://cdn.example/faultline.min.js"></script>
// The wasm is loaded from beside this script (resolved against its own URL, read while the
// script first runs), so copying the pkg/ folder onto any static host works.
import loadBindings, * as bindings from '../target/faultline-bindgen/faultline.js';
import { nativeFetch } from './breadcrumbs.js';
import { createFaultline } from './stub.js';

const here = (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) || location.href;

export const {
  init, captureException, captureMessage, captureEvent, setUser, setTag, setTags, setExtra, setExtras, setContext,
  setLevel, setFingerprint, addBreadcrumb, clearBreadcrumbs, withScope, lastEventId, flush, close, getStats,
} = createFaultline((url) =>
  // Fetched with the unwrapped fetch: the SDK's own requests are not breadcrumbs.
  loadBindings({ module_or_path: (nativeFetch || fetch)(url || new URL('faultline_bg.wasm', here)) }).then(() => bindings),
);
