// What is thrown: a cause chain, a custom name, a multi-line message that looks like frames,
// a TypeError and a DOMException from the engine, and values without a stack.
function lowLevel() {
  throw /*@inner*/new Error/*<@inner:webkit*/('disk full');
}
function save() {
  try {
    /*@save*/lowLevel/*<@save:webkit*/();
  } catch (cause) {
    throw /*@outer*/new Error/*<@outer:webkit*/('could not save', { cause });
  }
}
try {
  /*@causeTop*/save/*<@causeTop:webkit*/();
} catch (e) {
  record('cause', e);
  record('cause-inner', e.cause);
}

class ValidationError extends Error {
  constructor(message) {
    /*@super*/super/*<@super:webkit*/(message);
    this.name = 'ValidationError';
  }
}
function validate(form) {
  if (!form.email) throw /*@validate*/new ValidationError/*<@validate:webkit*/('field "email" is required: got a@b.c');
}
try {
  /*@validateTop*/validate/*<@validateTop:webkit*//*@validateTop:firefox*/({});
} catch (e) {
  record('custom-name', e);
}

function named() {
  const e = /*@renamed*/new Error/*<@renamed:webkit*/('renamed after construction');
  e.name = 'QuotaExceeded';
  throw e;
}
try {
  /*@renamedTop*/named/*<@renamedTop:webkit*/();
} catch (e) {
  record('renamed', e);
}

function multiline() {
  throw /*@multiline*/new Error/*<@multiline:webkit*/('first line\n    at fake (http://evil.test/x.js:1:1)\nfake@http://evil.test/x.js:2:2\nlast line');
}
try {
  /*@multilineTop*/multiline/*<@multilineTop:webkit*/();
} catch (e) {
  record('multiline-message', e);
}

function readMissing(config) {
  /*@typeError:firefox*/return config.server/*@typeError:webkit*/./*@typeError*/port;
}
try {
  /*@typeErrorTop*/readMissing/*<@typeErrorTop:webkit*//*@typeErrorTop:firefox*/({});
} catch (e) {
  record('type-error', e);
}

function badSelector() {
  return document./*@dom*/querySelector/*<@dom:webkit*/('#');
}
try {
  /*@domTop*/badSelector/*<@domTop:webkit*/();
} catch (e) {
  record('dom-exception', e);
}

try {
  throw { name: 'PlainObject', message: 'an object literal, no stack' };
} catch (e) {
  record('object-thrown', e);
}
try {
  throw 'a bare string';
} catch (e) {
  record('string-thrown', e);
}

function makeReport(message) {
  const report = { name: 'Report', message };
  // The second argument hides makeReport itself and everything above it.
  Error.captureStackTrace(report, makeReport);
  return report;
}
function buildReport() {
  return /*@report*/makeReport/*<@report:webkit*/('captured, not thrown');
}
record('capture-stack-trace', /*@reportTop*/buildReport/*<@reportTop:webkit*/());
