import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { OutboxConfig } from '../../src/config/app-config';

/** The Redis every machine here runs; each test takes its own key prefix so runs never collide. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

export function uniquePrefix(label = 'test'): string {
  return `geg-${label}-${randomUUID().slice(0, 8)}`;
}

/** Removes every key under the prefix (SCAN, never KEYS, so a shared Redis is not blocked). */
export async function deleteRedisKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) {
        await client.unlink(...keys);
      }
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

export function redisOutboxConfig(
  prefix: string,
  overrides: Partial<OutboxConfig['redis']> = {},
): OutboxConfig['redis'] {
  return { url: TEST_REDIS_URL, keyPrefix: prefix, lockMs: 30_000, ...overrides };
}
