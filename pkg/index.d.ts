// Type declarations for faultline (npm: `import * as Faultline from 'faultline'`;
// script tag: the global `Faultline`). Names and shapes follow Sentry's unified API
// (`@sentry/browser`), so code written against it type-checks here unchanged; see docs/API.md.

export type SeverityLevel = 'fatal' | 'error' | 'warning' | 'log' | 'info' | 'debug';

/** A tag value, as Sentry's `Primitive`: sent as a string. */
export type Primitive = number | string | boolean | bigint | symbol | null | undefined;

/** Who is using the page. `setUser(null)` clears it. */
export interface User {
  [key: string]: unknown;
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string | null;
}

/** A structured context, e.g. `setContext('cart', { items: 3 })`. */
export interface Context {
  [key: string]: unknown;
}
export interface Contexts {
  [key: string]: Context | undefined;
}

export interface Breadcrumb {
  /** `default`, `http`, `navigation`, `error`, … (how the collector renders it). */
  type?: string;
  level?: SeverityLevel;
  event_id?: string;
  /** Dotted origin, e.g. `ui.click`, `console`, `fetch`, `xhr`, `navigation`. */
  category?: string;
  message?: string;
  data?: { [key: string]: any };
  /** Seconds since the epoch; set by the SDK when missing. */
  timestamp?: number;
}

/** What produced a breadcrumb (`event`, `input`, `response`, `xhr`, …), for `beforeBreadcrumb`. */
export interface BreadcrumbHint {
  [key: string]: any;
}

export interface StackFrame {
  filename?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  abs_path?: string;
  in_app?: boolean;
  [key: string]: unknown;
}

export interface Mechanism {
  type: string;
  handled?: boolean;
  data?: { [key: string]: string | boolean };
  synthetic?: boolean;
}

export interface Exception {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: Mechanism;
  stacktrace?: { frames?: StackFrame[] };
}

/** An event as `beforeSend` sees it (Sentry's event schema). */
export interface Event {
  event_id?: string;
  message?: string;
  logentry?: { message?: string; params?: unknown[] };
  /** Seconds since the epoch. */
  timestamp?: number;
  level?: SeverityLevel;
  platform?: string;
  logger?: string;
  release?: string;
  dist?: string;
  environment?: string;
  sdk?: { name?: string; version?: string };
  request?: { url?: string; headers?: { [key: string]: string } };
  transaction?: string;
  fingerprint?: string[];
  exception?: { values?: Exception[] };
  breadcrumbs?: Breadcrumb[];
  contexts?: Contexts;
  tags?: { [key: string]: Primitive };
  extra?: { [key: string]: unknown };
  user?: User;
  type?: undefined;
}

/** Sentry's name for the events `beforeSend` receives (error events): the same type here. */
export type ErrorEvent = Event;

/** The scope data a capture call can carry (Sentry's `ScopeContext`). */
export interface ScopeContext {
  user: User;
  level: SeverityLevel;
  extra: { [key: string]: unknown };
  contexts: Contexts;
  tags: { [key: string]: Primitive };
  fingerprint: string[];
}

/**
 * Extra data for one capture: a scope, scope data (`{ tags, extra, user, level, fingerprint, contexts }`),
 * or a function that receives a scope for this event only and returns it.
 */
export type CaptureContext = Scope | Partial<ScopeContext> | ((scope: Scope) => Scope);

/** Second argument of `captureException` / `captureEvent`; passed on to `beforeSend`. */
export interface EventHint {
  event_id?: string;
  captureContext?: CaptureContext;
  mechanism?: Partial<Mechanism>;
  syntheticException?: Error | null;
  originalException?: unknown;
  data?: any;
}

/** Data for one event only: inside `withScope(cb)`, or as the `initialScope` option. */
export interface Scope {
  setUser(user: User | null): this;
  setTag(key: string, value: Primitive): this;
  setTags(tags: { [key: string]: Primitive }): this;
  setExtra(key: string, extra: unknown): this;
  setExtras(extras: { [key: string]: unknown }): this;
  setContext(name: string, context: Context | null): this;
  setLevel(level: SeverityLevel): this;
  setFingerprint(fingerprint: string[]): this;
  /** The second argument (Sentry's per-scope limit) is accepted and ignored: `maxBreadcrumbs` applies. */
  addBreadcrumb(breadcrumb: Breadcrumb, maxBreadcrumbs?: number): this;
  clearBreadcrumbs(): this;
}

/** A Sentry integration object: only its `name` is read (see `Options.integrations`). */
export interface Integration {
  name: string;
}

/** Switches for faultline's built-in integrations (all on by default). */
export interface IntegrationOptions {
  /** Automatic breadcrumbs; `false` turns all off. */
  breadcrumbs?: boolean | { console?: boolean; dom?: boolean; fetch?: boolean; xhr?: boolean; history?: boolean };
  /** Drop an event identical to the previous one. */
  dedupe?: boolean;
  /** Drop well-known noise (e.g. `Script error.` with no details, errors from browser extensions). */
  noiseFilter?: boolean;
  /** Follow `error.cause` chains up to `limit` errors (default 5). */
  linkedErrors?: boolean | { limit?: number };
  /** The `error` / `unhandledrejection` listeners. */
  globalHandlers?: boolean | { onerror?: boolean; onunhandledrejection?: boolean };
}

export interface Options {
  /** Where to send events: `https://PUBLIC_KEY@host[:port]/[path/]PROJECT_ID`. Without a valid DSN the SDK stays off. */
  dsn?: string;
  /** Release identifier, e.g. `shop@1.4.2`. */
  release?: string;
  /** Environment name, e.g. `production`, `staging`. */
  environment?: string;
  /** Distribution of the release (e.g. a build number). */
  dist?: string;
  /** Log what the SDK does to the console (`faultline: …`). Off by default. */
  debug?: boolean;
  /** `false` turns the SDK off entirely. Default `true`. */
  enabled?: boolean;
  /** Share of error events sent, 0 to 1. Default 1. */
  sampleRate?: number;
  /** Breadcrumbs kept (the oldest go first). Default 100. */
  maxBreadcrumbs?: number;
  /** Attach a stack trace to `captureMessage` events. Default `false`. */
  attachStacktrace?: boolean;
  /** Last look at each event: return it (changed or not), `null` to drop it, or a Promise of either. */
  beforeSend?: (event: ErrorEvent, hint: EventHint) => PromiseLike<ErrorEvent | null> | ErrorEvent | null;
  /** Last look at each breadcrumb: return it (changed or not) or `null` to drop it. */
  beforeBreadcrumb?: (breadcrumb: Breadcrumb, hint?: BreadcrumbHint) => Breadcrumb | null;
  /** Drop errors whose message contains one of these strings or matches one of these RegExps. */
  ignoreErrors?: Array<string | RegExp>;
  /** Drop errors thrown from scripts whose URL matches. */
  denyUrls?: Array<string | RegExp>;
  /** Only keep errors thrown from scripts whose URL matches (when non-empty). */
  allowUrls?: Array<string | RegExp>;
  /** Scope data set at `init`. */
  initialScope?: CaptureContext;
  /** Send envelopes to this URL (same origin, forwarded by your server) instead of the DSN's host. */
  tunnel?: string;
  /** Send personal data (such as the user's IP address, request query strings). Default `false`. */
  sendDefaultPii?: boolean;
  /** Longest string kept in an event value, in characters. */
  maxValueLength?: number;
  /** How deep `extra`, `contexts`, `user` and breadcrumb `data` are walked. Default 3. */
  normalizeDepth?: number;
  /** Most properties (or items) kept per object (or array) in those. Default 1000. */
  normalizeMaxBreadth?: number;
  /**
   * Integration switches (`{ breadcrumbs: { console: false }, dedupe: false }`). Sentry-style arrays
   * and functions are accepted too: only the names of the built-in integrations (`Breadcrumbs`,
   * `Console`, `Dedupe`, `EventFilters`, `LinkedErrors`, `GlobalHandlers`) are read, other entries
   * are ignored.
   */
  integrations?: IntegrationOptions | Integration[] | ((defaults: Integration[]) => Integration[]);
  /** `false`: every built-in integration starts off (as Sentry's option). */
  defaultIntegrations?: false;
  /** Where to fetch `faultline_bg.wasm` from; defaults to beside the script or module (faultline extension). */
  wasmUrl?: string;
  /**
   * Fetch the wasm only when there is something to report: the first error or capture, or events
   * an earlier page left stored (until then the script buffers, keeping the newest breadcrumbs);
   * never while the SDK is off (no DSN, `enabled: false`). Default `true`; `false` fetches it at
   * `init` (faultline extension).
   */
  lazyLoad?: boolean;
}

/**
 * Delivery counters for the page's life. Every captured occurrence is delivered (as an event of
 * its own, or folded into one: `folded`), still `pending`, or counted in `dropped` by the
 * reason the collector also receives in client reports.
 */
export interface Stats {
  /** Occurrences captured (errors, rejections, capture calls). */
  captured?: number;
  /** Events delivered (2xx). */
  sent?: number;
  /** Occurrences those events stand for (folded repeats included). */
  sent_occurrences?: number;
  /** Repeats counted into a pending event (`contexts.repeats.count`) instead of sent alone. */
  folded?: number;
  /** Events queued or in flight. */
  pending?: number;
  retries?: number;
  /** Answers that were 429 (the events were kept and sent after the limit). */
  rate_limited?: number;
  /** Errors the loader's buffer could not keep while the wasm loaded (also in `dropped.queue_overflow`). */
  early_buffer_full?: number;
  /** Occurrences dropped, by client-report reason. */
  dropped?: {
    sample_rate: number;
    before_send: number;
    event_processor: number;
    queue_overflow: number;
    cache_overflow: number;
    network_error: number;
    send_error: number;
  };
  /** Errors the loader's buffer could not keep before the wasm was ready. */
  early_dropped: number;
  /** True once the wasm is running. */
  loaded: boolean;
}

/** Configures the SDK. Safe to call before the wasm has loaded: calls are queued. */
export function init(options?: Options): void;
/** Reports an exception (any thrown value). The hint is an `EventHint` or a `CaptureContext`. Returns the event id. */
export function captureException(exception: unknown, hint?: EventHint | CaptureContext): string;
/** Reports a message at a level (default `info`), or with a capture context. Returns the event id. */
export function captureMessage(message: string, captureContext?: CaptureContext | SeverityLevel): string;
/** Sends a hand-built event. Returns its id. */
export function captureEvent(event: Event, hint?: EventHint): string;
/** Sent with every later event; `null` clears it. */
export function setUser(user: User | null): void;
/** A searchable key/value sent with every later event (at most 100 tags, 200 bytes each). */
export function setTag(key: string, value: Primitive): void;
export function setTags(tags: { [key: string]: Primitive }): void;
/** Arbitrary data sent with every later event. */
export function setExtra(key: string, extra: unknown): void;
export function setExtras(extras: { [key: string]: unknown }): void;
/** A named context sent with every later event; `null` removes it. */
export function setContext(name: string, context: Context | null): void;
/** Level of every later event (faultline extension: Sentry has it on `Scope` only). */
export function setLevel(level: SeverityLevel): void;
/** Grouping fingerprint of every later event (faultline extension: Sentry has it on `Scope` only). */
export function setFingerprint(fingerprint: string[]): void;
/** Records a breadcrumb (passes through `beforeBreadcrumb`). */
export function addBreadcrumb(breadcrumb: Breadcrumb, hint?: BreadcrumbHint): void;
/** Forgets the breadcrumbs recorded so far (faultline extension: Sentry has it on `Scope` only). */
export function clearBreadcrumbs(): void;
/** Runs `callback` with a scope whose data applies only to events captured inside it; returns its result. */
export function withScope<T>(callback: (scope: Scope) => T): T;
/** Id of the last event captured, if any. */
export function lastEventId(): string | undefined;
/** Resolves `true` when everything queued was delivered, `false` if `timeout` ms (default 2000) passed first. */
export function flush(timeout?: number): Promise<boolean>;
/** Flushes, then turns the SDK off. */
export function close(timeout?: number): Promise<boolean>;
/** Delivery counters (faultline extension). */
export function getStats(): Stats;

export as namespace Faultline;
