import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Request } from 'express';
import { AdminConfig } from '../config';
import { DeliveryNotifier, Outbox, type DeadLetterFilter } from '../outbox';
import { AuditLog } from './audit-log';

export type ReplayJobState = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';

export interface ReplayJobView {
  readonly id: string;
  readonly filter: { readonly event_type?: string; readonly error_code?: string };
  readonly state: ReplayJobState;
  /** Dead letters that matched when the job started. */
  readonly total: number;
  readonly replayed: number;
  /** True while the job holds back so live events go first. */
  readonly waiting_for_live_events: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

const JOB_KIND = 'replay-job';
const CANCEL_KIND = 'replay-cancel';
/** Jobs stay readable this long after their last change. */
const JOB_TTL_MS = 7 * 24 * 3_600_000;
/** A running job whose replica stopped updating it for this long is shown as interrupted. */
const STALE_MS = 30_000;
/** Replayed per step; also how many undelivered events may be ahead of live ones at most. */
export const REPLAY_CHUNK = 200;
const IDLE_POLL_MS = 250;

/**
 * Bulk replay as a job: progress and cancel from any replica (both live in the store), and fed to
 * the queue a chunk at a time, only while fewer than a chunk of events wait, so a replay of
 * thousands never stands between live events and the Genesys budget.
 */
@Injectable()
export class ReplayJobs implements OnApplicationShutdown {
  private readonly logger = new Logger(ReplayJobs.name);
  private readonly maxAgeMs: number;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(DeliveryNotifier) private readonly notifier: DeliveryNotifier,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(AdminConfig) config: AdminConfig,
  ) {
    this.maxAgeMs = config.maxAgeMs;
  }

  /** How many dead letters the filter matches now. */
  async count(filter: DeadLetterFilter): Promise<number> {
    const groups = await this.outbox.deadLetterGroups(filter);
    return groups.reduce((total, group) => total + group.count, 0);
  }

  async start(filter: DeadLetterFilter, req: Request): Promise<ReplayJobView> {
    const now = Date.now();
    const job: ReplayJobView = {
      id: randomUUID(),
      filter: { event_type: filter.eventType, error_code: filter.errorCode },
      state: 'running',
      total: await this.count(filter),
      replayed: 0,
      waiting_for_live_events: false,
      created_at: new Date(now).toISOString(),
      updated_at: new Date(now).toISOString(),
    };
    await this.save(job);
    await this.audit.record(req, 'replay-job', {
      job: job.id,
      filter: job.filter,
      total: job.total,
    });
    const run = this.run(job, filter).finally(() => this.running.delete(run));
    this.running.add(run);
    return job;
  }

  async get(id: string): Promise<ReplayJobView | undefined> {
    const job = (await this.outbox.getShared(JOB_KIND, id, Date.now())) as
      ReplayJobView | undefined;
    if (job?.state === 'running' && Date.parse(job.updated_at) < Date.now() - STALE_MS) {
      return { ...job, state: 'interrupted' };
    }
    return job;
  }

  /** Asks the job to stop after its current chunk (it may run on another replica). */
  async cancel(id: string, req: Request): Promise<ReplayJobView | undefined> {
    const job = await this.get(id);
    if (job?.state === 'running') {
      await this.outbox.putShared(CANCEL_KIND, id, true, Date.now() + JOB_TTL_MS);
      await this.audit.record(req, 'cancel', { job: id, replayed_so_far: job.replayed });
    }
    return job;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  private async run(initial: ReplayJobView, filter: DeadLetterFilter): Promise<void> {
    let job = initial;
    try {
      for (;;) {
        if (this.stopping) {
          return; // Left as running: it shows as interrupted, and the rest can be replayed again.
        }
        if (await this.outbox.getShared(CANCEL_KIND, job.id, Date.now())) {
          job = await this.update(job, { state: 'cancelled' });
          return;
        }
        const waiting = this.outbox.backlog() >= REPLAY_CHUNK;
        if (waiting) {
          // Also a heartbeat: a job not updated for a while reads as interrupted.
          if (!job.waiting_for_live_events || Date.parse(job.updated_at) < Date.now() - 5_000) {
            job = await this.update(job, { waiting_for_live_events: true });
          }
          await sleep(IDLE_POLL_MS);
          continue;
        }
        const now = Date.now();
        const replayed = await this.outbox.replayDead(
          filter,
          now,
          now + this.maxAgeMs,
          REPLAY_CHUNK,
        );
        this.notifier.wake();
        const done = replayed < REPLAY_CHUNK;
        job = await this.update(job, {
          replayed: job.replayed + replayed,
          waiting_for_live_events: false,
          ...(done ? { state: 'done' as const } : {}),
        });
        if (done) {
          return;
        }
      }
    } catch (error) {
      this.logger.error({ msg: 'replay job failed', job: job.id, err: error });
      await this.update(job, { state: 'failed' }).catch(() => undefined);
    }
  }

  private async update(job: ReplayJobView, change: Partial<ReplayJobView>): Promise<ReplayJobView> {
    const next = { ...job, ...change, updated_at: new Date().toISOString() };
    await this.save(next);
    return next;
  }

  private async save(job: ReplayJobView): Promise<void> {
    await this.outbox.putShared(JOB_KIND, job.id, job, Date.now() + JOB_TTL_MS);
  }
}
