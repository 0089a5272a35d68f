// node --test tests/js/ : js/breadcrumbs.js in a minimal fake browser (fetch, XMLHttpRequest,
// console, document, history, location). The browsers themselves are the e2e suite's job.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';

// ---- the fake environment, in place before the module loads (it captures `fetch`) ----
const fetchCalls = [];
let fetchImpl = () => Promise.resolve({ status: 200 });
const fakeFetch = function fetch(input, init) {
  fetchCalls.push({ self: this, args: [...arguments] });
  return fetchImpl.apply(this, arguments);
};
globalThis.fetch = fakeFetch;

const logged = [];
const fakeConsole = {};
for (const m of ['log', 'info', 'warn', 'error', 'debug', 'assert']) {
  fakeConsole[m] = function (...args) {
    logged.push({ m, self: this, args });
    if (args[0] === 'throw!') throw new RangeError('from console');
    return m === 'log' ? 'returned' : undefined;
  };
}
globalThis.console = fakeConsole;

class FakeXHR extends EventTarget {
  open(method, url) {
    if (method === 'BAD METHOD') throw new SyntaxError('bad method');
    this.opened = [method, url];
  }
  send(body) {
    if (!this.opened) throw new Error('InvalidStateError');
    this.sent = body;
    return 'send-result';
  }
  finish(status) {
    this.status = status;
    this.dispatchEvent(new Event('loadend'));
  }
}
globalThis.XMLHttpRequest = FakeXHR;

const docListeners = [];
globalThis.document = {
  addEventListener(type, fn, capture) { docListeners.push({ type, fn, capture }); },
  removeEventListener(type, fn, capture) {
    const i = docListeners.findIndex((l) => l.type === type && l.fn === fn && l.capture === capture);
    if (i >= 0) docListeners.splice(i, 1);
  },
};
const fireDom = (type, target) => {
  const event = { type, target };
  for (const l of docListeners.slice()) if (l.type === type) l.fn(event);
  return event;
};
function element(tagName, attrs = {}, parentNode = null, extra = {}) {
  return { nodeType: 1, nodeName: tagName, tagName, parentNode, value: 'typed secret', getAttribute: (a) => (a in attrs ? attrs[a] : null), ...extra };
}
const html = element('HTML');
const body = element('BODY', {}, html);

const win = new EventTarget();
globalThis.addEventListener = win.addEventListener.bind(win);
globalThis.removeEventListener = win.removeEventListener.bind(win);
globalThis.location = { href: 'https://shop.example/start', origin: 'https://shop.example' };
class FakeHistory {
  pushState(state, title, url) {
    const u = new URL(url, location.href);
    if (u.origin !== location.origin) throw new Error('SecurityError');
    location.href = u.href;
    return 'pushed';
  }
  replaceState(state, title, url) {
    location.href = new URL(url, location.href).href;
  }
}
globalThis.history = new FakeHistory();

const { installBreadcrumbs, nativeFetch } = await import('../../js/breadcrumbs.js');

const originals = {
  fetch: globalThis.fetch,
  log: fakeConsole.log,
  open: FakeXHR.prototype.open,
  send: FakeXHR.prototype.send,
  pushState: FakeHistory.prototype.pushState,
  toString: Function.prototype.toString,
};

let uninstallers = [];
function install(options = {}) {
  const crumbs = [];
  const un = installBreadcrumbs(options, (crumb, hint) => crumbs.push({ ...crumb, hint }));
  uninstallers.push(un);
  return { crumbs, un };
}
afterEach(() => {
  for (const un of uninstallers) un();
  uninstallers = [];
  fetchCalls.length = 0;
  logged.length = 0;
  fetchImpl = () => Promise.resolve({ status: 200 });
});
const tick = () => new Promise((r) => setTimeout(r, 0));
const strip = ({ hint, ...crumb }) => {
  if (crumb.data && 'duration' in crumb.data) {
    assert.equal(typeof crumb.data.duration, 'number');
    crumb.data = { ...crumb.data };
    delete crumb.data.duration;
  }
  return crumb;
};

test('nativeFetch is fetch as it was when the module loaded', () => {
  assert.equal(nativeFetch, fakeFetch);
  install();
  assert.notEqual(globalThis.fetch, fakeFetch);
  assert.equal(nativeFetch, fakeFetch);
});

test('fetch: same this and arguments; the Promise settles as the original (a rejection stays unhandled)', async () => {
  install();
  const response = { status: 200 };
  const p = Promise.resolve(response);
  fetchImpl = () => p;
  const self = { any: 'this' };
  const init = { method: 'post', body: 'x' };
  const returned = globalThis.fetch.call(self, '/api', init, 'extra');
  assert.ok(returned instanceof Promise);
  assert.equal(fetchCalls[0].self, self);
  assert.deepEqual(fetchCalls[0].args, ['/api', init, 'extra']);
  assert.equal(fetchCalls[0].args[1], init);
  assert.equal(await returned, response);

  const error = new TypeError('Failed to fetch');
  const rejected = Promise.reject(error);
  fetchImpl = () => rejected;
  const r = globalThis.fetch('/down');
  await assert.rejects(r, (e) => e === error);
  // A failed fetch the page ignores must still reach `unhandledrejection`, so the page gets a
  // chained Promise of its own: observing the original would have marked it handled.
  assert.notEqual(r, rejected);
});

test('fetch: a synchronous throw is rethrown unchanged, and no crumb', async () => {
  const { crumbs } = install();
  const thrown = new TypeError("Failed to execute 'fetch': Illegal invocation");
  fetchImpl = () => { throw thrown; };
  assert.throws(() => globalThis.fetch('/x'), (e) => e === thrown);
  const weird = Symbol('odd');
  fetchImpl = () => { throw weird; };
  assert.throws(() => globalThis.fetch('/x'), (e) => e === weird);
  await tick();
  assert.equal(crumbs.length, 0);
});

test('fetch: crumbs with method, url, status, level by status, failure as error', async () => {
  const { crumbs } = install();
  for (const status of [200, 404, 503]) {
    fetchImpl = () => Promise.resolve({ status });
    await globalThis.fetch('/s/' + status, { method: 'put' });
  }
  fetchImpl = () => Promise.reject(new TypeError('Failed to fetch'));
  await globalThis.fetch('https://api.example/x').catch(() => {});
  fetchImpl = () => Promise.resolve({ status: 201 });
  await globalThis.fetch({ url: 'https://api.example/req', method: 'DELETE' }); // a Request
  await globalThis.fetch(new URL('https://api.example/u'));
  await tick();
  assert.deepEqual(crumbs.map(strip), [
    { type: 'http', category: 'fetch', data: { method: 'PUT', url: '/s/200', status_code: 200 } },
    { type: 'http', category: 'fetch', data: { method: 'PUT', url: '/s/404', status_code: 404 }, level: 'warning' },
    { type: 'http', category: 'fetch', data: { method: 'PUT', url: '/s/503', status_code: 503 }, level: 'error' },
    { type: 'http', category: 'fetch', data: { method: 'GET', url: 'https://api.example/x' }, level: 'error' },
    { type: 'http', category: 'fetch', data: { method: 'DELETE', url: 'https://api.example/req', status_code: 201 } },
    { type: 'http', category: 'fetch', data: { method: 'GET', url: 'https://api.example/u', status_code: 201 } },
  ]);
  const hint = crumbs[0].hint;
  assert.deepEqual(hint.input, ['/s/200', { method: 'put' }]);
  assert.equal(hint.response.status, 200);
  assert.ok(hint.endTimestamp >= hint.startTimestamp);
  assert.ok(crumbs[3].hint.data instanceof TypeError);
});

test("fetch: the SDK's own requests are never recorded", async () => {
  const own = (url) => url.includes('/api/1/envelope/');
  const { crumbs } = install({ isOwnRequest: own });
  await globalThis.fetch('https://o.example/api/1/envelope/?sentry_key=k', { method: 'POST' });
  await nativeFetch('/also-not-recorded');
  await tick();
  assert.equal(crumbs.length, 0);
  // A throwing predicate counts as "not ours" and breaks nothing.
  const { crumbs: c2 } = install({ isOwnRequest: () => { throw new Error('x'); } });
  await globalThis.fetch('/y');
  await tick();
  assert.equal(c2.length, 1);
});

test('fetch: requests made from inside add() (the SDK sending) are not recorded', async () => {
  let sentFromAdd;
  const crumbs = [];
  uninstallers.push(
    installBreadcrumbs({}, (c) => {
      crumbs.push(c);
      if (!sentFromAdd) sentFromAdd = globalThis.fetch('/from-add');
      console.log('debug output of the SDK');
    }),
  );
  await globalThis.fetch('/page');
  await sentFromAdd;
  await tick();
  assert.deepEqual(crumbs.map((c) => c.data.url), ['/page']);
  assert.equal(logged.length, 1, 'the console call was still made');
});

test('wrappers keep name, length and toString, have no prototype and are not constructors', () => {
  const before = {
    fetch: Function.prototype.toString.call(fakeFetch),
    log: Function.prototype.toString.call(fakeConsole.log),
    open: Function.prototype.toString.call(FakeXHR.prototype.open),
  };
  install();
  const wrapped = [
    [globalThis.fetch, fakeFetch, before.fetch],
    [fakeConsole.log, originals.log, before.log],
    [FakeXHR.prototype.open, originals.open, before.open],
  ];
  for (const [w, orig, source] of wrapped) {
    assert.notEqual(w, orig);
    assert.equal(w.name, orig.name);
    assert.equal(w.length, orig.length);
    assert.equal(w.toString(), source);
    assert.equal(String(w), source);
    assert.equal(Function.prototype.toString.call(w), source);
    assert.equal(Object.prototype.hasOwnProperty.call(w, 'prototype'), false);
  }
  assert.throws(() => new globalThis.fetch('/x'), TypeError);
  // Function.prototype.toString itself still looks native.
  assert.equal(Function.prototype.toString.toString(), originals.toString.call(originals.toString));
  assert.equal(Function.prototype.toString.name, 'toString');
  assert.equal(Function.prototype.toString.length, 0);
  assert.throws(() => Function.prototype.toString.call({}), TypeError);
  // Other functions are untouched.
  const f = function named(a, b) { return a + b; };
  assert.equal(f.toString(), 'function named(a, b) { return a + b; }');
});

test('console: crumbs as Sentry makes them; this, arguments, return value and throws preserved', () => {
  const { crumbs } = install();
  const obj = { a: 1 };
  const self = { custom: true };
  assert.equal(fakeConsole.log.call(self, 'hello', 42, obj), 'returned');
  assert.equal(logged[0].self, self);
  assert.equal(logged[0].args[2], obj);
  console.warn('careful', new TypeError('bad'));
  console.error(null, undefined, Symbol('s'), () => {});
  console.info('i');
  console.debug('d');
  assert.throws(() => console.log('throw!'), RangeError);
  assert.deepEqual(crumbs.map(({ hint, ...c }) => c), [
    { category: 'console', level: 'log', message: 'hello 42 [object Object]', data: { arguments: ['hello', 42, obj], logger: 'console' } },
    { category: 'console', level: 'warning', message: 'careful TypeError: bad', data: { arguments: ['careful', crumbs[1].data.arguments[1]], logger: 'console' } },
    { category: 'console', level: 'error', message: 'null undefined Symbol(s) [Function: <anonymous>]', data: crumbs[2].data },
    { category: 'console', level: 'info', message: 'i', data: { arguments: ['i'], logger: 'console' } },
    { category: 'console', level: 'debug', message: 'd', data: { arguments: ['d'], logger: 'console' } },
    { category: 'console', level: 'log', message: 'throw!', data: { arguments: ['throw!'], logger: 'console' } },
  ]);
  assert.deepEqual(crumbs[0].hint, { input: ['hello', 42, obj], level: 'log' });
});

test('console.assert: a crumb only when the assertion fails', () => {
  const { crumbs } = install();
  console.assert(true, 'fine');
  console.assert(1 === 1);
  console.assert(false, 'broken', 7);
  console.assert(0);
  assert.equal(logged.length, 4, 'every call reached the console');
  assert.deepEqual(crumbs.map(({ hint, ...c }) => c), [
    { category: 'console', level: 'log', message: 'Assertion failed: broken 7', data: { arguments: ['broken', 7], logger: 'console' } },
    { category: 'console', level: 'log', message: 'Assertion failed', data: { arguments: [], logger: 'console' } },
  ]);
});

test("console: the SDK's own 'faultline: ' lines and unprintable values", () => {
  const { crumbs } = install();
  console.warn('faultline: could not load faultline_bg.wasm', new Error('x'));
  assert.equal(crumbs.length, 0);
  assert.equal(logged.length, 1);
  const hostile = new Proxy({}, { get() { throw new Error('trap'); } });
  console.log('x', hostile);
  assert.equal(crumbs[0].message, 'x [value cannot be serialized]');
  assert.equal(crumbs[0].data.arguments[1], hostile);
});

test('xhr: crumbs on loadend; open/send keep this, arguments, return value and throws', () => {
  const { crumbs } = install({ isOwnRequest: (u) => u.startsWith('/own') });
  const x = new XMLHttpRequest();
  assert.equal(x.open('post', '/api/items', true), undefined);
  assert.deepEqual(x.opened, ['post', '/api/items']);
  assert.equal(x.send('body'), 'send-result');
  assert.equal(x.sent, 'body');
  x.finish(500);
  const y = new XMLHttpRequest();
  y.open('GET', new URL('https://api.example/q'));
  y.send();
  y.finish(0); // network error
  const z = new XMLHttpRequest();
  z.open('GET', '/ok');
  z.send();
  z.finish(204);
  // Reused object: one crumb per request, the listener is not added twice.
  z.open('GET', '/ok2');
  z.send();
  z.finish(404);
  const own = new XMLHttpRequest();
  own.open('POST', '/own/envelope');
  own.send('e');
  own.finish(200);
  assert.deepEqual(crumbs.map(strip), [
    { type: 'http', category: 'xhr', data: { method: 'POST', url: '/api/items', status_code: 500 }, level: 'error' },
    { type: 'http', category: 'xhr', data: { method: 'GET', url: 'https://api.example/q' }, level: 'error' },
    { type: 'http', category: 'xhr', data: { method: 'GET', url: '/ok', status_code: 204 } },
    { type: 'http', category: 'xhr', data: { method: 'GET', url: '/ok2', status_code: 404 }, level: 'warning' },
  ]);
  assert.equal(crumbs[0].hint.xhr, x);
  assert.equal(crumbs[0].hint.input, 'body');
  const bad = new XMLHttpRequest();
  assert.throws(() => bad.open('BAD METHOD', '/x'), SyntaxError);
  assert.throws(() => bad.send(), /InvalidStateError/);
  assert.throws(() => XMLHttpRequest.prototype.send.call({}), /InvalidStateError/); // the original's own throw
  assert.equal(crumbs.length, 4);
});

test('dom: click and keypress crumbs from capture listeners on document', () => {
  const { crumbs } = install();
  assert.deepEqual(docListeners.map((l) => [l.type, l.capture]), [['click', true], ['keypress', true]]);
  const form = element('FORM', { id: 'checkout' }, body);
  const button = element('BUTTON', { class: 'btn primary', type: 'submit' }, form);
  const input = element('INPUT', { name: 'email', type: 'email' }, form);
  const div = element('DIV', {}, body);
  const editable = element('DIV', { id: 'notes' }, body, { isContentEditable: true });
  const event = fireDom('click', button);
  fireDom('keypress', div); // not an input: ignored
  fireDom('keypress', input);
  fireDom('keypress', editable);
  assert.deepEqual(crumbs.map(({ hint, ...c }) => c), [
    { category: 'ui.click', message: 'body > form#checkout > button.btn.primary[type="submit"]' },
    { category: 'ui.input', message: 'body > form#checkout > input[type="email"][name="email"]' },
    { category: 'ui.input', message: 'body > div#notes' },
  ]);
  assert.deepEqual(crumbs[0].hint, { event, name: 'click' });
  assert.ok(!JSON.stringify(crumbs.map(({ hint, ...c }) => c)).includes('secret'), 'never an input value');
});

test('dom: one crumb per element and kind until 1 s passes without events (as Sentry)', () => {
  const { crumbs } = install();
  const input = element('INPUT', { id: 'q' }, body);
  const other = element('TEXTAREA', {}, body);
  const now = Date.now;
  let t = 1_000_000;
  Date.now = () => t;
  try {
    for (let i = 0; i < 5; i++, t += 300) fireDom('keypress', input); // typing: one crumb
    fireDom('keypress', other); // another element: a crumb
    fireDom('keypress', input); // back: a crumb
    t += 1500; // a pause
    fireDom('keypress', input);
    fireDom('click', input);
    fireDom('click', input);
  } finally {
    Date.now = now;
  }
  assert.deepEqual(crumbs.map((c) => c.category + ' ' + c.message), [
    'ui.input body > input#q',
    'ui.input body > textarea',
    'ui.input body > input#q',
    'ui.input body > input#q',
    'ui.click body > input#q',
  ]);
});

test('dom: long trees stop at 5 levels and 80 characters; odd targets do not throw', () => {
  const { crumbs } = install();
  let n = body;
  for (let i = 0; i < 8; i++) n = element('DIV', { class: 'level' + i }, n);
  fireDom('click', n);
  assert.equal(crumbs[0].message, 'div.level3 > div.level4 > div.level5 > div.level6 > div.level7');
  let m = body;
  for (let i = 0; i < 4; i++) m = element('SECTION', { class: 'wide-name-' + i }, m);
  fireDom('click', m);
  assert.equal(crumbs[1].message, 'section.wide-name-1 > section.wide-name-2 > section.wide-name-3');
  crumbs.shift();
  const huge = element('SPAN', { class: 'x'.repeat(200) }, body);
  fireDom('click', huge);
  assert.equal(crumbs[1].message, 'span.' + 'x'.repeat(200), 'the clicked element itself is always kept');
  fireDom('click', null);
  fireDom('click', { nodeType: 1, tagName: 'B', getAttribute() { throw new Error('x'); } });
  assert.equal(crumbs[2].message, '<unknown>');
  assert.equal(crumbs.length, 3);
});

test('history: pushState, replaceState, popstate and hashchange → navigation crumbs, relative URLs', () => {
  location.href = 'https://shop.example/start';
  const { crumbs } = install();
  const state = { s: 1 };
  assert.equal(history.pushState(state, '', '/cart?x=1'), 'pushed');
  history.replaceState(null, '', 'checkout#pay');
  history.pushState(null, '', '/cart?x=1#pay'.replace('cart?x=1', 'checkout')); // same URL: nothing
  location.href = 'https://shop.example/checkout#done';
  win.dispatchEvent(new Event('popstate'));
  win.dispatchEvent(new Event('hashchange')); // the same fragment navigation: one crumb
  location.href = 'https://elsewhere.example/x';
  win.dispatchEvent(new Event('popstate'));
  assert.throws(() => history.pushState(null, '', 'https://evil.example/'), /SecurityError/);
  assert.deepEqual(crumbs.map(({ hint, ...c }) => c), [
    { category: 'navigation', data: { from: '/start', to: '/cart?x=1' } },
    { category: 'navigation', data: { from: '/cart?x=1', to: '/checkout#pay' } },
    { category: 'navigation', data: { from: '/checkout#pay', to: '/checkout#done' } },
    { category: 'navigation', data: { from: '/checkout#done', to: 'https://elsewhere.example/x' } },
  ]);
  assert.deepEqual(crumbs[0].hint, { from: 'https://shop.example/start', to: 'https://shop.example/cart?x=1' });
  assert.equal(Object.prototype.hasOwnProperty.call(history, 'pushState'), false, 'the instance is not touched');
});

test('an add() that throws never reaches the page', async () => {
  location.href = 'https://shop.example/start';
  uninstallers.push(installBreadcrumbs({}, () => { throw new Error('sdk bug'); }));
  assert.equal(console.log('x'), 'returned');
  fetchImpl = () => Promise.resolve({ status: 200 });
  await globalThis.fetch('/x');
  fireDom('click', element('A', {}, body));
  history.pushState(null, '', '/after-throw');
  const x = new XMLHttpRequest();
  x.open('GET', '/x');
  x.send();
  x.finish(200);
  await tick();
});

test('installing twice wraps once; the latest add() gets the crumbs; uninstall restores', () => {
  const first = install();
  const wrappedFetch = globalThis.fetch;
  const second = install();
  assert.equal(globalThis.fetch, wrappedFetch, 'not wrapped again');
  assert.equal(docListeners.length, 2);
  console.log('once');
  assert.equal(first.crumbs.length, 0);
  assert.equal(second.crumbs.length, 1);
  first.un(); // the first install's sources were taken over: nothing to undo
  assert.equal(globalThis.fetch, wrappedFetch);
  second.un();
  assert.equal(globalThis.fetch, fakeFetch);
  assert.equal(fakeConsole.log, originals.log);
  assert.equal(FakeXHR.prototype.open, originals.open);
  assert.equal(FakeXHR.prototype.send, originals.send);
  assert.equal(FakeHistory.prototype.pushState, originals.pushState);
  assert.equal(Function.prototype.toString, originals.toString);
  assert.equal(docListeners.length, 0);
  console.log('after');
  assert.equal(second.crumbs.length, 1);
  second.un(); // twice: harmless
});

test('wrapped over by the page: uninstall leaves a pass-through; a new install does not record twice', async () => {
  const { un } = install();
  const ours = globalThis.fetch;
  const pageWrapper = function fetch() { return ours.apply(this, arguments); };
  globalThis.fetch = pageWrapper;
  un();
  assert.equal(globalThis.fetch, pageWrapper, "the page's wrapper stays");
  assert.notEqual(Function.prototype.toString, originals.toString, 'still masking the wrapper left in the chain');
  assert.equal(ours.toString(), Function.prototype.toString.call(fakeFetch));
  const { crumbs } = install();
  await globalThis.fetch('/through-both');
  await tick();
  assert.equal(crumbs.length, 1);
  assert.equal(fetchCalls.length, 1);
  uninstallers.at(-1)();
  uninstallers = [];
  globalThis.fetch = fakeFetch;
});

test('sources switched off are not installed', async () => {
  const { crumbs } = install({ console: false, dom: false, fetch: false, xhr: true, history: false });
  assert.equal(globalThis.fetch, fakeFetch);
  assert.equal(fakeConsole.log, originals.log);
  assert.equal(docListeners.length, 0);
  assert.notEqual(FakeXHR.prototype.open, originals.open);
  console.log('x');
  await globalThis.fetch('/x');
  assert.equal(crumbs.length, 0);
  // No add(), or a hostile options object: nothing installed, no throw.
  const none = installBreadcrumbs({}, undefined);
  none();
  const hostile = new Proxy({}, { get() { throw new Error('trap'); } });
  uninstallers.push(installBreadcrumbs(hostile, () => {}));
});
