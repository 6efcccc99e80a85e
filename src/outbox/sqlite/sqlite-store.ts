import { randomFillSync, randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { EventRow } from './event-row';
import { ReferenceIndex, REFERENCE_INDEX_SCHEMA } from './reference-index';
import { ADDED_COLUMNS, DEDUPE_INDEX, EVENT_COLUMNS, SCHEMA } from './schema';
import type { CursorPage, EventFilter } from '../outbox.types';
import type { EventListingRows } from './store-protocol';
import { eventListingQuery } from './event-listing-query';
import type {
  AppendOutcomes,
  AppendRows,
  ExistingEvent,
  StoreOp,
  StoreReply,
  StoreStats,
} from './store-protocol';

/** Page size of a new outbox file. */
const PAGE_SIZE = 8192;
/** WAL bytes between automatic checkpoints. */
const CHECKPOINT_BYTES = 4 * 1_048_576;

export interface SqliteStoreOptions {
  readonly dataDir: string;
  readonly synchronous: 'full' | 'normal';
  /** 0 = no cap. Past the cap writes fail as SQLITE_FULL, which clients see as 503 BACKLOG_FULL. */
  readonly maxSizeMb: number;
}

const HOUR_MS = 3_600_000;
/** Events a filtered listing page walks at most (~0.3 s at worst on the machines here). */
const LISTING_SCAN = 50_000;

/**
 * The SQLite file and every statement on it, synchronous: it runs on the store's own thread
 * (sqlite-worker.ts), so its I/O and B-tree work never hold up the HTTP thread. `commit` runs every
 * operation that arrived together in one transaction (group commit); each that writes with more
 * than one statement runs in its own savepoint (needsSavepoint), so one failing operation cannot
 * undo the others. With synchronous=FULL the commit is fsynced, so an
 * acknowledged event survives a power cut, not only a process crash.
 */
export class SqliteStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly commitOps: (ops: readonly StoreOp[]) => StoreReply[];
  private readonly idState = { msecs: -Infinity, seq: 0 };
  private readonly randomPool = new Uint8Array(16_384);
  private randomUsed = Number.POSITIVE_INFINITY;
  private readonly references: ReferenceIndex;
  /** Rows at or below this have had their bodies erased for age: each hourly pass starts above. */
  private bodiesErasedUpTo = 0;
  private readonly synchronous: string;
  private readonly writeChunk: () => void;
  /** Set by writeChunk: undoes the index's bookkeeping when the chunk's transaction fails. */
  private undoChunk: () => void = () => undefined;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.file = join(options.dataDir, 'outbox.sqlite');
    this.synchronous = options.synchronous.toUpperCase();
    // No busy waiting: with an exclusive lock, "busy" means another process owns the file.
    this.db = new Database(this.file, { timeout: 100 });
    try {
      // One process per file: the claims of a crashed process are released when the file is
      // reopened, which is only safe if no other process holds claims at the same time.
      // 8 KiB pages for a new file (a file that exists keeps its own): rows grew with the received
      // body and the references, and larger pages cost the commits 10-15 % less CPU per event
      // (npm run bench:store-cost). Only takes effect before the file turns to WAL.
      this.db.pragma(`page_size = ${PAGE_SIZE}`);
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${this.synchronous}`);
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      // A checkpoint every ~4 MB of WAL, SQLite's default with 4 KiB pages: with the ledger in
      // time order, larger checkpoints saved no store time and made the commits that run them
      // stall every request for ~100 ms (docs/benchmarks.md).
      this.db.pragma(`wal_autocheckpoint = ${Math.round(CHECKPOINT_BYTES / pageSize)}`);
      if (options.maxSizeMb > 0) {
        this.db.pragma(
          `max_page_count = ${Math.floor((options.maxSizeMb * 1_048_576) / pageSize)}`,
        );
      }
      this.db.exec(SCHEMA);
      this.db.exec(REFERENCE_INDEX_SCHEMA);
      this.migrate();
      this.db.exec(DEDUPE_INDEX);
    } catch (error) {
      this.db.close();
      throw (error as { code?: unknown }).code === 'SQLITE_BUSY'
        ? new Error(
            `${this.file} is locked by another gateway process; give each replica its own DATA_DIR.`,
          )
        : error;
    }
    this.statements = this.prepare();
    this.references = new ReferenceIndex(this.db);
    const savepoint = this.db.transaction((op: StoreOp) => this.run(op));
    this.commitOps = this.db.transaction((ops: readonly StoreOp[]) =>
      ops.map((op): StoreReply => {
        const mark = this.references.mark;
        try {
          return { ok: true, value: needsSavepoint(op) ? savepoint(op) : this.run(op) };
        } catch (error) {
          this.references.rollBackTo(mark);
          // Some errors (SQLITE_FULL, I/O errors) roll back the whole transaction: then nothing of
          // this batch is stored, and later operations must not run outside it. Fail the batch.
          if (!this.db.inTransaction) {
            throw error;
          }
          return failed(error);
        }
      }),
    );
    this.writeChunk = this.db.transaction(() => {
      this.undoChunk = this.references.flush();
    });
    // Crash recovery: whatever was being delivered when the process died is due again now.
    this.db.prepare(`UPDATE events SET state = 'queued' WHERE state = 'delivering'`).run();
  }

  /** Events neither delivered nor dead, counted once at start; the facade keeps the count after. */
  countBacklog(): number {
    return (this.statements.countBacklog.get() as { n: number }).n;
  }

  /** Runs the operations in one transaction; a failed commit fails every one of them. */
  commit(ops: readonly StoreOp[]): StoreReply[] {
    const mark = this.references.mark;
    try {
      return this.commitOps(ops);
    } catch (error) {
      // Nothing of this commit is in the file.
      this.references.rollBackTo(mark);
      const reply = failed(error);
      return ops.map(() => reply);
    }
  }

  /** Whether the reference index has a chunk to write: when idle, or now (ReferenceIndex.due). */
  referencesDue(): 'no' | 'when-idle' | 'now' {
    return this.references.due();
  }

  /**
   * Writes the waiting references as one chunk, in a transaction of its own, after the commits
   * that stored their events were acknowledged: the index is off the acknowledgement path. It is
   * not fsynced (synchronous=NORMAL): the next event commit's fsync makes it durable, and a chunk
   * a power cut loses is rebuilt from the rows when the file is opened (ReferenceIndex).
   */
  indexReferences(): void {
    this.undoChunk = () => undefined;
    try {
      this.db.pragma('synchronous = NORMAL');
      this.writeChunk();
    } catch {
      // Rolled back: the events stay in the tail, which searches read row by row; the next try
      // writes them.
      this.undoChunk();
    } finally {
      this.db.pragma(`synchronous = ${this.synchronous}`);
    }
  }

  close(): void {
    if (this.db.open) {
      this.db.close();
    }
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

  private run(op: StoreOp): unknown {
    const s = this.statements;
    switch (op.op) {
      case 'appendAll':
        return this.appendAll(op.rows, op.bodies);
      case 'get':
        return withTextBody(s.byId.get(op.id) as EventRow | undefined);
      case 'claimDue':
        return s.claim.all({ limit: op.limit, now: op.now });
      case 'markDelivered':
        return s.delivered.run({ id: op.id, now: op.now, history: op.history }).changes;
      case 'release':
        return op.ids.reduce((n, id) => n + s.release.run({ id, now: op.now }).changes, 0);
      case 'reschedule':
        return s.reschedule.run({
          id: op.id,
          next: op.nextAttemptAt,
          now: op.now,
          code: op.code,
          error: op.error,
          history: op.history,
        }).changes;
      case 'markDead':
        return s.dead.run({
          id: op.id,
          now: op.now,
          code: op.code,
          error: op.error,
          history: op.history,
        }).changes;
      case 'replayDead':
        return 'id' in op.selector
          ? s.replayOne.run({ id: op.selector.id, now: op.now, deliverBy: op.deliverBy }).changes
          : s.replayMany.run({
              now: op.now,
              deliverBy: op.deliverBy,
              eventType: op.selector.eventType ?? null,
              errorCode: op.selector.errorCode ?? null,
              // SQLite reads a negative LIMIT as none.
              limit: Number.isFinite(op.limit) ? op.limit : -1,
            }).changes;
      case 'deadLetterGroups':
        return s.deadLetterGroups.all({
          eventType: op.filter.eventType ?? null,
          errorCode: op.filter.errorCode ?? null,
        });
      case 'purgeExpired':
        return this.purge(op.olderThan);
      case 'listEvents':
        return this.listEvents(op.filter, op.page);
      case 'stats':
        return this.stats(op.now);
      case 'listDead':
        return s.listDead.all({
          eventType: op.filter.eventType ?? null,
          errorCode: op.filter.errorCode ?? null,
          limit: op.page.limit,
          offset: op.page.offset,
        });
      case 'eraseBody':
        return s.eraseBody.run(op.id).changes;
      case 'purgeBodies': {
        const last = s.lastRowidBefore.get(op.olderThanId) as { rowid: number } | undefined;
        if (!last) {
          return 0;
        }
        const erased = s.purgeBodies.run({ from: this.bodiesErasedUpTo, to: last.rowid }).changes;
        this.bodiesErasedUpTo = Math.max(this.bodiesErasedUpTo, last.rowid);
        return erased;
      }
      case 'appendAudit':
        return s.appendAudit.run({
          at: op.entry.at,
          actor: op.entry.actor,
          action: op.entry.action,
          detail: JSON.stringify(op.entry.detail),
          requestId: op.entry.requestId ?? null,
        }).changes;
      case 'listAudit':
        return s.listAudit.all({
          cursor: op.page.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(op.page.cursor),
          limit: op.page.limit + 1,
        });
      case 'ping':
        return s.ping.get();
    }
  }

  private appendAll(rows: AppendRows, bodies: Uint8Array | undefined): AppendOutcomes {
    // Grown with push: a packed array crosses back to the HTTP thread cheaper (rowsOf).
    const ids: Array<string | null> = [];
    const existing: ExistingEvent[] = [];
    for (let i = 0; i < rows.count; i++) {
      const id = this.appendOne(rows, i, bodies);
      if (typeof id === 'string') {
        ids.push(id);
      } else {
        ids.push(null);
        existing.push(id);
      }
    }
    return { ids, existing };
  }

  /**
   * Row i: insert first, look only on a conflict: a new key (the usual case) costs one descent of
   * the key index, not two. The id is time-ordered (made from the acceptance time, so an id range
   * is a time range), so appends land at the right edge of the id index. Returns the new id, or
   * what is stored under the key already.
   */
  private appendOne(
    rows: AppendRows,
    i: number,
    bodies: Uint8Array | undefined,
  ): string | ExistingEvent {
    const now = rows.now[i];
    const id = this.nextId(now);
    const s = this.statements;
    const start = rows.bodyStart[i];
    const inserted = s.insert.run(
      id,
      rows.issuer[i],
      rows.idempotencyKey[i],
      rows.dedupeKey[i],
      rows.fingerprint[i],
      rows.eventType[i],
      rows.payload[i],
      now,
      now,
      now,
      rows.deliverBy[i],
      rows.requestId[i],
      rows.refs[i],
      // A span is bound as the request's bytes hold it: no string is made of it on either thread.
      // SQLite then types the value a BLOB; its bytes are the same UTF-8 JSON a TEXT's would be.
      bodies && start >= 0 ? bodies.subarray(start, rows.bodyEnd[i]) : rows.body[i],
    );
    if (inserted.changes === 1) {
      this.references.add(inserted.lastInsertRowid, rows.idempotencyKey[i], rows.refs[i]);
      return id;
    }
    // In a file from before dedupe_key, a row stored then is found by its idempotency key.
    const existing = (s.byDedupeKey.get(rows.issuer[i], rows.dedupeKey[i]) ??
      s.byOldKey?.get(rows.issuer[i], rows.idempotencyKey[i])) as EventRow | undefined;
    if (!existing) {
      throw new Error('The append conflicted with a row that cannot be found.');
    }
    return {
      index: i,
      kind: existing.fingerprint === rows.fingerprint[i] ? 'replayed' : 'conflict',
      row: existing,
    };
  }

  private purge(olderThan: number): number {
    const changes = this.statements.purge.run(olderThan).changes;
    this.references.purge();
    return changes;
  }

  /**
   * Newest first by id (UUIDv7: time-ordered). A filter on state, issuer or type walks a window of at most
   * LISTING_SCAN events below the cursor: the page may come back short, with the window's end as
   * its cursor, rather than walk a whole file for a rare value.
   */
  private listEvents(filter: EventFilter, page: CursorPage): EventListingRows {
    const query = eventListingQuery(
      filter,
      page,
      filter.ref === undefined ? undefined : this.references.search(filter.ref),
    );
    let windowEnd: string | undefined;
    if (query.windowed) {
      windowEnd = (
        this.db.prepare(query.windowSql).get({ ...query.params, scan: LISTING_SCAN }) as
          { id: string } | undefined
      )?.id;
    }
    const params = windowEnd === undefined ? query.params : { ...query.params, windowEnd };
    const sql = windowEnd === undefined ? query.sql : query.windowedSql;
    return { rows: this.db.prepare(sql).all(params) as EventRow[], windowEnd };
  }

  /**
   * UUIDv7s made from acceptance times, never going back: an id's time is its acceptance time, or
   * a few ms later when an earlier-accepted event reaches the store after a later one (as uuid's
   * own monotonic v7 does with the clock).
   */
  private nextId(acceptedAt: number): string {
    const state = this.idState;
    if (acceptedAt > state.msecs) {
      state.msecs = acceptedAt;
      state.seq = randomInt(0x7fffffff);
    } else {
      state.seq = (state.seq + 1) | 0;
    }
    return uuidv7({ msecs: state.msecs, seq: state.seq, random: this.randomBytes() });
  }

  /**
   * 16 random bytes for an id, from a pool of its own: uuid's pool holds 256 bytes, so it asked
   * the kernel for more every 16 ids, 3 % of this thread's time under batch load.
   */
  private randomBytes(): Uint8Array {
    if (this.randomUsed + 16 > this.randomPool.length) {
      randomFillSync(this.randomPool);
      this.randomUsed = 0;
    }
    this.randomUsed += 16;
    return this.randomPool.subarray(this.randomUsed - 16, this.randomUsed);
  }

  private stats(now: number): StoreStats {
    const s = this.statements;
    return {
      counts: s.countByState.all() as Array<{ state: string; n: number }>,
      oldestCreatedAt: (s.oldestQueued.get() as { t: number | null }).t,
      deliveredLastHour: (s.deliveredSince.get(now - HOUR_MS) as { n: number }).n,
    };
  }

  /** Files created before dedupe_key still hold UNIQUE (issuer, idempotency_key). */
  private hasOldKeyIndex(): boolean {
    const indexes = this.db.pragma('index_list(events)') as Array<{ name: string; unique: number }>;
    return indexes.some(
      (index) =>
        index.unique === 1 &&
        (this.db.pragma(`index_info(${index.name})`) as Array<{ name: string }>)
          .map((column) => column.name)
          .join() === 'issuer,idempotency_key',
    );
  }

  private prepare() {
    const db = this.db;
    return {
      byDedupeKey: db.prepare(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE issuer = ? AND dedupe_key = ?`,
      ),
      byOldKey: this.hasOldKeyIndex()
        ? db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE issuer = ? AND idempotency_key = ?`)
        : undefined,
      // No conflict target: in files from before dedupe_key, the old key index conflicts too.
      insert: db.prepare(
        `INSERT INTO events (id, issuer, idempotency_key, dedupe_key, fingerprint, event_type, payload,
           state, attempts, created_at, updated_at, next_attempt_at, deliver_by, request_id, refs,
           received_body)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      byId: db.prepare('SELECT * FROM events WHERE id = ?'),
      eraseBody: db.prepare(
        'UPDATE events SET received_body = NULL WHERE id = ? AND received_body IS NOT NULL',
      ),
      // Ids are made from the acceptance time and rowids grow with them: a cut by id is one by rowid.
      lastRowidBefore: db.prepare('SELECT rowid FROM events WHERE id < ? ORDER BY id DESC LIMIT 1'),
      purgeBodies: db.prepare(
        `UPDATE events SET received_body = NULL
         WHERE rowid > @from AND rowid <= @to AND received_body IS NOT NULL`,
      ),
      claim: db.prepare(
        `UPDATE events SET state = 'delivering', attempts = attempts + 1, updated_at = @now
         WHERE id IN (
           SELECT id FROM events WHERE state = 'queued' AND next_attempt_at <= @now
           ORDER BY next_attempt_at LIMIT @limit)
         RETURNING ${EVENT_COLUMNS}`,
      ),
      delivered: db.prepare(
        `UPDATE events SET state = 'delivered', delivered_at = @now, updated_at = @now,
           history = coalesce(@history, history)
         WHERE id = @id AND state = 'delivering'`,
      ),
      // As a Redis claim handed back, the claim still counts as an attempt.
      release: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @now, updated_at = @now
         WHERE id = @id AND state = 'delivering'`,
      ),
      reschedule: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @next, updated_at = @now,
           error_code = @code, last_error = @error, history = coalesce(@history, history)
         WHERE id = @id AND state = 'delivering'`,
      ),
      dead: db.prepare(
        `UPDATE events SET state = 'dead', updated_at = @now, error_code = @code, last_error = @error,
           history = coalesce(@history, history)
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
        `SELECT ${EVENT_COLUMNS} FROM events WHERE state = 'dead'
           AND (@eventType IS NULL OR event_type = @eventType) AND (@errorCode IS NULL OR error_code = @errorCode)
         ORDER BY updated_at DESC, id LIMIT @limit OFFSET @offset`,
      ),
      replayOne: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @now, deliver_by = @deliverBy, updated_at = @now
         WHERE id = @id AND state = 'dead'`,
      ),
      replayMany: db.prepare(
        `UPDATE events SET state = 'queued', next_attempt_at = @now, deliver_by = @deliverBy, updated_at = @now
         WHERE id IN (SELECT id FROM events WHERE state = 'dead'
           AND (@eventType IS NULL OR event_type = @eventType) AND (@errorCode IS NULL OR error_code = @errorCode)
           ORDER BY id LIMIT @limit)`,
      ),
      deadLetterGroups: db.prepare(
        `SELECT error_code AS errorCode, count(*) AS count FROM events WHERE state = 'dead'
           AND (@eventType IS NULL OR event_type = @eventType) AND (@errorCode IS NULL OR error_code = @errorCode)
         GROUP BY error_code ORDER BY count DESC, error_code`,
      ),
      purge: db.prepare(
        `DELETE FROM events WHERE state IN ('delivered', 'dead') AND created_at < ?`,
      ),
      ping: db.prepare('SELECT 1'),
      appendAudit: db.prepare(
        `INSERT INTO audit (at, actor, action, detail, request_id)
         VALUES (@at, @actor, @action, @detail, @requestId)`,
      ),
      listAudit: db.prepare(
        'SELECT * FROM audit WHERE seq < @cursor ORDER BY seq DESC LIMIT @limit',
      ),
    };
  }
}

/**
 * Whether an operation writes with more than one statement, and so needs a savepoint of its own
 * for a failure to undo all of it and nothing of the other operations. A single statement is
 * atomic by itself (a failing one is rolled back alone), and two statements more per event (the
 * SAVEPOINT and its RELEASE) were a measurable share of the store thread's time for single-event
 * appends and for the acks of delivery.
 */
function needsSavepoint(op: StoreOp): boolean {
  switch (op.op) {
    case 'appendAll':
      return op.rows.count > 1;
    case 'release':
      return op.ids.length > 1;
    case 'purgeExpired':
    case 'purgeBodies':
      return true;
    default:
      return false;
  }
}

/** Errors cross the thread boundary as plain data: the code decides 503 BACKLOG_FULL or not. */
function failed(error: unknown): StoreReply {
  const code = (error as { code?: unknown }).code;
  return {
    ok: false,
    error: {
      code: typeof code === 'string' ? code : 'UNKNOWN',
      message: error instanceof Error ? error.message : String(error),
    },
  };
}

/** A body kept as bytes (a span, see appendOne) read back as the text every reader expects. */
function withTextBody(row: EventRow | undefined): EventRow | undefined {
  const body: unknown = row?.received_body;
  return row && body instanceof Uint8Array
    ? {
        ...row,
        received_body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'),
      }
    : row;
}
