import type Redis from 'ioredis';
import { unknownCursor } from '../store-errors';
import type { AuditEntry, CursorPage, StoredAuditEntry } from '../outbox.types';
import { storeError } from './redis-store-error';

/**
 * Records every replica reads (Outbox.putShared): one hash per kind, each field holding its
 * record and its expiry (hash fields cannot expire alone), expired ones dropped when listed.
 */
export class RedisSharedRecords {
  constructor(
    private readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  async put(kind: string, id: string, value: unknown, expiresAt: number): Promise<void> {
    try {
      await this.client.hset(this.key(kind), id, JSON.stringify({ value, expiresAt }));
    } catch (error) {
      throw storeError(error);
    }
  }

  async get(kind: string, id: string, now: number): Promise<unknown> {
    const raw = await this.client.hget(this.key(kind), id);
    const record = raw ? (JSON.parse(raw) as { value: unknown; expiresAt: number }) : undefined;
    return record && record.expiresAt > now ? record.value : undefined;
  }

  async list(kind: string, now: number): Promise<unknown[]> {
    const key = this.key(kind);
    const live: unknown[] = [];
    const expired: string[] = [];
    for (const [id, raw] of Object.entries(await this.client.hgetall(key))) {
      const record = JSON.parse(raw) as { value: unknown; expiresAt: number };
      if (record.expiresAt > now) {
        live.push(record.value);
      } else {
        expired.push(id);
      }
    }
    if (expired.length > 0) {
      await this.client.hdel(key, ...expired);
    }
    return live;
  }

  private key(kind: string): string {
    return `${this.keyPrefix}:shared:${kind}`;
  }
}

/** The audit log: a stream, appended to and read newest first, never trimmed. */
export class RedisAuditLog {
  constructor(
    private readonly client: Redis,
    private readonly key: string,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    try {
      await this.client.xadd(this.key, '*', 'entry', JSON.stringify(entry));
    } catch (error) {
      throw storeError(error);
    }
  }

  async list(page: CursorPage): Promise<{ items: StoredAuditEntry[]; nextCursor?: string }> {
    if (page.cursor !== undefined && !/^\d+-\d+$/.test(page.cursor)) {
      throw unknownCursor();
    }
    const start = page.cursor === undefined ? '+' : `(${page.cursor}`;
    const entries = await this.client.xrevrange(this.key, start, '-', 'COUNT', page.limit + 1);
    const items = entries.slice(0, page.limit).map(([id, fields]): StoredAuditEntry => ({
      id,
      ...(JSON.parse(fields[1] ?? '{}') as AuditEntry),
    }));
    return entries.length > page.limit ? { items, nextCursor: items.at(-1)?.id } : { items };
  }
}
