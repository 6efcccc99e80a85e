import { setTimeout as delay } from 'node:timers/promises';
import type { Worker } from 'bullmq';
import type Redis from 'ioredis';
import { deleteRedisKeys, redisOutboxConfig, uniquePrefix } from '../../../test/support/redis';
import type { OutboxConfig } from '../../config/app-config';
import type { AppendRequest } from '../outbox.types';
import type { LedgerClient } from './ledger-script';
import { RedisOutbox } from './redis-outbox';
import { appendRequest, HOUR_MS } from '../../../test/support/outbox-fixtures';

const HOUR = HOUR_MS;

/** What only a shared store must do: replicas taking over each other's claims. */
describe(`${RedisOutbox.name} (beyond the contract)`, () => {
  let config: OutboxConfig;
  const opened: RedisOutbox[] = [];
  /** The workers of crashed replicas: their stalled-job timers and blocking connections go after the test. */
  const crashed: Worker[] = [];
  const replica = async (): Promise<RedisOutbox> => {
    const outbox = new RedisOutbox(config);
    opened.push(outbox);
    expect(await outbox.connect(5_000)).toBe(true);
    return outbox;
  };
  const request = (key: string): AppendRequest => {
    const now = Date.now();
    return appendRequest(key, now, { deliverBy: now + HOUR });
  };
  /** As kill -9 would leave it: claims held, locks no longer extended, connections gone. */
  const crash = (outbox: RedisOutbox): void => {
    (Reflect.get(outbox, 'timers') as NodeJS.Timeout[]).forEach(clearInterval);
    (Reflect.get(outbox, 'client') as Redis).disconnect();
    (Reflect.get(outbox, 'workerClient') as Redis).disconnect();
    crashed.push(Reflect.get(outbox, 'worker') as Worker);
    Reflect.set(outbox, 'closed', true);
  };

  beforeEach(() => {
    config = {
      driver: 'redis',
      redis: redisOutboxConfig(uniquePrefix('redis-outbox'), { lockMs: 1_000 }),
      dataDir: '/nonexistent',
      synchronous: 'full',
      maxBacklog: 1000,
      maxSizeMb: 0,
      idempotencyRetentionMs: 7 * 24 * HOUR,
      payloadRetentionMs: 7 * 24 * HOUR,
      redactFields: [],
    };
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((outbox) => outbox.close()));
    await Promise.all(crashed.splice(0).map((worker) => worker.close(true)));
    await deleteRedisKeys(config.redis.keyPrefix);
  });

  it('hands the claims of a crashed replica to another one once their lock expires', async () => {
    const a = await replica();
    const b = await replica();
    const { event: stored } = await a.append(request('k'));
    expect(await a.claimDue(10, Date.now())).toHaveLength(1);
    expect(await b.claimDue(10, Date.now())).toEqual([]);

    crash(a);
    let taken: Awaited<ReturnType<RedisOutbox['claimDue']>> = [];
    for (let i = 0; i < 60 && taken.length === 0; i += 1) {
      await delay(100);
      taken = await b.claimDue(10, Date.now());
    }

    expect(taken).toMatchObject([{ id: stored.id, idempotencyKey: 'k', attempts: 2 }]);
  });

  it('keeps a claim that is still being worked on past the lock duration', async () => {
    const a = await replica();
    const b = await replica();
    const { event: stored } = await a.append(request('k'));
    await a.claimDue(10, Date.now());

    await delay(2_500);

    expect(await b.claimDue(10, Date.now())).toEqual([]);
    await a.markDelivered(stored.id, Date.now());
    expect(await b.get(stored.id)).toMatchObject({ state: 'delivered' });
  });

  it('tells a replica that stalled past its lock, before it sends, that another one took its claim', async () => {
    const a = await replica();
    const b = await replica();
    const { event: stored } = await a.append(request('k'));
    await a.claimDue(10, Date.now());

    // A stall: a's lock is no longer extended, so the stalled-job check hands the event to b.
    (Reflect.get(a, 'timers') as NodeJS.Timeout[]).forEach(clearInterval);
    let taken: Awaited<ReturnType<RedisOutbox['claimDue']>> = [];
    for (let i = 0; i < 60 && taken.length === 0; i += 1) {
      await delay(100);
      taken = await b.claimDue(10, Date.now());
    }
    expect(taken.map((e) => e.id)).toEqual([stored.id]);

    expect(await a.confirmClaims([stored.id])).toEqual([stored.id]);
    expect(await b.confirmClaims([stored.id])).toEqual([]);
    // a hands back what it still holds (nothing): b's claim is untouched and b delivers.
    await a.releaseClaims([stored.id], Date.now());
    await b.markDelivered(stored.id, Date.now());
    expect(await a.get(stored.id)).toMatchObject({ state: 'delivered' });
  });

  it('keeps a received body in a key that expires after PAYLOAD_RETENTION_HOURS', async () => {
    config = { ...config, payloadRetentionMs: 60_000 };
    const a = await replica();
    const { event: stored } = await a.append(request('k'));
    const withBody = await a.append({ ...request('k-body'), body: '{"a":1}' });
    const client = Reflect.get(a, 'client') as Redis;

    const ttl = await client.pttl(`${config.redis.keyPrefix}:body:${withBody.event.id}`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await client.exists(`${config.redis.keyPrefix}:body:${stored.id}`)).toBe(0);
  });

  it('gives held claims back at once on a clean close', async () => {
    const a = await replica();
    const b = await replica();
    const { event: stored } = await a.append(request('k'));
    await a.claimDue(10, Date.now());

    await a.close();

    expect((await b.claimDue(10, Date.now())).map((e) => e.id)).toEqual([stored.id]);
  });

  it('creates the missing job when a retry finds a ledger entry whose first request died half-way', async () => {
    const a = await replica();
    const client = Reflect.get(a, 'client') as Redis & LedgerClient;
    const first = request('half-written');
    // The first request wrote its ledger entry, then lost Redis before the job was added.
    const key = Reflect.apply(Reflect.get(a, 'ledgerKey') as (i: string, k: string) => string, a, [
      first.issuer,
      first.idempotencyKey,
    ]);
    await client.gegClaimKey(
      key,
      `${config.redis.keyPrefix}:backlog`,
      `${config.redis.keyPrefix}:events`,
      JSON.stringify({
        id: 'f0f0f0f0-0000-4000-8000-000000000000',
        fingerprint: 'fp-1',
        createdAt: first.now,
      }),
      HOUR,
      'f0f0f0f0-0000-4000-8000-000000000000',
      first.now,
      '',
      '',
      HOUR,
      `${config.redis.keyPrefix}:ref:`,
    );

    const retried = await a.append(request('half-written'));

    expect(retried).toMatchObject({
      kind: 'replayed',
      event: { id: 'f0f0f0f0-0000-4000-8000-000000000000', state: 'queued' },
    });
    expect((await a.claimDue(10, Date.now())).map((e) => e.id)).toEqual([
      'f0f0f0f0-0000-4000-8000-000000000000',
    ]);
  });
});
