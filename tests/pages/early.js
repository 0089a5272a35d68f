// Runs in the <script> right after Faultline.init(): the wasm cannot have loaded yet.
// Marker comments declare the position each engine reports (see tests/pages/errors.js).
Promise.reject(/*@earlyRejection[chromium,firefox]*/new Error/*^earlyRejection[webkit]*/('rejected before the wasm was ready'));
throw /*@earlyThrow[chromium,firefox]*/new RangeError/*^earlyThrow[webkit]*/('thrown before the wasm was ready');
