// The half of faultline that is fetched with the wasm, not with the page: wasm-bindgen's
// bindings for faultline_bg.wasm and the I/O the wasm calls (js/io.js).
//
// Why a file of its own: most page views have no error, and the stub (js/stub.js) never
// needs the wasm then; its bindings are a fifth of the script every page would otherwise
// download. The entries (js/script.js, js/index.js) import this with a dynamic `import()`
// at the same moment they start fetching the wasm, so the first error waits for one round
// trip, not two.
//
// `start(host, wasm)`: `host` is the stub's side of the I/O (answer, tick, store, the
// unwrapped fetch); `wasm` the `fetch` of faultline_bg.wasm (a Promise of a Response).
// Resolves to the wasm's exports.

import loadBindings, * as bindings from '../target/faultline-bindgen/faultline.js';
import { connect } from './io.js';

export default function start(host, wasm) {
  connect(host);
  return loadBindings({ module_or_path: wasm }).then(() => bindings);
}
