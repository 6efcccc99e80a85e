import type {
  AppendRequest,
  AuditEntry,
  StoredAuditEntry,
  CursorPage,
  EventFilter,
  EventListing,
  DeliveryAttempt,
  AppendResult,
  DeadLetterFilter,
  DeadLetterGroup,
  OutboxStats,
  Page,
  StoredEvent,
  StoredFailure,
} from './outbox.types';

/**
 * Port: durable storage of accepted events and of the idempotency ledger. `append` resolves only
 * after the event is committed. Adapters: SQLite (one replica); Redis comes with the scale-out work.
 */
export abstract class Outbox {
  abstract append(request: AppendRequest): Promise<AppendResult>;
  /**
   * Many appends at once (a batch request); results align with the requests. On rejection the
   * store failed: SQLite then stored none of them, Redis perhaps some (a retry replays those).
   */
  abstract appendAll(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /** Undefined when the id is unknown or belongs to another issuer. */
  abstract get(id: string, issuer?: string): Promise<StoredEvent | undefined>;
  /**
   * Moves up to `limit` due events to `delivering` and returns them. A claim holds until ack,
   * reschedule or dead-letter, or until the store is reopened (a crash releases every claim).
   */
  abstract claimDue(limit: number, now: number): Promise<StoredEvent[]>;
  /**
   * Which of these claims this process no longer holds (another replica took the event over after
   * the claim's lock ran out); the others are renewed. Asked right before a call leaves, so a
   * process that stalled past its lock never sends what another replica now sends.
   */
  abstract confirmClaims(ids: readonly string[]): Promise<string[]>;
  /** Hands held claims back, due now (a call that never left); claims no longer held are left alone. */
  abstract releaseClaims(ids: readonly string[], now: number): Promise<void>;
  /** `history` (each settle): the event's attempts so far, this one last (see StoredEvent.history). */
  abstract markDelivered(
    id: string,
    now: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void>;
  abstract reschedule(
    id: string,
    nextAttemptAt: number,
    failure: StoredFailure,
    now: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void>;
  abstract markDead(
    id: string,
    failure: StoredFailure,
    now: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void>;
  /** Events neither delivered nor dead: what the backlog bound limits. */
  abstract backlog(): number;
  abstract stats(now: number): Promise<OutboxStats>;
  abstract listDead(filter: DeadLetterFilter, page: Page): Promise<StoredEvent[]>;
  /** Stored events matching the filter, newest first (GET /admin/events). */
  abstract listEvents(filter: EventFilter, page: CursorPage): Promise<EventListing>;
  /** How many dead letters match the filter, per error code, largest group first. */
  abstract deadLetterGroups(filter: DeadLetterFilter): Promise<DeadLetterGroup[]>;
  /**
   * Requeues dead events (by id, or up to `limit` of those matching the filter, oldest first);
   * returns how many.
   */
  abstract replayDead(
    selector: { id: string } | DeadLetterFilter,
    now: number,
    deliverBy: number,
    limit?: number,
  ): Promise<number>;
  /** Appends to the audit log of operator actions (never changed or deleted after). */
  abstract appendAudit(entry: AuditEntry): Promise<void>;
  /** The audit log, newest first; `cursor` is the previous page's last id. */
  abstract listAudit(page: CursorPage): Promise<{ items: StoredAuditEntry[]; nextCursor?: string }>;
  /**
   * Small records every replica must see (replica status, replay jobs, signed-out sessions),
   * dropped after `expiresAt`. One process owns a SQLite file, so its memory is that shared
   * state; the Redis driver keeps them in Redis.
   */
  async putShared(kind: string, id: string, value: unknown, expiresAt: number): Promise<void> {
    this.sharedOf(kind).set(id, { value, expiresAt });
    return Promise.resolve();
  }

  async getShared(kind: string, id: string, now: number): Promise<unknown> {
    const record = this.sharedOf(kind).get(id);
    return Promise.resolve(record && record.expiresAt > now ? record.value : undefined);
  }

  async listShared(kind: string, now: number): Promise<unknown[]> {
    const records = this.sharedOf(kind);
    for (const [id, record] of records) {
      if (record.expiresAt <= now) {
        records.delete(id);
      }
    }
    return Promise.resolve([...records.values()].map((record) => record.value));
  }

  private readonly shared = new Map<string, Map<string, { value: unknown; expiresAt: number }>>();

  private sharedOf(kind: string): Map<string, { value: unknown; expiresAt: number }> {
    let records = this.shared.get(kind);
    if (!records) {
      records = new Map();
      this.shared.set(kind, records);
    }
    return records;
  }

  /** Erases an event's received body (a privacy request); false when there was none to erase. */
  abstract eraseBody(id: string): Promise<boolean>;
  /** Erases the received bodies of events accepted before `olderThan` (PAYLOAD_RETENTION_HOURS). */
  abstract purgeBodies(olderThan: number): Promise<number>;
  /** Forgets delivered and dead events older than the idempotency retention. */
  abstract purgeExpired(olderThan: number): Promise<number>;
  abstract ping(): Promise<void>;
  /**
   * False once the store cannot recover without a restart of the process (liveness fails on it).
   * A store that can come back by itself (Redis after an outage) stays alive and only fails
   * readiness.
   */
  isAlive(): boolean {
    return true;
  }
  /** Commits what is pending and releases the store. */
  abstract close(): Promise<void>;
}
