// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); calls the next hop.
function hop1() {
  /*@call*/hop2/*<@call:webkit*/();
}
