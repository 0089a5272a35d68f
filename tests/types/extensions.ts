// faultline's own additions to the unified API (these do not exist in @sentry/browser 11).
import * as Faultline from 'faultline';
import type { IntegrationOptions, Options, Stats } from 'faultline';

const integrations: IntegrationOptions = {
  breadcrumbs: { console: false, dom: true, fetch: true, xhr: false, history: true },
  dedupe: false,
  noiseFilter: false,
  linkedErrors: { limit: 5 },
  globalHandlers: { onunhandledrejection: false },
};

const options: Options = {
  dsn: 'https://public@o0.ingest.example/1',
  wasmUrl: '/static/faultline_bg.wasm',
  sendDefaultPii: false, // Sentry ≤ 10's option (Sentry 11 replaced it with `dataCollection`)
  integrations,
};
Faultline.init(options);
Faultline.init({ integrations: { breadcrumbs: false, linkedErrors: false, globalHandlers: true } });
Faultline.init({ defaultIntegrations: false, integrations: [{ name: 'GlobalHandlers' }] });

// Top-level versions of Scope methods.
Faultline.setLevel('warning');
Faultline.setFingerprint(['{{ default }}', 'checkout']);
Faultline.clearBreadcrumbs();

const stats: Stats = Faultline.getStats();
const loaded: boolean = stats.loaded;
const earlyDropped: number = stats.early_dropped;
const queueOverflow: number | undefined = stats.dropped?.queue_overflow;
const folded: number | undefined = stats.folded;

// @ts-expect-error: unknown options are typos
Faultline.init({ dnsn: 'https://public@o0.ingest.example/1' });
// @ts-expect-error: breadcrumb sources are switched with booleans
Faultline.init({ integrations: { breadcrumbs: { console: 'off' } } });
// @ts-expect-error: defaultIntegrations only takes false
Faultline.init({ defaultIntegrations: true });

export { loaded, earlyDropped, queueOverflow, folded };
