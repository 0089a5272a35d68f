// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); calls the next hop.
function hop2() {
  /*@call*/hop3/*<@call:webkit*/();
}
