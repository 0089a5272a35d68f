function viaFilePosix() {
  throw /*@throw*/new Error/*<@throw:webkit*/('through sourceURLs');
}
