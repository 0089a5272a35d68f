// Type declarations for faultline (npm: `import * as Faultline from 'faultline'`;
// script tag: the global `Faultline`). Names and shapes follow Sentry's unified API.

export type SeverityLevel = 'fatal' | 'error' | 'warning' | 'log' | 'info' | 'debug';

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
  /** Where to fetch `faultline_bg.wasm` from; defaults to beside the script or module. */
  wasmUrl?: string;
}

/** Delivery counters: every captured event is sent, pending, or counted in `dropped`. */
export interface Stats {
  captured?: number;
  sent?: number;
  pending?: number;
  retries?: number;
  rate_limited?: number;
  dropped?: {
    queue_full: number;
    rejected: number;
    retries_exhausted: number;
    early_buffer_full: number;
  };
  /** Errors the loader's buffer could not keep before the wasm was ready. */
  early_dropped: number;
  /** True once the wasm is running. */
  loaded: boolean;
}

/** Configures the SDK. Safe to call before the wasm has loaded: calls are queued. */
export function init(options: Options): void;
/** Reports an exception (any thrown value). Returns the event id. */
export function captureException(exception: unknown): string;
/** Reports a message at a level (default `info`). Returns the event id. */
export function captureMessage(message: string, level?: SeverityLevel): string;
/** Who is using the page; `null` clears it. Sent with every later event. */
export interface User {
  id?: string | number;
  email?: string;
  username?: string;
  ip_address?: string;
}
export function setUser(user: User | null): void;
/** A searchable key/value sent with every later event (at most 100 tags, 200 bytes each). */
export function setTag(key: string, value: string | number | boolean): void;
export function setTags(tags: Record<string, string | number | boolean>): void;
/** Resolves `true` when everything queued was delivered, `false` if `timeout` ms (default 2000) passed first. */
export function flush(timeout?: number): Promise<boolean>;
/** Flushes, then turns the SDK off. */
export function close(timeout?: number): Promise<boolean>;
/** Delivery counters (faultline extension). */
export function getStats(): Stats;

export as namespace Faultline;
