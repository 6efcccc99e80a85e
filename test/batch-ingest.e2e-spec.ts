import request from 'supertest';
import {
  ADMIN_TOKEN,
  eventually,
  legacyEvent,
  startGateway,
  type TestGateway,
} from './support/gateway';
import { mintToken } from './support/keys';

const cloudEvent = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  specversion: '1.0',
  id: `ce-${Math.random().toString(36).slice(2, 10)}`,
  source: '/erp/orders',
  type: 'com.acme.erp.order.created',
  time: '2026-11-28T10:15:00+02:00',
  datacontenttype: 'application/json',
  data: {
    transaction_id: `ORD-${Math.random().toString(36).slice(2, 8)}`,
    amount: 42.5,
    currency: 'EUR',
  },
  ...overrides,
});

describe('batch ingest and CloudEvents (e2e)', () => {
  let gw: TestGateway;
  let token: string;
  const post = (path: string, body: unknown, contentType = 'application/json') =>
    request(gw.server)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', contentType)
      .send(JSON.stringify(body));

  beforeAll(async () => {
    gw = await startGateway();
    token = mintToken(gw.keys);
  });
  afterAll(() => gw.destroy());

  it('answers one result per item, in request order; a bad item never rejects the others', async () => {
    const good = [legacyEvent({ transaction_id: 'b-1' }), legacyEvent({ transaction_id: 'b-3' })];
    const res = await post('/ingest/batch', [
      good[0],
      { ...legacyEvent(), currency: 'euro' },
      good[1],
    ]);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, replayed: 0, rejected: 1 });
    expect(
      res.body.results.map((r: { index: number; outcome: string }) => [r.index, r.outcome]),
    ).toEqual([
      [0, 'accepted'],
      [1, 'rejected'],
      [2, 'accepted'],
    ]);
    expect(res.body.results[1]).toMatchObject({
      status: 400,
      problem: { code: 'VALIDATION_FAILED', errors: [{ field: 'currency' }] },
    });
    expect(res.body.results[0].location).toBe(`/events/${res.body.results[0].id as string}`);
    expect(await eventually(() => gw.sandbox.events.length >= 2)).toBe(true);

    const again = await post('/ingest/batch', good);
    expect(again.body).toMatchObject({ accepted: 0, replayed: 2, rejected: 0 });
    expect(again.body.results[0].id).toBe(res.body.results[0].id);
  });

  it("keeps each event's body as the sender wrote it, and erases one without its neighbours", async () => {
    const admin = (path: string, method: 'get' | 'delete' = 'get') =>
      request(gw.server)[method](path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    const items = [
      legacyEvent({ transaction_id: 'rb-1', currency: 'EUR' }),
      { ...legacyEvent(), currency: 'euro' },
      legacyEvent({ transaction_id: 'rb-2', currency: 'USD' }),
    ];
    // Written by hand, as a legacy system might: indented, one item per line.
    const text = `[\n  ${items.map((item) => JSON.stringify(item)).join(',\n  ')}\n]`;
    const res = await request(gw.server)
      .post('/ingest/batch')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(text);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 1 });
    const [first, , third] = res.body.results as Array<{ id: string }>;

    expect((await admin(`/admin/events/${first.id}`)).body.received_body).toEqual(items[0]);
    expect((await admin(`/admin/events/${third.id}`)).body.received_body).toEqual(items[2]);

    expect((await admin(`/admin/events/${first.id}/body`, 'delete')).status).toBe(204);
    expect((await admin(`/admin/events/${first.id}`)).body.received_body).toBeNull();
    expect((await admin(`/admin/events/${third.id}`)).body.received_body).toEqual(items[2]);
  });

  it('takes CloudEvents: source + id is the idempotency key, type and time map onto the event', async () => {
    const first = cloudEvent({ id: 'ord-77', myextension: 'ignored' });
    const res = await post(
      '/ingest/batch',
      [first, cloudEvent({ time: undefined }), cloudEvent({ data: { amount: 1 } })],
      'application/cloudevents-batch+json',
    );

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'accepted',
      'rejected',
      'rejected',
    ]);
    expect(res.body.results[1].problem.errors).toEqual([
      expect.objectContaining({ field: 'time' }),
    ]);
    expect(res.body.results[2].problem.errors[0].field).toMatch(/^data\./);

    // The same CloudEvent, alone and structured, is a replay; with other data it is a conflict.
    const single = await post('/ingest', first, 'application/cloudevents+json');
    expect(single.status).toBe(202);
    expect(single.headers['idempotent-replayed']).toBe('true');
    expect(single.body.id).toBe(res.body.results[0].id);
    const changed = await post(
      '/ingest',
      { ...first, data: { ...(first.data as object), amount: 99 } },
      'application/cloudevents+json',
    );
    expect(changed.status).toBe(422);

    const id = res.body.results[0].id as string;
    expect(
      await eventually(() =>
        gw.sandbox.events.some(
          (e) =>
            (e.body as { data: { transaction_id: string } }).data.transaction_id ===
            (first.data as { transaction_id: string }).transaction_id,
        ),
      ),
    ).toBe(true);
    const status = await request(gw.server)
      .get(`/events/${id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(status.body).toMatchObject({ event_type: 'custom.legacy.order.created' });
  });

  it.each([
    ['an empty array', [], 'application/json', 400, 'VALIDATION_FAILED'],
    ['an object instead of an array', legacyEvent(), 'application/json', 400, 'VALIDATION_FAILED'],
    [
      '501 events',
      Array.from({ length: 501 }, () => legacyEvent()),
      'application/json',
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a single CloudEvent content type',
      [cloudEvent()],
      'application/cloudevents+json',
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ])('refuses %s as a whole', async (_name, body, contentType, status, code) => {
    const before = gw.sandbox.events.length;
    const res = await post('/ingest/batch', body, contentType);

    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gw.sandbox.events.length).toBe(before);
  });

  it('refuses an Idempotency-Key on a batch, a batch type on /ingest, and other methods', async () => {
    const keyed = await request(gw.server)
      .post('/ingest/batch')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'k-1')
      .send([legacyEvent()]);
    const wrongRoute = await post('/ingest', [cloudEvent()], 'application/cloudevents-batch+json');
    const get = await request(gw.server).get('/ingest/batch');

    expect([keyed.status, wrongRoute.status, get.status]).toEqual([400, 415, 405]);
    expect(wrongRoute.body.detail).toMatch(/application\/cloudevents\+json/);
  });

  it('answers 503 + Retry-After for the whole batch when nothing could be stored', async () => {
    const full = await startGateway({ env: { OUTBOX_MAX_BACKLOG: '1' } });
    try {
      full.sandbox.outage = true;
      const fullToken = mintToken(full.keys);
      await request(full.server)
        .post('/ingest')
        .set('Authorization', `Bearer ${fullToken}`)
        .send(legacyEvent());
      const res = await request(full.server)
        .post('/ingest/batch')
        .set('Authorization', `Bearer ${fullToken}`)
        .send([legacyEvent(), legacyEvent()]);

      expect(res.status).toBe(503);
      expect(res.body.code).toBe('BACKLOG_FULL');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await full.destroy();
    }
  });
});
