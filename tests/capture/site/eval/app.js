function viaApp() {
  /*@call*/viaCapacitor/*<@call:webkit*/();
}
