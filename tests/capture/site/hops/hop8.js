// Served at an unusual URL (see tests/capture/cases.mjs, page "urls"); the last hop throws.
function hop8() {
  throw /*@throw*/new Error/*<@throw:webkit*/('thrown through eight URLs');
}
