// Page-side helpers the e2e tests call through evaluate() (loaded by blank.html and the npm
// test's app page). An error a test wants the page to throw or capture must be made by the
// page's own code, not by the test's evaluated function: Firefox runs WebDriver scripts in a
// sandbox whose uncaught errors never reach the page's `error` listeners (nor the SDK's), and
// JavaScriptCore gives the frames of evaluated scripts no URL.

/** Throw `new <type>(message)` uncaught from a timer. */
function throwLater(message, type) {
  setTimeout(function () { throw new window[type || 'Error'](message); }, 0);
}

/** A new `<type>(message)` made here, for captureException. */
function newError(message, type) {
  return new window[type || 'Error'](message);
}
