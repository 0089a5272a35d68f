// Runs inside a dedicated Web Worker: throws at top level and in its message handler and
// posts each stack back (a worker has no `window`, so it describes the error itself).
function describe(label, e) {
  return { label: label, type: Object.prototype.toString.call(e), name: e.name, message: e.message, stack: e.stack, stackType: typeof e.stack, extra: null };
}
function crunch(n) {
  if (n > 2) throw /*@throw*/new Error/*<@throw:webkit*/('worker crunch ' + n);
  return n;
}
function work(items) {
  return items./*@map*/map/*<@map:webkit*/(crunch);
}
try {
  /*@top*/work/*<@top:webkit*//*@top:firefox*/([1, 2, 3]);
} catch (e) {
  postMessage(describe('worker', e));
}
self.onmessage = function onMessage(event) {
  try {
    /*@handler*/crunch/*<@handler:webkit*//*@handler:firefox*/(event.data.length + 1);
  } catch (e) {
    postMessage(describe('worker-onmessage', e));
  }
};
