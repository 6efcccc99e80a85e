import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { jsonArrayItems } from '../../common';
import type { AppendRequest, BodySpan } from '../outbox.types';
import { SqliteOutbox } from './sqlite-outbox';
import { appendRequest, HOUR_MS, STORED_EVENT } from '../../../test/support/outbox-fixtures';

const HOUR = HOUR_MS;
const event = STORED_EVENT;

describe(`${SqliteOutbox.name} (beyond the contract)`, () => {
  let dir: string;
  let outbox: SqliteOutbox;
  const open = (maxSizeMb = 0) =>
    SqliteOutbox.open({
      driver: 'sqlite',
      redis: { url: 'redis://unused', keyPrefix: 'unused', lockMs: 30_000 },
      dataDir: dir,
      synchronous: 'full',
      maxBacklog: 1000,
      maxSizeMb,
      idempotencyRetentionMs: 7 * 24 * HOUR,
      payloadRetentionMs: 7 * 24 * HOUR,
      redactFields: [],
    });
  const request = (key: string, overrides: Partial<AppendRequest> = {}): AppendRequest =>
    appendRequest(key, 1_000, overrides);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    outbox = await open();
  });
  afterEach(async () => {
    await outbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('erases the bodies of events accepted before PAYLOAD_RETENTION_HOURS, keeping the events', async () => {
    const old = await outbox.append(request('old', { now: 1_000, body: '{"a":1}' }));
    const recent = await outbox.append(request('recent', { now: 5_000, body: '{"a":2}' }));

    expect(await outbox.purgeBodies(3_000)).toBe(1);

    expect((await outbox.get(old.event.id))?.receivedBody).toBeUndefined();
    expect((await outbox.get(old.event.id))?.state).toBe('queued');
    expect((await outbox.get(recent.event.id))?.receivedBody).toBe('{"a":2}');
  });

  describe("a batch's bodies, given as its request's bytes", () => {
    /** The items of a batch as the HTTP thread hands them over: spans of the request's bytes. */
    const batch = (text: string): BodySpan[] => {
      const bytes = Buffer.from(text);
      return jsonArrayItems(bytes)!;
    };

    it('reads each event back as its bytes came', async () => {
      await outbox.append(request('seen', { body: '{"seen":1}' }));
      const [a, seen, b, c] = batch(
        '[ {"a": 42.50} ,{"seen":2},\n {"b":"x,]}\\""}, {"c":[1,{"d":"é"}]} ]',
      );
      const results = await outbox.appendAll([
        request('a', { body: a }),
        request('seen', { body: seen }),
        request('b', { body: b }),
        request('c', { body: c }),
      ]);
      expect(results.map((r) => r.kind)).toEqual(['created', 'replayed', 'created', 'created']);

      const bodies = await Promise.all(
        results.map(async (r) => (await outbox.get(r.event.id))?.receivedBody),
      );
      // The replayed item keeps the body its first request stored.
      expect(bodies).toEqual([
        '{"a": 42.50}',
        '{"seen":1}',
        '{"b":"x,]}\\""}',
        '{"c":[1,{"d":"é"}]}',
      ]);
    });

    it('reads a single event back as its bytes came (sent as text, not as bytes)', async () => {
      const bytes = Buffer.from('\uFEFF{ "one" : 1.50 }');
      const [result] = await outbox.appendAll([
        request('one', { body: { bytes, start: 3, end: bytes.length } }),
      ]);

      expect((await outbox.get(result.event.id))?.receivedBody).toBe('{ "one" : 1.50 }');
    });

    it("erases one event's body on request and leaves the others of its request", async () => {
      const [a, b] = batch('[{"a":1},{"b":2}]');
      const [first, second] = await outbox.appendAll([
        request('a', { body: a }),
        request('b', { body: b }),
      ]);

      expect(await outbox.eraseBody(first.event.id)).toBe(true);
      expect(await outbox.eraseBody(first.event.id)).toBe(false);

      expect((await outbox.get(first.event.id))?.receivedBody).toBeUndefined();
      expect((await outbox.get(second.event.id))?.receivedBody).toBe('{"b":2}');
    });

    it('erases them too once they are older than PAYLOAD_RETENTION_HOURS', async () => {
      const old = batch('[{"old":1},{"old":2}]');
      const recent = batch('[{"recent":1}]');
      const [oldEvent] = await outbox.appendAll(
        old.map((body, i) => request(`old-${i}`, { now: 1_000, body })),
      );
      const [recentEvent] = await outbox.appendAll([
        request('recent', { now: 5_000, body: recent[0] }),
      ]);

      expect(await outbox.purgeBodies(3_000)).toBe(2);

      expect((await outbox.get(oldEvent.event.id))?.receivedBody).toBeUndefined();
      expect((await outbox.get(recentEvent.event.id))?.receivedBody).toBe('{"recent":1}');
    });
  });

  it('refuses any change or deletion of the audit log, even straight in the file', async () => {
    await outbox.appendAudit({ at: 1, actor: 'admin', action: 'replay', detail: { replayed: 1 } });
    await outbox.close();
    const db = new Database(join(dir, 'outbox.sqlite'));
    try {
      expect(() => db.prepare(`UPDATE audit SET actor = 'someone else'`).run()).toThrow(
        'append-only',
      );
      expect(() => db.prepare('DELETE FROM audit').run()).toThrow('append-only');
    } finally {
      db.close();
    }
    outbox = await open();
    expect((await outbox.listAudit({ limit: 10 })).items).toMatchObject([{ actor: 'admin' }]);
  });

  it('refuses a second process on the same file (claims are per process)', async () => {
    await outbox.append(request('k'));

    await expect(open()).rejects.toThrow(/locked by another gateway process/);
  });

  it('makes claimed-but-unacknowledged events due again after a restart, with their key', async () => {
    const { event: stored } = await outbox.append(request('crash-key'));
    await outbox.claimDue(1, 2_000);
    await outbox.close();
    outbox = await open();

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

  it('stores a batch in one commit, in order, with time-ordered ids and in-batch replays', async () => {
    const results = await outbox.appendAll([
      request('a'),
      request('b'),
      request('a'),
      request('b', { fingerprint: 'fp-2' }),
    ]);

    expect(results.map((r) => r.kind)).toEqual(['created', 'created', 'replayed', 'conflict']);
    expect(results[2].event.id).toBe(results[0].event.id);
    expect(results[0].event.id < results[1].event.id).toBe(true);
    expect(results[0].event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(outbox.backlog()).toBe(2);
  });

  it('answers 503 BACKLOG_FULL with Retry-After past OUTBOX_MAX_SIZE_MB, and keeps the count right', async () => {
    await outbox.close();
    outbox = await open(1);
    // 40 KiB events: about 25 fit in 1 MiB.
    const big = { ...event, data: { ...event.data, transaction_id: 'x'.repeat(40_000) } };
    let stored = 0;
    let refusal: unknown;
    while (refusal === undefined && stored < 100) {
      await outbox.append(request(`full-${stored}`, { event: big })).then(
        () => (stored += 1),
        (error: unknown) => (refusal = error),
      );
    }

    expect(refusal).toMatchObject({ code: 'BACKLOG_FULL', options: { retryAfterSec: 30 } });
    expect(stored).toBeGreaterThan(10);
    expect(outbox.backlog()).toBe(stored);
    expect((await outbox.stats(2_000)).queued).toBe(stored);
  });

  it('still finds, by their idempotency key, events stored by a release before dedupe_key', async () => {
    await outbox.close();
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    writeFirstReleaseFile(join(dir, 'outbox.sqlite'), {
      id: 'old-1',
      idempotency_key: 'uuid-from-0.1',
      fingerprint: 'fp-1',
    });
    outbox = await open();

    const results = await outbox.appendAll([
      request('uuid-from-0.1', {
        dedupeKey: '["tx","2026-11-28T08:15:00Z","tx-1","order.created"]',
      }),
      request('uuid-from-0.1', { dedupeKey: 'another-shape', fingerprint: 'fp-2' }),
      request('new', { dedupeKey: '["tx","2026-11-28T08:15:01Z","tx-2","order.created"]' }),
      request('new', { dedupeKey: '["tx","2026-11-28T08:15:01Z","tx-2","order.created"]' }),
    ]);

    expect(results.map((r) => [r.kind, r.event.id === 'old-1'])).toEqual([
      ['replayed', true],
      ['conflict', true],
      ['created', false],
      ['replayed', false],
    ]);
    expect(results[3].event.id).toBe(results[2].event.id);
    expect(outbox.backlog()).toBe(2);
  });

  it('answers 503 STORE_UNAVAILABLE (readiness fails) once the store thread is gone', async () => {
    await (Reflect.get(outbox, 'worker') as Worker).terminate();

    await expect(outbox.append(request('after'))).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
    });
    await expect(outbox.ping()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

/** An outbox file as the first release wrote it: no dedupe_key, no request_id, one stored event. */
function writeFirstReleaseFile(
  file: string,
  row: { id: string; idempotency_key: string; fingerprint: string },
): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE events (
    id TEXT PRIMARY KEY, issuer TEXT NOT NULL, idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL, event_type TEXT NOT NULL, payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'delivering', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL, deliver_by INTEGER NOT NULL, delivered_at INTEGER,
    error_code TEXT, last_error TEXT, UNIQUE (issuer, idempotency_key))`);
  db.prepare(
    `INSERT INTO events (id, issuer, idempotency_key, fingerprint, event_type, payload, state,
       created_at, updated_at, next_attempt_at, deliver_by)
     VALUES (@id, 'erp', @idempotency_key, @fingerprint, @type, @payload, 'queued', 1, 1, 1, @deliverBy)`,
  ).run({
    ...row,
    type: STORED_EVENT.eventType,
    payload: JSON.stringify(STORED_EVENT),
    deliverBy: 24 * HOUR,
  });
  db.close();
}
