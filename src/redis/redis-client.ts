import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { RedisConfig } from '../config';

/**
 * `commands`: fail fast while Redis is unreachable (no offline queue), so ingest answers 503 at once
 * instead of holding requests. `worker`: BullMQ's worker connection, whose blocking duplicate must
 * retry forever (maxRetriesPerRequest null, as BullMQ requires). Both reconnect on their own, so the
 * gateway recovers without a restart when Redis comes back.
 */
export function createRedisClient(config: RedisConfig, role: 'commands' | 'worker'): Redis {
  const client = new Redis(config.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: role === 'commands' ? 1 : null,
    connectionName: `genesys-event-gateway:${role}`,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  const logger = new Logger('Redis');
  let down = false;
  // An 'error' without a listener would crash the process; log each outage once, not per retry.
  client.on('error', (error: Error) => {
    if (!down) {
      down = true;
      logger.error(`${redactRedisUrl(config.url)} (${role}): ${error.message}`);
    }
  });
  client.on('ready', () => {
    if (down) {
      down = false;
      logger.log(`${redactRedisUrl(config.url)} (${role}): connected again`);
    }
  });
  return client;
}

/** The URL without its password, for logs and messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = '***';
    }
    return parsed.toString();
  } catch {
    return 'redis://(unparsable URL)';
  }
}

/** Durability needs `noeviction`: under any other policy Redis may drop queued events when full. */
export async function checkEvictionPolicy(client: Redis): Promise<string | undefined> {
  try {
    const reply = await client.config('GET', 'maxmemory-policy');
    const policy = reply[1];
    return policy === 'noeviction'
      ? undefined
      : `Redis maxmemory-policy is "${policy}": set it to "noeviction", or Redis may evict accepted events under memory pressure.`;
  } catch (error) {
    return `Could not read Redis maxmemory-policy (${error instanceof Error ? error.message : String(error)}); make sure it is "noeviction".`;
  }
}
