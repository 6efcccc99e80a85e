import type { GenesysFailure } from '../genesys/genesys-failure';
import type { OutboundPayload } from '../mapping/mapped-event';

export type EventState = 'queued' | 'delivering' | 'delivered' | 'dead';

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
  readonly lastError: GenesysFailure | undefined;
  /** X-Request-Id of the request that brought the event in: carried into the delivery logs. */
  readonly requestId: string | undefined;
}

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
}

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

export interface Page {
  readonly limit: number;
  readonly offset: number;
}
