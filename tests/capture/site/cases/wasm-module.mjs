// A tiny WebAssembly module, assembled by hand so the byte offset of every instruction a
// stack can point at is known here (engines report wasm positions as module byte offsets).
// Imported by wasm.mjs in the page, and by tests/capture/cases.mjs for the expected frames.
//
// (module
//   (import "js" "callback" (func $callback))            ;; function 0
//   (func $trap unreachable)                             ;; function 1, named
//   (func call $trap)                                    ;; function 2, no name
//   (func $callJs call $callback)                        ;; function 3, named
//   (export "viaUnnamed" (func 2))
//   (export "callJs" (func 3)))

const bytes = [];
/** Byte offsets of the instructions the engines report, filled in as the bytes are laid out. */
export const offsets = {};

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const str = (s) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** Appends a section; `body(start)` gets the absolute offset its content starts at. */
function section(id, body) {
  // Lay out once to learn the length, then again at the final position.
  const probe = body(0);
  const size = uleb(probe.length);
  const start = bytes.length + 1 + size.length;
  const content = body(start);
  bytes.push(id, ...size, ...content);
}

bytes.push(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00); // "\0asm", version 1
section(1, () => [1, 0x60, 0, 0]); // types: 0 = () -> ()
section(2, () => [1, ...str('js'), ...str('callback'), 0x00, 0]); // import func, type 0
section(3, () => [3, 0, 0, 0]); // three functions of type 0
section(7, () => [2, ...str('viaUnnamed'), 0x00, 2, ...str('callJs'), 0x00, 3]);
section(10, (start) => {
  const out = [3];
  const at = () => start + out.length;
  // function 1: unreachable
  out.push(3, 0); // body size, no locals
  offsets.trap = at();
  out.push(0x00, 0x0b); // unreachable, end
  // function 2: call 1
  out.push(4, 0);
  offsets.viaUnnamed = at();
  out.push(0x10, 1, 0x0b); // call 1, end
  // function 3: call 0
  out.push(4, 0);
  offsets.callJs = at();
  out.push(0x10, 0, 0x0b); // call 0, end
  return out;
});
// Custom "name" section: function names subsection (1), names for functions 1 and 3 only.
section(0, () => {
  const names = [2, 1, ...str('trap'), 3, ...str('callJs')];
  return [...str('name'), 1, ...uleb(names.length), ...names];
});

export const wasmBytes = new Uint8Array(bytes);
