import type { GenesysFailure } from './genesys-failure';

/** What one delivery attempt achieved; the worker maps it to ack / reschedule / dead-letter. */
export type PublishOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'retryable'; readonly failure: GenesysFailure; readonly retryAfterMs?: number }
  | { readonly kind: 'rejected'; readonly failure: GenesysFailure };
