// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); calls the next hop.
function hop4() {
  /*@call*/hop5/*<@call:webkit*/();
}
