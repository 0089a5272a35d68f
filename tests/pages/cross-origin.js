// A script another origin serves (tests/e2e/cross-origin.test.mjs, from a second 127.0.0.1
// port, as /cors/cross-origin.js with Access-Control-Allow-Origin and /nocors/cross-origin.js
// without). While it runs, the engine raises a TypeError two calls deep.
// Marker comments declare the position each engine reports (see tests/pages/errors.js).
function crossOuter() {
  /*@crossOuter[chromium,firefox]*/crossInner/*^crossOuter[webkit]*/();
}
function crossInner() {
  const missing = null;
  /*@crossInner[firefox]*/return missing/*@crossInner[webkit]*/./*@crossInner[chromium]*/property;
}
/*@crossTop[chromium,firefox]*/crossOuter/*^crossTop[webkit]*/();
