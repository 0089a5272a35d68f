function viaCapacitor() {
  /*@call*/viaChromeExtension/*<@call:webkit*/();
}
