import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DeliveryMetrics } from '../delivery';
import { GenesysMetrics, GenesysTokenService } from '../genesys';
import { MetricsRegistry } from '../common';
import { Outbox } from '../outbox';
import { type CounterSample, MINUTE_MS, perMinute, type ReplicaStatus } from './replica-status';

export const REPLICA_STATUS_KIND = 'replica-status';
const PUBLISH_EVERY_MS = 2_000;
/** A replica that stopped publishing drops off the overview after this. */
const STATUS_TTL_MS = 10_000;

/**
 * Each replica's own state (breaker, token, per-minute rates), published to the store so the
 * console shows every replica's, whichever replica serves the page.
 */
@Injectable()
export class ReplicaStatusPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplicaStatusPublisher.name);
  readonly replica = `${hostname()}-${randomUUID().slice(0, 8)}`;
  private readonly samples: CounterSample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(DeliveryMetrics) private readonly delivery: DeliveryMetrics,
    @Inject(GenesysMetrics) private readonly genesys: GenesysMetrics,
    @Inject(GenesysTokenService) private readonly tokens: GenesysTokenService,
    @Inject(MetricsRegistry) private readonly registry: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.publishQuietly(), PUBLISH_EVERY_MS);
    this.timer.unref();
    void this.publishQuietly();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** This replica's status now (also what it publishes). */
  async current(now = Date.now()): Promise<ReplicaStatus> {
    this.samples.push(await this.sample(now));
    while (this.samples.length > 2 && this.samples[1].at <= now - MINUTE_MS) {
      this.samples.shift();
    }
    return {
      replica: this.replica,
      at: new Date(now).toISOString(),
      breaker: this.delivery.breaker.state,
      token: this.tokens.hasValidToken(now) ? 'valid' : 'none',
      ...perMinute(this.samples),
    };
  }

  private async publishQuietly(): Promise<void> {
    const now = Date.now();
    try {
      await this.outbox.putShared(
        REPLICA_STATUS_KIND,
        this.replica,
        await this.current(now),
        now + STATUS_TTL_MS,
      );
    } catch (error) {
      // The overview goes stale for a moment; readiness reports the store itself.
      this.logger.debug({ msg: 'replica status not published', err: error });
    }
  }

  private async sample(now: number): Promise<CounterSample> {
    const accepted: Record<string, number> = {};
    const metric = this.registry.getSingleMetric('gateway_ingest_requests_total');
    for (const value of metric ? (await metric.get()).values : []) {
      const issuer = value.labels.issuer;
      if (value.labels.outcome === 'accepted' && typeof issuer === 'string') {
        accepted[issuer] = (accepted[issuer] ?? 0) + value.value;
      }
    }
    return {
      at: now,
      calls: this.genesys.requests,
      delivered: this.delivery.events.delivered,
      accepted,
    };
  }
}
