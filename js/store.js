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
const MAX_BYTES = 6 * 1024 * 1024;
const ORPHAN_AGE_MS = 60_000; // without Web Locks

export function createStore(warn, dropped) {
  const tab = Date.now().toString(36) + Math.random().toString(36).slice(2);
  const locks = typeof navigator !== 'undefined' && navigator.locks && typeof navigator.locks.query === 'function' ? navigator.locks : null;
  let opening = null;
  const sizes = new Map(); // id → bytes of every stored event (kept in step with the database)
  let bytes = 0;
  let failed = false;
  // Writes wait a moment and go in one transaction: a storm or a fast stream of events costs
  // a few transactions a second, not one per event.
  const ops = new Map(); // id → record to put, or null to delete
  let timer = 0;

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
          // Learn the sizes once (keys and sizes only); writes keep them up to date.
          const cursor = tx(db, 'readonly').openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return resolve(db);
            sizes.set(c.value.id, c.value.bytes || 0);
            bytes += c.value.bytes || 0;
            c.continue();
          };
          cursor.onerror = () => resolve(fail('read', cursor.error));
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

  function later(id, record) {
    ops.set(id, record);
    if (!timer) timer = setTimeout(write, 20);
  }

  // Also called at page hide: what waits is written now.
  function write() {
    clearTimeout(timer);
    timer = 0;
    if (!ops.size) return;
    const batch = [...ops];
    ops.clear();
    withStore('readwrite', (store) => {
      for (const [id, record] of batch) {
        const old = sizes.get(id);
        if (old !== undefined) bytes -= old;
        if (record) {
          store.put(record);
          sizes.set(id, record.bytes);
          bytes += record.bytes;
        } else if (old !== undefined) {
          store.delete(id);
          sizes.delete(id);
        }
      }
      if (sizes.size > MAX_COUNT || bytes > MAX_BYTES) evict(store);
      // Commit now rather than when the task ends: at page hide, the page may be gone by then.
      else if (typeof store.transaction.commit === 'function') store.transaction.commit();
    });
  }

  // An error thrown before the wasm was ready, kept raw for the next page (`raw` is what the
  // stub knows of it); the event captured from it later replaces the record (same id).
  function persistRaw(id, raw) {
    const bytes = String(raw.message || '').length + String(raw.stack || '').length + 64;
    later(id, { id, raw, bytes, at: Date.now(), owner: tab });
  }

  // The wasm has seen an early error: its raw record goes, unless the event made from it is
  // being stored in its place (same id).
  function forgetRaw(id) {
    const waiting = ops.get(id);
    if (waiting && !waiting.raw) return;
    if (waiting) ops.delete(id);
    if (sizes.has(id) || waiting) later(id, null);
  }

  function persist(id, url, dsn, payload) {
    const waiting = ops.get(id);
    later(id, { id, url, dsn, payload, bytes: payload.length, at: waiting ? waiting.at : Date.now(), owner: tab });
  }

  // Oldest first, until within bounds.
  function evict(store) {
    let lost = 0;
    const cursor = store.index('at').openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c || (sizes.size <= MAX_COUNT && bytes <= MAX_BYTES)) {
        if (lost) dropped(lost);
        return;
      }
      bytes -= sizes.get(c.value.id) || 0;
      sizes.delete(c.value.id);
      if (c.value.owner !== tab) lost++; // this page's own are still queued in memory
      c.delete();
      c.continue();
    };
  }

  function forget(id) {
    // Never written yet (delivered within the write delay): nothing to do at all.
    if (ops.get(id) && !sizes.has(id)) ops.delete(id);
    else later(id, null);
  }

  // Takes over the events of pages that are gone and hands each to `handle(record)`. A page
  // just left may hold its lock a moment longer: while other pages' events remain, it looks
  // again a few times.
  function restore(handle, attempt = 0) {
    const alive = locks
      ? locks.query().then((s) => new Set((s.held || []).map((l) => l.name)), () => null)
      : Promise.resolve(null);
    alive.then((held) => withStore('readwrite', (store) => {
      const now = Date.now();
      const mine = [];
      let others = 0;
      const cursor = store.openCursor();
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c) {
          for (const r of mine) handle(r);
          if (others && attempt < 4) setTimeout(() => restore(handle, attempt + 1), 1000 * (attempt + 1));
          return;
        }
        const r = c.value;
        const orphan = r.owner !== tab && (held ? !held.has('faultline-page-' + r.owner) : now - r.at > ORPHAN_AGE_MS);
        if (orphan) {
          r.owner = tab;
          c.update(r);
          mine.push(r);
        } else if (r.owner !== tab) {
          others++;
        }
        c.continue();
      };
    }));
  }

  // Events stored (by any page of the origin) when the database was opened, plus this page's since.
  const size = () => sizes.size;

  return { open, persist, persistRaw, forgetRaw, forget, restore, write, size };
}
