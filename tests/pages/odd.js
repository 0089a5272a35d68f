// Values thrown (uncaught, from a timer) by tests/e2e/odd-values.test.mjs via throwOdd(kind).

// An object every one of whose properties throws when read, and that refuses to be converted.
function hostile() {
  const o = {};
  const keys = ['name', 'message', 'stack', 'constructor', 'toString', 'valueOf', 'toJSON',
    Symbol.toPrimitive, Symbol.toStringTag];
  for (const k of keys) {
    Object.defineProperty(o, k, {
      enumerable: true,
      get() { throw new Error(`hostile getter: ${String(k)}`); },
    });
  }
  return o;
}

const oddValues = {
  string: () => 'a thrown string',
  number: () => 42,
  null: () => null,
  undefined: () => undefined,
  object: () => ({ marker: 'plain-object' }),
  symbol: () => Symbol('odd-symbol'),
  hostile,
  huge: () => new Error(`huge:${'x'.repeat(5 * 1024 * 1024)}`),
};

// A thrown non-Error has no stack: the event's one frame is the ErrorEvent's own position. The
// marker comments declare it per engine (see tests/pages/errors.js): V8 and SpiderMonkey point
// at `throw`, JavaScriptCore at the end of the thrown expression.
function throwOdd(kind) {
  const value = oddValues[kind]();
  setTimeout(() => { /*@throwOdd[chromium,firefox]*/throw value/*^throwOdd[webkit]*/; }, 0);
}
