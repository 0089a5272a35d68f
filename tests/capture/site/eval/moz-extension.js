function viaMozExtension() {
  /*@call*/viaSafariWebExtension/*<@call:webkit*/();
}
