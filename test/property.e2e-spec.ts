import fc from 'fast-check';
import request from 'supertest';
import { mintToken } from './support/keys';
import { eventually, startGateway, type TestGateway } from './support/gateway';

/**
 * Property: whatever arrives at /ingest (random JSON, malformed text, near-valid events), the answer
 * is 2xx or 4xx, the process stays up, and every event that got a 2xx is published well-formed.
 */
describe('ingest under random input (property-based, fast-check)', () => {
  let gw: TestGateway;
  let token: string;
  const acceptedKeys = new Set<string>();

  beforeAll(async () => {
    gw = await startGateway();
    token = mintToken(gw.keys, { expiresIn: 600 });
  });
  afterAll(() => gw.destroy());

  const send = async (body: string): Promise<number> => {
    const res = await request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(body);
    if (res.status >= 200 && res.status < 300) {
      acceptedKeys.add((res.body as { idempotency_key: string }).idempotency_key);
    }
    return res.status;
  };
  const isClientOrSuccess = (status: number): boolean => status >= 200 && status < 500;

  /**
   * Each field is valid more often than not (weight 3 against 1), so that a run of 300 holds
   * valid events every time (~10 % each), not only by luck (~1 % each with even weights: a run
   * with none was seen).
   */
  const mostly = (valid: fc.Arbitrary<unknown>, ...others: Array<fc.Arbitrary<unknown>>) =>
    fc.oneof(
      { arbitrary: valid, weight: 3 },
      ...others.map((arbitrary) => ({ arbitrary, weight: 1 })),
    );
  const nearValidEvent = fc.record(
    {
      transaction_id: mostly(
        fc.stringMatching(/^tx-[a-z0-9]{1,12}$/),
        fc.string({ maxLength: 40 }),
        fc.integer(),
      ),
      event_type: mostly(
        fc.constantFrom(
          'order.created',
          'ORDER_SHIPPED',
          'invoice-paid',
          'RefundIssued',
          'order.line.added',
        ),
        fc.string({ maxLength: 30 }),
      ),
      amount: mostly(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double(),
        fc.string({ maxLength: 8 }),
        fc.constant(null),
      ),
      currency: mostly(
        fc.constantFrom('EUR', 'USD', 'JPY'),
        fc.constantFrom('eur', 'XYZ', 'EURO'),
        fc.string({ maxLength: 4 }),
      ),
      timestamp: mostly(
        fc
          .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc
          .date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc.integer({ min: -10, max: 4_102_444_800_000 }),
        fc.string({ maxLength: 30 }),
      ),
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: ['transaction_id', 'event_type', 'amount', 'currency', 'timestamp'] },
  );

  it('answers only 2xx or 4xx to arbitrary JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) =>
        isClientOrSuccess(await send(JSON.stringify(value))),
      ),
      { numRuns: 150 },
    );
  });

  it('answers only 2xx or 4xx to arbitrary text sent as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) =>
        isClientOrSuccess(await send(text)),
      ),
      { numRuns: 150 },
    );
  });

  it('answers only 2xx or 4xx to near-valid events, accepting some of them', async () => {
    await fc.assert(
      fc.asyncProperty(nearValidEvent, async (event) =>
        isClientOrSuccess(await send(JSON.stringify(event))),
      ),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        nearValidEvent.map(({ extra: _extra, ...rest }) => rest),
        async (event) => isClientOrSuccess(await send(JSON.stringify(event))),
      ),
      { numRuns: 300 },
    );
    expect(acceptedKeys.size).toBeGreaterThan(0);
  });

  it('publishes every accepted event, each well-formed, and is still alive', async () => {
    const published = () => new Set(gw.sandbox.events.map((e) => e.idempotencyKey));
    expect(await eventually(() => [...acceptedKeys].every((k) => published().has(k)), 20_000)).toBe(
      true,
    );

    for (const { body } of gw.sandbox.events) {
      expect(body).toEqual({
        eventType: expect.stringMatching(/^custom\.legacy\.[a-z][a-z0-9]*\.[a-z0-9_]+$/),
        eventTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/),
        source: { system: 'legacy-ordering-platform', version: '2.1.0' },
        data: {
          transaction_id: expect.stringMatching(/^[\x21-\x7E]{1,128}$/),
          amount: expect.any(Number),
          currency: expect.stringMatching(/^[A-Z]{3}$/),
          original_type: expect.any(String),
        },
      });
      expect(Number.isFinite((body as { data: { amount: number } }).data.amount)).toBe(true);
    }
    expect((await request(gw.server).get('/health/live')).status).toBe(200);
  });
});
