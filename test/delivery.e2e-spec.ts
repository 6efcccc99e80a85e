import request from 'supertest';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { mintToken } from './support/keys';
import {
  ADMIN_TOKEN,
  eventually,
  legacyEvent,
  startGateway,
  startSandbox,
  type TestGateway,
  TEST_SANDBOX,
} from './support/gateway';

describe('delivery to Genesys (e2e): retries, dead letters, tokens', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startGateway({
      env: { GENESYS_RETRY_BUDGET_MS: '3000', REDACT_FIELDS: '/currency,/data/currency' },
    });
    token = mintToken(gw.keys);
  });
  afterAll(() => gw.destroy());
  beforeEach(() => gw.sandbox.reset());

  const post = (body: object, headers: Record<string, string> = {}) =>
    request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .set(headers)
      .send(body);
  const admin = (req: request.Test) => req.set('Authorization', `Bearer ${ADMIN_TOKEN}`);

  it('retries a 429 after its Retry-After, with the same idempotency key', async () => {
    gw.sandbox.script({ status: 429, retryAfter: '1' });
    const res = await post(legacyEvent(), { Prefer: 'wait=10' });

    expect(res.status).toBe(200);
    const [first, second] = gw.sandbox.attempts;
    expect(gw.sandbox.attempts.map((a) => a.status)).toEqual([429, 202]);
    expect(second.idempotencyKey).toBe(first.idempotencyKey);
    expect(second.idempotencyKey).toBe(res.body.idempotency_key);
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(gw.sandbox.events).toHaveLength(1);
  });

  it('keeps every attempt in the event’s history: time, duration, status, correlation id, decision', async () => {
    gw.sandbox.script({ status: 503 }, { status: 429, retryAfter: '1' });
    const res = await post(legacyEvent(), { Prefer: 'wait=10' });
    expect(res.status).toBe(200);

    const detail = await admin(request(gw.server).get(`/admin/events/${res.body.id}`));

    expect(detail.status).toBe(200);
    const answered = gw.sandbox.attempts;
    expect(detail.body.history).toEqual([
      expect.objectContaining({
        status: 503,
        code: 'service.unavailable',
        correlation_id: answered[0].correlationId,
        decision: 'retry',
        ambiguous: true,
        retry_at: expect.any(String),
      }),
      expect.objectContaining({
        status: 429,
        correlation_id: answered[1].correlationId,
        decision: 'retry',
        pause: 'rate-limited',
        // It re-sent the 503'd call, which Genesys may have taken.
        possible_duplicate: true,
      }),
      expect.objectContaining({
        status: 202,
        correlation_id: answered[2].correlationId,
        decision: 'delivered',
        batch_size: 1,
      }),
    ]);
    for (const [i, attempt] of (
      detail.body.history as Array<{ at: string; duration_ms: number }>
    ).entries()) {
      expect(Math.abs(Date.parse(attempt.at) - answered[i].at)).toBeLessThan(5_000);
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect(detail.body).toMatchObject({
      state: 'delivered',
      issuer: expect.any(String),
      request_id: expect.any(String),
      destination: { target: 'eventbridge' },
      request_body: { eventType: 'custom.legacy.order.created' },
    });
  });

  it('finds an event by the legacy transaction id, and dead letters say which transaction they were', async () => {
    gw.sandbox.script({ status: 400, code: 'bad.request', message: 'unknown attribute' });
    const dead = await post(legacyEvent({ transaction_id: 'SO-77001' }), { Prefer: 'wait=10' });
    const ok = await post(legacyEvent({ transaction_id: 'SO-77002' }), { Prefer: 'wait=10' });
    expect([dead.status, ok.status]).toEqual([502, 200]);

    const found = await admin(request(gw.server).get('/admin/events?ref=so-77001'));
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([
      expect.objectContaining({
        id: dead.body.id,
        state: 'dead',
        refs: [dead.body.idempotency_key, 'SO-77001'],
        last_error: expect.objectContaining({ code: 'bad.request' }),
      }),
    ]);
    const byKey = await admin(
      request(gw.server).get(`/admin/events?ref=${ok.body.idempotency_key}&state=delivered`),
    );
    expect(byKey.body.items.map((e: { id: string }) => e.id)).toEqual([ok.body.id]);
    const letters = await admin(request(gw.server).get('/admin/dead-letters'));
    expect(letters.body.items).toContainEqual(
      expect.objectContaining({ id: dead.body.id, refs: expect.arrayContaining(['SO-77001']) }),
    );
    const invalid = await admin(request(gw.server).get('/admin/events?state=lost&limit=0'));
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'limit',
      'state',
    ]);
  });

  it('shows the body as received, REDACT_FIELDS replaced, and erases it on request (audited)', async () => {
    const sent = legacyEvent({ transaction_id: 'SO-88001', currency: 'EUR' });
    const res = await post(sent, { Prefer: 'wait=10' });
    expect(res.status).toBe(200);

    const detail = await admin(request(gw.server).get(`/admin/events/${res.body.id}`));
    expect(detail.body.received_body).toEqual({ ...sent, currency: '[redacted]' });
    expect(JSON.stringify(detail.body)).not.toContain('"currency":"EUR"');

    const erase = await admin(request(gw.server).delete(`/admin/events/${res.body.id}/body`));
    expect(erase.status).toBe(204);
    const after = await admin(request(gw.server).get(`/admin/events/${res.body.id}`));
    expect(after.body).toMatchObject({ state: 'delivered', received_body: null });
    expect(after.body.history).toHaveLength(1);
    const again = await admin(request(gw.server).delete(`/admin/events/${res.body.id}/body`));
    expect(again.status).toBe(404);
    const audit = await admin(request(gw.server).get('/admin/audit?limit=1'));
    expect(audit.body.items[0]).toMatchObject({
      action: 'erase-body',
      detail: { id: res.body.id },
    });
  });

  it('answers 404 problem+json for an event it does not hold', async () => {
    const res = await admin(
      request(gw.server).get('/admin/events/0190f0f0-0000-7000-8000-000000000000'),
    );

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('retries a 503 with the same idempotency key', async () => {
    gw.sandbox.script({ status: 503 }, { status: 502 });
    const res = await post(legacyEvent(), { Prefer: 'wait=10' });

    expect(res.status).toBe(200);
    expect(gw.sandbox.attempts.map((a) => a.status)).toEqual([503, 502, 202]);
    expect(new Set(gw.sandbox.attempts.map((a) => a.idempotencyKey)).size).toBe(1);
  });

  it('does not retry a Genesys 400: dead letter at once, 502 with Genesys code and correlation id', async () => {
    gw.sandbox.script({ status: 400, code: 'bad.request', message: 'eventType is not registered' });
    const res = await post(legacyEvent(), { Prefer: 'wait=10' });

    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'DELIVERY_FAILED',
      genesys: {
        status: 400,
        code: 'bad.request',
        message: 'eventType is not registered',
        correlationId: expect.any(String),
      },
    });
    expect(gw.sandbox.attempts).toHaveLength(1);
    const status = await request(gw.server)
      .get(`/events/${res.body.id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(status.body).toMatchObject({
      state: 'dead',
      attempts: 1,
      last_error: { code: 'bad.request' },
    });
  });

  it('replays a dead letter after the cause is fixed, with its original key, delivering it once', async () => {
    gw.sandbox.script({ status: 400, code: 'bad.request', message: 'schema not registered yet' });
    const dead = await post(legacyEvent({ event_type: 'invoice.paid' }), { Prefer: 'wait=10' });
    expect(dead.status).toBe(502);

    const list = await admin(request(gw.server).get('/admin/dead-letters?error_code=bad.request'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(dead.body.id);

    const replay = await admin(
      request(gw.server).post(`/admin/dead-letters/${dead.body.id}/replay`),
    );
    expect(replay.status).toBe(202);
    expect(await eventually(() => gw.sandbox.events.length === 1)).toBe(true);
    expect(gw.sandbox.events[0].idempotencyKey).toBe(dead.body.idempotency_key);
    const again = await admin(
      request(gw.server).post(`/admin/dead-letters/${dead.body.id}/replay`),
    );
    expect(again.status).toBe(404);
    // Its history keeps Genesys' refusal next to the delivery that followed the replay.
    expect(
      await eventually(async () => {
        const detail = await admin(request(gw.server).get(`/admin/events/${dead.body.id}`));
        return detail.body.state === 'delivered';
      }),
    ).toBe(true);
    const detail = await admin(request(gw.server).get(`/admin/events/${dead.body.id}`));
    expect(detail.body.history).toEqual([
      expect.objectContaining({
        status: 400,
        code: 'bad.request',
        message: 'schema not registered yet',
        correlation_id: gw.sandbox.attempts[0].correlationId,
        decision: 'dead',
      }),
      expect.objectContaining({ status: 202, decision: 'delivered' }),
    ]);
  });

  it('replays dead letters in bulk by filter', async () => {
    gw.sandbox.script(
      { status: 422, code: 'invalid.value' },
      { status: 422, code: 'invalid.value' },
    );
    await post(legacyEvent({ event_type: 'refund.issued' }), { Prefer: 'wait=5' });
    await post(legacyEvent({ event_type: 'refund.issued' }), { Prefer: 'wait=5' });

    const replay = await admin(
      request(gw.server)
        .post('/admin/dead-letters/replay')
        .send({ event_type: 'custom.legacy.refund.issued' }),
    );
    expect(replay.body.replayed).toBe(2);
    expect(await eventually(() => gw.sandbox.events.length === 2)).toBe(true);

    // Who replayed what stays in the audit log, newest first.
    const audit = await admin(request(gw.server).get('/admin/audit?limit=1'));
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        actor: expect.stringMatching(/^admin@/),
        action: 'replay-filter',
        detail: { filter: { event_type: 'custom.legacy.refund.issued' }, replayed: 2 },
        request_id: replay.headers['x-request-id'],
      },
    ]);
    expect(audit.body.next_cursor).toBeDefined();
  });

  it('survives a Genesys outage of several retry rounds and delivers once when it recovers', async () => {
    gw.sandbox.outage = true;
    const res = await post(legacyEvent());
    expect(res.status).toBe(202);
    // Several worker rounds (each with in-call retries) fail, and the store records why...
    const status = async () =>
      (
        await request(gw.server)
          .get(`/events/${res.body.id}`)
          .set('Authorization', `Bearer ${token}`)
      ).body as { attempts: number; last_error?: unknown };
    expect(
      await eventually(async () => {
        const current = await status();
        return current.attempts >= 3 && current.last_error !== undefined;
      }, 20_000),
    ).toBe(true);
    expect((await status()).last_error).toMatchObject({ status: 503, code: 'service.unavailable' });
    // ...then Genesys comes back.
    gw.sandbox.outage = false;
    expect(await eventually(() => gw.sandbox.events.length === 1, 20_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gw.sandbox.events).toHaveLength(1);
    expect(new Set(gw.sandbox.attempts.map((a) => a.idempotencyKey)).size).toBe(1);
    const after = await request(gw.server)
      .get(`/events/${res.body.id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(after.body.state).toBe('delivered');
    expect(after.body.attempts).toBeGreaterThan(1);
  });

  it('uses one token for many events', async () => {
    const before = gw.sandbox.tokenRequests.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post(legacyEvent(), { Prefer: 'wait=10' })),
    );

    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(gw.sandbox.tokenRequests.length - before).toBeLessThanOrEqual(1);
  });

  it('refetches the token once after Genesys answers 401, and sends no scope', async () => {
    await post(legacyEvent(), { Prefer: 'wait=10' });
    gw.sandbox.revokeTokens();
    gw.sandbox.tokenRequests.length = 0;
    const res = await post(legacyEvent(), { Prefer: 'wait=10' });

    expect(res.status).toBe(200);
    expect(gw.sandbox.attempts.slice(-2).map((a) => a.status)).toEqual([401, 202]);
    expect(gw.sandbox.tokenRequests).toHaveLength(1);
    expect(gw.sandbox.tokenRequests[0].body).toBe('grant_type=client_credentials');
  });
});

describe('delivery (e2e): token expiry and network errors', () => {
  it('fetches a new token when the cached one reaches its lifetime', async () => {
    const sandbox = await startSandbox(1);
    const gw = await startGateway({ sandbox });
    try {
      const token = mintToken(gw.keys);
      const send = () =>
        request(gw.server)
          .post('/ingest')
          .set('Authorization', `Bearer ${token}`)
          .set('Prefer', 'wait=5')
          .send(legacyEvent());
      expect((await send()).status).toBe(200);
      // Counted from here: the start-up check may already have fetched (and outlived) a token.
      const afterFirst = sandbox.tokenRequests.length;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await send()).status).toBe(200);

      expect(sandbox.tokenRequests.length - afterFirst).toBe(1);
      expect(sandbox.attempts.every((a) => a.status === 202)).toBe(true);
    } finally {
      await gw.destroy();
      await sandbox.stop();
    }
  });

  it('retries network errors: Genesys unreachable, then back on the same address', async () => {
    const sandbox = await startSandbox();
    const port = Number(new URL(sandbox.url).port);
    const loginPort = Number(new URL(sandbox.loginUrl).port);
    const gw = await startGateway({ sandbox, env: { GENESYS_RETRY_BUDGET_MS: '200' } });
    let revived: GenesysSandbox | undefined;
    try {
      await sandbox.stop();
      const res = await request(gw.server)
        .post('/ingest')
        .set('Authorization', `Bearer ${mintToken(gw.keys)}`)
        .send(legacyEvent());
      expect(res.status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const pending = await request(gw.server)
        .get(`/events/${res.body.id}`)
        .set('Authorization', `Bearer ${mintToken(gw.keys)}`);
      expect(pending.body.state).not.toBe('delivered');
      expect(pending.body.last_error.code).toBe('ECONNREFUSED');

      revived = await GenesysSandbox.start({ ...TEST_SANDBOX, port, loginPort });
      const live = revived;
      expect(await eventually(() => live.events.length === 1, 15_000)).toBe(true);
      expect(live.events[0].idempotencyKey).toBe(res.body.idempotency_key);
    } finally {
      await gw.destroy();
      await revived?.stop();
    }
  });
});
