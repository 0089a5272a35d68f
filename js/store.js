// The persistent half of the outbox: every queued event is kept in IndexedDB until it is
// delivered or dropped for good, so a reload, a crash or a closed tab loses nothing; the next
// page from the same origin sends what is left.
//
// Tabs must not send each other's events twice. Each page holds a Web Lock named after it
// for its whole life; a stored event belongs to the page that stored it, and another page
// takes it over (in one IndexedDB transaction, so only one can) only when that page's lock
// is gone, i.e. the page is closed. Without Web Locks, events older than a minute are taken
// over; a duplicate is then possible, and the collector drops it by `event_id`.
//
// Bounded by count and bytes (the outbox's bounds): the oldest events go first, and those
// not also queued in this page's memory are reported as `cache_overflow`. Where IndexedDB is
// missing or refuses (private modes, disabled storage), the SDK keeps events in memory only.
// Nothing here throws into the page; every failure is a `warn` line in debug mode.

const DB_NAME = 'faultline';
const STORE = 'outbox';
const MAX_COUNT = 1000;
const MAX_BYTES = 2 * 1024 * 1024;
const ORPHAN_AGE_MS = 60_000; // without Web Locks

export function createStore(warn, dropped) {
  const tab = Date.now().toString(36) + Math.random().toString(36).slice(2);
  const locks = typeof navigator !== 'undefined' && navigator.locks && typeof navigator.locks.query === 'function' ? navigator.locks : null;
  let opening = null;
  let count = 0;
  let bytes = 0;
  let failed = false;

  if (locks) {
    try {
      // Held until the page goes away: its events are its own while it lives.
      locks.request('faultline-page-' + tab, () => new Promise(() => {})).catch(() => {});
    } catch (_) {}
  }

  function fail(what, e) {
    if (!failed) warn('persistent storage unavailable (' + what + '); events are kept in memory only', e);
    failed = true;
    return null;
  }

  function open() {
    if (opening) return opening;
    opening = new Promise((resolve) => {
      try {
        if (typeof indexedDB === 'undefined' || !indexedDB) return resolve(fail('no IndexedDB'));
        const req = indexedDB.open(DB_NAME, 1);
        req.onupgradeneeded = () => {
          const store = req.result.createObjectStore(STORE, { keyPath: 'id' });
          store.createIndex('at', 'at');
        };
        req.onsuccess = () => {
          const db = req.result;
          db.onversionchange = () => db.close();
          // Learn the current size once; writes keep it up to date.
          const all = tx(db, 'readonly').getAll();
          all.onsuccess = () => {
            count = all.result.length;
            for (const r of all.result) bytes += r.bytes || 0;
            resolve(db);
          };
          all.onerror = () => resolve(fail('read', all.error));
        };
        req.onerror = () => resolve(fail('open', req.error));
        req.onblocked = () => resolve(fail('blocked', null));
      } catch (e) {
        resolve(fail('open', e));
      }
    });
    return opening;
  }

  function tx(db, mode) {
    return db.transaction(STORE, mode).objectStore(STORE);
  }

  // Runs `work(store)` in a transaction once the database is open; never throws.
  function withStore(mode, work) {
    return open().then((db) => {
      if (!db) return;
      try {
        work(tx(db, mode));
      } catch (e) {
        fail('write', e);
      }
    });
  }

  function persist(id, url, dsn, payload) {
    withStore('readwrite', (store) => {
      const get = store.get(id);
      get.onsuccess = () => {
        const old = get.result;
        if (old) bytes -= old.bytes || 0;
        else count++;
        bytes += payload.length;
        store.put({ id, url, dsn, payload, bytes: payload.length, at: old ? old.at : Date.now(), owner: tab });
        if (count > MAX_COUNT || bytes > MAX_BYTES) evict(store);
      };
    });
  }

  // Oldest first, until within bounds.
  function evict(store) {
    let lost = 0;
    const cursor = store.index('at').openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c || (count <= MAX_COUNT && bytes <= MAX_BYTES)) {
        if (lost) dropped(lost);
        return;
      }
      count--;
      bytes -= c.value.bytes || 0;
      if (c.value.owner !== tab) lost++; // this page's own are still queued in memory
      c.delete();
      c.continue();
    };
  }

  function forget(id) {
    withStore('readwrite', (store) => {
      const get = store.get(id);
      get.onsuccess = () => {
        if (!get.result) return;
        count--;
        bytes -= get.result.bytes || 0;
        store.delete(id);
      };
    });
  }

  // Takes over the events of pages that are gone and hands each to `restore(record)`.
  function restore(handle) {
    const alive = locks
      ? locks.query().then((s) => new Set((s.held || []).map((l) => l.name)), () => null)
      : Promise.resolve(null);
    alive.then((held) => withStore('readwrite', (store) => {
      const now = Date.now();
      const mine = [];
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) {
          for (const r of mine) handle(r);
          return;
        }
        const r = c.value;
        const orphan = r.owner !== tab && (held ? !held.has('faultline-page-' + r.owner) : now - r.at > ORPHAN_AGE_MS);
        if (orphan) {
          r.owner = tab;
          c.update(r);
          mine.push(r);
        }
        c.continue();
      };
    }));
  }

  return { persist, forget, restore };
}
