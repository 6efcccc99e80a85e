import type { DeliveryAttempt, StoredEvent } from '../outbox';
import { type EventStatusView, toEventStatusView } from '../ingest';

export interface AttemptView {
  readonly at: string;
  readonly duration_ms?: number;
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
  readonly correlation_id?: string;
  readonly batch_size: number;
  readonly decision: DeliveryAttempt['decision'];
  readonly retry_at?: string;
  readonly pause?: DeliveryAttempt['pause'];
  /** Genesys may have taken it all the same: the next attempt may deliver a duplicate. */
  readonly ambiguous?: boolean;
  /** It re-sent an attempt that may have been taken (see ambiguous): Genesys may hold it twice. */
  readonly possible_duplicate?: boolean;
}

/** One row of a listing (GET /admin/events, dead letters): which transaction it was, and where it stands. */
export interface EventSummaryView extends EventStatusView {
  readonly issuer: string;
  /** The legacy system's references: idempotency key, transaction id or identity values. */
  readonly refs: readonly string[];
}

export interface EventDetailView extends EventSummaryView {
  readonly request_id?: string;
  /** Where it goes: the target and, for external events, the configuration id. */
  readonly destination: { readonly target: string; readonly route?: string };
  /** What is (or was) sent to Genesys for this event, id included. */
  readonly request_body: unknown;
  /**
   * The body as the legacy system sent it (REDACT_FIELDS replaced); null once erased or past
   * PAYLOAD_RETENTION_HOURS, or when bodies are not kept.
   */
  readonly received_body: unknown;
  /** The last attempts, oldest first. */
  readonly history: AttemptView[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toEventSummaryView(stored: StoredEvent): EventSummaryView {
  return { ...toEventStatusView(stored), issuer: stored.issuer, refs: stored.refs };
}

export function toEventDetailView(
  stored: StoredEvent,
  destination: EventDetailView['destination'],
  requestBody: unknown,
): EventDetailView {
  return {
    ...toEventSummaryView(stored),
    ...(stored.requestId ? { request_id: stored.requestId } : {}),
    destination,
    request_body: requestBody,
    received_body:
      stored.receivedBody === undefined ? null : (JSON.parse(stored.receivedBody) as unknown),
    history: stored.history.map((attempt, i) =>
      toAttemptView(attempt, stored.history[i - 1]?.ambiguous === true),
    ),
  };
}

function toAttemptView(attempt: DeliveryAttempt, resent: boolean): AttemptView {
  return {
    at: iso(attempt.at),
    ...(attempt.durationMs !== undefined ? { duration_ms: attempt.durationMs } : {}),
    ...(attempt.status !== undefined ? { status: attempt.status } : {}),
    ...(attempt.code ? { code: attempt.code, message: attempt.message } : {}),
    ...(attempt.correlationId ? { correlation_id: attempt.correlationId } : {}),
    batch_size: attempt.batchSize,
    decision: attempt.decision,
    ...(attempt.retryAt !== undefined ? { retry_at: iso(attempt.retryAt) } : {}),
    ...(attempt.pause ? { pause: attempt.pause } : {}),
    ...(attempt.ambiguous ? { ambiguous: true } : {}),
    ...(resent ? { possible_duplicate: true } : {}),
  };
}
