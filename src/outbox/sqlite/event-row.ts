import type { OutboundPayload } from '../../mapping';
import type { DeliveryAttempt, EventState, StoredEvent, StoredFailure } from '../outbox.types';

export interface EventRow {
  readonly id: string;
  readonly issuer: string;
  readonly idempotency_key: string;
  readonly fingerprint: string;
  readonly payload: string;
  readonly state: EventState;
  readonly attempts: number;
  readonly created_at: number;
  readonly updated_at: number;
  readonly next_attempt_at: number;
  readonly deliver_by: number;
  readonly delivered_at: number | null;
  readonly last_error: string | null;
  readonly request_id: string | null;
  /** JSON array of DeliveryAttempt; NULL before the first attempt. */
  readonly history: string | null;
  /**
   * JSON array of the legacy system's references (the idempotency key is a column of its own, and
   * first here only in rows from before that); NULL in rows stored before references were kept.
   */
  readonly refs: string | null;
  /** Only in rows read by id (claims and listings leave it out: EVENT_COLUMNS). */
  readonly received_body?: string | null;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    issuer: row.issuer,
    idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint,
    event: JSON.parse(row.payload) as OutboundPayload,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextAttemptAt: row.next_attempt_at,
    deliverBy: row.deliver_by,
    deliveredAt: row.delivered_at ?? undefined,
    lastError: row.last_error ? (JSON.parse(row.last_error) as StoredFailure) : undefined,
    requestId: row.request_id ?? undefined,
    history: row.history ? (JSON.parse(row.history) as DeliveryAttempt[]) : [],
    refs: rowRefs(row),
    ...(row.received_body ? { receivedBody: row.received_body } : {}),
  };
}

/** The key first, then the legacy references, as AppendRequest.refs has them. */
function rowRefs(row: EventRow): string[] {
  if (!row.refs) {
    return [];
  }
  const legacy = JSON.parse(row.refs) as string[];
  return legacy[0] === row.idempotency_key ? legacy : [row.idempotency_key, ...legacy];
}
