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

/** What one delivery attempt achieved; the worker maps it to ack / reschedule / dead-letter. */
export type PublishOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'retryable'; readonly failure: GenesysFailure; readonly retryAfterMs?: number }
  | { readonly kind: 'rejected'; readonly failure: GenesysFailure };
