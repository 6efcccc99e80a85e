import type { OutboundPayload } from '../mapping';

export type EventState = 'queued' | 'delivering' | 'delivered' | 'dead';

/**
 * Why the last delivery failed, as the store keeps it: safe to store and show (no tokens, no
 * secrets). The outbox does not know Genesys; the publisher's failure has this shape.
 */
export interface StoredFailure {
  /** HTTP status, absent for network errors and timeouts. */
  readonly status?: number;
  /** The destination's error code (`bad.request`, `too.many.requests`, ...) or a network error code. */
  readonly code: string;
  readonly message: string;
  /** The destination's correlation id (Genesys: `ININ-Correlation-Id`), for its support. */
  readonly correlationId?: string;
  /** The destination may have taken the event all the same (a re-send may deliver it twice). */
  readonly ambiguous?: boolean;
}

export interface StoredEvent {
  readonly id: string;
  readonly issuer: string;
  readonly idempotencyKey: string;
  readonly fingerprint: string;
  readonly event: OutboundPayload;
  readonly state: EventState;
  readonly attempts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly nextAttemptAt: number;
  /** After this instant a retryable failure dead-letters the event instead of rescheduling it. */
  readonly deliverBy: number;
  readonly deliveredAt: number | undefined;
  readonly lastError: StoredFailure | undefined;
  /** X-Request-Id of the request that brought the event in: carried into the delivery logs. */
  readonly requestId: string | undefined;
  /** The last MAX_ATTEMPT_HISTORY delivery attempts, oldest first. */
  readonly history: readonly DeliveryAttempt[];
  /** The legacy system's own references to it (see AppendRequest.refs): what operators search by. */
  readonly refs: readonly string[];
  /**
   * The body as received (JSON, REDACT_FIELDS removed): only from `get`, and only while kept
   * (PAYLOAD_RETENTION_HOURS, or until erased).
   */
  readonly receivedBody?: string;
}

/** How many attempts an event keeps in its history (the oldest are dropped). */
export const MAX_ATTEMPT_HISTORY = 20;

/**
 * One HTTP call that carried the event (in-call retries are attempts too), and what the gateway
 * decided after it. Safe to show: Genesys' answer, never a token.
 */
export interface DeliveryAttempt {
  /** When the request left (epoch ms). */
  readonly at: number;
  /** Until Genesys answered; absent when no answer came (timeout, reset, no token). */
  readonly durationMs?: number;
  readonly status?: number;
  /** Genesys' code (or the gateway's, e.g. a network error) when the event was not taken. */
  readonly code?: string;
  readonly message?: string;
  /** `ININ-Correlation-Id`: what Genesys support asks for. */
  readonly correlationId?: string;
  /** Events the call carried. */
  readonly batchSize: number;
  readonly decision: AttemptDecision;
  /** For `retry`: when the next attempt is due. */
  readonly retryAt?: number;
  /** Why the retry waits that long: Genesys' 429 pause, or the circuit breaker opened. */
  readonly pause?: 'rate-limited' | 'breaker-open';
  /** Genesys may have taken this attempt all the same (5xx, timeout): the next one may duplicate. */
  readonly ambiguous?: boolean;
}

export type AttemptDecision = 'delivered' | 'retry' | 'dead';

export interface AppendRequest {
  readonly issuer: string;
  readonly idempotencyKey: string;
  /**
   * The identity the SQLite ledger deduplicates on (see EventKey in ingest/idempotency.ts). It
   * names the same event as idempotencyKey, on which the Redis ledger deduplicates.
   */
  readonly dedupeKey: string;
  /** SHA-256 of the canonical request payload: the same key with another payload is a conflict. */
  readonly fingerprint: string;
  readonly event: OutboundPayload;
  /** `JSON.stringify(event)` when the caller already made it (a contract's fingerprint hashes it). */
  readonly eventJson?: string;
  readonly now: number;
  readonly deliverBy: number;
  readonly requestId?: string;
  /**
   * What an operator may look the event up by, besides its id: its idempotency key, the legacy
   * transaction id or the contract's identity values (the legacy system's own references).
   */
  readonly refs: readonly string[];
  /** The body as received, JSON with REDACT_FIELDS removed; absent when bodies are not kept. */
  readonly body?: ReceivedBody;
}

/**
 * An event's body as its request's bytes hold it (UTF-8 JSON): `bytes[start, end)`. The events of
 * one batch share their request's bytes, which then reach the SQLite store thread once per request.
 */
export interface BodySpan {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/** JSON text (serialized, e.g. after redaction), or the bytes as they were received. */
export type ReceivedBody = string | BodySpan;

export type AppendResult =
  | { readonly kind: 'created'; readonly event: StoredEvent }
  | { readonly kind: 'replayed'; readonly event: StoredEvent }
  | { readonly kind: 'conflict'; readonly event: StoredEvent };

export interface OutboxStats {
  readonly queued: number;
  readonly delivering: number;
  readonly delivered: number;
  readonly dead: number;
  readonly deliveredLastHour: number;
  readonly oldestQueuedAgeMs: number | undefined;
}

export interface DeadLetterFilter {
  readonly eventType?: string;
  readonly errorCode?: string;
}

/** GET /admin/events: every field optional; `ref` matches any reference of the event, or its id. */
export interface EventFilter {
  readonly ref?: string;
  readonly issuer?: string;
  readonly state?: EventState;
  /** The event type, or the contract's name for contract events. */
  readonly eventType?: string;
  /** Accepted at or after (epoch ms). */
  readonly from?: number;
  /** Accepted before (epoch ms). */
  readonly to?: number;
}

/** Newest first; `cursor` is the last page's nextCursor. */
export interface CursorPage {
  readonly limit: number;
  readonly cursor?: string;
}

export interface EventListing {
  readonly items: StoredEvent[];
  /** Absent on the last page. */
  readonly nextCursor?: string;
}

/** One operator action (replay, ...), as the append-only audit log keeps it. */
export interface AuditEntry {
  readonly at: number;
  /** Who: the admin token is one identity today ("admin"), with the client's address. */
  readonly actor: string;
  readonly action: string;
  /** What it acted on and what came of it (the filter, how many events). */
  readonly detail: Readonly<Record<string, unknown>>;
  readonly requestId?: string;
}

/** Dead letters that share an error code (GET /admin/dead-letters/groups). */
export interface DeadLetterGroup {
  readonly errorCode: string | undefined;
  readonly count: number;
}

export interface StoredAuditEntry extends AuditEntry {
  /** Its place in the log: newest entries have the largest. */
  readonly id: string;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}
