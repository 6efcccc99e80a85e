import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendRequest } from '../outbox.types';
import { SqliteOutbox } from './sqlite-outbox';

const HOUR = 3_600_000;
const event = {
  eventType: 'custom.legacy.order.created',
  eventTime: '2026-11-28T08:15:00Z',
  source: { system: 's', version: '1' },
  data: { transaction_id: 'tx', amount: 1, currency: 'EUR', original_type: 'order.created' },
};
const failure = { status: 503, code: 'service.unavailable', message: 'down' };

describe(SqliteOutbox.name, () => {
  let dir: string;
  let outbox: SqliteOutbox;
  const open = () =>
    new SqliteOutbox({
      dataDir: dir,
      synchronous: 'full',
      maxBacklog: 1000,
      idempotencyRetentionMs: 7 * 24 * HOUR,
    });
  const request = (key: string, overrides: Partial<AppendRequest> = {}): AppendRequest => ({
    issuer: 'erp',
    idempotencyKey: key,
    fingerprint: 'fp-1',
    event,
    now: 1_000,
    deliverBy: 1_000 + 24 * HOUR,
    ...overrides,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    outbox = open();
  });
  afterEach(async () => {
    await outbox.close();
    rmSync(dir, { recursive: true, force: true });
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
  });

  it('group-commits concurrent appends, deduplicating inside the batch', async () => {
    const results = await Promise.all([
      outbox.append(request('a')),
      outbox.append(request('b')),
      outbox.append(request('a')),
    ]);

    expect(results.map((r) => r.kind)).toEqual(['created', 'created', 'replayed']);
    expect(results[2].event.id).toBe(results[0].event.id);
  });

  it('claims due events, then acks, reschedules and dead-letters them', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((k) => outbox.append(request(k))));
    const claimed = await outbox.claimDue(10, 2_000);

    expect(claimed.map((e) => e.state)).toEqual(['delivering', 'delivering', 'delivering']);
    expect(claimed.every((e) => e.attempts === 1)).toBe(true);
    expect(await outbox.claimDue(10, 2_000)).toEqual([]);

    await outbox.markDelivered(a.event.id, 3_000);
    await outbox.reschedule(b.event.id, 10_000, failure, 3_000);
    await outbox.markDead(c.event.id, failure, 3_000);

    expect(await outbox.get(a.event.id)).toMatchObject({ state: 'delivered', deliveredAt: 3_000 });
    expect(await outbox.get(b.event.id)).toMatchObject({
      state: 'queued',
      nextAttemptAt: 10_000,
      lastError: failure,
    });
    expect(await outbox.get(c.event.id)).toMatchObject({ state: 'dead', lastError: failure });
    expect(outbox.backlog()).toBe(1);
    expect(await outbox.claimDue(10, 9_999)).toEqual([]);
    expect((await outbox.claimDue(10, 10_000)).map((e) => e.id)).toEqual([b.event.id]);
  });

  it('refuses a second process on the same file (claims are per process)', async () => {
    await outbox.append(request('k'));
    const second = open;

    expect(second).toThrow(/locked/);
  });

  it('makes claimed-but-unacknowledged events due again after a restart, with their key', async () => {
    const { event: stored } = await outbox.append(request('crash-key'));
    await outbox.claimDue(1, 2_000);
    await outbox.close();
    outbox = open();

    const [again] = await outbox.claimDue(1, 2_001);
    expect(again).toMatchObject({ id: stored.id, idempotencyKey: 'crash-key', attempts: 2 });
    expect(outbox.backlog()).toBe(1);
  });

  it('lists and replays dead letters by id and by filter', async () => {
    const results = await Promise.all(['a', 'b'].map((k) => outbox.append(request(k))));
    await outbox.claimDue(10, 2_000);
    for (const r of results) {
      await outbox.markDead(
        r.event.id,
        {
          ...failure,
          code: r.event.idempotencyKey === 'a' ? 'bad.request' : 'missing.permissions',
        },
        3_000,
      );
    }

    expect(
      (await outbox.listDead({ errorCode: 'bad.request' }, { limit: 10, offset: 0 })).map(
        (e) => e.idempotencyKey,
      ),
    ).toEqual(['a']);
    expect(
      await outbox.listDead({ eventType: 'custom.other.x.y' }, { limit: 10, offset: 0 }),
    ).toEqual([]);
    expect(await outbox.replayDead({ id: results[0].event.id }, 4_000, 4_000 + HOUR)).toBe(1);
    expect(await outbox.replayDead({ id: results[0].event.id }, 4_000, 4_000 + HOUR)).toBe(0);
    expect(await outbox.replayDead({}, 4_000, 4_000 + HOUR)).toBe(1);
    expect(outbox.backlog()).toBe(2);
    expect(await outbox.get(results[1].event.id)).toMatchObject({
      state: 'queued',
      deliverBy: 4_000 + HOUR,
    });
  });

  it('reports stats', async () => {
    const [a] = await Promise.all(['a', 'b'].map((k) => outbox.append(request(k, { now: 1_000 }))));
    await outbox.claimDue(1, 2_000);
    await outbox.markDelivered(a.event.id, 2_500);

    expect(await outbox.stats(5_000)).toEqual({
      queued: 1,
      delivering: 0,
      delivered: 1,
      dead: 0,
      deliveredLastHour: 1,
      oldestQueuedAgeMs: 4_000,
    });
  });

  it('forgets settled events past retention, never pending ones', async () => {
    const [a] = await Promise.all(['a', 'b'].map((k) => outbox.append(request(k, { now: 1_000 }))));
    await outbox.claimDue(1, 2_000);
    await outbox.markDelivered(a.event.id, 2_000);

    expect(await outbox.purgeExpired(5_000)).toBe(1);
    expect(await outbox.get(a.event.id)).toBeUndefined();
    expect((await outbox.append(request('a'))).kind).toBe('created');
    expect(outbox.backlog()).toBe(2);
  });

  it('reports a full disk as BACKLOG_FULL with Retry-After, and keeps the backlog count right', async () => {
    // SQLite's page cap makes the real SQLITE_FULL path reachable without filling a disk.
    const db = Reflect.get(outbox, 'db') as { pragma: (sql: string) => unknown };
    db.pragma('max_page_count = 8');
    const big = { ...event, data: { ...event.data, transaction_id: 'x'.repeat(3000) } };
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => outbox.append(request(`full-${i}`, { event: big }))),
    );
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');

    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0].reason).toMatchObject({
      code: 'BACKLOG_FULL',
      options: { retryAfterSec: 30 },
    });
    const stored = results.filter((r) => r.status === 'fulfilled').length;
    expect(outbox.backlog()).toBe(stored);
  });

  it('answers 503-class errors, not 2xx, when the store fails', async () => {
    await outbox.close();
    await expect(outbox.append(request('x'))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    outbox = open();
  });
});
