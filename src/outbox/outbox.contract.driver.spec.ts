import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { deleteRedisKeys, redisOutboxConfig, uniquePrefix } from '../../test/support/redis';
import type { OutboxConfig } from '../config/app-config';
import type { Outbox } from './outbox';
import type { AppendRequest } from './outbox.types';
import { RedisOutbox } from './redis/redis-outbox';
import { SqliteOutbox } from './sqlite/sqlite-outbox';
import {
  appendRequest,
  HOUR_MS,
  STORED_EVENT,
  UNAVAILABLE,
} from '../../test/support/outbox-fixtures';

const HOUR = HOUR_MS;
const event = STORED_EVENT;
const failure = UNAVAILABLE;

/** One suite, every driver (as Svix runs one suite against each backend). */
interface Driver {
  readonly name: string;
  setUp(): OutboxConfig;
  open(config: OutboxConfig): Promise<Outbox>;
  tearDown(config: OutboxConfig): Promise<void>;
}

const base = {
  synchronous: 'full',
  maxBacklog: 1000,
  maxSizeMb: 0,
  idempotencyRetentionMs: 7 * 24 * HOUR,
  payloadRetentionMs: 7 * 24 * HOUR,
  redactFields: [],
} as const;
const drivers: Driver[] = [
  {
    name: 'sqlite',
    setUp: () => ({
      ...base,
      driver: 'sqlite',
      dataDir: mkdtempSync(join(tmpdir(), 'outbox-')),
      redis: redisOutboxConfig('unused'),
    }),
    open: (config) => SqliteOutbox.open(config),
    tearDown: (config) => {
      rmSync(config.dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  },
  {
    name: 'redis',
    setUp: () => ({
      ...base,
      driver: 'redis',
      dataDir: '/nonexistent',
      redis: redisOutboxConfig(uniquePrefix('contract')),
    }),
    open: async (config) => {
      const outbox = new RedisOutbox(config);
      await outbox.connect(5_000);
      return outbox;
    },
    tearDown: (config) => deleteRedisKeys(config.redis.keyPrefix),
  },
];

describe.each(drivers)('Outbox contract: $name', (driver) => {
  let config: OutboxConfig;
  let outbox: Outbox;
  let now: number;
  const request = (key: string, overrides: Partial<AppendRequest> = {}): AppendRequest =>
    appendRequest(key, now, overrides);

  beforeEach(async () => {
    now = Date.now();
    config = driver.setUp();
    outbox = await driver.open(config);
  });
  afterEach(async () => {
    await outbox.close();
    await driver.tearDown(config);
  });

  it('stores an event and counts it in the backlog', async () => {
    const result = await outbox.append(request('k1'));

    expect(result.kind).toBe('created');
    expect(outbox.backlog()).toBe(1);
    expect(await outbox.get(result.event.id)).toMatchObject({
      state: 'queued',
      attempts: 0,
      event,
    });
  });

  it('replays the same key with the same fingerprint, and flags a different payload as a conflict', async () => {
    const first = await outbox.append(request('k1'));
    const replay = await outbox.append(request('k1'));
    const conflict = await outbox.append(request('k1', { fingerprint: 'fp-2' }));

    expect(replay).toMatchObject({ kind: 'replayed', event: { id: first.event.id } });
    expect(conflict).toMatchObject({ kind: 'conflict', event: { id: first.event.id } });
    expect(outbox.backlog()).toBe(1);
  });

  it('scopes keys to the issuer', async () => {
    const a = await outbox.append(request('shared'));
    const b = await outbox.append(request('shared', { issuer: 'crm' }));

    expect(b.kind).toBe('created');
    expect(b.event.id).not.toBe(a.event.id);
    expect(await outbox.get(a.event.id, 'crm')).toBeUndefined();
    expect(await outbox.get(a.event.id, 'erp')).toMatchObject({ id: a.event.id });
  });

  it('creates a key once when the same key arrives concurrently', async () => {
    const results = await Promise.all([
      outbox.append(request('a')),
      outbox.append(request('b')),
      outbox.append(request('a')),
    ]);

    expect(results.map((r) => r.kind).sort()).toEqual(['created', 'created', 'replayed']);
    expect(
      new Set(results.filter((r) => r.event.idempotencyKey === 'a').map((r) => r.event.id)).size,
    ).toBe(1);
  });

  it('finds events by any reference, case-insensitively, or by id, newest first', async () => {
    const order = await outbox.append(request('k-order', { refs: ['k-order', 'SO-1234'] }));
    await outbox.append(request('k-other', { refs: ['k-other', 'SO-9999'] }));
    const resent = await outbox.append(
      request('k-again', { refs: ['k-again', 'SO-1234'], now: now + 5 }),
    );

    const byRef = await outbox.listEvents({ ref: 'so-1234' }, { limit: 10 });
    expect(byRef.items.map((e) => e.id)).toEqual([resent.event.id, order.event.id]);
    expect(byRef.items[1].refs).toEqual(['k-order', 'SO-1234']);
    expect(byRef.nextCursor).toBeUndefined();
    expect((await outbox.listEvents({ ref: 'k-other' }, { limit: 10 })).items).toHaveLength(1);
    expect(
      (await outbox.listEvents({ ref: order.event.id }, { limit: 10 })).items.map((e) => e.id),
    ).toEqual([order.event.id]);
    expect((await outbox.listEvents({ ref: 'SO-12' }, { limit: 10 })).items).toEqual([]);
    expect((await outbox.listEvents({ ref: '"' }, { limit: 10 })).items).toEqual([]);
  });

  it('lists by issuer, state, type and time, newest first, a cursor page at a time', async () => {
    const appended: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { event: stored } = await outbox.append(request(`k${i}`, { now: now + i }));
      appended.push(stored.id);
    }
    await outbox.append(request('crm-1', { issuer: 'crm', now: now + 10 }));
    const newestFirst = [...appended].reverse();

    const first = await outbox.listEvents({ issuer: 'erp' }, { limit: 2 });
    const second = await outbox.listEvents(
      { issuer: 'erp' },
      { limit: 2, cursor: first.nextCursor },
    );
    const rest = await outbox.listEvents(
      { issuer: 'erp' },
      { limit: 2, cursor: second.nextCursor },
    );
    expect([first, second, rest].flatMap((p) => p.items.map((e) => e.id))).toEqual(newestFirst);
    expect(first.nextCursor).toBeDefined();

    expect((await outbox.listEvents({}, { limit: 10 })).items[0].issuer).toBe('crm');
    expect(
      (
        await outbox.listEvents({ from: now + 1, to: now + 3, issuer: 'erp' }, { limit: 10 })
      ).items.map((e) => e.id),
    ).toEqual([appended[2], appended[1]]);
    expect(
      (await outbox.listEvents({ eventType: event.eventType, issuer: 'crm' }, { limit: 10 })).items,
    ).toHaveLength(1);
    expect((await outbox.listEvents({ eventType: 'other.type' }, { limit: 10 })).items).toEqual([]);

    await outbox.claimDue(1, Date.now());
    const queued = await outbox.listEvents({ state: 'queued' }, { limit: 10 });
    const delivering = await outbox.listEvents({ state: 'delivering' }, { limit: 10 });
    expect(queued.items).toHaveLength(5);
    expect(delivering.items).toHaveLength(1);
  });

  it('keeps the received body until erased, and the delivery record after', async () => {
    const { event: stored } = await outbox.append(request('k1', { body: '{"order":"SO-1"}' }));
    const { event: without } = await outbox.append(request('k2'));

    expect((await outbox.get(stored.id))?.receivedBody).toBe('{"order":"SO-1"}');
    expect((await outbox.get(without.id))?.receivedBody).toBeUndefined();
    expect(await outbox.eraseBody(stored.id)).toBe(true);
    expect(await outbox.eraseBody(stored.id)).toBe(false);
    expect(await outbox.get(stored.id)).toMatchObject({
      id: stored.id,
      state: 'queued',
      refs: ['k1'],
    });
    expect((await outbox.get(stored.id))?.receivedBody).toBeUndefined();
  });

  it('keeps bodies given as the bytes received: one event, or the items of one batch', async () => {
    const single = Buffer.from('\n{"order": "SO-2"}\n');
    const batch = Buffer.from('[{"order":"SO-3"}, {"order":"SO-4 é"}]');
    const { event: alone } = await outbox.append(
      request('k3', { body: { bytes: single, start: 1, end: single.length - 1 } }),
    );
    const items = await outbox.appendAll([
      request('k4', { body: { bytes: batch, start: 1, end: 17 } }),
      request('k5', { body: { bytes: batch, start: 19, end: batch.length - 1 } }),
    ]);

    expect((await outbox.get(alone.id))?.receivedBody).toBe('{"order": "SO-2"}');
    expect((await outbox.get(items[0].event.id))?.receivedBody).toBe('{"order":"SO-3"}');
    expect((await outbox.get(items[1].event.id))?.receivedBody).toBe('{"order":"SO-4 é"}');
  });

  it('keeps an audit log of operator actions, newest first, a cursor page at a time', async () => {
    for (const [i, action] of ['replay', 'replay-filter', 'replay'].entries()) {
      await outbox.appendAudit({
        at: now + i,
        actor: 'admin@127.0.0.1',
        action,
        detail: { n: i },
        requestId: `req-${i}`,
      });
    }

    const first = await outbox.listAudit({ limit: 2 });
    const rest = await outbox.listAudit({ limit: 2, cursor: first.nextCursor });

    expect([...first.items, ...rest.items].map((e) => [e.action, e.detail, e.requestId])).toEqual([
      ['replay', { n: 2 }, 'req-2'],
      ['replay-filter', { n: 1 }, 'req-1'],
      ['replay', { n: 0 }, 'req-0'],
    ]);
    expect(rest.nextCursor).toBeUndefined();
    await expect(outbox.listAudit({ limit: 2, cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('confirms the claims it holds, and hands them back due now when their call never left', async () => {
    const { event: stored } = await outbox.append(request('k1'));
    await outbox.claimDue(10, Date.now());

    expect(await outbox.confirmClaims([stored.id])).toEqual([]);
    await outbox.releaseClaims([stored.id], Date.now());

    expect(await outbox.get(stored.id)).toMatchObject({ state: 'queued' });
    expect((await outbox.claimDue(10, Date.now())).map((e) => e.id)).toEqual([stored.id]);
  });

  it('claims due events, then acks, reschedules and dead-letters them', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((k) => outbox.append(request(k))));
    const claimed = await outbox.claimDue(10, Date.now());

    expect(claimed.map((e) => e.state)).toEqual(['delivering', 'delivering', 'delivering']);
    expect(claimed.every((e) => e.attempts === 1)).toBe(true);
    expect(await outbox.claimDue(10, Date.now())).toEqual([]);

    const before = Date.now();
    await outbox.markDelivered(a.event.id, Date.now());
    const retryAt = Date.now() + 700;
    await outbox.reschedule(b.event.id, retryAt, failure, Date.now());
    await outbox.markDead(c.event.id, failure, Date.now());

    const delivered = await outbox.get(a.event.id);
    expect(delivered).toMatchObject({ state: 'delivered' });
    expect(delivered?.deliveredAt).toBeGreaterThanOrEqual(before);
    expect(await outbox.get(b.event.id)).toMatchObject({
      state: 'queued',
      nextAttemptAt: retryAt,
      lastError: failure,
    });
    expect(await outbox.get(c.event.id)).toMatchObject({ state: 'dead', lastError: failure });
    expect(outbox.backlog()).toBe(1);
    expect(await outbox.claimDue(10, Date.now())).toEqual([]);

    await delay(Math.max(0, retryAt - Date.now()) + 50);
    const again = await outbox.claimDue(10, Date.now());
    expect(again.map((e) => [e.id, e.attempts])).toEqual([[b.event.id, 2]]);
  });

  it('lists and replays dead letters by id and by filter', async () => {
    const results = await Promise.all(['a', 'b'].map((k) => outbox.append(request(k))));
    await outbox.claimDue(10, Date.now());
    for (const r of results) {
      await outbox.markDead(
        r.event.id,
        {
          ...failure,
          code: r.event.idempotencyKey === 'a' ? 'bad.request' : 'missing.permissions',
        },
        Date.now(),
      );
    }
    const page = { limit: 10, offset: 0 };

    expect((await outbox.listDead({}, page)).map((e) => e.idempotencyKey).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(
      (await outbox.listDead({ errorCode: 'bad.request' }, page)).map((e) => e.idempotencyKey),
    ).toEqual(['a']);
    expect(await outbox.listDead({ eventType: 'custom.other.x.y' }, page)).toEqual([]);
    const replayAt = Date.now();
    expect(await outbox.replayDead({ id: results[0].event.id }, replayAt, replayAt + HOUR)).toBe(1);
    expect(await outbox.replayDead({ id: results[0].event.id }, replayAt, replayAt + HOUR)).toBe(0);
    expect(await outbox.replayDead({}, replayAt, replayAt + HOUR)).toBe(1);
    expect(outbox.backlog()).toBe(2);
    expect(await outbox.get(results[1].event.id)).toMatchObject({
      state: 'queued',
      deliverBy: replayAt + HOUR,
    });
    expect((await outbox.claimDue(10, Date.now())).map((e) => e.idempotencyKey).sort()).toEqual([
      'a',
      'b',
    ]);
  });

  it('counts dead letters per error code, and replays a filter a limited number at a time', async () => {
    const keys = ['a', 'b', 'c', 'd'];
    const results = await Promise.all(keys.map((k) => outbox.append(request(k))));
    await outbox.claimDue(10, Date.now());
    for (const r of results) {
      const code = r.event.idempotencyKey === 'd' ? 'missing.permissions' : 'bad.request';
      await outbox.markDead(r.event.id, { ...failure, code }, Date.now());
    }
    expect(await outbox.deadLetterGroups({})).toEqual([
      { errorCode: 'bad.request', count: 3 },
      { errorCode: 'missing.permissions', count: 1 },
    ]);
    expect(await outbox.deadLetterGroups({ errorCode: 'missing.permissions' })).toEqual([
      { errorCode: 'missing.permissions', count: 1 },
    ]);
    const now = Date.now();
    expect(await outbox.replayDead({ errorCode: 'bad.request' }, now, now + HOUR, 2)).toBe(2);
    expect(await outbox.deadLetterGroups({ errorCode: 'bad.request' })).toEqual([
      { errorCode: 'bad.request', count: 1 },
    ]);
    expect(await outbox.replayDead({ errorCode: 'bad.request' }, now, now + HOUR, 2)).toBe(1);
    expect(await outbox.replayDead({ errorCode: 'bad.request' }, now, now + HOUR, 2)).toBe(0);
    expect(outbox.backlog()).toBe(3);
  });

  it('keeps shared records until they expire', async () => {
    const now = Date.now();
    await outbox.putShared('replica-status', 'r1', { breaker: 'closed' }, now + 1_000);
    await outbox.putShared('replica-status', 'r2', { breaker: 'open' }, now + 5_000);
    expect(await outbox.getShared('replica-status', 'r1', now)).toEqual({ breaker: 'closed' });
    expect(await outbox.getShared('replica-status', 'r1', now + 2_000)).toBeUndefined();
    expect(await outbox.getShared('replica-job', 'r1', now)).toBeUndefined();
    expect(await outbox.listShared('replica-status', now + 2_000)).toEqual([{ breaker: 'open' }]);
  });

  it('reports stats', async () => {
    const [a] = await Promise.all(['a', 'b'].map((k) => outbox.append(request(k))));
    await outbox.claimDue(1, Date.now());
    await outbox.markDelivered(a.event.id, Date.now());

    expect(await outbox.stats(now + 4_000)).toEqual({
      queued: 1,
      delivering: 0,
      delivered: 1,
      dead: 0,
      deliveredLastHour: 1,
      oldestQueuedAgeMs: 4_000,
    });
  });

  it('forgets settled events past retention, never pending ones', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((k) => outbox.append(request(k))));
    await outbox.claimDue(1, Date.now());
    await outbox.markDelivered(a.event.id, Date.now());
    await delay(5);

    expect(await outbox.purgeExpired(Date.now())).toBe(1);
    expect(await outbox.get(a.event.id)).toBeUndefined();
    expect(await outbox.get(b.event.id)).toMatchObject({ state: 'queued' });
    expect(outbox.backlog()).toBe(1);
  });

  it('answers 503-class errors, not 2xx, when the store fails', async () => {
    await outbox.close();
    await expect(outbox.append(request('x'))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    outbox = await driver.open(config);
  });
});
