// Plain named functions, six deep, called from a script's top level.
// Markers /*@name*/ sit right before the token an engine reports (tests/capture/README.md).
function level6() {
  throw /*@throw*/new Error/*<@throw:webkit*/('six levels deep');
}
function level5() {
  /*@5*/level6/*<@5:webkit*/();
}
function level4() {
  /*@4*/level5/*<@4:webkit*/();
}
function level3() {
  /*@3*/level4/*<@3:webkit*/();
}
function level2() {
  /*@2*/level3/*<@2:webkit*/();
}
function level1() {
  /*@1*/level2/*<@1:webkit*/();
}
try {
  /*@top*/level1/*<@top:webkit*/();
} catch (e) {
  record('nested', e);
}
