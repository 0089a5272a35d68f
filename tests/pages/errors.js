// Code that fails on purpose for tests/e2e/errors.test.mjs, in every engine.
// Marker comments declare the position each engine reports for a frame (the test reads lines
// and columns from this file, so edit freely; see markerPosition in tests/support/e2e.mjs):
//   /*@name*/            every engine points at the first character after the comment;
//   /*@name[engines]*/   only the engines listed do;
//   /*^name[engines]*/   those engines point at the comment itself, just after the token before
//                        it: JavaScriptCore's column for a call is the end of the callee.
// Where they differ: for `missing.property` on null V8 points at `property`, JavaScriptCore at
// the `.`, SpiderMonkey at the start of the statement; for an unresolved name V8 and
// SpiderMonkey point at the start of the statement, JavaScriptCore at the end of the name.

// A TypeError raised by the engine three calls below a setTimeout callback.
function onTimer() {
  /*@onTimer[chromium,firefox]*/level1/*^onTimer[webkit]*/();
}
function level1() {
  /*@level1[chromium,firefox]*/level2/*^level1[webkit]*/();
}
function level2() {
  /*@level2[chromium,firefox]*/level3/*^level2[webkit]*/();
}
function level3() {
  const missing = null;
  /*@level3[firefox]*/return missing/*@level3[webkit]*/./*@level3[chromium]*/property;
}

function rejectWithError() {
  Promise.reject(/*@rejectWithError[chromium,firefox]*/new Error/*^rejectWithError[webkit]*/('rejected with an Error'));
}

function rejectWithValue() {
  Promise.reject('rejected with a plain string');
}

// Raised identically on every click: one Bugsink issue, one event per click.
function sameBug() {
  /*@sameBug[chromium,firefox]*/return notDefinedAnywhere/*^sameBug[webkit]*/.call();
}

// A handled error of a custom class, reported with captureException; its id is kept for the test.
// SpiderMonkey and JavaScriptCore list the implicit constructor as a frame of its own
// (JavaScriptCore without a location), V8 does not.
/*@CheckoutError[firefox]*/class CheckoutError extends Error {}
CheckoutError.prototype.name = 'CheckoutError';
function checkout() {
  window.lastCheckoutId = Faultline.captureException(
    /*@checkout[chromium,firefox]*/new CheckoutError/*^checkout[webkit]*/('card declined (handled)'));
}

// The message the engine gives an error `fn` raises, in its own wording.
function messageOfCall(fn) {
  try { fn(); } catch (e) { return e.message; }
}

document.getElementById('deep').addEventListener('click', () => setTimeout(onTimer, 0));
document.getElementById('reject-error').addEventListener('click', () => /*@clickRejectError[chromium,firefox]*/rejectWithError/*^clickRejectError[webkit]*/());
document.getElementById('reject-value').addEventListener('click', () => rejectWithValue());
document.getElementById('same-bug').addEventListener('click', () => /*@clickSameBug[chromium,firefox]*/sameBug/*^clickSameBug[webkit]*/());
document.getElementById('checkout').addEventListener('click', () => /*@clickCheckout[chromium,firefox]*/checkout/*^clickCheckout[webkit]*/());
