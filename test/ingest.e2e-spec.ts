import request from 'supertest';
import { ISSUER, mintToken } from './support/keys';
import { eventually, legacyEvent, startGateway, type TestGateway } from './support/gateway';

describe('POST /ingest (e2e, real app + sandbox + SQLite)', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startGateway();
    token = mintToken(gw.keys);
  });
  afterAll(() => gw.destroy());
  beforeEach(() => gw.sandbox.reset());

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .set(headers)
      .send(body as object);

  it('answers 202 after storing, then publishes the exact mapped body and headers', async () => {
    const res = await post(legacyEvent({ transaction_id: 'tx-1001' }));

    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      status: 'accepted',
      state: 'queued',
      id: expect.any(String),
      idempotency_key: expect.any(String),
    });
    expect(res.headers.location).toBe(`/events/${res.body.id}`);
    expect(await eventually(() => gw.sandbox.events.length === 1)).toBe(true);
    const [published] = gw.sandbox.events;
    expect(published.path).toBe('/api/v2/eventbridge/events');
    expect(published.contentType).toMatch(/^application\/json/);
    expect(published.idempotencyKey).toBe(res.body.idempotency_key);
    expect(published.body).toEqual({
      eventType: 'custom.legacy.order.created',
      eventTime: '2026-11-28T08:15:00Z',
      source: { system: 'legacy-ordering-platform', version: '2.1.0' },
      data: {
        transaction_id: 'tx-1001',
        amount: 129.5,
        currency: 'EUR',
        original_type: 'order.created',
      },
    });
  });

  it('answers 200 once Genesys accepted when the caller sends Prefer: wait', async () => {
    const res = await post(legacyEvent(), { Prefer: 'wait=10' });

    expect(res.status).toBe(200);
    expect(res.body.state).toBe('delivered');
    expect(res.body.status).toBe('accepted');
    expect(res.headers['preference-applied']).toBe('wait=10');
    expect(gw.sandbox.events).toHaveLength(1);
  });

  it('answers 202 under Prefer: wait when delivery is still pending at the deadline', async () => {
    gw.sandbox.latencyMs = 1500;
    const res = await post(legacyEvent(), { Prefer: 'wait=1' });

    expect(res.status).toBe(202);
    expect(res.body.state).toMatch(/queued|delivering/);
    expect(await eventually(() => gw.sandbox.events.length === 1)).toBe(true);
  });

  it('derives a stable key: a plain re-POST of the same event is a replay, delivered once', async () => {
    const event = legacyEvent();
    const first = await post(event, { Prefer: 'wait=5' });
    // Same instant written in another zone: still the same business event.
    const second = await post({ ...event, timestamp: '2026-11-28T08:15:00Z' });

    expect(first.status).toBe(200);
    expect(second.status).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.idempotency_key).toBe(first.body.idempotency_key);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gw.sandbox.events).toHaveLength(1);
  });

  it('uses the Idempotency-Key header when present and sends it to Genesys', async () => {
    const res = await post(legacyEvent(), {
      'Idempotency-Key': '"order-42-created"',
      Prefer: 'wait=5',
    });

    expect(res.status).toBe(200);
    expect(res.body.idempotency_key).toBe('order-42-created');
    expect(gw.sandbox.events[0].idempotencyKey).toBe('order-42-created');
  });

  it('answers 422 when a header key is reused with a different payload, and publishes nothing new', async () => {
    const key = { 'Idempotency-Key': 'reused-key-1' };
    const first = await post(legacyEvent({ amount: 1 }), key);
    const second = await post(legacyEvent({ amount: 2 }), key);

    expect(first.status).toBe(202);
    expect(second.status).toBe(422);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventually(() => gw.sandbox.events.length >= 1)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      gw.sandbox.events.map((e) => (e.body as { data: { amount: number } }).data.amount),
    ).toEqual([1]);
  });

  it('answers 409 to a repeat while the first request still waits under Prefer: wait', async () => {
    gw.sandbox.latencyMs = 800;
    const event = legacyEvent();
    const key = { 'Idempotency-Key': 'in-flight-key' };
    const first = post(event, { ...key, Prefer: 'wait=5' }).then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await post(event, key);

    expect(second.status).toBe(409);
    expect(second.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect((await first).status).toBe(200);
    expect(gw.sandbox.events).toHaveLength(1);
  });

  it('rejects an invalid Idempotency-Key header with 400 naming it', async () => {
    const res = await post(legacyEvent(), { 'Idempotency-Key': 'has space' });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('shows the delivery status to its issuer only', async () => {
    const accepted = await post(legacyEvent(), { Prefer: 'wait=5' });
    const mine = await request(gw.server)
      .get(`/events/${accepted.body.id}`)
      .set('Authorization', `Bearer ${token}`);
    const otherIssuer = mintToken(gw.keys, { issuer: 'someone-else' });

    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id: accepted.body.id,
      state: 'delivered',
      attempts: 1,
      event_type: 'custom.legacy.order.created',
    });
    // A token from another issuer fails auth altogether (the gateway trusts one issuer here).
    const theirs = await request(gw.server)
      .get(`/events/${accepted.body.id}`)
      .set('Authorization', `Bearer ${otherIssuer}`);
    expect(theirs.status).toBe(401);
    const unknown = await request(gw.server)
      .get('/events/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${token}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    expect(ISSUER).toBe('erp-test');
  });
});
