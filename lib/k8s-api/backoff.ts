/**
 * Retry timing for calls to a Kubernetes API server: capped exponential back-off with "full
 * jitter" (AWS architecture blog, "Exponential Backoff And Jitter"), honouring a server's
 * Retry-After. Pure: the random source is a parameter.
 */

export interface BackoffPolicy {
  /** Delay ceiling of the first retry, in ms. */
  readonly baseMs: number;
  /** No delay exceeds this, in ms. */
  readonly capMs: number;
  /** Retries after the first attempt; attempt numbers run 0 … maxRetries - 1. */
  readonly maxRetries: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 200, capMs: 10_000, maxRetries: 5 };

/**
 * The delay before retry number `attempt` (0-based): a uniform random value in
 * [0, min(cap, base·2^attempt)), raised to `retryAfterMs` when the server asked for more (but
 * never above the cap). `random` returns a number in [0, 1). Negative or fractional attempts are
 * clamped to whole numbers ≥ 0; the result is a whole number of ms.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random, retryAfterMs?: number): number {
  const n = Math.max(0, Math.floor(attempt));
  // 2^n overflows to Infinity for large n; min() with the cap keeps the ceiling finite.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** n);
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = Math.floor(ceiling * r);
  const floor = retryAfterMs !== undefined && retryAfterMs > 0 ? Math.min(retryAfterMs, policy.capMs) : 0;
  return Math.max(jittered, floor);
}

/** Whether an HTTP status is worth retrying: 429 Too Many Requests and 5xx (not 501 Not Implemented). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into ms; undefined when absent or bad. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
