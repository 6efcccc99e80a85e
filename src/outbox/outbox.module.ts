import { Logger, Module } from '@nestjs/common';
import { OutboxConfig } from '../config';
import { DeliveryNotifier } from './delivery-notifier';
import { Outbox } from './outbox';
import { OutboxMaintenance } from './outbox-maintenance.service';
import { SqliteOutbox } from './sqlite/sqlite-outbox';

/** How long start-up waits for Redis before starting not-ready (readiness turns 200 when it answers). */
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

@Module({
  providers: [
    {
      provide: Outbox,
      useFactory: (config: OutboxConfig) => openOutbox(config),
      inject: [OutboxConfig],
    },
    DeliveryNotifier,
    OutboxMaintenance,
  ],
  exports: [Outbox, DeliveryNotifier],
})
export class OutboxModule {}

async function openOutbox(config: OutboxConfig): Promise<Outbox> {
  if (config.driver === 'sqlite') {
    return SqliteOutbox.open(config);
  }
  // Loaded only when chosen: a SQLite deployment does not pay BullMQ's and ioredis' memory.
  const { RedisOutbox } = await import('./redis/redis-outbox');
  const { checkEvictionPolicy, redactRedisUrl } = await import('../redis');
  const logger = new Logger('Outbox');
  const outbox = new RedisOutbox(config);
  const where = redactRedisUrl(config.redis.url);
  if (!(await outbox.connect(REDIS_CONNECT_TIMEOUT_MS))) {
    logger.error(`Redis at ${where} is not answering: starting not-ready until it does.`);
    return outbox;
  }
  logger.log(`Outbox on Redis at ${where}, key prefix "${config.redis.keyPrefix}"`);
  const warning = await checkEvictionPolicy(outbox.redis);
  if (warning) {
    logger.warn(warning);
  }
  return outbox;
}
