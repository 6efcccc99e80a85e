import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type DomainError } from '../../common/problem/domain-error';
import type { OutboxConfig } from '../../config/app-config';
import type { GenesysFailure } from '../../genesys/genesys-failure';
import { Outbox } from '../outbox';
import { storeFailure } from '../store-errors';
import type {
  AppendRequest,
  AppendResult,
  DeadLetterFilter,
  OutboxStats,
  Page,
  StoredEvent,
} from '../outbox.types';
import { type EventRow, toStoredEvent } from './event-row';
import { ADDED_COLUMNS, SCHEMA } from './schema';

/** A write waiting for the next group commit. */
interface PendingWrite {
  readonly run: () => unknown;
  readonly resolve: (result: never) => void;
  readonly reject: (error: unknown) => void;
}

type WriteResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

const HOUR_MS = 3_600_000;

/**
 * Embedded SQLite outbox (WAL). Every write (appends, claims, acks, reschedules) that arrives in the
 * same event-loop turn shares one transaction and one commit (group commit); none resolves before
 * that commit. Each write runs in its own savepoint, so one failing write cannot undo the others.
 * With synchronous=FULL the commit is fsynced, so an acknowledged event survives a power cut, not
 * only a process crash.
 */
export class SqliteOutbox extends Outbox {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly commitBatch: (
    batch: readonly PendingWrite[],
  ) => Array<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private backlogCount: number;

  constructor(private readonly config: OutboxConfig) {
    super();
    mkdirSync(config.dataDir, { recursive: true });
    const file = join(config.dataDir, 'outbox.sqlite');
    // No busy waiting: with an exclusive lock, "busy" means another process owns the file.
    this.db = new Database(file, { timeout: 100 });
    try {
      // One process per file: the claims of a crashed process are released when the file is
      // reopened, which is only safe if no other process holds claims at the same time.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${config.synchronous.toUpperCase()}`);
      this.db.exec(SCHEMA);
      this.migrate();
    } catch (error) {
      this.db.close();
      throw (error as { code?: unknown }).code === 'SQLITE_BUSY'
        ? new Error(
            `${file} is locked by another gateway process; give each replica its own DATA_DIR.`,
          )
        : error;
    }
    this.statements = this.prepare();
    const savepoint = this.db.transaction((write: PendingWrite) => write.run());
    this.commitBatch = this.db.transaction((batch: readonly PendingWrite[]) =>
      batch.map((write): WriteResult => {
        try {
          return { ok: true, value: savepoint(write) };
        } catch (error) {
          // Some errors (SQLITE_FULL, I/O errors) roll back the whole transaction: then nothing of
          // this batch is stored, and later writes must not run outside it. Fail the batch.
          if (!this.db.inTransaction) {
            throw error;
          }
          return { ok: false, error };
        }
      }),
    );
    // Crash recovery: whatever was being delivered when the process died is due again now.
    this.db.prepare(`UPDATE events SET state = 'queued' WHERE state = 'delivering'`).run();
    this.backlogCount = (this.statements.countBacklog.get() as { n: number }).n;
  }

  private migrate(): void {
    const columns = new Set(
      (this.db.pragma('table_info(events)') as Array<{ name: string }>).map((c) => c.name),
    );
    for (const column of ADDED_COLUMNS) {
      if (!columns.has(column.name)) {
        this.db.exec(`ALTER TABLE events ADD COLUMN ${column.definition}`);
      }
    }
  }

  private prepare() {
    const db = this.db;
    return {
      byKey: db.prepare('SELECT * FROM events WHERE issuer = ? AND idempotency_key = ?'),
      insert: db.prepare(
        `INSERT INTO events (id, issuer, idempotency_key, fingerprint, event_type, payload, state, attempts,
           created_at, updated_at, next_attempt_at, deliver_by, request_id)
         VALUES (@id, @issuer, @idempotencyKey, @fingerprint, @eventType, @payload, 'queued', 0,
           @now, @now, @now, @deliverBy, @requestId)`,
      ),
      byId: db.prepare('SELECT * FROM events WHERE id = ?'),
      claim: db.prepare(
        `UPDATE events SET state = 'delivering', attempts = attempts + 1, updated_at = @now
         WHERE id IN (
           SELECT id FROM events WHERE state = 'queued' AND next_attempt_at <= @now
           ORDER BY next_attempt_at LIMIT @limit)
         RETURNING *`,
      ),
      delivered: db.prepare(
        `UPDATE events SET state = 'delivered', delivered_at = @now, updated_at = @now
         WHERE id = @id AND state = 'delivering'`,
      ),
      reschedule: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @next, updated_at = @now,
           error_code = @code, last_error = @error
         WHERE id = @id AND state = 'delivering'`,
      ),
      dead: db.prepare(
        `UPDATE events SET state = 'dead', updated_at = @now, error_code = @code, last_error = @error
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
    return this.write(() => {
      const result = this.appendOne(request);
      if (result.kind === 'created') {
        this.backlogCount += 1;
      }
      return result;
    });
  }

  /** Queues a write for the next group commit; resolves with its result once committed. */
  private write<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve, reject });
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
    if (batch.length === 0) {
      return;
    }
    const backlogBefore = this.backlogCount;
    let results: WriteResult[];
    try {
      results = this.commitBatch(batch);
    } catch (error) {
      // The commit itself failed: nothing in the batch was stored, nobody gets a 2xx.
      this.backlogCount = backlogBefore;
      const failure = storeError(error);
      batch.forEach((write) => write.reject(failure));
      return;
    }
    batch.forEach((write, i) => {
      const result = results[i];
      if (result.ok) {
        write.resolve(result.value as never);
      } else {
        write.reject(storeError(result.error));
      }
    });
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
      requestId: request.requestId ?? null,
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
        requestId: request.requestId,
      },
    };
  }

  get(id: string, issuer?: string): Promise<StoredEvent | undefined> {
    const row = this.statements.byId.get(id) as EventRow | undefined;
    return Promise.resolve(
      row && (issuer === undefined || row.issuer === issuer) ? toStoredEvent(row) : undefined,
    );
  }

  claimDue(limit: number, now: number): Promise<StoredEvent[]> {
    return this.write(() =>
      (this.statements.claim.all({ limit, now }) as EventRow[]).map(toStoredEvent),
    );
  }

  markDelivered(id: string, now: number): Promise<void> {
    return this.write(() => {
      this.backlogCount -= this.statements.delivered.run({ id, now }).changes;
    });
  }

  reschedule(
    id: string,
    nextAttemptAt: number,
    failure: GenesysFailure,
    now: number,
  ): Promise<void> {
    return this.write(() => {
      this.statements.reschedule.run({
        id,
        next: nextAttemptAt,
        now,
        code: failure.code,
        error: JSON.stringify(failure),
      });
    });
  }

  markDead(id: string, failure: GenesysFailure, now: number): Promise<void> {
    return this.write(() => {
      const error = JSON.stringify(failure);
      this.backlogCount -= this.statements.dead.run({ id, now, code: failure.code, error }).changes;
    });
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
    return this.write(() => {
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
      return changes;
    });
  }

  purgeExpired(olderThan: number): Promise<number> {
    return this.write(() => this.statements.purge.run(olderThan).changes);
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
  return storeFailure((error as { code?: unknown }).code === 'SQLITE_FULL', error);
}
