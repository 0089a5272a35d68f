// Code that fails on purpose for tests/e2e/errors.test.mjs.
// A marker comment /*@name*/ sits right before the token V8 reports for that frame;
// the test reads the expected line and column from this file, so edit freely.

// A TypeError raised by the engine three calls below a setTimeout callback.
function onTimer() {
  /*@onTimer*/level1();
}
function level1() {
  /*@level1*/level2();
}
function level2() {
  /*@level2*/level3();
}
function level3() {
  const missing = null;
  return missing./*@level3*/property;
}

function rejectWithError() {
  Promise.reject(/*@rejectWithError*/new Error('rejected with an Error'));
}

function rejectWithValue() {
  Promise.reject('rejected with a plain string');
}

// Raised identically on every click: one Bugsink issue, one event per click.
function sameBug() {
  return notDefinedAnywhere.call();
}

document.getElementById('deep').addEventListener('click', () => setTimeout(onTimer, 0));
document.getElementById('reject-error').addEventListener('click', () => rejectWithError());
document.getElementById('reject-value').addEventListener('click', () => rejectWithValue());
document.getElementById('same-bug').addEventListener('click', () => sameBug());
