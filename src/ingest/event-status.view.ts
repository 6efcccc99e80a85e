import type { EventState, StoredEvent, StoredFailure } from '../outbox';

export interface EventStatusView {
  readonly id: string;
  readonly state: EventState;
  readonly idempotency_key: string;
  readonly event_type: string;
  readonly attempts: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly next_attempt_at?: string;
  readonly delivered_at?: string;
  readonly last_error?: StoredFailure;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toEventStatusView(stored: StoredEvent): EventStatusView {
  return {
    id: stored.id,
    state: stored.state,
    idempotency_key: stored.idempotencyKey,
    event_type: stored.event.eventType,
    attempts: stored.attempts,
    created_at: iso(stored.createdAt),
    updated_at: iso(stored.updatedAt),
    ...(stored.state === 'queued' ? { next_attempt_at: iso(stored.nextAttemptAt) } : {}),
    ...(stored.deliveredAt !== undefined ? { delivered_at: iso(stored.deliveredAt) } : {}),
    ...(stored.lastError ? { last_error: stored.lastError } : {}),
  };
}
