import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppendRequest } from '../outbox.types';
import { SqliteOutbox } from './sqlite-outbox';
import { HOUR_MS, STORED_EVENT } from '../../../test/support/outbox-fixtures';

const HOUR = HOUR_MS;
const event = STORED_EVENT;

describe(`${SqliteOutbox.name} (beyond the contract)`, () => {
  let dir: string;
  let outbox: SqliteOutbox;
  const open = () =>
    new SqliteOutbox({
      driver: 'sqlite',
      redis: { url: 'redis://unused', keyPrefix: 'unused', lockMs: 30_000 },
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

  it('forgets the idempotency key together with the purged event', async () => {
    const { event: a } = await outbox.append(request('a', { now: 1_000 }));
    await outbox.claimDue(1, 2_000);
    await outbox.markDelivered(a.id, 2_000);

    expect(await outbox.purgeExpired(5_000)).toBe(1);
    expect((await outbox.append(request('a'))).kind).toBe('created');
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
});
