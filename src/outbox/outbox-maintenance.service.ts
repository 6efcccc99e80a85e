import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { OutboxConfig } from '../config';
import { Outbox } from './outbox';

const PURGE_INTERVAL_MS = 3_600_000;

/**
 * Forgets settled events past the idempotency retention and erases received bodies past
 * PAYLOAD_RETENTION_HOURS, hourly; closes the store last on shutdown.
 */
@Injectable()
export class OutboxMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly config: OutboxConfig;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(OutboxConfig) config: OutboxConfig,
  ) {
    this.config = config;
  }

  onApplicationBootstrap(): void {
    void this.purge();
    this.timer = setInterval(() => void this.purge(), PURGE_INTERVAL_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.outbox.close();
  }

  private async purge(): Promise<void> {
    try {
      const purged = await this.outbox.purgeExpired(
        Date.now() - this.config.idempotencyRetentionMs,
      );
      if (purged > 0) {
        this.logger.log(`Forgot ${purged} settled events older than the idempotency retention`);
      }
      const erased = await this.outbox.purgeBodies(Date.now() - this.config.payloadRetentionMs);
      if (erased > 0) {
        this.logger.log(`Erased ${erased} received bodies older than PAYLOAD_RETENTION_HOURS`);
      }
    } catch (error) {
      this.logger.warn(`Purge failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
