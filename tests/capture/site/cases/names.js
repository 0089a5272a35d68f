// Function names that a stack parser can trip on: computed method names with spaces,
// parentheses, `@`, a URL; Symbol-keyed; non-ASCII; a name set with Object.defineProperty.
// One chain through all of them.
function setName(fn, name) {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
const given = setName(function () {
  throw /*@throw*/new Error/*<@throw:webkit*/('through odd names');
}, 'given name (1)@x');
const odd = {
  ['weird (name)']() { /*@weird*/given/*<@weird:webkit*/(); },
  ['on@click']() { this[/*@at:firefox*/'weird (name)']/*<@at:webkit*//*@at:chromium*/(); },
  [Symbol.iterator]() { this[/*@symbol:firefox*/'on@click']/*<@symbol:webkit*//*@symbol:chromium*/(); },
  ['x (http://evil.test/a.js:1:2)']() { this[Symbol.iterator]/*<@url:webkit*//*@url*/(); },
  'ünï'() { this[/*@unicode:firefox*/'x (http://evil.test/a.js:1:2)']/*<@unicode:webkit*//*@unicode*/(); },
};
class Odd {
  static ['s (x)']() { odd./*@static*/ünï/*<@static:webkit*/(); }
  get ['g y']() { return Odd[/*@getter:firefox*/'s (x)']/*@getter*/(); }
}
try {
  /*@top:firefox*/new Odd()/*@top*/['g y'];
} catch (e) {
  record('names', e);
}
