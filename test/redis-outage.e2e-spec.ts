import request from 'supertest';
import { checkEvictionPolicy } from '../src/redis/redis-client';
import Redis from 'ioredis';
import { eventually, legacyEvent, startGateway, type TestGateway } from './support/gateway';
import { mintToken } from './support/keys';
import { PrivateRedis } from './support/private-redis';
import { TEST_REDIS_URL } from './support/redis';

/** Redis goes away under a running gateway and comes back: 503s while gone, no restart needed. */
describe('Redis outage (e2e, real app on its own redis-server)', () => {
  let redis: PrivateRedis;
  let gw: TestGateway;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    gw = await startGateway({
      env: { OUTBOX_DRIVER: 'redis', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'outage' },
    });
  });
  afterAll(async () => {
    await gw.destroy();
    await redis.stop();
  });

  it('answers 503 + Retry-After while Redis is down, never 202, and recovers on its own', async () => {
    const token = mintToken(gw.keys);
    const send = (id: string) =>
      request(gw.server)
        .post('/ingest')
        .set('Authorization', `Bearer ${token}`)
        .send(legacyEvent({ transaction_id: id }));
    const before = await send('before-outage');
    expect(before.status).toBe(202);
    expect(await eventually(() => gw.sandbox.events.length === 1)).toBe(true);

    await redis.kill();
    const ready = await request(gw.server).get('/health/ready');
    const during = await send('during-outage');

    expect(ready.status).toBe(503);
    expect(during.status).toBe(503);
    expect(during.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(during.body).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(during.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|redis:/i);

    await redis.restart();
    expect(
      await eventually(
        async () => (await request(gw.server).get('/health/ready')).status === 200,
        15_000,
        100,
      ),
    ).toBe(true);
    const after = await send('after-outage');
    expect(after.status).toBe(202);
    // The event accepted before the outage was delivered once; the one refused was never stored.
    expect(await eventually(() => gw.sandbox.events.length === 2, 15_000)).toBe(true);
    const delivered = gw.sandbox.events.map(
      (e) => (e.body as { data: { transaction_id: string } }).data.transaction_id,
    );
    expect(delivered).toEqual(['before-outage', 'after-outage']);
  });

  it('warns at start-up unless maxmemory-policy is noeviction', async () => {
    const lru = await PrivateRedis.start(['--maxmemory-policy', 'allkeys-lru']);
    const clients = [new Redis(lru.url), new Redis(TEST_REDIS_URL)];
    try {
      expect(await checkEvictionPolicy(clients[0])).toMatch(/allkeys-lru.*noeviction/);
      expect(await checkEvictionPolicy(clients[1])).toBeUndefined();
    } finally {
      clients.forEach((client) => client.disconnect());
      await lru.stop();
    }
  });
});
