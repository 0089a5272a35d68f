// Calls through scripts served at unusual URLs (the page loads hops/hop1.js ... hop8.js
// from them first): spaces, parentheses, `@`, non-ASCII, pre-encoded, a query string and a
// fragment, another port with and without CORS.
try {
  /*@top*/hop1/*<@top:webkit*/();
} catch (e) {
  record('urls', e);
}
