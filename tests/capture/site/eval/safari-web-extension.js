function viaSafariWebExtension() {
  /*@call*/viaFileWindows/*<@call:webkit*/();
}
