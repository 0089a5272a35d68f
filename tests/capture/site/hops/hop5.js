// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); calls the next hop.
function hop5() {
  /*@call*/hop6/*<@call:webkit*/();
}
