// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); calls the next hop.
function hop7() {
  /*@call*/hop8/*<@call:webkit*/();
}
