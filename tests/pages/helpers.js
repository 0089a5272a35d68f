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

/**
 * `perSite` uncaught errors from each of `sites` call sites (functions of their own), spread
 * over timers in ~1 s; resolves when all were thrown. Each site's value is `<label> site-<xy>`.
 */
function stormOfErrors(sites, perSite, label) {
  const throwers = [];
  for (let s = 0; s < sites; s++) {
    // A distinct function (and source position) per site.
    // Sites differ in words, not only digits: folding, like the collector's grouping, treats
    // messages that differ only in numbers as the same error.
    const name = 'site-' + String.fromCharCode(97 + (s % 26)) + String.fromCharCode(97 + Math.floor(s / 26));
    throwers.push(new Function('label', 'return function thrower() { throw new Error(label + " ' + name + '"); };')(label));
  }
  return new Promise(function (resolve) {
    let left = sites * perSite;
    const slices = 50;
    for (let k = 0; k < slices; k++) {
      setTimeout(function () {
        for (let i = 0; i < (sites * perSite) / slices; i++) {
          const f = throwers[i % sites];
          setTimeout(function () { left--; if (left === 0) setTimeout(resolve, 0); f(); }, 0);
        }
      }, k * 20);
    }
  });
}
