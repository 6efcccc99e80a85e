import type { CallAttempt, PublishOutcome } from '../genesys';
import { type DeliveryAttempt, MAX_ATTEMPT_HISTORY, type StoredEvent } from '../outbox';
import type { DeliveryDecision } from './delivery-schedule';

export interface SettledCall {
  /** Each HTTP attempt of the call, in order (PublishOptions.onAttempt). */
  readonly attempts: readonly CallAttempt[];
  readonly batchSize: number;
  /** When the call began: the attempt's time if it never reached the interceptor. */
  readonly startedAt: number;
  /** The breaker stood open once the call ended: the retry waits for it too. */
  readonly breakerOpen: boolean;
}

/**
 * The event's history after a call (pure): its earlier attempts, then the call's attempts. The
 * ones the interceptor retried within the call say so; the last one carries this event's own
 * outcome (in a batch, Genesys may refuse one entity and take the rest) and the worker's decision.
 */
export function historyAfter(
  stored: StoredEvent,
  call: SettledCall,
  outcome: PublishOutcome,
  decision: DeliveryDecision,
): DeliveryAttempt[] {
  const retried = call.attempts.slice(0, -1).map((attempt) => inCallRetry(attempt, call));
  const last = call.attempts.at(-1) ?? { at: call.startedAt };
  return [...stored.history, ...retried, finalAttempt(last, call, outcome, decision)].slice(
    -MAX_ATTEMPT_HISTORY,
  );
}

function inCallRetry(attempt: CallAttempt, call: SettledCall): DeliveryAttempt {
  return {
    ...answer(attempt, call),
    ...failureFields(attempt.failure),
    decision: 'retry',
    ...(attempt.retryAt !== undefined ? { retryAt: attempt.retryAt } : {}),
    ...(attempt.status === 429 ? { pause: 'rate-limited' } : {}),
  };
}

function finalAttempt(
  attempt: CallAttempt,
  call: SettledCall,
  outcome: PublishOutcome,
  decision: DeliveryDecision,
): DeliveryAttempt {
  const base = answer(attempt, call);
  if (outcome.kind === 'delivered') {
    return { ...base, status: outcome.status, decision: 'delivered' };
  }
  const failure = outcome.failure;
  const status = failure.status ?? attempt.status;
  const fields = {
    ...base,
    ...failureFields(failure),
    ...(status !== undefined ? { status } : {}),
    ...(failure.correlationId || attempt.correlationId
      ? { correlationId: failure.correlationId ?? attempt.correlationId }
      : {}),
  };
  switch (decision.action) {
    case 'ack':
      return { ...fields, decision: 'delivered' };
    case 'dead':
      return { ...fields, decision: 'dead' };
    case 'reschedule': {
      const pause =
        outcome.kind === 'throttled'
          ? 'rate-limited'
          : call.breakerOpen
            ? 'breaker-open'
            : undefined;
      return { ...fields, decision: 'retry', retryAt: decision.at, ...(pause ? { pause } : {}) };
    }
  }
}

/** Time, duration, status and correlation id of one attempt, without the failure. */
function answer(attempt: CallAttempt, call: SettledCall) {
  return {
    at: attempt.at,
    batchSize: call.batchSize,
    ...(attempt.durationMs !== undefined ? { durationMs: attempt.durationMs } : {}),
    ...(attempt.status !== undefined ? { status: attempt.status } : {}),
    ...(attempt.correlationId ? { correlationId: attempt.correlationId } : {}),
  };
}

function failureFields(failure: CallAttempt['failure']) {
  if (!failure) {
    return {};
  }
  return {
    code: failure.code,
    message: failure.message,
    ...(failure.ambiguous ? { ambiguous: true } : {}),
  };
}
