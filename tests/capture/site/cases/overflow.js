// Unbounded recursion: the engine's own stack-overflow error (RangeError, or Firefox's
// InternalError "too much recursion").
function overflow/*@entry:chromium*/(n) {
  /*@entry:firefox*/return /*@call*/overflow/*<@call:webkit*/(n + 1) + 1;
}
// Warm-up: cold, V8 sometimes overflows in the call (innermost frame at the call site)
// instead of on entry (innermost frame at the function); a few rounds first make the
// captured stack the same on every run.
for (let i = 0; i < 5; i++) {
  try {
    overflow(0);
  } catch {
    // warm-up
  }
}
try {
  /*@top*/overflow/*<@top:webkit*/(0);
} catch (e) {
  record('stack-overflow', e);
}
