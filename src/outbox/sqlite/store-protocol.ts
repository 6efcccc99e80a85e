import type { AuditEntry, CursorPage, DeadLetterFilter, EventFilter, Page } from '../outbox.types';
import type { EventRow } from './event-row';

/**
 * What the HTTP thread asks of the store thread, and what comes back. Only plain data crosses:
 * payloads go as JSON text (serialised on the HTTP thread, stored as they are) and rows come back
 * as SQLite returned them.
 */
export interface AppendRow {
  readonly issuer: string;
  readonly idempotencyKey: string;
  readonly dedupeKey: string;
  readonly fingerprint: string;
  readonly eventType: string;
  readonly payload: string;
  readonly now: number;
  readonly deliverBy: number;
  readonly requestId: string | undefined;
  /**
   * The legacy references as a JSON array, without the idempotency key (a column of its own):
   * stored as they are, and read by the search index from the row.
   */
  readonly refs: string;
  /** The received body as JSON text, kept in the event's row (a single event, or redacted text). */
  readonly body: string | undefined;
  /**
   * Or where it is in the op's `bodies` (`bodies[bodyStart, bodyEnd)`): the events of a request
   * share its bytes, sent once, and each row stores its slice as it is (no string per event).
   */
  readonly bodyStart?: number;
  readonly bodyEnd?: number;
}

/**
 * The rows of one appendAll as columns: row i is index i of every array. They cross to the store
 * thread as a dozen arrays instead of an object per event, whose keys the copy writes and reads
 * again for every event: half the cost of the message, and fewer objects on both threads.
 * `bodyStart`/`bodyEnd` are -1 where the row has no span.
 */
export interface AppendRows {
  readonly count: number;
  readonly issuer: readonly string[];
  readonly idempotencyKey: readonly string[];
  readonly dedupeKey: readonly string[];
  readonly fingerprint: readonly string[];
  readonly eventType: readonly string[];
  readonly payload: readonly string[];
  readonly now: readonly number[];
  readonly deliverBy: readonly number[];
  readonly requestId: ReadonlyArray<string | null>;
  readonly refs: readonly string[];
  readonly body: ReadonlyArray<string | null>;
  readonly bodyStart: readonly number[];
  readonly bodyEnd: readonly number[];
}

/** Rows (one object each, as tests and benchmarks write them) as the columns the store takes. */
export function appendRows(rows: readonly AppendRow[]): AppendRows {
  return {
    count: rows.length,
    issuer: rows.map((row) => row.issuer),
    idempotencyKey: rows.map((row) => row.idempotencyKey),
    dedupeKey: rows.map((row) => row.dedupeKey),
    fingerprint: rows.map((row) => row.fingerprint),
    eventType: rows.map((row) => row.eventType),
    payload: rows.map((row) => row.payload),
    now: rows.map((row) => row.now),
    deliverBy: rows.map((row) => row.deliverBy),
    requestId: rows.map((row) => row.requestId ?? null),
    refs: rows.map((row) => row.refs),
    body: rows.map((row) => row.body ?? null),
    bodyStart: rows.map((row) => row.bodyStart ?? -1),
    bodyEnd: rows.map((row) => row.bodyEnd ?? -1),
  };
}

export type StoreOp =
  | {
      readonly op: 'appendAll';
      readonly rows: AppendRows;
      /** The request's bytes (UTF-8 JSON) that the rows' bodyStart/bodyEnd point into. */
      readonly bodies?: Uint8Array;
    }
  | { readonly op: 'get'; readonly id: string }
  | { readonly op: 'claimDue'; readonly limit: number; readonly now: number }
  | {
      readonly op: 'markDelivered';
      readonly id: string;
      readonly now: number;
      readonly history: string | null;
    }
  | { readonly op: 'release'; readonly ids: readonly string[]; readonly now: number }
  | {
      readonly op: 'reschedule';
      readonly id: string;
      readonly nextAttemptAt: number;
      readonly now: number;
      readonly code: string;
      readonly error: string;
      readonly history: string | null;
    }
  | {
      readonly op: 'markDead';
      readonly id: string;
      readonly now: number;
      readonly code: string;
      readonly error: string;
      readonly history: string | null;
    }
  | {
      readonly op: 'replayDead';
      readonly selector: { readonly id: string } | DeadLetterFilter;
      readonly now: number;
      readonly deliverBy: number;
      readonly limit: number;
    }
  | { readonly op: 'deadLetterGroups'; readonly filter: DeadLetterFilter }
  | { readonly op: 'purgeExpired'; readonly olderThan: number }
  | { readonly op: 'stats'; readonly now: number }
  | { readonly op: 'listDead'; readonly filter: DeadLetterFilter; readonly page: Page }
  | { readonly op: 'listEvents'; readonly filter: EventFilter; readonly page: CursorPage }
  | { readonly op: 'eraseBody'; readonly id: string }
  | { readonly op: 'purgeBodies'; readonly olderThanId: string }
  | { readonly op: 'appendAudit'; readonly entry: AuditEntry }
  | { readonly op: 'listAudit'; readonly page: CursorPage }
  | { readonly op: 'ping' };

export interface AuditRow {
  readonly seq: number;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly detail: string;
  readonly request_id: string | null;
}

/** A listing page, one row more than asked; windowEnd: the walk stopped there (see listEvents). */
export interface EventListingRows {
  readonly rows: EventRow[];
  readonly windowEnd?: string;
}

/** A key stored already: the same event again (replayed) or another one under it (conflict). */
export interface ExistingEvent {
  readonly index: number;
  readonly kind: 'replayed' | 'conflict';
  readonly row: EventRow;
}

/** What an appendAll did, by row index: columns again, as most rows are simply created. */
export interface AppendOutcomes {
  /** The new event's id, or null where the key was stored already (see `existing`). */
  readonly ids: ReadonlyArray<string | null>;
  readonly existing: readonly ExistingEvent[];
}

export interface StoreStats {
  readonly counts: ReadonlyArray<{ readonly state: string; readonly n: number }>;
  readonly oldestCreatedAt: number | null;
  readonly deliveredLastHour: number;
}

export interface StoreFailure {
  /** SQLite's error code (SQLITE_FULL, SQLITE_IOERR...), or WORKER_GONE when the thread died. */
  readonly code: string;
  readonly message: string;
}

export type StoreReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: StoreFailure };

/** HTTP thread → store thread. */
export type ToStore =
  /** Every operation of one HTTP-thread turn, in one message (one wake-up of the store thread). */
  | { readonly kind: 'ops'; readonly seqs: readonly number[]; readonly ops: readonly StoreOp[] }
  | { readonly kind: 'close' };

/** Store thread → HTTP thread. */
export type FromStore =
  | { readonly kind: 'ready'; readonly backlog: number }
  | { readonly kind: 'open-failed'; readonly message: string }
  /** One message per commit: the replies of every operation it held, by the operation's seq. */
  | {
      readonly kind: 'committed';
      readonly seqs: readonly number[];
      readonly replies: readonly StoreReply[];
    }
  | { readonly kind: 'closed' };
