import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import {
  ADMIN_TOKEN,
  eventually,
  legacyEvent,
  startGateway,
  startSandbox,
  type TestGateway,
} from './support/gateway';
import { mintToken } from './support/keys';
import { deleteRedisKeys, TEST_REDIS_URL } from './support/redis';

/**
 * The console's API on the Redis driver with two replicas: a session from one works on the
 * other, and what either shows (events, overview, replay jobs, audit) is the shared state.
 */
describe('console across two Redis replicas', () => {
  const prefix = `geg-console-${randomUUID().slice(0, 8)}`;
  const env = {
    OUTBOX_DRIVER: 'redis',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    REDIS_LOCK_MS: '2000',
  };
  let sandbox: GenesysSandbox;
  let a: TestGateway;
  let b: TestGateway;
  let cookie: string;

  const ingest = (body: object) =>
    request(a.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${mintToken(a.keys)}`)
      .set('Prefer', 'wait=10')
      .send(body);
  const onB = (path: string) => request(b.server).get(path).set('Cookie', cookie);

  beforeAll(async () => {
    sandbox = await startSandbox();
    a = await startGateway({ sandbox, env });
    b = await startGateway({ sandbox, keys: a.keys, env });
    const signIn = await request(a.server).post('/console/session').send({ token: ADMIN_TOKEN });
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers['set-cookie'] as unknown as string[];
    expect(setCookie[0]).toMatch(/HttpOnly/);
    expect(setCookie[0]).toMatch(/SameSite=Strict/);
    expect(setCookie[0]).toMatch(/Expires=/);
    cookie = setCookie[0].split(';')[0];
  });

  afterAll(async () => {
    sandbox?.reset();
    await a?.destroy();
    await b?.destroy();
    await sandbox?.stop();
    await deleteRedisKeys(prefix);
  });

  it('finds on one replica what the other accepted, with the same session', async () => {
    const res = await ingest(legacyEvent({ transaction_id: 'SO-R1' }));
    expect(res.status).toBe(200);
    const found = await onB('/admin/events?ref=SO-R1');
    expect(found.status).toBe(200);
    expect(found.body.items.map((e: { id: string }) => e.id)).toEqual([res.body.id]);
    const detail = await onB(`/admin/events/${res.body.id}`);
    expect(detail.body).toMatchObject({
      state: 'delivered',
      refs: expect.arrayContaining(['SO-R1']),
    });
    expect(detail.body.history).toEqual([expect.objectContaining({ decision: 'delivered' })]);
  });

  it("shows both replicas' state in the overview, whichever serves it", async () => {
    let replicas: Array<{ replica: string; breaker: string; token: string }> = [];
    const both = await eventually(async () => {
      replicas = (await onB('/admin/overview')).body.replicas;
      return replicas.length === 2;
    }, 15_000);
    expect(both).toBe(true);
    expect(replicas).toEqual([
      expect.objectContaining({ breaker: 'closed' }),
      expect.objectContaining({ breaker: 'closed' }),
    ]);
    // Replica A delivered the event above with its token; B's own token state shows too.
    expect(replicas.map((r) => r.token)).toContain('valid');
  });

  it('starts a replay job on one replica, and shows and cancels it on the other', async () => {
    sandbox.script(
      { status: 400, code: 'bad.request', message: 'no such attribute' },
      { status: 400, code: 'bad.request', message: 'no such attribute' },
    );
    expect((await ingest(legacyEvent())).status).toBe(502);
    expect((await ingest(legacyEvent())).status).toBe(502);
    const groups = await onB('/admin/dead-letters/groups');
    expect(groups.body.groups).toContainEqual(
      expect.objectContaining({ error_code: 'bad.request', count: 2 }),
    );

    // Live events wait behind an outage: the job holds back rather than queue ahead of them.
    sandbox.script(...Array.from({ length: 5_000 }, () => ({ status: 503 })));
    const batch = await request(a.server)
      .post('/ingest/batch')
      .set('Authorization', `Bearer ${mintToken(a.keys)}`)
      .send(Array.from({ length: 250 }, () => legacyEvent()));
    expect(batch.status).toBe(200);

    const dry = await request(a.server)
      .post('/admin/replays')
      .set('Cookie', cookie)
      .set('X-Console-Request', '1')
      .send({ error_code: 'bad.request', dry_run: true });
    expect(dry.body).toEqual({ dry_run: true, count: 2 });
    const started = await request(a.server)
      .post('/admin/replays')
      .set('Cookie', cookie)
      .set('X-Console-Request', '1')
      .send({ error_code: 'bad.request' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'running', total: 2, replayed: 0 });

    const id = started.body.id as string;
    const waiting = await eventually(
      async () => (await onB(`/admin/replays/${id}`)).body.waiting_for_live_events === true,
    );
    expect(waiting).toBe(true);
    // Without the header, a cookie cannot change anything (a cross-site form could not send it).
    const forged = await request(b.server)
      .post(`/admin/replays/${id}/cancel`)
      .set('Cookie', cookie);
    expect(forged.status).toBe(401);
    const cancel = await request(b.server)
      .post(`/admin/replays/${id}/cancel`)
      .set('Cookie', cookie)
      .set('X-Console-Request', '1');
    expect(cancel.status).toBe(202);
    const cancelled = await eventually(
      async () =>
        (await request(a.server).get(`/admin/replays/${id}`).set('Cookie', cookie)).body.state ===
        'cancelled',
    );
    expect(cancelled).toBe(true);
    expect((await onB(`/admin/replays/${id}`)).body).toMatchObject({
      state: 'cancelled',
      replayed: 0,
    });

    const audit = await onB('/admin/audit');
    expect(audit.body.items.map((e: { action: string }) => e.action).slice(0, 3)).toEqual([
      'cancel',
      'replay-job',
      'sign-in',
    ]);
  }, 60_000);
});
