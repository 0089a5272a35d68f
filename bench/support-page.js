// Page helpers shared by bench/perf/page.js and bench/delivery/page.js: each harness serves
// it at /support-page.js and loads it right before the page's page.js (SUPPORT_PAGE_TAG of
// bench/support.mjs). Its top-level names are the page's globals.

'use strict';

// faultline's wasm linear memory is private to its module: remember it as it is created.
const benchWasm = (() => {
  const memories = [];
  return {
    /** From now on, keep the exported memory of every instance WebAssembly.instantiate* makes. */
    watch() {
      if (typeof WebAssembly !== 'object') return;
      for (const name of ['instantiate', 'instantiateStreaming']) {
        const original = WebAssembly[name];
        if (typeof original !== 'function') continue;
        WebAssembly[name] = function (...args) {
          return original.apply(this, args).then((result) => {
            const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
            const memory = instance && instance.exports && instance.exports.memory;
            if (memory instanceof WebAssembly.Memory) memories.push(memory);
            return result;
          });
        };
      }
    },
    /** The bytes of those memories now, or null if none was made. */
    bytes: () => (memories.length ? memories.reduce((s, m) => s + m.buffer.byteLength, 0) : null),
    instances: () => memories.length,
  };
})();

/** The JS heap in use: performance.memory (Chromium only; precise with --enable-precise-memory-info), else null. */
const benchHeapUsed = () => (performance.memory ? performance.memory.usedJSHeapSize : null);
