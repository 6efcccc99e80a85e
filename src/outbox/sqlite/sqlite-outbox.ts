import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../../common/problem/domain-error';
import type { OutboxConfig } from '../../config/app-config';
import type { GenesysFailure } from '../../genesys/genesys-failure';
import { Outbox } from '../outbox';
import type {
  AppendRequest,
  AppendResult,
  DeadLetterFilter,
  OutboxStats,
  Page,
  StoredEvent,
} from '../outbox.types';
import { type EventRow, toStoredEvent } from './event-row';
import { SCHEMA } from './schema';

interface PendingAppend {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

const HOUR_MS = 3_600_000;

/**
 * Embedded SQLite outbox (WAL). Appends arriving in the same event-loop turn share one transaction
 * and one commit (group commit); none resolves before that commit. With synchronous=FULL the commit
 * is fsynced, so an acknowledged event survives a power cut, not only a process crash.
 */
export class SqliteOutbox extends Outbox {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly appendBatch: (batch: readonly AppendRequest[]) => AppendResult[];
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private backlogCount: number;

  constructor(private readonly config: OutboxConfig) {
    super();
    mkdirSync(config.dataDir, { recursive: true });
    this.db = new Database(join(config.dataDir, 'outbox.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${config.synchronous.toUpperCase()}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.statements = this.prepare();
    this.appendBatch = this.db.transaction((batch: readonly AppendRequest[]) =>
      batch.map((r) => this.appendOne(r)),
    );
    // Crash recovery: whatever was being delivered when the process died is due again now.
    this.db
      .prepare(`UPDATE events SET state = 'queued', lease_until = NULL WHERE state = 'delivering'`)
      .run();
    this.backlogCount = (this.statements.countBacklog.get() as { n: number }).n;
  }

  private prepare() {
    const db = this.db;
    return {
      byKey: db.prepare('SELECT * FROM events WHERE issuer = ? AND idempotency_key = ?'),
      insert: db.prepare(
        `INSERT INTO events (id, issuer, idempotency_key, fingerprint, event_type, payload, state, attempts,
           created_at, updated_at, next_attempt_at, deliver_by)
         VALUES (@id, @issuer, @idempotencyKey, @fingerprint, @eventType, @payload, 'queued', 0,
           @now, @now, @now, @deliverBy)`,
      ),
      byId: db.prepare('SELECT * FROM events WHERE id = ?'),
      claim: db.prepare(
        `UPDATE events SET state = 'delivering', attempts = attempts + 1, lease_until = @leaseUntil, updated_at = @now
         WHERE id IN (
           SELECT id FROM events
           WHERE (state = 'queued' AND next_attempt_at <= @now) OR (state = 'delivering' AND lease_until < @now)
           ORDER BY next_attempt_at LIMIT @limit)
         RETURNING *`,
      ),
      delivered: db.prepare(
        `UPDATE events SET state = 'delivered', delivered_at = @now, updated_at = @now, lease_until = NULL
         WHERE id = @id AND state = 'delivering'`,
      ),
      reschedule: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @next, lease_until = NULL, updated_at = @now,
           error_code = @code, last_error = @error
         WHERE id = @id AND state = 'delivering'`,
      ),
      dead: db.prepare(
        `UPDATE events SET state = 'dead', lease_until = NULL, updated_at = @now, error_code = @code, last_error = @error
         WHERE id = @id AND state = 'delivering'`,
      ),
      countBacklog: db.prepare(
        `SELECT count(*) AS n FROM events WHERE state IN ('queued', 'delivering')`,
      ),
      countByState: db.prepare('SELECT state, count(*) AS n FROM events GROUP BY state'),
      oldestQueued: db.prepare(
        `SELECT min(created_at) AS t FROM events WHERE state IN ('queued', 'delivering')`,
      ),
      deliveredSince: db.prepare('SELECT count(*) AS n FROM events WHERE delivered_at >= ?'),
      listDead: db.prepare(
        `SELECT * FROM events WHERE state = 'dead'
           AND (@eventType IS NULL OR event_type = @eventType) AND (@errorCode IS NULL OR error_code = @errorCode)
         ORDER BY updated_at DESC, id LIMIT @limit OFFSET @offset`,
      ),
      replayOne: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @now, deliver_by = @deliverBy, updated_at = @now
         WHERE id = @id AND state = 'dead'`,
      ),
      replayMany: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @now, deliver_by = @deliverBy, updated_at = @now
         WHERE state = 'dead'
           AND (@eventType IS NULL OR event_type = @eventType) AND (@errorCode IS NULL OR error_code = @errorCode)`,
      ),
      purge: db.prepare(
        `DELETE FROM events WHERE state IN ('delivered', 'dead') AND created_at < ?`,
      ),
      ping: db.prepare('SELECT 1'),
    };
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    let results: AppendResult[];
    try {
      results = this.appendBatch(batch.map((p) => p.request));
    } catch (error) {
      // The whole transaction rolled back: nobody in the batch was stored, nobody gets a 2xx.
      const failure = storeError(error);
      batch.forEach((p) => p.reject(failure));
      return;
    }
    for (const result of results) {
      if (result.kind === 'created') {
        this.backlogCount += 1;
      }
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }

  private appendOne(request: AppendRequest): AppendResult {
    const existing = this.statements.byKey.get(request.issuer, request.idempotencyKey) as
      EventRow | undefined;
    if (existing) {
      const event = toStoredEvent(existing);
      return {
        kind: existing.fingerprint === request.fingerprint ? 'replayed' : 'conflict',
        event,
      };
    }
    const row = {
      id: randomUUID(),
      issuer: request.issuer,
      idempotencyKey: request.idempotencyKey,
      fingerprint: request.fingerprint,
      eventType: request.event.eventType,
      payload: JSON.stringify(request.event),
      now: request.now,
      deliverBy: request.deliverBy,
    };
    this.statements.insert.run(row);
    return {
      kind: 'created',
      event: {
        id: row.id,
        issuer: row.issuer,
        idempotencyKey: row.idempotencyKey,
        fingerprint: row.fingerprint,
        event: request.event,
        state: 'queued',
        attempts: 0,
        createdAt: row.now,
        updatedAt: row.now,
        nextAttemptAt: row.now,
        deliverBy: row.deliverBy,
        deliveredAt: undefined,
        lastError: undefined,
      },
    };
  }

  get(id: string, issuer?: string): Promise<StoredEvent | undefined> {
    const row = this.statements.byId.get(id) as EventRow | undefined;
    return Promise.resolve(
      row && (issuer === undefined || row.issuer === issuer) ? toStoredEvent(row) : undefined,
    );
  }

  claimDue(limit: number, now: number, leaseMs: number): Promise<StoredEvent[]> {
    const rows = this.statements.claim.all({ limit, now, leaseUntil: now + leaseMs }) as EventRow[];
    return Promise.resolve(rows.map(toStoredEvent));
  }

  markDelivered(id: string, now: number): Promise<void> {
    if (this.statements.delivered.run({ id, now }).changes > 0) {
      this.backlogCount -= 1;
    }
    return Promise.resolve();
  }

  reschedule(
    id: string,
    nextAttemptAt: number,
    failure: GenesysFailure,
    now: number,
  ): Promise<void> {
    this.statements.reschedule.run({
      id,
      next: nextAttemptAt,
      now,
      code: failure.code,
      error: JSON.stringify(failure),
    });
    return Promise.resolve();
  }

  markDead(id: string, failure: GenesysFailure, now: number): Promise<void> {
    if (
      this.statements.dead.run({ id, now, code: failure.code, error: JSON.stringify(failure) })
        .changes > 0
    ) {
      this.backlogCount -= 1;
    }
    return Promise.resolve();
  }

  backlog(): number {
    return this.backlogCount;
  }

  stats(now: number): Promise<OutboxStats> {
    const counts = new Map(
      (this.statements.countByState.all() as Array<{ state: string; n: number }>).map((r) => [
        r.state,
        r.n,
      ]),
    );
    const oldest = (this.statements.oldestQueued.get() as { t: number | null }).t;
    return Promise.resolve({
      queued: counts.get('queued') ?? 0,
      delivering: counts.get('delivering') ?? 0,
      delivered: counts.get('delivered') ?? 0,
      dead: counts.get('dead') ?? 0,
      deliveredLastHour: (this.statements.deliveredSince.get(now - HOUR_MS) as { n: number }).n,
      oldestQueuedAgeMs: oldest === null ? undefined : Math.max(0, now - oldest),
    });
  }

  listDead(filter: DeadLetterFilter, page: Page): Promise<StoredEvent[]> {
    const rows = this.statements.listDead.all({
      eventType: filter.eventType ?? null,
      errorCode: filter.errorCode ?? null,
      limit: page.limit,
      offset: page.offset,
    }) as EventRow[];
    return Promise.resolve(rows.map(toStoredEvent));
  }

  replayDead(
    selector: { id: string } | DeadLetterFilter,
    now: number,
    deliverBy: number,
  ): Promise<number> {
    const changes =
      'id' in selector
        ? this.statements.replayOne.run({ id: selector.id, now, deliverBy }).changes
        : this.statements.replayMany.run({
            now,
            deliverBy,
            eventType: selector.eventType ?? null,
            errorCode: selector.errorCode ?? null,
          }).changes;
    this.backlogCount += changes;
    return Promise.resolve(changes);
  }

  purgeExpired(olderThan: number): Promise<number> {
    return Promise.resolve(this.statements.purge.run(olderThan).changes);
  }

  ping(): Promise<void> {
    this.statements.ping.get();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) {
      this.flush();
      this.db.close();
    }
    return Promise.resolve();
  }
}

function storeError(error: unknown): DomainError {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_FULL') {
    return new DomainError('BACKLOG_FULL', 'The event store is out of space; retry later.', {
      retryAfterSec: 30,
      cause: error,
    });
  }
  return new DomainError(
    'STORE_UNAVAILABLE',
    'The event store could not record the event; retry later.',
    {
      retryAfterSec: 5,
      cause: error,
    },
  );
}
