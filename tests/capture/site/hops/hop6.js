// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); calls the next hop.
function hop6() {
  /*@call*/hop7/*<@call:webkit*/();
}
