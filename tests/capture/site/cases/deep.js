// Recursion 120 deep. The page sets data-label, and data-limit when Error.stackTraceLimit is
// to be changed first (V8, SpiderMonkey and JavaScriptCore all read it; each page starts fresh,
// because JavaScriptCore ignores later changes once it was set to 0).
const { label, limit } = document.currentScript.dataset;
if (limit !== undefined) Error.stackTraceLimit = Number(limit);
function recurse(n) {
  if (n === 0) throw /*@throw*/new Error/*<@throw:webkit*/('depth reached');
  /*@recurse*/recurse/*<@recurse:webkit*//*@recurse:firefox*/(n - 1);
}
function deep() {
  try {
    /*@deep*/recurse/*<@deep:webkit*//*@deep:firefox*/(120);
  } catch (e) {
    record(label, e);
  }
}
/*@top*/deep/*<@top:webkit*/();
