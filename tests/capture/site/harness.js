// Loaded first by every capture page (tests/capture/capture.mjs). Holds what the constructs
// threw until the capture script reads it back with `__capture.wait(labels)`.
// Nothing here is on a recorded stack: errors are made by the construct, then handed over.
(function () {
  'use strict';
  var results = [];
  var waiters = [];

  function describe(label, thrown, extra) {
    var isObject = thrown !== null && (typeof thrown === 'object' || typeof thrown === 'function');
    var stack = isObject ? thrown.stack : undefined;
    return {
      label: label,
      type: Object.prototype.toString.call(thrown),
      name: isObject && typeof thrown.name === 'string' ? thrown.name : null,
      message: isObject && typeof thrown.message === 'string' ? thrown.message : null,
      stack: typeof stack === 'string' ? stack : null,
      stackType: typeof stack,
      extra: extra || null,
    };
  }

  function add(result) {
    results.push(result);
    for (var i = 0; i < waiters.length; i++) waiters[i]();
  }

  self.__capture = {
    /** Records `thrown` (anything) under `label`. */
    record: function (label, thrown, extra) { add(describe(label, thrown, extra)); },
    /** Records a result already described elsewhere (posted from a worker). */
    recordDescribed: function (result) { add(result); },
    describe: describe,
    /** Resolves with all results once every label in `labels` is there (or after `ms`). */
    wait: function (labels, ms) {
      return new Promise(function (resolve) {
        var timer;
        function check() {
          var have = results.map(function (r) { return r.label; });
          if (labels.every(function (l) { return have.indexOf(l) >= 0; })) {
            clearTimeout(timer);
            resolve(results);
            return true;
          }
          return false;
        }
        if (check()) return;
        timer = setTimeout(function () { resolve(results); }, ms);
        waiters.push(check);
      });
    },
  };
  self.record = self.__capture.record;
})();
