// A wasm trap (unreachable, two wasm frames deep) and a JS error thrown through wasm, from a
// module compiled from bytes in this script and from the same bytes fetched as trap.wasm.
import { wasmBytes } from '/cases/wasm-module.mjs';

function callback() {
  throw /*@callback*/new Error/*<@callback:webkit*/('thrown by JS called from wasm');
}

async function run(/*<@asyncRun:webkit*/prefix, instance) {
  try {
    instance.exports./*@trap*/viaUnnamed/*<@trap:webkit*/();
  } catch (e) {
    record(prefix + 'trap', e);
  }
  try {
    instance.exports./*@callJs*/callJs/*<@callJs:webkit*/();
  } catch (e) {
    record(prefix + 'through-js', e);
  }
}

const fromBytes = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), { js: { callback } });
await /*@bytes*/run/*<@bytes:webkit*/('wasm-', fromBytes);
const streamed = await WebAssembly.instantiateStreaming(fetch('/cases/trap.wasm'), { js: { callback } });
await /*@streamed*/run/*<@streamed:webkit*/('wasm-url-', streamed.instance);
