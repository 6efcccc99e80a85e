import { once } from 'node:events';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import type { OutboxConfig } from '../../config';
import { Outbox } from '../outbox';
import { storeFailure, unknownCursor } from '../store-errors';
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
} from '../outbox.types';
import { bodyText } from '../received-body';
import { type EventRow, toStoredEvent } from './event-row';
import { uuidV7Floor } from './event-listing-query';
import type { SqliteStoreOptions } from './sqlite-store';
import type {
  AppendOutcomes,
  AppendRows,
  AuditRow,
  EventListingRows,
  FromStore,
  StoreFailure,
  StoreOp,
  StoreReply,
  StoreStats,
  ToStore,
} from './store-protocol';

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Embedded SQLite outbox (WAL) for one replica. The file lives on its own thread (sqlite-worker.ts):
 * B-tree updates and the fsync of each commit run next to the HTTP thread, not on it. Operations
 * that reach the store thread together share one transaction and one commit (group commit); none
 * resolves before that commit.
 */
export class SqliteOutbox extends Outbox {
  private readonly logger = new Logger('Outbox');
  private readonly waiting = new Map<number, Waiting>();
  private nextSeq = 0;
  private outgoing: { seqs: number[]; ops: StoreOp[] } = { seqs: [], ops: [] };
  private gone: StoreFailure | undefined;
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private backlogCount: number,
  ) {
    super();
    worker.on('message', (message: FromStore) => {
      if (message.kind === 'committed') {
        message.seqs.forEach((seq, i) => this.settle(seq, message.replies[i]));
      }
    });
    worker.on('error', (error) => this.fail(error.message));
    worker.on('exit', () => this.fail('the store thread stopped'));
  }

  /** Starts the store thread; rejects (naming the file) when SQLite cannot open it. */
  static async open(config: OutboxConfig): Promise<SqliteOutbox> {
    const options: SqliteStoreOptions = {
      dataDir: config.dataDir,
      synchronous: config.synchronous,
      maxSizeMb: config.maxSizeMb,
    };
    const script = join(__dirname, `sqlite-worker${extname(__filename)}`);
    const worker = new Worker(script, {
      workerData: options,
      // Under ts-jest and ts-node the sources are TypeScript: the thread needs the same loader.
      // Otherwise it inherits the process's flags (--enable-source-maps, --cpu-prof...).
      execArgv:
        extname(__filename) === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : undefined,
    });
    const [message] = (await Promise.race([
      once(worker, 'message'),
      once(worker, 'exit').then(() => [{ kind: 'open-failed', message: 'store thread exited' }]),
    ])) as [FromStore];
    if (message.kind !== 'ready') {
      await worker.terminate();
      throw new Error(message.kind === 'open-failed' ? message.message : 'store thread failed');
    }
    return new SqliteOutbox(worker, message.backlog);
  }

  append(request: AppendRequest): Promise<AppendResult> {
    return this.appendAll([request]).then(([result]) => result);
  }

  async appendAll(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const bodies = sharedBytes(requests);
    const outcomes = (await this.call({
      op: 'appendAll',
      ...(bodies ? { bodies: wholeView(bodies) } : {}),
      rows: rowsOf(requests, bodies),
    })) as AppendOutcomes;
    const results = new Array<AppendResult>(requests.length);
    for (let i = 0; i < requests.length; i++) {
      const id = outcomes.ids[i];
      if (id !== null) {
        this.backlogCount += 1;
        results[i] = { kind: 'created', event: createdEvent(id, requests[i]) };
      }
    }
    for (const { index, kind, row } of outcomes.existing) {
      results[index] = { kind, event: toStoredEvent(row) };
    }
    return results;
  }

  async get(id: string, issuer?: string): Promise<StoredEvent | undefined> {
    const row = (await this.call({ op: 'get', id })) as EventRow | undefined;
    return row && (issuer === undefined || row.issuer === issuer) ? toStoredEvent(row) : undefined;
  }

  async claimDue(limit: number, now: number): Promise<StoredEvent[]> {
    return ((await this.call({ op: 'claimDue', limit, now })) as EventRow[]).map(toStoredEvent);
  }

  /** One process owns the file: its claims hold until settled or until the file is reopened. */
  confirmClaims(ids: readonly string[]): Promise<string[]> {
    void ids;
    return Promise.resolve([]);
  }

  async releaseClaims(ids: readonly string[], now: number): Promise<void> {
    await this.call({ op: 'release', ids, now });
  }

  async markDelivered(
    id: string,
    now: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void> {
    const op = { op: 'markDelivered', id, now, history: json(history) } as const;
    this.backlogCount -= (await this.call(op)) as number;
  }

  async reschedule(
    id: string,
    nextAttemptAt: number,
    failure: StoredFailure,
    now: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void> {
    const error = JSON.stringify(failure);
    await this.call({
      op: 'reschedule',
      id,
      nextAttemptAt,
      now,
      code: failure.code,
      error,
      history: json(history),
    });
  }

  async markDead(
    id: string,
    failure: StoredFailure,
    now: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void> {
    const error = JSON.stringify(failure);
    const code = failure.code;
    const changes = await this.call({
      op: 'markDead',
      id,
      now,
      code,
      error,
      history: json(history),
    });
    this.backlogCount -= changes as number;
  }

  backlog(): number {
    return this.backlogCount;
  }

  async stats(now: number): Promise<OutboxStats> {
    const stats = (await this.call({ op: 'stats', now })) as StoreStats;
    const counts = new Map(stats.counts.map((r) => [r.state, r.n]));
    return {
      queued: counts.get('queued') ?? 0,
      delivering: counts.get('delivering') ?? 0,
      delivered: counts.get('delivered') ?? 0,
      dead: counts.get('dead') ?? 0,
      deliveredLastHour: stats.deliveredLastHour,
      oldestQueuedAgeMs:
        stats.oldestCreatedAt === null ? undefined : Math.max(0, now - stats.oldestCreatedAt),
    };
  }

  async listDead(filter: DeadLetterFilter, page: Page): Promise<StoredEvent[]> {
    return ((await this.call({ op: 'listDead', filter, page })) as EventRow[]).map(toStoredEvent);
  }

  async listEvents(filter: EventFilter, page: CursorPage): Promise<EventListing> {
    const { rows, windowEnd } = (await this.call({
      op: 'listEvents',
      filter,
      page,
    })) as EventListingRows;
    const items = rows.slice(0, page.limit).map(toStoredEvent);
    if (rows.length > page.limit) {
      return { items, nextCursor: items.at(-1)?.id };
    }
    // A short page of a bounded walk: more may match below where the walk ended.
    return windowEnd === undefined ? { items } : { items, nextCursor: windowEnd };
  }

  async eraseBody(id: string): Promise<boolean> {
    return ((await this.call({ op: 'eraseBody', id })) as number) > 0;
  }

  async purgeBodies(olderThan: number): Promise<number> {
    return (await this.call({ op: 'purgeBodies', olderThanId: uuidV7Floor(olderThan) })) as number;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.call({ op: 'appendAudit', entry });
  }

  async listAudit(page: CursorPage): Promise<{ items: StoredAuditEntry[]; nextCursor?: string }> {
    if (page.cursor !== undefined && !/^\d+$/.test(page.cursor)) {
      throw unknownCursor();
    }
    const rows = (await this.call({ op: 'listAudit', page })) as AuditRow[];
    const items = rows.slice(0, page.limit).map((row): StoredAuditEntry => ({
      id: String(row.seq),
      at: row.at,
      actor: row.actor,
      action: row.action,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      ...(row.request_id ? { requestId: row.request_id } : {}),
    }));
    return rows.length > page.limit ? { items, nextCursor: items.at(-1)?.id } : { items };
  }

  async deadLetterGroups(filter: DeadLetterFilter): Promise<DeadLetterGroup[]> {
    const rows = (await this.call({ op: 'deadLetterGroups', filter })) as Array<{
      errorCode: string | null;
      count: number;
    }>;
    return rows.map((row) => ({ errorCode: row.errorCode ?? undefined, count: row.count }));
  }

  async replayDead(
    selector: { id: string } | DeadLetterFilter,
    now: number,
    deliverBy: number,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<number> {
    const op = { op: 'replayDead', selector, now, deliverBy, limit } as const;
    const changes = (await this.call(op)) as number;
    this.backlogCount += changes;
    return changes;
  }

  async purgeExpired(olderThan: number): Promise<number> {
    return (await this.call({ op: 'purgeExpired', olderThan })) as number;
  }

  async ping(): Promise<void> {
    await this.call({ op: 'ping' });
  }

  /** A store thread that died (not closed) takes the file with it until the process restarts. */
  override isAlive(): boolean {
    return this.gone === undefined || this.closed !== undefined;
  }

  /** Lets the store thread commit what it holds, then closes the file and ends the thread. */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    if (this.gone) {
      return;
    }
    const exited = once(this.worker, 'exit');
    this.send();
    this.post({ kind: 'close' });
    await exited;
  }

  /**
   * Operations of one event-loop turn go to the store thread as one message (as they went into one
   * transaction when the file lived on this thread): many concurrent single-event requests then
   * still share one commit instead of waking the store thread, and fsyncing, one by one.
   */
  private call(op: StoreOp): Promise<unknown> {
    if (this.gone) {
      return Promise.reject(toDomainError(this.gone));
    }
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      if (this.outgoing.ops.length === 0) {
        setImmediate(() => this.send());
      }
      this.outgoing.seqs.push(seq);
      this.outgoing.ops.push(op);
    });
  }

  private send(): void {
    const { seqs, ops } = this.outgoing;
    this.outgoing = { seqs: [], ops: [] };
    if (ops.length > 0 && !this.gone) {
      this.post({ kind: 'ops', seqs, ops });
    }
  }

  private post(message: ToStore): void {
    this.worker.postMessage(message);
  }

  private settle(seq: number, reply: StoreReply): void {
    const waiting = this.waiting.get(seq);
    this.waiting.delete(seq);
    if (reply.ok) {
      waiting?.resolve(reply.value);
    } else {
      waiting?.reject(toDomainError(reply.error));
    }
  }

  /** The thread is gone: nothing still waiting was committed, and nothing more can be. */
  private fail(message: string): void {
    if (this.gone === undefined && this.closed === undefined) {
      this.logger.error(`The SQLite store thread stopped (${message}); liveness now fails.`);
    }
    this.gone ??= { code: 'WORKER_GONE', message };
    const failure = this.gone;
    for (const waiting of this.waiting.values()) {
      waiting.reject(toDomainError(failure));
    }
    this.waiting.clear();
  }
}

function toDomainError(failure: StoreFailure) {
  return storeFailure(failure.code === 'SQLITE_FULL', new Error(failure.message));
}

/** A new event's history, shared: a history is never changed in place (historyAfter copies). */
const NO_ATTEMPTS: readonly DeliveryAttempt[] = Object.freeze([]);

function createdEvent(id: string, request: AppendRequest): StoredEvent {
  return {
    id,
    issuer: request.issuer,
    idempotencyKey: request.idempotencyKey,
    fingerprint: request.fingerprint,
    event: request.event,
    state: 'queued',
    attempts: 0,
    createdAt: request.now,
    updatedAt: request.now,
    nextAttemptAt: request.now,
    deliverBy: request.deliverBy,
    deliveredAt: undefined,
    lastError: undefined,
    requestId: request.requestId,
    history: NO_ATTEMPTS,
    refs: request.refs,
  };
}

/**
 * The request bytes a batch's bodies are spans of: they go to the store thread once, instead of
 * one string per event made and copied on this thread. A single event's body goes as its text:
 * a small buffer costs more to copy between threads than a string (an ArrayBuffer on each side).
 */
function sharedBytes(requests: readonly AppendRequest[]): Uint8Array | undefined {
  if (requests.length < 2) {
    return undefined;
  }
  for (const { body } of requests) {
    if (body !== undefined && typeof body !== 'string') {
      return body.bytes;
    }
  }
  return undefined;
}

/**
 * Bytes that are all of their buffer as they are; a view into a larger one (Node's pool for small
 * bodies) copied, so that the store thread is sent this request's bytes and nothing else.
 */
function wholeView(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}

/**
 * The requests as the store's columns (AppendRows), filled in one pass. The arrays are grown with
 * push, not made with `new Array(n)`: an array made with holes stays "holey" once filled, and
 * the copy between threads writes such an array index by index (~60 % dearer).
 */
function rowsOf(requests: readonly AppendRequest[], shared: Uint8Array | undefined): AppendRows {
  const rows = {
    count: requests.length,
    issuer: [] as string[],
    idempotencyKey: [] as string[],
    dedupeKey: [] as string[],
    fingerprint: [] as string[],
    eventType: [] as string[],
    payload: [] as string[],
    now: [] as number[],
    deliverBy: [] as number[],
    requestId: [] as Array<string | null>,
    refs: [] as string[],
    body: [] as Array<string | null>,
    bodyStart: [] as number[],
    bodyEnd: [] as number[],
  };
  for (const request of requests) {
    rows.issuer.push(request.issuer);
    rows.idempotencyKey.push(request.idempotencyKey);
    rows.dedupeKey.push(request.dedupeKey);
    rows.fingerprint.push(request.fingerprint);
    rows.eventType.push(request.event.eventType);
    rows.payload.push(request.eventJson ?? JSON.stringify(request.event));
    rows.now.push(request.now);
    rows.deliverBy.push(request.deliverBy);
    rows.requestId.push(request.requestId ?? null);
    rows.refs.push(JSON.stringify(legacyRefs(request)));
    const body = request.body;
    const span = body !== undefined && typeof body !== 'string' && body.bytes === shared;
    rows.body.push(span || body === undefined ? null : bodyText(body));
    rows.bodyStart.push(span ? body.start : -1);
    rows.bodyEnd.push(span ? body.end : -1);
  }
  return rows;
}

/** The refs the row keeps: the idempotency key has a column of its own (toStoredEvent). */
function legacyRefs(request: AppendRequest): readonly string[] {
  return request.refs[0] === request.idempotencyKey ? request.refs.slice(1) : request.refs;
}

/** Stored as JSON text; null leaves the stored history as it is. */
function json(history: readonly DeliveryAttempt[] | undefined): string | null {
  return history ? JSON.stringify(history) : null;
}
