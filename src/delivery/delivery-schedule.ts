import { type GenesysFailure, type PublishOutcome, backoffDelay } from '../genesys';

export interface ScheduleConfig {
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export type DeliveryDecision =
  | { readonly action: 'ack' }
  | { readonly action: 'reschedule'; readonly at: number; readonly failure: GenesysFailure }
  | { readonly action: 'dead'; readonly failure: GenesysFailure };

/**
 * What the worker does after an attempt (pure). Retryable failures wait a full-jitter exponential
 * delay (base * 2^(attempt-1), capped), never less than Retry-After, until the event's deliver-by
 * instant (created + DELIVERY_MAX_AGE, 24 h by default) has passed; then it is dead-lettered.
 */
export function decideDelivery(
  outcome: PublishOutcome,
  attempt: number,
  deliverBy: number,
  now: number,
  config: ScheduleConfig,
  random: () => number = Math.random,
): DeliveryDecision {
  switch (outcome.kind) {
    case 'delivered':
      return { action: 'ack' };
    case 'rejected':
      return { action: 'dead', failure: outcome.failure };
    case 'throttled':
    case 'unavailable':
    case 'unauthorized': {
      const retryAfterMs = outcome.kind === 'unauthorized' ? 0 : (outcome.retryAfterMs ?? 0);
      const delay = Math.max(
        backoffDelay(attempt, config.backoffBaseMs, config.backoffMaxMs, random),
        retryAfterMs,
      );
      if (now >= deliverBy) {
        return {
          action: 'dead',
          failure: {
            ...outcome.failure,
            message: `Gave up after ${attempt} attempts: ${outcome.failure.message}`,
          },
        };
      }
      // The last retry lands exactly at the deadline rather than being skipped.
      return {
        action: 'reschedule',
        at: Math.min(now + delay, deliverBy),
        failure: outcome.failure,
      };
    }
  }
}
