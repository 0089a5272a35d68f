// normalize(value): any JS value → a plain, JSON-safe value that never throws, in the
// spirit of Sentry's `normalize` (extra, contexts, user and breadcrumb data go through it).
// Cycles (an object inside itself) → "[Circular ~]"; an object met twice on different
// branches is written twice, as Sentry does. Every property read is guarded: a throwing
// getter or Proxy trap becomes "**non-serializable**" for that value only.

const BAD = '**non-serializable**';
const tagOf = (v) => Object.prototype.toString.call(v);

// `tag#id.class1.class2[type="…"][name="…"]` of a DOM element (never its value).
export function describeElement(el) {
  const attr = (a) => el.getAttribute(a);
  let s = String(el.tagName || el.nodeName).toLowerCase();
  const id = attr('id');
  const cls = attr('class');
  if (id) s += '#' + id;
  if (cls && cls.trim()) s += '.' + cls.trim().split(/\s+/).join('.');
  for (const a of ['type', 'name']) if (attr(a)) s += '[' + a + '="' + attr(a) + '"]';
  return s;
}

function ctorName(v) {
  try {
    const p = Object.getPrototypeOf(v);
    return (p && p.constructor && p.constructor.name) || (p ? 'Object' : 'null prototype');
  } catch (_) {
    return 'Object';
  }
}

export function normalize(value, depth = 3, maxBreadth = 1000, maxString = 8192) {
  const ancestors = [];

  // out[key] = normalized src[key]; a throwing read (getter, Proxy trap) gives the marker.
  function put(out, key, src, d) {
    let r;
    try {
      r = visit(src[key], d);
    } catch (_) {
      r = BAD;
    }
    if (key === '__proto__') Object.defineProperty(out, key, { value: r, enumerable: true, writable: true, configurable: true });
    else out[key] = r;
  }

  function visit(v, d) {
    const t = typeof v;
    if (v === null || t === 'boolean') return v;
    if (t === 'number') return v === v && v !== Infinity && v !== -Infinity ? v : '[' + v + ']';
    if (t === 'string') {
      if (v.length <= maxString) return v;
      let n = maxString;
      if ((v.charCodeAt(n - 1) & 0xfc00) === 0xd800) n--; // keep surrogate pairs whole
      return v.slice(0, n) + '...';
    }
    if (t === 'undefined') return '[undefined]';
    if (t === 'bigint') return '[BigInt: ' + v + ']';
    if (t === 'symbol') return v.toString();
    if (t === 'function') {
      let name;
      try { name = v.name; } catch (_) {}
      return '[Function: ' + (typeof name === 'string' && name ? name : '<anonymous>') + ']';
    }

    // Objects (including hostile Proxies: any throw in here is caught by `put`/`normalize`).
    if (v === globalThis || v.window === v) return '[Window]';
    if (typeof v.nodeType === 'number' && typeof v.nodeName === 'string') {
      if (v.nodeType === 9) return '[Document]';
      return v.nodeType === 1 ? '[HTMLElement: ' + describeElement(v) + ']' : '[' + ctorName(v) + ']';
    }
    const tag = tagOf(v);
    if (tag === '[object Date]') {
      const ms = Date.prototype.getTime.call(v);
      return ms === ms ? Date.prototype.toISOString.call(v) : '[Invalid Date]';
    }
    if (!(d > 0)) return '[' + ctorName(v) + ']';
    if (ancestors.indexOf(v) >= 0) return '[Circular ~]';
    ancestors.push(v);
    try {
      let json;
      try { json = v.toJSON; } catch (_) {}
      if (typeof json === 'function') {
        try {
          return visit(json.call(v, ''), d - 1);
        } catch (_) {} // a throwing toJSON: fall back to the properties
      }
      let out;
      let n = 0;
      let len;
      if (Array.isArray(v) || ArrayBuffer.isView(v)) {
        out = [];
        len = +v.length || 0; // a DataView has no length: []
        for (; n < len && n < maxBreadth; n++) put(out, n, v, d - 1);
        if (len > maxBreadth) out.push('[MaxProperties ~]');
        return out;
      }
      out = {};
      if (v instanceof Error || tag === '[object Error]') {
        for (const k of ['name', 'message', 'stack']) put(out, k, v, d - 1);
      } else if (typeof Event === 'function' && v instanceof Event) {
        for (const k of ['type', 'target', 'currentTarget']) put(out, k, v, d - 1);
        if (v.detail != null) put(out, 'detail', v, d - 1);
      }
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        if (n++ >= maxBreadth) {
          out[k] = '[MaxProperties ~]';
          break;
        }
        put(out, k, v, d - 1);
      }
      return out;
    } finally {
      ancestors.pop();
    }
  }

  try {
    return visit(value, depth);
  } catch (_) {
    return BAD;
  }
}

// JSON text of `normalize(value, depth, breadth)`; `null` if even that fails (say, a string
// past the engine's length limit).
export function toJson(value, depth, breadth) {
  try {
    return JSON.stringify(normalize(value, depth, breadth));
  } catch (_) {
    return null;
  }
}
