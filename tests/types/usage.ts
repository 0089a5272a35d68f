// The unified API as a Sentry user writes it. usage.sentry.ts is this file with the import
// from '@sentry/browser' instead (check.mjs keeps the two identical): the same code must
// type-check against both. faultline's own extensions are in extensions.ts.
import * as Sentry from 'faultline';
import type { Breadcrumb, BreadcrumbHint, CaptureContext, ErrorEvent, Event, EventHint, Scope, SeverityLevel, User } from 'faultline';

type InitOptions = NonNullable<Parameters<typeof Sentry.init>[0]>;

const options: InitOptions = {
  dsn: 'https://public@o0.ingest.example/1',
  release: 'shop@1.4.2',
  environment: 'production',
  dist: '42',
  debug: false,
  enabled: true,
  sampleRate: 0.5,
  maxBreadcrumbs: 50,
  attachStacktrace: true,
  maxValueLength: 1000,
  normalizeDepth: 5,
  normalizeMaxBreadth: 500,
  tunnel: '/monitoring',
  ignoreErrors: ['ResizeObserver loop limit exceeded', /^Script error\.?$/],
  denyUrls: [/extensions\//i, /^chrome:\/\//i],
  allowUrls: ['https://shop.example', /cdn\.shop\.example/],
  initialScope: { tags: { area: 'checkout' }, user: { id: 42 } },
  integrations: (defaults) => defaults.filter((integration) => integration.name !== 'Dedupe'),
  // Modified, or dropped with null.
  beforeSend(event, hint) {
    const original = hint.originalException;
    if (original instanceof Error && original.message.includes('ignore me')) return null;
    if (event.user) delete event.user.email;
    event.tags = { ...event.tags, scrubbed: true };
    event.fingerprint = ['{{ default }}', String(event.level)];
    const first = event.exception?.values?.[0];
    if (first?.value) first.value = first.value.replace(/\d{16}/g, '[card]');
    const frames = first?.stacktrace?.frames ?? [];
    if (frames.some((f) => f.filename?.includes('/vendor/'))) event.extra = { ...event.extra, vendor: true };
    if (event.request?.url) event.request.url = event.request.url.split('?')[0];
    event.breadcrumbs = event.breadcrumbs?.filter((b) => b.category !== 'console');
    return event;
  },
  beforeBreadcrumb(breadcrumb, hint) {
    if (breadcrumb.category === 'ui.click' && hint?.event) {
      const target = (hint.event as MouseEvent).target as HTMLElement | null;
      breadcrumb.message = target?.getAttribute('aria-label') ?? breadcrumb.message;
    }
    if (breadcrumb.category === 'fetch' && breadcrumb.data?.url?.includes('/health')) return null;
    return breadcrumb.level === 'debug' ? null : breadcrumb;
  },
};
Sentry.init(options);

// beforeSend returning a Promise; initialScope as a function; integrations as an array.
Sentry.init({
  dsn: 'https://public@o0.ingest.example/1',
  integrations: [],
  initialScope: (scope) => scope.setTag('boot', 'late'),
  beforeSend: async (event, hint) => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return hint.data === 'drop' ? null : event;
  },
});

// A beforeSend written as a named, annotated function.
function scrub(event: ErrorEvent, hint: EventHint): ErrorEvent | null {
  return hint.syntheticException ? event : { ...event, extra: undefined };
}
Sentry.init({ dsn: 'https://public@o0.ingest.example/1', beforeSend: scrub });

// captureException: plain, with a capture context (inline, wrapped or a function), with a hint.
const error = new Error('Payment failed');
const id: string = Sentry.captureException(error);
Sentry.captureException('a thrown string');
Sentry.captureException({ code: 42 });
Sentry.captureException(error, {
  tags: { step: 'pay', attempt: 2, retried: false },
  extra: { cart: { items: 3 } },
  user: { id: 'u1' },
  level: 'fatal',
  fingerprint: ['payment', 'declined'],
  contexts: { payment: { provider: 'acme' } },
});
Sentry.captureException(error, { captureContext: { tags: { via: 'hint' } } });
Sentry.captureException(error, (scope) => scope.setLevel('warning'));
Sentry.captureException(error, { mechanism: { handled: false }, data: { source: 'worker' } });

// captureMessage: with a level or a capture context.
Sentry.captureMessage('Checkout started');
Sentry.captureMessage('Slow response', 'warning');
Sentry.captureMessage('Odd state', { level: 'error', tags: { screen: 'cart' }, extra: { state: { a: 1 } } });
Sentry.captureMessage('With a function', (scope) => scope.setExtra('k', 'v'));

// captureEvent: a hand-built event.
Sentry.captureEvent({ message: 'Manual event', level: 'info', tags: { manual: true }, extra: { n: 1 } });
Sentry.captureEvent(
  { exception: { values: [{ type: 'QuotaError', value: 'Storage full' }] }, fingerprint: ['quota'] },
  { originalException: error, event_id: '0123456789abcdef0123456789abcdef' },
);

// Global scope setters.
Sentry.setUser({ id: 7, email: 'jane@example.com', username: 'jane', ip_address: '{{auto}}', plan: 'pro' });
Sentry.setUser(null);
Sentry.setTag('locale', 'fr-FR');
Sentry.setTag('build', 1234);
Sentry.setTag('beta', true);
Sentry.setTag('maybe', undefined);
Sentry.setTags({ region: 'eu', shard: 3 });
Sentry.setExtra('flags', { darkMode: true, list: [1, 2] });
Sentry.setExtras({ a: 1, b: 'two', c: null });
Sentry.setContext('cart', { items: 3, total: 59.9 });
Sentry.setContext('cart', null);

// Breadcrumbs.
Sentry.addBreadcrumb({ category: 'auth', message: 'Signed in', level: 'info', data: { method: 'sso' } });
Sentry.addBreadcrumb({ type: 'navigation', category: 'navigation', data: { from: '/a', to: '/b' } }, { router: 'vue' });
Sentry.addBreadcrumb({ message: 'stamped', timestamp: Date.now() / 1000 });

// withScope: chained setters, the callback's value is returned.
const result: number = Sentry.withScope((scope) => {
  scope
    .setTag('in', 'scope')
    .setTags({ a: 1 })
    .setExtra('x', [1])
    .setExtras({ y: 2 })
    .setUser({ id: 'scoped' })
    .setContext('screen', { name: 'cart' })
    .setLevel('warning')
    .setFingerprint(['{{ default }}', 'scoped']);
  scope.addBreadcrumb({ message: 'inside' });
  scope.clearBreadcrumbs();
  Sentry.captureException(new Error('scoped'));
  return 1;
});
Sentry.withScope(async (scope) => {
  scope.setTag('async', true);
});

const last: string | undefined = Sentry.lastEventId();
Sentry.flush(2000).then((done: boolean) => done);
void Sentry.close();
void Sentry.close(500).then((done) => (done ? 'flushed' : 'timed out'));

// The exported types.
const level: SeverityLevel = 'debug';
const user: User = { id: 1, segment: 'b2b' };
const crumb: Breadcrumb = { category: 'custom', level, data: { any: { nested: true } } };
const crumbHint: BreadcrumbHint = { input: ['x'] };
const context: CaptureContext = { tags: { a: 'b' }, level: 'error' };
const event: Event = { message: 'typed', level: 'error', user, breadcrumbs: [crumb] };
const hint: EventHint = { originalException: error, captureContext: context };
function tagScope(scope: Scope): Scope {
  return scope.setTag('fn', 'yes');
}
Sentry.captureException(error, tagScope);

// Mistakes both type checks catch.
// @ts-expect-error: not a SeverityLevel
Sentry.captureMessage('x', 'critical');
// @ts-expect-error: tag values are primitives
Sentry.setTag('obj', { a: 1 });
// @ts-expect-error: a user is an object or null
Sentry.setUser('jane');
// @ts-expect-error: sampleRate is a number
Sentry.init({ sampleRate: '0.5' });
// @ts-expect-error: ignoreErrors holds strings and RegExps
Sentry.init({ ignoreErrors: [42] });
// @ts-expect-error: beforeSend must return an event, null or a Promise of one
Sentry.init({ beforeSend: () => 'nope' });
// @ts-expect-error: fingerprints are arrays of strings
Sentry.withScope((scope) => scope.setFingerprint('one'));

export { id, result, last, crumbHint, event, hint };
