// Like cross-origin.js, but the script throws an Error object it made itself. Firefox does not
// mute that one (only errors the engine raises and non-Error values), Chromium and WebKit do.
function crossThrowOwn() {
  throw /*@crossThrowOwn[chromium,firefox]*/new RangeError/*^crossThrowOwn[webkit]*/('made and thrown by a script from another origin');
}
/*@crossOwnTop[chromium,firefox]*/crossThrowOwn/*^crossOwnTop[webkit]*/();
