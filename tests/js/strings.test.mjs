// How JS strings reach wasm memory (js/io.js, used by src/web/read.rs): held, sliced to the
// asked length, written as UTF-8, natively or by hand when the native encoder fails.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { encodeSlowly, holdProp, holdText, takeHeld } from '../../js/io.js';

const TRICKY = ['', 'abc', 'é', '€', '😀', 'a\ud800b', '\udc00', 'x\ud83d', '\ud83d\ude00\ud83d', 'ü: ü', '\u0000\u007f\u0080\u07ff\u0800\uffff'];

function take(units) {
  const buf = new Uint8Array(units * 3);
  return buf.slice(0, takeHeld(buf));
}

test('held strings are written as the native encoder writes them, sliced to the limit', () => {
  for (const s of TRICKY) {
    assert.deepEqual(take(holdText(s, 1000)), new TextEncoder().encode(s), JSON.stringify(s));
  }
  assert.equal(holdText('abcdef', 3), 3);
  assert.deepEqual(new TextDecoder().decode(take(3)), 'abc');
  assert.equal(holdText(42, 10), -1, 'not a string');
  assert.equal(holdText(new String('boxed'), 10), -1);
});

test('a property read that throws reads as absent', () => {
  const hostile = { get stack() { throw new Error('no'); } };
  assert.equal(holdProp(hostile, 'stack', 100), -1);
  assert.equal(holdProp(null, 'stack', 100), -1);
  assert.equal(holdProp({ name: 'TypeError' }, 'name', 100), 9);
  assert.equal(new TextDecoder().decode(take(9)), 'TypeError');
});

test('the hand-written UTF-8 encoder agrees with TextEncoder (lone surrogates as U+FFFD)', () => {
  for (const s of TRICKY) {
    const buf = new Uint8Array(s.length * 3 + 4);
    const n = encodeSlowly(s, buf);
    assert.deepEqual(buf.slice(0, n), new TextEncoder().encode(s), JSON.stringify(s));
  }
});
