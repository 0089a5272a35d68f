function fromData() {
  throw /*@throw*/new Error/*<@throw:webkit*/('from a data: script');
}
try {
  /*@top*/fromData/*<@top:webkit*/();
} catch (e) {
  record(document.currentScript.dataset.label, e);
}
