// node --test tests/js/ : js/options.js
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesAny, readOptions } from '../../js/options.js';

function read(options) {
  const lines = [];
  const out = readOptions(options, (l) => lines.push(l));
  return { out, lines };
}

const ALL_ON = {
  breadcrumbs: { console: true, dom: true, fetch: true, xhr: true, history: true },
  dedupe: true,
  noiseFilter: true,
  linkedErrors: 5,
  globalHandlers: { onerror: true, onunhandledrejection: true },
};
const ALL_OFF = {
  breadcrumbs: { console: false, dom: false, fetch: false, xhr: false, history: false },
  dedupe: false,
  noiseFilter: false,
  linkedErrors: 0,
  globalHandlers: { onerror: false, onunhandledrejection: false },
};

test('defaults', () => {
  const { out, lines } = read({});
  assert.deepEqual(lines, []);
  assert.deepEqual(out, {
    debug: false,
    enabled: true,
    lazyLoad: true,
    sampleRate: 1,
    maxBreadcrumbs: 100,
    attachStacktrace: false,
    ignoreErrors: [],
    denyUrls: [],
    allowUrls: [],
    sendDefaultPii: false,
    normalizeDepth: 3,
    normalizeMaxBreadth: 1000,
    integrations: ALL_ON,
  });
  assert.deepEqual(read(undefined).out, out);
  assert.deepEqual(read(null).lines, []);
});

test('every valid option is kept', () => {
  const beforeSend = (e) => e;
  const beforeBreadcrumb = (b) => b;
  const initialScope = { tags: { a: '1' } };
  const given = {
    dsn: 'https://k@o.example/1',
    release: 'shop@1.0.0',
    environment: 'production',
    dist: '42',
    debug: true,
    enabled: false,
    sampleRate: 0.25,
    maxBreadcrumbs: 50,
    attachStacktrace: true,
    beforeSend,
    beforeBreadcrumb,
    ignoreErrors: ['ResizeObserver loop', /^Script error\.?$/],
    denyUrls: [/extensions\//i],
    allowUrls: ['https://shop.example'],
    initialScope,
    tunnel: '/tunnel',
    sendDefaultPii: true,
    maxValueLength: 500,
    normalizeDepth: 5,
    normalizeMaxBreadth: 200,
    wasmUrl: '/static/faultline_bg.wasm',
  };
  const { out, lines } = read(given);
  assert.deepEqual(lines, []);
  for (const k of Object.keys(given)) assert.deepEqual(out[k], given[k], k);
  assert.equal(out.beforeSend, beforeSend);
  assert.equal(read({ initialScope: (s) => s }).lines.length, 0);
});

test('wrong types: one line naming the option, and the default', () => {
  const { out, lines } = read({
    dsn: 42,
    debug: 'yes',
    sampleRate: 1.5,
    maxBreadcrumbs: -1,
    normalizeDepth: NaN,
    beforeSend: 'nope',
    ignoreErrors: 'Script error',
    initialScope: 'x',
  });
  assert.equal(lines.length, 8);
  for (const [i, k] of ['dsn', 'debug', 'sampleRate', 'maxBreadcrumbs', 'normalizeDepth', 'beforeSend', 'ignoreErrors', 'initialScope'].entries()) {
    assert.ok(lines[i].includes(k), lines[i]);
    assert.ok(!lines[i].includes('\n'));
  }
  assert.equal(out.dsn, undefined);
  assert.equal(out.debug, false);
  assert.equal(out.sampleRate, 1);
  assert.equal(out.maxBreadcrumbs, 100);
  assert.equal(out.normalizeDepth, 3);
  assert.equal(out.beforeSend, undefined);
  assert.deepEqual(out.ignoreErrors, []);
});

test('numbers are floored; undefined and null mean "use the default", silently', () => {
  assert.equal(read({ maxBreadcrumbs: 20.9 }).out.maxBreadcrumbs, 20);
  assert.equal(read({ normalizeDepth: Infinity }).out.normalizeDepth, Infinity);
  assert.equal(read({ sampleRate: 0 }).out.sampleRate, 0);
  const { out, lines } = read({ release: undefined, dsn: null, beforeSend: null });
  assert.deepEqual(lines, []);
  assert.equal(out.release, undefined);
});

test('option names are not looked up on Object.prototype', () => {
  const { out, lines } = read(JSON.parse('{"constructor": 1, "__proto__": {"dsn": "x"}, "toString": "y"}'));
  assert.equal(lines.length, 3);
  assert.equal(out.dsn, undefined);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  const r = read({ integrations: { toString: true, constructor: false } });
  assert.equal(r.lines.length, 2);
  assert.equal(typeof r.out.integrations.toString, 'function');
});

test('unknown options (Sentry-only ones included) warn and are ignored', () => {
  const { out, lines } = read({ tracesSampleRate: 1, replaysSessionSampleRate: 0.1, dsn: 'https://k@h/1' });
  assert.equal(lines.length, 2);
  assert.match(lines[0], /tracesSampleRate/);
  assert.match(lines[1], /replaysSessionSampleRate/);
  assert.equal(out.tracesSampleRate, undefined);
  assert.equal(out.dsn, 'https://k@h/1');
});

test('pattern lists keep strings and RegExps, drop the rest with a line each', () => {
  const { out, lines } = read({ ignoreErrors: ['a', /b/, 3, null, { test() {} }] });
  assert.deepEqual(out.ignoreErrors, ['a', /b/]);
  assert.equal(lines.length, 3);
  assert.match(lines[0], /ignoreErrors\[2\]/);
  const given = ['x'];
  const kept = read({ denyUrls: given }).out.denyUrls;
  given.push('y');
  assert.deepEqual(kept, ['x'], 'a copy: later changes to the array do not leak in');
});

test('hostile options: never a throw', () => {
  const thrower = () => { throw new Error('trap'); };
  const allTraps = new Proxy({}, { ownKeys: thrower, get: thrower, getOwnPropertyDescriptor: thrower, has: thrower });
  let r = read(allTraps);
  assert.equal(r.lines.length, 1);
  assert.equal(r.out.enabled, true);
  const badGetter = { dsn: 'https://k@h/1', get release() { throw new Error('no'); } };
  r = read(badGetter);
  assert.equal(r.out.dsn, 'https://k@h/1');
  assert.match(r.lines[0], /release/);
  const badArray = new Proxy(['a'], { get(t, k) { if (k === '0') throw new Error('no'); return Reflect.get(t, k); } });
  r = read({ ignoreErrors: badArray });
  assert.deepEqual(r.out.ignoreErrors, []);
  assert.match(r.lines[0], /ignoreErrors/);
  for (const v of ['dsn-string', 42, true, Symbol('s'), () => {}]) assert.equal(read(v).out.enabled, true);
  // A warn callback that throws is survived too.
  assert.doesNotThrow(() => readOptions({ nope: 1 }, thrower));
  assert.doesNotThrow(() => readOptions({ nope: 1 }));
});

test('integrations: the object form', () => {
  let r = read({ integrations: { breadcrumbs: { console: false }, dedupe: false, noiseFilter: false, linkedErrors: { limit: 3 } } });
  assert.deepEqual(r.lines, []);
  assert.deepEqual(r.out.integrations, {
    ...ALL_ON,
    breadcrumbs: { ...ALL_ON.breadcrumbs, console: false },
    dedupe: false,
    noiseFilter: false,
    linkedErrors: 3,
  });
  r = read({ integrations: { breadcrumbs: false, linkedErrors: false, globalHandlers: { onunhandledrejection: false } } });
  assert.deepEqual(r.out.integrations.breadcrumbs, ALL_OFF.breadcrumbs);
  assert.equal(r.out.integrations.linkedErrors, 0);
  assert.deepEqual(r.out.integrations.globalHandlers, { onerror: true, onunhandledrejection: false });
  r = read({ integrations: { linkedErrors: {} } });
  assert.equal(r.out.integrations.linkedErrors, 5);
  r = read({ integrations: { replay: true, breadcrumbs: { sentry: false, dom: 'no' }, dedupe: 1, linkedErrors: { limit: -1 } } });
  assert.equal(r.lines.length, 5);
  for (const name of ['integrations.replay', 'integrations.breadcrumbs.sentry', 'integrations.breadcrumbs.dom', 'integrations.dedupe', 'integrations.linkedErrors.limit']) {
    assert.ok(r.lines.some((l) => l.includes(name)), name);
  }
  assert.deepEqual(r.out.integrations, ALL_ON);
  r = read({ integrations: 'all' });
  assert.equal(r.lines.length, 1);
  assert.deepEqual(r.out.integrations, ALL_ON);
});

test('integrations: Sentry arrays and functions, switches set by name', () => {
  const dedupeIntegration = () => ({ name: 'Dedupe', setupOnce() {} });
  const replayIntegration = () => ({ name: 'Replay' });
  let r = read({ integrations: [dedupeIntegration(), replayIntegration(), 42] });
  assert.deepEqual(r.out.integrations, ALL_ON);
  assert.equal(r.lines.length, 2);
  assert.match(r.lines[0], /Replay/);
  assert.match(r.lines[1], /entry 2/);

  let seen;
  r = read({
    integrations: (defaults) => {
      seen = defaults.map((i) => i.name);
      return defaults.filter((i) => i.name !== 'Breadcrumbs' && i.name !== 'Dedupe');
    },
  });
  assert.deepEqual(seen, ['Breadcrumbs', 'Console', 'Dedupe', 'EventFilters', 'LinkedErrors', 'GlobalHandlers']);
  assert.deepEqual(r.lines, []);
  // As in Sentry 11, console breadcrumbs belong to the Console integration, not Breadcrumbs.
  assert.deepEqual(r.out.integrations, { ...ALL_ON, breadcrumbs: { ...ALL_OFF.breadcrumbs, console: true }, dedupe: false });
  r = read({ integrations: (defaults) => defaults.filter((i) => i.name !== 'Console') });
  assert.deepEqual(r.out.integrations, { ...ALL_ON, breadcrumbs: { ...ALL_ON.breadcrumbs, console: false } });

  // Integrations faultline has built in are accepted silently; odd names are not looked up on Object.prototype.
  r = read({ integrations: [{ name: 'HttpContext' }, { name: 'CultureContext' }, { name: 'FunctionToString' }, { name: 'constructor' }, { name: '__proto__' }] });
  assert.deepEqual(r.out.integrations, ALL_ON);
  assert.equal(r.lines.length, 2);

  r = read({ integrations: () => { throw new Error('user bug'); } });
  assert.deepEqual(r.out.integrations, ALL_ON);
  assert.equal(r.lines.length, 1);
  r = read({ integrations: () => 'nope' });
  assert.deepEqual(r.out.integrations, ALL_ON);
  assert.equal(r.lines.length, 1);
});

test('defaultIntegrations: false turns every switch off; integrations then add back by name', () => {
  let r = read({ defaultIntegrations: false });
  assert.deepEqual(r.out.integrations, ALL_OFF);
  r = read({ defaultIntegrations: false, integrations: [{ name: 'GlobalHandlers' }, { name: 'InboundFilters' }, { name: 'Console' }] });
  assert.deepEqual(r.out.integrations, { ...ALL_OFF, globalHandlers: ALL_ON.globalHandlers, noiseFilter: true, breadcrumbs: { ...ALL_OFF.breadcrumbs, console: true } });
  r = read({ defaultIntegrations: false, integrations: [{ name: 'Breadcrumbs' }] });
  assert.deepEqual(r.out.integrations.breadcrumbs, { ...ALL_ON.breadcrumbs, console: false });
  let seen;
  r = read({ defaultIntegrations: false, integrations: (d) => ((seen = d), d) });
  assert.deepEqual(seen, []);
  assert.deepEqual(r.out.integrations, ALL_OFF);
  r = read({ defaultIntegrations: [] });
  assert.equal(r.lines.length, 1);
  assert.deepEqual(r.out.integrations, ALL_ON);
});

test('matchesAny: strings are substrings, RegExps are tested', () => {
  assert.equal(matchesAny('ResizeObserver loop limit exceeded', ['ResizeObserver loop']), true);
  assert.equal(matchesAny('TypeError: x', [/^typeerror/i]), true);
  assert.equal(matchesAny('abc', ['abd', /z/]), false);
  assert.equal(matchesAny('abc', []), false);
  assert.equal(matchesAny('abc', ['']), false, 'an empty pattern matches nothing (unlike Sentry), as the core filter');
  assert.equal(matchesAny('', [/^$/]), true);
});

test('matchesAny: a global RegExp gives the same answer every time, lastIndex untouched', () => {
  const g = /a/g;
  g.lastIndex = 0;
  for (let i = 0; i < 4; i++) assert.equal(matchesAny('a', [g]), true);
  assert.equal(g.lastIndex, 0);
  const frozen = Object.freeze(/x/);
  assert.equal(matchesAny('x', [frozen]), true);
});

test('matchesAny: guarded against anything', () => {
  assert.equal(matchesAny(undefined, ['a']), false);
  assert.equal(matchesAny(42, ['4']), false);
  assert.equal(matchesAny('a', null), false);
  assert.equal(matchesAny('a', 'a'), true); // a string is iterable: its characters
  assert.equal(matchesAny('a', [null, 1, {}, 'a']), true);
  const evil = { [Symbol.iterator]() { throw new Error('no'); } };
  assert.equal(matchesAny('a', evil), false);
  const lying = { test: () => true }; // not a RegExp: not used
  assert.equal(matchesAny('a', [lying]), false);
  const throwingSearch = /a/;
  Object.defineProperty(throwingSearch, Symbol.search, { value: () => { throw new Error('no'); } });
  assert.equal(matchesAny('a', [throwingSearch]), false);
});
