import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth';
import { AdminConfig } from '../config';
import { ApiProblems } from '../openapi';
import { Outbox } from '../outbox';
import type { ReplicaStatus } from './replica-status';
import { REPLICA_STATUS_KIND, ReplicaStatusPublisher } from './replica-status.service';

export interface OverviewView {
  readonly at: string;
  readonly queued: number;
  readonly delivering: number;
  readonly delivered: number;
  readonly dead: number;
  readonly delivered_last_hour: number;
  readonly oldest_queued_age_ms: number | null;
  /** Summed over the replicas that published in the last seconds. */
  readonly delivered_per_minute: number;
  readonly budget: { readonly used_per_minute: number; readonly limit_per_minute: number };
  readonly accepted_per_minute: Readonly<Record<string, number>>;
  readonly replicas: readonly ReplicaStatus[];
}

/** The console's overview: the store's counts (shared) and every live replica's own state. */
@Controller('admin/overview')
@AdminOnly()
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiProblems('ADMIN_UNAUTHORIZED', 'ADMIN_DISABLED')
export class OverviewController {
  private readonly limitPerMinute: number;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(ReplicaStatusPublisher) private readonly self: ReplicaStatusPublisher,
    @Inject(AdminConfig) config: AdminConfig,
  ) {
    this.limitPerMinute = config.budgetPerMinute;
  }

  @Get()
  async overview(): Promise<OverviewView> {
    const now = Date.now();
    const [stats, published, own] = await Promise.all([
      this.outbox.stats(now),
      this.outbox.listShared(REPLICA_STATUS_KIND, now) as Promise<ReplicaStatus[]>,
      this.self.current(now),
    ]);
    // This replica's figures are fresher than what it published up to two seconds ago.
    const replicas = [own, ...published.filter((r) => r.replica !== own.replica)].sort((a, b) =>
      a.replica.localeCompare(b.replica),
    );
    const accepted: Record<string, number> = {};
    for (const replica of replicas) {
      for (const [issuer, rate] of Object.entries(replica.accepted_per_minute)) {
        accepted[issuer] = (accepted[issuer] ?? 0) + rate;
      }
    }
    const sum = (pick: (r: ReplicaStatus) => number): number =>
      replicas.reduce((total, r) => total + pick(r), 0);
    return {
      at: new Date(now).toISOString(),
      queued: stats.queued,
      delivering: stats.delivering,
      delivered: stats.delivered,
      dead: stats.dead,
      delivered_last_hour: stats.deliveredLastHour,
      oldest_queued_age_ms: stats.oldestQueuedAgeMs ?? null,
      delivered_per_minute: sum((r) => r.delivered_per_minute),
      budget: {
        used_per_minute: sum((r) => r.genesys_calls_per_minute),
        limit_per_minute: this.limitPerMinute,
      },
      accepted_per_minute: accepted,
      replicas,
    };
  }
}
