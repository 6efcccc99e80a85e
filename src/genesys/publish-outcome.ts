import type { GenesysFailure } from './genesys-failure';

/** One HTTP attempt of a publish call, as the retry interceptor saw it (in-call retries included). */
export interface CallAttempt {
  /** When it left (after the token and the rate-limit slot), or when it failed to. */
  readonly at: number;
  /** Until the answer; absent when none came. */
  readonly durationMs?: number;
  readonly status?: number;
  /** What Genesys (or the network) said when the call failed as a whole. */
  readonly failure?: GenesysFailure;
  readonly correlationId?: string;
  /** Set when the interceptor tries again within the call: when that next attempt is due. */
  readonly retryAt?: number;
}

/**
 * What one delivery attempt achieved for one event, in the destination's terms rather than HTTP's:
 * the worker maps it to ack / reschedule / dead-letter, and the breaker learns from it.
 * - `delivered`: taken.
 * - `rejected`: refused for good (a 4xx other than 408/429, an unprocessable entity): re-sending
 *   cannot help.
 * - `throttled`: over Genesys' budget (429); `retryAfterMs` says when to come back.
 * - `unavailable`: Genesys could not take it now (5xx, 408, a timeout, the network): try later.
 * - `unauthorized`: no token could be had because the login refused the client (fix the
 *   credentials; the events wait).
 */
export type PublishOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'rejected'; readonly failure: GenesysFailure }
  | { readonly kind: 'throttled'; readonly failure: GenesysFailure; readonly retryAfterMs?: number }
  | {
      readonly kind: 'unavailable';
      readonly failure: GenesysFailure;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'unauthorized'; readonly failure: GenesysFailure };
