// node --test tests/js/ : js/normalize.js
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeElement, normalize, toJson } from '../../js/normalize.js';

const BAD = '**non-serializable**';

// A minimal DOM element: what describeElement and normalize read.
function element(tagName, attrs = {}, parentNode = null) {
  return { nodeType: 1, nodeName: tagName, tagName, parentNode, getAttribute: (a) => (a in attrs ? attrs[a] : null), value: 'secret' };
}

test('primitives pass through; the JSON-unsafe ones become strings', () => {
  assert.equal(normalize(null), null);
  assert.equal(normalize(true), true);
  assert.equal(normalize(0), 0);
  assert.equal(normalize(-1.5), -1.5);
  assert.equal(normalize('x'), 'x');
  assert.equal(normalize(undefined), '[undefined]');
  assert.equal(normalize(NaN), '[NaN]');
  assert.equal(normalize(Infinity), '[Infinity]');
  assert.equal(normalize(-Infinity), '[-Infinity]');
  assert.equal(normalize(12345678901234567890n), '[BigInt: 12345678901234567890]');
  assert.equal(normalize(Symbol('x')), 'Symbol(x)');
  assert.equal(normalize(Symbol()), 'Symbol()');
});

test('functions: [Function: name], anonymous ones <anonymous>, a throwing name getter too', () => {
  assert.equal(normalize(function foo() {}), '[Function: foo]');
  assert.equal(normalize({ bar() {} }).bar, '[Function: bar]');
  const anon = [function () {}][0];
  assert.equal(normalize(anon), '[Function: <anonymous>]');
  const hostile = new Proxy(function f() {}, { get() { throw new Error('no'); } });
  assert.equal(normalize(hostile), '[Function: <anonymous>]');
});

test('cycles become [Circular ~]; a shared (non-circular) object is written twice', () => {
  const a = { name: 'a' };
  a.self = a;
  a.list = [a, { back: a }];
  assert.deepEqual(normalize(a, 10), { name: 'a', self: '[Circular ~]', list: ['[Circular ~]', { back: '[Circular ~]' }] });
  const shared = { v: 1 };
  assert.deepEqual(normalize({ x: shared, y: shared }), { x: { v: 1 }, y: { v: 1 } });
  const arr = [];
  arr.push(arr);
  assert.deepEqual(normalize(arr), ['[Circular ~]']);
});

test('depth: objects past the limit become [Object] / [Array] / [Ctor]', () => {
  const deep = { a: { b: { c: { d: 1 } } } };
  assert.deepEqual(normalize(deep), { a: { b: { c: '[Object]' } } }); // default depth 3
  assert.deepEqual(normalize(deep, 1), { a: '[Object]' });
  assert.equal(normalize(deep, 0), '[Object]');
  assert.deepEqual(normalize({ l: [[1]] }, 2), { l: ['[Array]'] });
  class Point { constructor() { this.x = 1; } }
  assert.deepEqual(normalize({ p: new Point() }, 1), { p: '[Point]' });
  assert.deepEqual(normalize({ p: new Point() }, 2), { p: { x: 1 } });
  assert.deepEqual(normalize(deep, Infinity), deep);
  assert.equal(normalize(Object.create(null), 0), '[null prototype]');
});

test('breadth: arrays, typed arrays and objects stop at maxBreadth with [MaxProperties ~]', () => {
  const big = new Array(5000).fill(7);
  const out = normalize(big);
  assert.equal(out.length, 1001);
  assert.equal(out[999], 7);
  assert.equal(out[1000], '[MaxProperties ~]');
  assert.deepEqual(normalize([1, 2, 3], 3, 2), [1, 2, '[MaxProperties ~]']);
  assert.deepEqual(normalize({ a: 1, b: 2, c: 3 }, 3, 2), { a: 1, b: 2, c: '[MaxProperties ~]' });
  assert.deepEqual(normalize(new Uint8Array([1, 2, 3])), [1, 2, 3]);
  assert.deepEqual(normalize(new BigInt64Array([5n])), ['[BigInt: 5]']);
  // A huge typed array is not walked in full (would take seconds and gigabytes).
  const t0 = Date.now();
  const huge = normalize(new Uint8Array(20_000_000), 3, 10);
  assert.equal(huge.length, 11);
  assert.ok(Date.now() - t0 < 1000);
  assert.deepEqual(normalize(new DataView(new ArrayBuffer(4))), []);
});

test('strings are bounded, never splitting a surrogate pair', () => {
  assert.equal(normalize('abcdef', 3, 1000, 4), 'abcd...');
  assert.equal(normalize('abc😀def', 3, 1000, 4), 'abc...'); // 😀 is 2 UTF-16 units: not cut in half
  assert.equal(normalize('x'.repeat(10000)).length, 8192 + 3);
  assert.deepEqual(normalize({ s: 'abcdef' }, 3, 1000, 2), { s: 'ab...' });
});

test('Dates → ISO strings (invalid ones a marker), at any depth', () => {
  assert.equal(normalize(new Date(0)), '1970-01-01T00:00:00.000Z');
  assert.equal(normalize(new Date(NaN)), '[Invalid Date]');
  assert.deepEqual(normalize({ a: { d: new Date(0) } }, 1), { a: '[Object]' });
  assert.deepEqual(normalize({ d: new Date(0) }, 1), { d: '1970-01-01T00:00:00.000Z' });
});

test('Errors → { name, message, stack, …own properties }', () => {
  const e = new TypeError('boom');
  e.code = 'E42';
  const n = normalize(e);
  assert.equal(n.name, 'TypeError');
  assert.equal(n.message, 'boom');
  assert.match(n.stack, /TypeError: boom/);
  assert.equal(n.code, 'E42');
  class MyError extends Error {}
  assert.equal(normalize(new MyError('m')).message, 'm');
  assert.deepEqual(Object.keys(normalize({ err: new Error('x') }, 3)), ['err']);
});

test('DOM Events → { type, target, currentTarget, detail? } (a rejection with an Event is common)', () => {
  assert.deepEqual(normalize(new Event('error')), { type: 'error', target: null, currentTarget: null });
  const custom = new CustomEvent('app:fail', { detail: { code: 7 } });
  assert.deepEqual(normalize(custom), { type: 'app:fail', target: null, currentTarget: null, detail: { code: 7 } });
  const target = new EventTarget();
  let seen;
  target.addEventListener('load', (e) => { seen = normalize(e); });
  target.dispatchEvent(new Event('load'));
  assert.equal(seen.type, 'load');
  assert.deepEqual(seen.target, {});
});

test('DOM nodes, Window and Document become short markers', () => {
  const body = element('BODY');
  const btn = element('BUTTON', { id: 'go', class: ' primary  big ', type: 'submit', name: 'send' }, body);
  assert.equal(normalize(btn), '[HTMLElement: button#go.primary.big[type="submit"][name="send"]]');
  assert.equal(describeElement(element('DIV')), 'div');
  assert.equal(normalize({ el: element('INPUT', { type: 'password' }) }).el, '[HTMLElement: input[type="password"]]');
  assert.equal(normalize({ nodeType: 9, nodeName: '#document' }), '[Document]');
  class Text { constructor() { this.nodeType = 3; this.nodeName = '#text'; } }
  assert.equal(normalize(new Text()), '[Text]');
  assert.equal(normalize(globalThis), '[Window]');
  const frame = {};
  frame.window = frame; // any window, e.g. an iframe's
  assert.equal(normalize({ w: frame }).w, '[Window]');
  // Never an input's value.
  assert.ok(!JSON.stringify(normalize({ el: element('INPUT') })).includes('secret'));
});

test('throwing getters and hostile Proxies give a marker, never a throw', () => {
  const getter = { ok: 1, get bad() { throw new Error('getter'); } };
  assert.deepEqual(normalize(getter), { ok: 1, bad: BAD });
  const traps = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'];
  const handler = Object.fromEntries(traps.map((t) => [t, () => { throw new Error(t); }]));
  const hostile = new Proxy({}, handler);
  assert.equal(normalize(hostile), BAD);
  assert.deepEqual(normalize({ a: 1, h: hostile }), { a: 1, h: BAD });
  assert.deepEqual(normalize([hostile, 2]), [BAD, 2]);
  const keysOnly = new Proxy({ a: 1 }, { ownKeys() { throw new Error('keys'); } });
  assert.equal(normalize(keysOnly), BAD);
  const arrayProxy = new Proxy([1, 2], { get(t, k) { if (k === '1') throw new Error('x'); return Reflect.get(t, k); } });
  assert.deepEqual(normalize(arrayProxy), [1, BAD]);
  // A thrown value that is itself hostile.
  const evil = new Proxy({}, { get() { throw hostile; } });
  assert.equal(normalize(evil), BAD);
  assert.equal(typeof toJson(hostile), 'string');
});

test('toJSON is used, guarded: a throwing toJSON falls back to the properties', () => {
  assert.deepEqual(normalize({ toJSON: () => ({ z: 1 }) }), { z: 1 });
  assert.equal(normalize(new URL('https://example.com/a?b')), 'https://example.com/a?b');
  assert.deepEqual(normalize({ q: 1, toJSON() { throw new Error('no'); } }), { q: 1, toJSON: '[Function: toJSON]' });
  const selfish = { toJSON() { return this; } };
  assert.equal(normalize(selfish), '[Circular ~]');
  const getterToJSON = { a: 1, get toJSON() { throw new Error('no'); } };
  assert.deepEqual(normalize(getterToJSON), { a: 1, toJSON: BAD });
});

test('output is plain: own __proto__ keys stay data, null prototypes become {}', () => {
  const parsed = JSON.parse('{"__proto__": {"polluted": 1}, "a": 2}');
  const n = normalize(parsed);
  assert.equal(Object.getPrototypeOf(n), Object.prototype);
  assert.equal({}.polluted, undefined);
  assert.equal(JSON.stringify(n), '{"__proto__":{"polluted":1},"a":2}');
  const bare = Object.create(null);
  bare.k = 1;
  assert.deepEqual(normalize(bare), { k: 1 });
  assert.deepEqual(normalize(new Map([[1, 2]])), {});
  assert.deepEqual(normalize({ [Symbol('s')]: 1, k: 2 }), { k: 2 });
});

test('toJson: JSON text of normalize, never throws, null on total failure', () => {
  const a = { n: 1n, f() {} };
  a.a = a;
  assert.equal(toJson(a), '{"n":"[BigInt: 1]","f":"[Function: f]","a":"[Circular ~]"}');
  assert.equal(toJson(undefined), '"[undefined]"');
  assert.equal(toJson({ a: { b: { c: 1 } } }, 1), '{"a":"[Object]"}');
  assert.equal(toJson([1, 2, 3], 3, 1), '[1,"[MaxProperties ~]"]');
  const stringify = JSON.stringify;
  JSON.stringify = () => { throw new RangeError('Invalid string length'); };
  try {
    assert.equal(toJson({ a: 1 }), null);
  } finally {
    JSON.stringify = stringify;
  }
});

test('the normalized value survives JSON round trips for a mixed bag', () => {
  const bag = { d: new Date(0), n: NaN, u: undefined, s: Symbol('q'), b: 2n, e: new RangeError('r'), f: Math.max, t: new Int16Array([1, -1]) };
  const n = normalize(bag);
  assert.deepEqual(JSON.parse(JSON.stringify(n)), n);
});
