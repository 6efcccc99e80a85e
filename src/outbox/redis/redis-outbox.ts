import { createHash, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type JobsOptions, Queue, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { OutboxConfig } from '../../config';
import { createRedisClient } from '../../redis';
import { Outbox } from '../outbox';
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
import {
  type DeliveryJob,
  type DeliveryJobData,
  type DeliveredValue,
  failureReason,
  jobToStoredEvent,
} from './delivery-job';
import {
  type LedgerClient,
  type LedgerEntry,
  type LedgerPipeline,
  withLedgerScript,
} from './ledger-script';
import { RedisEventReader, SCAN_CHUNK } from './redis-event-reader';
import { RedisAuditLog, RedisSharedRecords } from './redis-records';
import { storeError } from './redis-store-error';

const QUEUE = 'deliveries';
const HOUR_MS = 3_600_000;
/** getNextJob calls sent together (pipelined on one connection) while claiming. */
const CLAIM_CHUNK = 50;
const BACKLOG_REFRESH_MS = 1_000;

interface PendingAppend {
  readonly request: AppendRequest;
  readonly id: string;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

interface Claim {
  readonly job: DeliveryJob;
  readonly token: string;
}

/**
 * Shared outbox for many replicas: BullMQ on Redis. The queue holds the events; a BullMQ worker
 * without a processor lets the delivery worker pull them (claim = getNextJob, which locks the job
 * for REDIS_LOCK_MS and extends the lock while held). A replica that dies leaves locked jobs that
 * BullMQ's stalled-job check hands back to the queue, for any replica to deliver with the same
 * idempotency key. The idempotency ledger is one Redis key per (issuer, key), written atomically
 * with the backlog index by a Lua script, expiring after the retention.
 */
export class RedisOutbox extends Outbox {
  private readonly logger = new Logger('Outbox');
  private readonly client: Redis & LedgerClient;
  private readonly workerClient: Redis;
  private readonly queue: Queue<DeliveryJobData>;
  private readonly worker: Worker<DeliveryJobData>;
  private readonly claims = new Map<string, Claim>();
  private readonly jobOptions: JobsOptions;
  private readonly backlogKey: string;
  /** Every stored event by acceptance time (GET /admin/events). */
  private readonly eventsKey: string;
  private readonly refKeyPrefix: string;
  private readonly reader: RedisEventReader;
  private readonly records: RedisSharedRecords;
  private readonly audit: RedisAuditLog;
  private readonly timers: NodeJS.Timeout[] = [];
  private pendingAppends: PendingAppend[] = [];
  private backlogCount = 0;
  private closed = false;

  constructor(private readonly config: OutboxConfig) {
    super();
    const redis = config.redis;
    this.client = withLedgerScript(createRedisClient(redis, 'commands'));
    this.workerClient = createRedisClient(redis, 'worker');
    this.backlogKey = `${redis.keyPrefix}:backlog`;
    this.eventsKey = `${redis.keyPrefix}:events`;
    this.refKeyPrefix = `${redis.keyPrefix}:ref:`;
    const retentionSec = Math.ceil(config.idempotencyRetentionMs / 1000);
    this.jobOptions = {
      // One attempt in BullMQ's sense: retries are the delivery worker's (moveToDelayed), and
      // moveToFailed is the dead letter.
      attempts: 1,
      removeOnComplete: { age: retentionSec },
      removeOnFail: { age: retentionSec },
    };
    this.queue = new Queue<DeliveryJobData>(QUEUE, {
      connection: this.client,
      prefix: redis.keyPrefix,
    });
    this.reader = new RedisEventReader(this.client, this.queue, {
      events: this.eventsKey,
      refPrefix: this.refKeyPrefix,
    });
    this.records = new RedisSharedRecords(this.client, redis.keyPrefix);
    this.audit = new RedisAuditLog(this.client, `${redis.keyPrefix}:audit`);
    this.worker = new Worker<DeliveryJobData>(QUEUE, undefined, {
      connection: this.workerClient,
      prefix: redis.keyPrefix,
      autorun: false,
      lockDuration: redis.lockMs,
      stalledInterval: redis.lockMs,
      // A stalled job belongs to a replica that died; it must be redelivered, never dead-lettered.
      maxStalledCount: Number.MAX_SAFE_INTEGER,
    });
    const logError = (error: Error) => this.logger.debug(`BullMQ: ${error.message}`);
    this.queue.on('error', logError);
    this.worker.on('error', logError);
    this.worker.startStalledCheckTimer().catch(logError);
    this.every(redis.lockMs / 3, () => this.extendLocks());
    this.every(BACKLOG_REFRESH_MS, () => this.refreshBacklog());
  }

  /**
   * Waits (bounded) for Redis at start-up. Not reaching it is no reason to crash-loop: the gateway
   * starts not-ready, answers 503 to ingest, and becomes ready once Redis answers.
   */
  async connect(timeoutMs: number): Promise<boolean> {
    const ready = (client: Redis) =>
      client.status === 'ready'
        ? Promise.resolve()
        : new Promise<void>((resolve) => client.once('ready', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const connected = Promise.all([ready(this.client), ready(this.workerClient)]).then(() => true);
    const result = await Promise.race([connected, timeout]);
    clearTimeout(timer);
    if (result) {
      await this.refreshBacklog();
    }
    return result;
  }

  /**
   * Appends arriving in the same event-loop turn share two round trips (as the SQLite driver shares
   * one commit): one pipeline of ledger claims, then one `addBulk` of the new jobs. None resolves
   * before its job is in Redis.
   */
  append(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pendingAppends.push({ request, id: randomUUID(), resolve, reject });
      if (this.pendingAppends.length === 1) {
        setImmediate(() => void this.flushAppends());
      }
    });
  }

  /** The appends join the same pipeline as any other append of this event-loop turn. */
  appendAll(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    return Promise.all(requests.map((request) => this.append(request)));
  }

  private async flushAppends(): Promise<void> {
    const batch = this.pendingAppends;
    this.pendingAppends = [];
    try {
      const pipeline = this.client.pipeline() as ReturnType<Redis['pipeline']> & LedgerPipeline;
      for (const { request, id } of batch) {
        const entry: LedgerEntry = { id, fingerprint: request.fingerprint, createdAt: request.now };
        pipeline.gegClaimKey(
          this.ledgerKey(request.issuer, request.idempotencyKey),
          this.backlogKey,
          this.eventsKey,
          JSON.stringify(entry),
          this.config.idempotencyRetentionMs,
          id,
          request.now,
          request.body === undefined ? '' : this.bodyKey(id),
          request.body === undefined ? '' : bodyText(request.body),
          this.config.payloadRetentionMs,
          this.refKeyPrefix,
          ...request.refs.map((ref) => ref.toLowerCase()),
        );
      }
      const claims = (await pipeline.exec()) ?? [];
      const created = batch.filter((_, i) => !claims[i]?.[0] && claims[i]?.[1] === null);
      const jobs = await this.queue.addBulk(
        created.map(({ request, id }) => ({
          name: 'event',
          data: jobData(request),
          opts: { ...this.jobOptions, jobId: id },
        })),
      );
      this.backlogCount += jobs.length;
      jobs.forEach((job, i) =>
        created[i].resolve({ kind: 'created', event: jobToStoredEvent(job, 'queued') }),
      );
      // Keys seen before (or twice in this batch) are answered once the new jobs exist.
      batch.forEach((item, i) => {
        const [error, existing] = claims[i] ?? [new Error('no reply'), null];
        if (error) {
          item.reject(storeError(error));
        } else if (typeof existing === 'string') {
          this.replay(JSON.parse(existing) as LedgerEntry, jobData(item.request)).then(
            item.resolve,
            (replayError: unknown) => item.reject(storeError(replayError)),
          );
        }
      });
    } catch (error) {
      const failure = storeError(error);
      batch.forEach((item) => item.reject(failure));
    }
  }

  /**
   * The key is known. If the first request died between the ledger write and the job (Redis went
   * away), its client never got a 2xx: the job is created now, under the id the ledger holds.
   */
  private async replay(entry: LedgerEntry, data: DeliveryJobData): Promise<AppendResult> {
    let job = (await this.queue.getJob(entry.id)) as DeliveryJob | undefined;
    if (!job && entry.fingerprint === data.fingerprint) {
      job = await this.queue.add(
        'event',
        { ...data, createdAt: entry.createdAt },
        { ...this.jobOptions, jobId: entry.id },
      );
    }
    const event = job
      ? jobToStoredEvent(job, (await this.reader.statesOf([entry.id]))[0])
      : ghostEvent(entry, data);
    return { kind: entry.fingerprint === data.fingerprint ? 'replayed' : 'conflict', event };
  }

  async get(id: string, issuer?: string): Promise<StoredEvent | undefined> {
    const job = (await this.queue.getJob(id)) as DeliveryJob | undefined;
    if (!job || (issuer !== undefined && job.data.issuer !== issuer)) {
      return undefined;
    }
    const [[state], body] = await Promise.all([
      this.reader.statesOf([id]),
      this.client.get(this.bodyKey(id)),
    ]);
    const event = jobToStoredEvent(job, state);
    return body === null ? event : { ...event, receivedBody: body };
  }

  /** Bodies live in keys of their own, expiring after PAYLOAD_RETENTION_HOURS. */
  async eraseBody(id: string): Promise<boolean> {
    return (await this.client.del(this.bodyKey(id))) > 0;
  }

  /** Nothing to do: each body key expires by itself. */
  purgeBodies(olderThan: number): Promise<number> {
    void olderThan;
    return Promise.resolve(0);
  }

  private bodyKey(id: string): string {
    return `${this.config.redis.keyPrefix}:body:${id}`;
  }

  /** Due-ness is BullMQ's (Redis time), so `now` is not needed. */
  async claimDue(limit: number, _now?: number): Promise<StoredEvent[]> {
    const claimed: StoredEvent[] = [];
    while (claimed.length < limit && !this.closed) {
      const size = Math.min(CLAIM_CHUNK, limit - claimed.length);
      const tokens = Array.from({ length: size }, () => randomUUID());
      const jobs = await Promise.all(
        tokens.map((token) => this.worker.getNextJob(token, { block: false })),
      );
      jobs.forEach((job, i) => {
        if (job) {
          this.claims.set(String(job.id), { job, token: tokens[i] });
          claimed.push(jobToStoredEvent(job, 'delivering'));
        }
      });
      if (jobs.some((job) => !job)) {
        break;
      }
    }
    return claimed;
  }

  /**
   * Renews the locks of these claims in one round trip; a lock that ran out (this process stalled
   * past REDIS_LOCK_MS, and the stalled-job check handed the event to another replica) is lost,
   * and so is the claim: the event is that replica's to send now.
   */
  async confirmClaims(ids: readonly string[]): Promise<string[]> {
    const held = ids.filter((id) => this.claims.has(id));
    const lost = ids.filter((id) => !this.claims.has(id));
    if (held.length > 0) {
      const failed = await this.worker.extendJobLocks(
        held,
        held.map((id) => this.claims.get(id)?.token ?? ''),
        this.config.redis.lockMs,
      );
      failed.forEach((id) => this.claims.delete(id));
      lost.push(...failed);
    }
    return lost;
  }

  async releaseClaims(ids: readonly string[], _now?: number): Promise<void> {
    const held = ids.flatMap((id) => this.release(id) ?? []);
    await Promise.all(held.map(({ job, token }) => job.moveToWait(token)));
  }

  /** The history rides on the completion itself (BullMQ's returnvalue): no extra round trip. */
  async markDelivered(
    id: string,
    _now?: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void> {
    const claim = this.release(id);
    if (claim) {
      const value: DeliveredValue = { history: history ?? claim.job.data.history ?? [] };
      await claim.job.moveToCompleted(value, claim.token, false);
      await this.settled(id);
    }
  }

  async reschedule(
    id: string,
    nextAttemptAt: number,
    failure: StoredFailure,
    _now?: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void> {
    const claim = this.release(id);
    if (claim) {
      await claim.job.updateData({
        ...claim.job.data,
        nextAttemptAt,
        lastError: failure,
        ...(history ? { history } : {}),
      });
      await claim.job.moveToDelayed(nextAttemptAt, claim.token);
    }
  }

  async markDead(
    id: string,
    failure: StoredFailure,
    _now?: number,
    history?: readonly DeliveryAttempt[],
  ): Promise<void> {
    const claim = this.release(id);
    if (claim) {
      if (history) {
        await claim.job.updateData({ ...claim.job.data, history });
      }
      await claim.job.moveToFailed(failureReason(failure), claim.token, false);
      await this.settled(id);
    }
  }

  /** Shared across replicas, refreshed every second: the bound it enforces is approximate. */
  backlog(): number {
    return this.backlogCount;
  }

  async stats(now: number): Promise<OutboxStats> {
    const [counts, deliveredLastHour, oldest] = await Promise.all([
      this.queue.getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed'),
      this.client.zcount(this.queue.keys.completed, String(now - HOUR_MS), '+inf'),
      this.client.zrange(this.backlogKey, '0', '0', 'WITHSCORES'),
    ]);
    return {
      queued: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
      delivering: counts.active ?? 0,
      delivered: counts.completed ?? 0,
      dead: counts.failed ?? 0,
      deliveredLastHour,
      oldestQueuedAgeMs: oldest.length === 2 ? Math.max(0, now - Number(oldest[1])) : undefined,
    };
  }

  async listDead(filter: DeadLetterFilter, page: Page): Promise<StoredEvent[]> {
    if (!filter.eventType && !filter.errorCode) {
      const jobs = (await this.queue.getFailed(
        page.offset,
        page.offset + page.limit - 1,
      )) as DeliveryJob[];
      return jobs.map((job) => jobToStoredEvent(job, 'dead'));
    }
    const matches = await this.findDead(filter, page.offset + page.limit);
    return matches.slice(page.offset).map((job) => jobToStoredEvent(job, 'dead'));
  }

  listEvents(filter: EventFilter, page: CursorPage): Promise<EventListing> {
    return this.reader.listEvents(filter, page);
  }

  override putShared(kind: string, id: string, value: unknown, expiresAt: number): Promise<void> {
    return this.records.put(kind, id, value, expiresAt);
  }

  override getShared(kind: string, id: string, now: number): Promise<unknown> {
    return this.records.get(kind, id, now);
  }

  override listShared(kind: string, now: number): Promise<unknown[]> {
    return this.records.list(kind, now);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.audit.append(entry);
  }

  listAudit(page: CursorPage): Promise<{ items: StoredAuditEntry[]; nextCursor?: string }> {
    return this.audit.list(page);
  }

  async deadLetterGroups(filter: DeadLetterFilter): Promise<DeadLetterGroup[]> {
    const counts = new Map<string | undefined, number>();
    for (const job of await this.findDead(filter, Number.POSITIVE_INFINITY)) {
      const code = jobToStoredEvent(job, 'dead').lastError?.code;
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    return [...counts]
      .map(([errorCode, count]) => ({ errorCode, count }))
      .sort((a, b) => b.count - a.count || String(a.errorCode).localeCompare(String(b.errorCode)));
  }

  async replayDead(
    selector: { id: string } | DeadLetterFilter,
    now: number,
    deliverBy: number,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<number> {
    let jobs: DeliveryJob[];
    if ('id' in selector) {
      const job = (await this.queue.getJob(selector.id)) as DeliveryJob | undefined;
      jobs = job && (await this.reader.statesOf([selector.id]))[0] === 'dead' ? [job] : [];
    } else {
      jobs = await this.findDead(selector, limit);
    }
    for (const job of jobs) {
      await job.updateData({ ...job.data, deliverBy, nextAttemptAt: now });
      await job.retry('failed');
      await this.client.zadd(this.backlogKey, String(job.data.createdAt), String(job.id));
    }
    this.backlogCount += jobs.length;
    return jobs.length;
  }

  async purgeExpired(olderThan: number): Promise<number> {
    const grace = Math.max(0, Date.now() - olderThan);
    await this.client.zremrangebyscore(this.eventsKey, '-inf', `(${olderThan}`);
    const [completed, failed] = await Promise.all([
      this.queue.clean(grace, 10_000, 'completed'),
      this.queue.clean(grace, 10_000, 'failed'),
    ]);
    return completed.length + failed.length;
  }

  async ping(): Promise<void> {
    try {
      await this.client.ping();
    } catch (error) {
      throw storeError(error);
    }
  }

  /** The Redis connection for checks that belong to the operator (eviction policy). */
  get redis(): Redis {
    return this.client;
  }

  /** Hands held claims back to the queue at once (instead of after the lock expires), then disconnects. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.timers.forEach(clearInterval);
    const held = [...this.claims.values()];
    this.claims.clear();
    await Promise.allSettled(held.map(({ job, token }) => job.moveToWait(token)));
    await Promise.allSettled([this.worker.close(true), this.queue.close()]);
    this.client.disconnect();
    this.workerClient.disconnect();
  }

  private release(id: string): Claim | undefined {
    const claim = this.claims.get(id);
    this.claims.delete(id);
    return claim;
  }

  private async settled(id: string): Promise<void> {
    this.backlogCount = Math.max(0, this.backlogCount - 1);
    await this.client.zrem(this.backlogKey, id);
  }

  /** Dead letters matching the filter, newest first, up to `max`. */
  private async findDead(filter: DeadLetterFilter, max: number): Promise<DeliveryJob[]> {
    const matches: DeliveryJob[] = [];
    // Dead letters read per round trip when filtering.
    for (let start = 0; matches.length < max; start += SCAN_CHUNK) {
      const jobs = (await this.queue.getFailed(start, start + SCAN_CHUNK - 1)) as DeliveryJob[];
      for (const job of jobs) {
        const event = jobToStoredEvent(job, 'dead');
        if (
          (!filter.eventType || event.event.eventType === filter.eventType) &&
          (!filter.errorCode || event.lastError?.code === filter.errorCode)
        ) {
          matches.push(job);
        }
      }
      if (jobs.length < SCAN_CHUNK) {
        break;
      }
    }
    return matches.slice(0, max);
  }

  private async extendLocks(): Promise<void> {
    const held = [...this.claims.values()];
    if (held.length > 0) {
      await this.worker.extendJobLocks(
        held.map(({ job }) => String(job.id)),
        held.map(({ token }) => token),
        this.config.redis.lockMs,
      );
    }
  }

  private async refreshBacklog(): Promise<void> {
    this.backlogCount = await this.client.zcard(this.backlogKey);
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => {
      task().catch((error: unknown) =>
        this.logger.debug(
          `Background Redis task failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }, ms);
    this.timers.push(timer.unref());
  }

  private ledgerKey(issuer: string, idempotencyKey: string): string {
    const digest = createHash('sha256').update(`${issuer}\n${idempotencyKey}`).digest('base64url');
    return `${this.config.redis.keyPrefix}:ledger:${digest}`;
  }
}

function jobData(request: AppendRequest): DeliveryJobData {
  return {
    refs: request.refs,
    issuer: request.issuer,
    idempotencyKey: request.idempotencyKey,
    fingerprint: request.fingerprint,
    event: request.event,
    createdAt: request.now,
    deliverBy: request.deliverBy,
    ...(request.requestId ? { requestId: request.requestId } : {}),
  };
}

/** A ledger entry whose job is gone (purged after retention, or never created under another payload). */
function ghostEvent(entry: LedgerEntry, data: DeliveryJobData): StoredEvent {
  return {
    id: entry.id,
    issuer: data.issuer,
    idempotencyKey: data.idempotencyKey,
    fingerprint: entry.fingerprint,
    event: data.event,
    state: 'queued',
    attempts: 0,
    createdAt: entry.createdAt,
    updatedAt: entry.createdAt,
    nextAttemptAt: entry.createdAt,
    deliverBy: data.deliverBy,
    deliveredAt: undefined,
    lastError: undefined,
    requestId: data.requestId,
    history: [],
    refs: data.refs ?? [],
  };
}
