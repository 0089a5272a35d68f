// js/store.js where IndexedDB is missing or refuses (private modes, disabled storage, node):
// the SDK keeps events in memory only, says so once in debug mode, and never throws.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { createStore } from '../../js/store.js';

const settle = () => new Promise((r) => setTimeout(r, 60));

test('without IndexedDB: one warning, no throw, nothing restored', async () => {
  assert.equal(typeof indexedDB, 'undefined', 'node has no IndexedDB');
  const lines = [];
  const store = createStore((line) => lines.push(line), () => assert.fail('nothing to drop'));
  store.persist('a'.repeat(32), 'http://127.0.0.1:1/api/1/envelope/', 'http://k@127.0.0.1:1/1', '{}');
  store.persist('b'.repeat(32), 'http://127.0.0.1:1/api/1/envelope/', 'http://k@127.0.0.1:1/1', '{}');
  store.forget('a'.repeat(32));
  const restored = [];
  store.restore((r) => restored.push(r));
  store.write();
  await settle();
  assert.deepEqual(restored, []);
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /persistent storage unavailable \(no IndexedDB\); events are kept in memory only/);
});

test('an IndexedDB that throws or refuses to open: the same, never a throw', async () => {
  for (const hostile of [
    { open() { throw new Error('SecurityError'); } },
    { open() { const req = {}; setTimeout(() => { req.error = new Error('denied'); req.onerror && req.onerror(); }, 0); return req; } },
  ]) {
    globalThis.indexedDB = hostile;
    try {
      const lines = [];
      const store = createStore((line) => lines.push(line), () => {});
      store.persist('c'.repeat(32), 'u', 'd', '{}');
      store.restore(() => assert.fail('nothing to restore'));
      await settle();
      store.write();
      await settle();
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.match(lines[0], /persistent storage unavailable \(open\)/);
    } finally {
      delete globalThis.indexedDB;
    }
  }
});
