// readOptions(options, warn): the options given to `init`, checked. Every unknown option or
// wrong type costs one `warn(line)` naming it and falls back to the default; nothing here
// throws, whatever `options` is (a Proxy with throwing traps included).

const isRegExp = (p) => Object.prototype.toString.call(p) === '[object RegExp]';

// Sentry's integration names → the switches they stand for ('' : built in, always on).
// `integrations: (defaults) => …` receives the switchable ones.
const NAMES = {
  Breadcrumbs: 'dom fetch xhr history', Console: 'console', Dedupe: 'dedupe', EventFilters: 'noiseFilter',
  InboundFilters: 'noiseFilter', LinkedErrors: 'linkedErrors', GlobalHandlers: 'globalHandlers',
  HttpContext: '', CultureContext: '', FunctionToString: '',
};
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const CRUMBS = ['console', 'dom', 'fetch', 'xhr', 'history'];
const HANDLERS = ['onerror', 'onunhandledrejection'];

// Type of each option: s string, b boolean, r rate 0..1, n number ≥ 0, f function,
// p patterns (strings and RegExps), c capture context (object or function), i integrations.
const TYPES = {
  dsn: 's', release: 's', environment: 's', dist: 's', tunnel: 's', wasmUrl: 's',
  debug: 'b', enabled: 'b', lazyLoad: 'b', attachStacktrace: 'b', sendDefaultPii: 'b',
  sampleRate: 'r', maxBreadcrumbs: 'n', maxValueLength: 'n', normalizeDepth: 'n', normalizeMaxBreadth: 'n',
  beforeSend: 'f', beforeBreadcrumb: 'f',
  ignoreErrors: 'p', denyUrls: 'p', allowUrls: 'p',
  initialScope: 'c', integrations: 'i', defaultIntegrations: 'i',
};

const WANT = { s: 'a string', b: 'true or false', r: 'a number from 0 to 1', n: 'a number >= 0', f: 'a function', p: 'an array of strings and RegExps', c: 'an object or a function' };

function switches(on) {
  const b = {};
  for (const k of CRUMBS) b[k] = on;
  return { breadcrumbs: b, dedupe: on, noiseFilter: on, linkedErrors: on ? 5 : 0, globalHandlers: { onerror: on, onunhandledrejection: on } };
}

// The value `options` sets, or `undefined` for the default.
export function readOptions(options, warn) {
  const say = (line) => {
    try { if (typeof warn === 'function') warn(line); } catch (_) {}
  };
  const out = {
    debug: false, enabled: true, lazyLoad: true, sampleRate: 1, maxBreadcrumbs: 100, attachStacktrace: false,
    ignoreErrors: [], denyUrls: [], allowUrls: [], sendDefaultPii: false, normalizeDepth: 3, normalizeMaxBreadth: 1000,
    integrations: switches(true),
  };
  let keys = [];
  try {
    if (options == null) return out;
    if (typeof options !== 'object') throw 0;
    keys = Object.keys(options);
  } catch (_) {
    say('init: options must be an object; using the defaults');
    return out;
  }
  let integrations;
  let noDefaults;
  for (const key of keys) {
    let v;
    try {
      v = options[key];
    } catch (_) {
      say('option ' + key + ': cannot be read; using the default');
      continue;
    }
    const type = has(TYPES, key) && TYPES[key];
    if (!type) {
      say('option ' + key + ' is not supported; ignored');
      continue;
    }
    if (v === undefined || v === null) continue; // unset: the default
    let ok;
    try {
      if (type === 'i') {
        if (key === 'integrations') integrations = v;
        else if (v === false) noDefaults = 1;
        else say('option defaultIntegrations: only `false` is supported; ignored');
        continue;
      }
      if (type === 'p') {
        if (Array.isArray(v)) {
          const list = [];
          for (let i = 0; i < v.length; i++) {
            const p = v[i];
            if (typeof p === 'string' || isRegExp(p)) list.push(p);
            else say('option ' + key + '[' + i + ']: not a string or RegExp; ignored');
          }
          v = list;
          ok = 1;
        }
      } else if (type === 'n' || type === 'r') {
        ok = typeof v === 'number' && v >= 0 && (type === 'n' || v <= 1);
        if (type === 'n') v = Math.floor(v);
      } else {
        ok = type === 'c' ? typeof v === 'function' || typeof v === 'object' : typeof v === { s: 'string', b: 'boolean', f: 'function' }[type];
      }
    } catch (_) {}
    if (ok) out[key] = v;
    else say('option ' + key + ': expected ' + WANT[type] + '; using the default');
  }
  try {
    out.integrations = readIntegrations(integrations, !noDefaults, say);
  } catch (_) {}
  return out;
}

// integrations: { breadcrumbs: bool | { console, dom, fetch, xhr, history }, dedupe: bool,
// noiseFilter: bool, linkedErrors: bool | { limit }, globalHandlers: bool | { onerror,
// onunhandledrejection } } or, as Sentry takes them, an array of integrations or a function
// of the default ones: switches are set by the integrations' names, other entries ignored.
function readIntegrations(given, on, say) {
  const out = switches(on);
  const enable = (name) => {
    if (!has(NAMES, name)) return;
    for (const k of NAMES[name].split(' ')) {
      if (CRUMBS.indexOf(k) >= 0) out.breadcrumbs[k] = true;
      else if (k) out[k] = switches(true)[k];
    }
    return 1;
  };
  const fromList = (list) => {
    for (let i = 0; i < list.length; i++) {
      let name;
      try { name = list[i].name; } catch (_) {}
      if (!enable(name)) say('option integrations: ' + (typeof name === 'string' ? name : 'entry ' + i) + ' is not supported; ignored');
    }
  };
  if (given === undefined) return out;
  if (typeof given === 'function') {
    const defaults = [];
    for (const name in NAMES) if (on && NAMES[name] && name !== 'InboundFilters') defaults.push({ name });
    let list;
    try { list = given(defaults); } catch (_) {}
    if (!Array.isArray(list)) return say('option integrations: the function threw or did not return an array; ignored'), out;
    Object.assign(out, switches(false));
    fromList(list);
  } else if (Array.isArray(given)) {
    fromList(given);
  } else if (typeof given === 'object') {
    for (const k of Object.keys(given)) {
      const v = given[k];
      const sub = k === 'breadcrumbs' ? CRUMBS : k === 'globalHandlers' ? HANDLERS : k === 'linkedErrors' ? ['limit'] : 0;
      if (!has(out, k)) say('option integrations.' + k + ' is not supported; ignored');
      else if (typeof v === 'boolean') {
        out[k] = sub ? switches(v)[k] : v;
      } else if (sub && v && typeof v === 'object') {
        if (k === 'linkedErrors') out[k] = 5;
        for (const s of Object.keys(v)) {
          const x = v[s];
          if (sub.indexOf(s) < 0) say('option integrations.' + k + '.' + s + ' is not supported; ignored');
          else if (s === 'limit' ? typeof x === 'number' && x >= 0 : typeof x === 'boolean') {
            if (s === 'limit') out[k] = Math.floor(x);
            else out[k][s] = x;
          } else say('option integrations.' + k + '.' + s + ': expected ' + (s === 'limit' ? WANT.n : WANT.b) + '; ignored');
        }
      } else say('option integrations.' + k + ': expected true, false or an object; ignored');
    }
  } else say('option integrations: expected an object, an array or a function; ignored');
  return out;
}

// Whether `text` contains one of the strings or matches one of the RegExps (as Sentry's
// ignoreErrors/denyUrls/allowUrls). A RegExp's `lastIndex` is neither used nor changed. An
// empty string matches nothing (in Sentry it matches everything), as in src/core/filter.rs.
export function matchesAny(text, patterns) {
  try {
    if (typeof text === 'string') {
      for (const p of patterns) {
        if (typeof p === 'string' ? p && text.indexOf(p) >= 0 : isRegExp(p) && text.search(p) >= 0) return true;
      }
    }
  } catch (_) {}
  return false;
}
