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

function throwOdd(kind) {
  const value = oddValues[kind]();
  setTimeout(() => { throw value; }, 0);
}
