function viaWebpack() {
  /*@call*/viaApp/*<@call:webkit*/();
}
