// eval and new Function, alone and nested inside each other.
function runEval() {
  /*@eval*/eval/*<@eval:webkit*/("function inEval() {\n  throw new Error('from eval');\n}\ninEval();");
}
try {
  /*@evalTop*/runEval/*<@evalTop:webkit*/();
} catch (e) {
  record('eval', e);
}

function runNestedEval() {
  /*@nested*/eval/*<@nested:webkit*/("var code = \"throw new Error('eval in eval')\";\neval(code);");
}
try {
  /*@nestedTop*/runNestedEval/*<@nestedTop:webkit*/();
} catch (e) {
  record('eval-nested', e);
}

function runFunction() {
  const fn = /*@function*/new Function/*<@function:webkit*/('a', 'b', "\n  if (a) {\n    throw new Error('from new Function');\n  }");
  /*@functionCall*/fn/*<@functionCall:webkit*//*@functionCall:firefox*/(1, 2);
}
try {
  /*@functionTop*/runFunction/*<@functionTop:webkit*/();
} catch (e) {
  record('new-function', e);
}

function runMixed() {
  // new Function whose body evals code that builds and calls another Function.
  const fn = /*@mixed*/new Function/*<@mixed:webkit*/("return eval(\"(function named() { return new Function('throw new Error(\\\\'deepest\\\\')')(); })()\");");
  /*@mixedCall*/fn/*<@mixedCall:webkit*/();
}
try {
  /*@mixedTop*/runMixed/*<@mixedTop:webkit*/();
} catch (e) {
  record('eval-function-nested', e);
}
