// Scenarios for tests/e2e/api.test.mjs. Each runs in the page itself (Firefox's WebDriver
// evaluates test code in a sandbox, so anything the SDK must see is defined here), inits the
// SDK with its own options, does what a Sentry user would, flushes, and returns what the test
// needs to find the events in Bugsink.

const base = () => Object.assign({}, window.FAULTLINE_CONFIG);
const tag = () => Math.random().toString(16).slice(2, 10);

async function settle() {
  await new Promise((r) => setTimeout(r, 50));
  return Faultline.flush(10000);
}

window.scenarios = {
  // Scope data of every kind, extras that no JSON.stringify survives, and withScope isolation.
  async scope() {
    Faultline.init(base());
    const t = tag();
    const cyclic = { name: 'cyclic' };
    cyclic.self = cyclic;
    Faultline.setUser({ id: 'u-7', email: 'ada@example.com' });
    Faultline.setTags({ plan: 'pro' });
    Faultline.setExtra('cyclic', cyclic);
    Faultline.setExtra('big', 12345678901234567890n);
    Faultline.setExtra('fn', function checkout() {});
    Faultline.setExtras({ huge: new Array(5000).fill(1), node: document.getElementById('buy') });
    Faultline.setContext('cart', { items: 3, total: '42.00' });
    Faultline.setFingerprint(['checkout', 'v2']);
    Faultline.withScope((scope) => {
      scope.setTag('inside', 'yes').setLevel('fatal');
      Faultline.captureMessage('inside withScope ' + t);
    });
    Faultline.captureMessage('after withScope ' + t, 'info');
    return { t, flushed: await settle() };
  },

  // Breadcrumbs: manual, console, DOM click, fetch; beforeBreadcrumb can drop and edit.
  async breadcrumbs() {
    Faultline.init(Object.assign(base(), {
      maxBreadcrumbs: 50,
      beforeBreadcrumb(crumb) {
        if (crumb.message === 'drop me') return null;
        if (crumb.category === 'console') crumb.data = Object.assign({}, crumb.data, { edited: true });
        return crumb;
      },
    }));
    await new Promise((r) => setTimeout(r, 300)); // the wasm is up: wrappers installed
    const t = tag();
    Faultline.addBreadcrumb({ category: 'auth', message: 'signed in', level: 'info', data: { method: 'password' } });
    console.log('drop me');
    console.warn('stock low', { sku: 'A-1' });
    document.getElementById('buy').click();
    const input = document.getElementById('note');
    input.dispatchEvent(new KeyboardEvent('keypress', { bubbles: true, key: 'x' }));
    await fetch('/tests/pages/api.html?probe=' + t).then((r) => r.text());
    await fetch('http://127.0.0.1:1/refused').catch(() => {});
    Faultline.captureMessage('with crumbs ' + t, 'error');
    return { t, flushed: await settle(), fetchString: String(fetch), fetchName: fetch.name };
  },

  // Linked errors, captureContext, captureEvent, lastEventId.
  async capture() {
    Faultline.init(base());
    const t = tag();
    const root = new TypeError('socket closed ' + t);
    const mid = new Error('fetch failed ' + t, { cause: root });
    const top = new Error('checkout failed ' + t, { cause: mid });
    const id1 = Faultline.captureException(top, { captureContext: { tags: { step: 'pay' }, level: 'warning', fingerprint: ['pay-' + t] } });
    const last = Faultline.lastEventId();
    const id2 = Faultline.captureEvent({ message: 'hand-built ' + t, level: 'info', tags: { kind: 'manual' }, extra: { n: 1 } });
    const agg = new AggregateError([new RangeError('first ' + t), new SyntaxError('second ' + t)], 'many ' + t);
    const id3 = Faultline.captureException(agg);
    // No leak: captureContext applied to one event only.
    const id4 = Faultline.captureMessage('plain ' + t);
    return { t, id1, last, id2, id3, id4, flushed: await settle() };
  },

  // beforeSend may edit, drop (null) or answer with a Promise; every drop is counted.
  async beforeSend() {
    const t = tag();
    Faultline.init(Object.assign(base(), {
      beforeSend(event, hint) {
        const text = (event.message && event.message.formatted) || '';
        if (text.startsWith('drop')) return null;
        if (text.startsWith('later')) return new Promise((r) => setTimeout(() => r(Object.assign(event, { tags: Object.assign({}, event.tags, { async: 'yes' }) })), 50));
        event.tags = Object.assign({}, event.tags, { edited: 'yes', hinted: String(!!hint && typeof hint.event_id === 'string') });
        return event;
      },
    }));
    Faultline.captureMessage('drop ' + t);
    Faultline.captureMessage('later ' + t);
    Faultline.captureMessage('edit ' + t);
    const flushed = await settle();
    return { t, flushed, stats: Faultline.getStats() };
  },

  // Filters: ignoreErrors (string and RegExp), denyUrls, the built-in noise filter, Dedupe.
  async filters() {
    const t = tag();
    Faultline.init(Object.assign(base(), { ignoreErrors: ['ignored by string', /ignored by re[g]ex/], denyUrls: [/third-party\.example/] }));
    Faultline.captureException(new Error('ignored by string ' + t));
    Faultline.captureException(new Error('this is ignored by regex ' + t));
    const denied = new Error('from a denied script ' + t);
    denied.stack = 'Error: from a denied script\n    at track (https://third-party.example/t.js:1:2)';
    Faultline.captureException(denied);
    Faultline.captureMessage('ResizeObserver loop completed with undelivered notifications.');
    const twice = new Error('twice in a row ' + t);
    Faultline.captureException(twice);
    Faultline.captureException(twice);
    Faultline.captureMessage('kept ' + t);
    const flushed = await settle();
    return { t, flushed, stats: Faultline.getStats() };
  },

  // attachStacktrace puts where captureMessage was called on the event; maxValueLength cuts;
  // sendDefaultPii asks the collector for the sender's IP.
  async attach() {
    Faultline.init(Object.assign(base(), { attachStacktrace: true, maxValueLength: 40, sendDefaultPii: true }));
    const t = tag();
    function reportLowStock() {
      return Faultline.captureMessage('stock is low for ' + t + ' and this message is long enough to be cut');
    }
    const id = reportLowStock();
    return { t, id, flushed: await settle() };
  },

  // dist, maxBreadcrumbs, allowUrls, normalizeDepth, clearBreadcrumbs, XHR and history breadcrumbs, and
  // integrations switches (console crumbs and Dedupe off).
  async more() {
    const t = tag();
    Faultline.init(Object.assign(base(), {
      dist: 'build-77',
      maxBreadcrumbs: 5,
      allowUrls: ['/tests/pages/'],
      normalizeDepth: 2,
      integrations: { breadcrumbs: { console: false }, dedupe: false },
    }));
    await new Promise((r) => setTimeout(r, 300)); // the wasm is up: wrappers installed
    Faultline.addBreadcrumb({ message: 'before clear ' + t });
    Faultline.clearBreadcrumbs();
    console.log('not recorded: console crumbs are off');
    for (let i = 0; i < 10; i++) Faultline.addBreadcrumb({ category: 'step', message: 'step ' + i });
    await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/tests/pages/api.html?xhr=' + t);
      // The SDK's own loadend listener runs after this one: let it.
      xhr.onloadend = () => setTimeout(resolve, 0);
      xhr.send();
    });
    history.pushState({}, '', '?step=' + t);
    Faultline.setExtra('deep', { a: { b: { c: { d: 1 } } } });
    const outside = new Error('thrown from elsewhere ' + t);
    outside.stack = 'Error: thrown from elsewhere\n    at ad (https://ads.example/x.js:1:2)';
    Faultline.captureException(outside);
    const same = new Error('allowed and repeated ' + t);
    Faultline.captureException(same);
    Faultline.captureException(same);
    const flushed = await settle();
    history.replaceState({}, '', location.pathname);
    return { t, flushed, stats: Faultline.getStats() };
  },

  // integrations switches for the automatic sources: `globalHandlers` (one of the two
  // listeners off) and `linkedErrors` (a 4-deep cause chain cut to `limit`); the page also
  // reports its own screen, memory, connection, locale and time zone for the test to compare.
  async switches(off) {
    const t = tag();
    Faultline.init(Object.assign(base(), {
      integrations: { globalHandlers: { [off]: false }, linkedErrors: { limit: 2 } },
    }));
    const chain = new Error('top ' + t, { cause: new Error('mid ' + t, { cause: new Error('low ' + t, { cause: new Error('root ' + t) }) }) });
    const id = Faultline.captureException(chain);
    setTimeout(() => { throw new Error('uncaught ' + t); });
    Promise.reject(new Error('rejected ' + t));
    await new Promise((r) => setTimeout(r, 100));
    const page = {
      screen: screen.width + 'x' + screen.height,
      memory: navigator.deviceMemory,
      online: navigator.onLine,
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    return { t, id, page, flushed: await settle() };
  },

  // enabled: false sends nothing; close() flushes, then turns the SDK off.
  async disabled() {
    const t = tag();
    Faultline.init(Object.assign(base(), { enabled: false }));
    Faultline.captureMessage('disabled ' + t);
    await settle();
    Faultline.init(base());
    Faultline.captureMessage('before close ' + t);
    const closed = await Faultline.close(10000);
    Faultline.captureMessage('after close ' + t);
    await new Promise((r) => setTimeout(r, 500));
    return { t, closed };
  },

  // sampleRate 0 sends nothing and counts it; unknown options and wrong types only warn.
  async sampling() {
    const t = tag();
    Faultline.init(Object.assign(base(), { sampleRate: 0, notAnOption: 1, maxBreadcrumbs: 'many' }));
    Faultline.captureMessage('never sent ' + t);
    const flushed = await settle();
    return { t, flushed, stats: Faultline.getStats() };
  },

  // initialScope and tunnel (the site's own endpoint, here the collector's envelope URL).
  async tunnel(tunnelUrl) {
    const t = tag();
    Faultline.init(Object.assign(base(), { tunnel: tunnelUrl, initialScope: { tags: { from: 'initialScope' }, user: { id: 'first' } } }));
    Faultline.captureMessage('through the tunnel ' + t);
    return { t, flushed: await settle() };
  },
};
