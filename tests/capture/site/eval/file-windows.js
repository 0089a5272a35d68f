function viaFileWindows() {
  /*@call*/viaFilePosix/*<@call:webkit*/();
}
