function viaChromeExtension() {
  /*@call*/viaMozExtension/*<@call:webkit*/();
}
