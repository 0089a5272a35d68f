// Served as-is, then loaded again from a blob: URL by blob.js.
function fromBlob() {
  throw /*@throw*/new Error/*<@throw:webkit*/('from a blob: script');
}
try {
  /*@top*/fromBlob/*<@top:webkit*/();
} catch (e) {
  record('blob', e);
}
