// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); calls the next hop.
function hop3() {
  /*@call*/hop4/*<@call:webkit*/();
}
