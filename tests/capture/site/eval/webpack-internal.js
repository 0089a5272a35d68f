function viaWebpackInternal() {
  /*@call*/viaWebpack/*<@call:webkit*/();
}
