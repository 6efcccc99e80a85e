/**
 * When to retry a call to Genesys, as one pure function (table-tested in retry-policy.spec.ts).
 * Retry network errors, 408, 429 and 5xx except 501; never other 4xx. Exponential backoff with
 * full jitter, never sooner than Retry-After, and never past the time budget of the request.
 */
export interface RetryInput {
  /** Attempts already made (1 after the first failure). */
  readonly attempt: number;
  readonly elapsedMs: number;
  readonly budgetMs: number;
  /** HTTP status, or undefined for a network error / timeout. */
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Uniform in [0, 1); injected so tests are deterministic. */
  readonly random: () => number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: 'permanent' | 'budget_exhausted' };

export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) {
    return true;
  }
  return status === 408 || status === 429 || (status >= 500 && status !== 501);
}

/** Full jitter (AWS architecture blog): uniform in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

export function decideRetry(input: RetryInput): RetryDecision {
  if (!isRetryableStatus(input.status)) {
    return { retry: false, reason: 'permanent' };
  }
  const jittered = backoffDelay(input.attempt, input.baseDelayMs, input.maxDelayMs, input.random);
  const delayMs = Math.max(jittered, input.retryAfterMs ?? 0);
  if (input.elapsedMs + delayMs >= input.budgetMs) {
    return { retry: false, reason: 'budget_exhausted' };
  }
  return { retry: true, delayMs };
}

/** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when absent or bad. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000;
  }
  // HTTP-dates always name a month (IMF-fixdate, RFC 850, asctime); Date.parse alone would take "-1".
  if (!/[A-Za-z]{3}/.test(text)) {
    return undefined;
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
