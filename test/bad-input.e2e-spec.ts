import request from 'supertest';
import { mintToken } from './support/keys';
import { legacyEvent, startGateway, type TestGateway } from './support/gateway';

describe('bad input (e2e): clear 4xx problem+json naming the field, never a 5xx', () => {
  let gw: TestGateway;
  let token: string;

  beforeAll(async () => {
    gw = await startGateway();
    token = mintToken(gw.keys);
  });
  afterAll(() => gw.destroy());

  const send = (body: string | object, contentType = 'application/json') =>
    request(gw.server)
      .post('/ingest')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', contentType)
      .send(body);

  const fieldCases: Array<[string, Record<string, unknown>, string]> = [
    ['missing transaction_id', { transaction_id: undefined }, 'transaction_id'],
    ['empty transaction_id', { transaction_id: '' }, 'transaction_id'],
    ['numeric transaction_id', { transaction_id: 42 }, 'transaction_id'],
    ['missing event_type', { event_type: undefined }, 'event_type'],
    ['unmappable event_type (one word)', { event_type: 'order' }, 'event_type'],
    ['unmappable event_type (symbols)', { event_type: 'order.cr$ated' }, 'event_type'],
    ['amount as string', { amount: '12.50' }, 'amount'],
    ['amount missing', { amount: undefined }, 'amount'],
    ['amount with 7 decimals', { amount: 1.0000001 }, 'amount'],
    ['amount in exponent form below a micro-unit', { amount: 1e-7 }, 'amount'],
    ['amount too large to keep cents', { amount: 1e16 }, 'amount'],
    ['currency lower case', { currency: 'eur' }, 'currency'],
    ['currency unknown', { currency: 'ABC' }, 'currency'],
    ['currency too long', { currency: 'EURO' }, 'currency'],
    ['timestamp missing', { timestamp: undefined }, 'timestamp'],
    ['timestamp free text', { timestamp: 'yesterday' }, 'timestamp'],
    ['timestamp without zone', { timestamp: '2026-11-28T10:15:00' }, 'timestamp'],
    ['timestamp impossible date', { timestamp: '2026-02-30T10:15:00Z' }, 'timestamp'],
    ['timestamp negative epoch', { timestamp: -5 }, 'timestamp'],
    ['timestamp boolean', { timestamp: true }, 'timestamp'],
    ['unknown field', { extra: 'x' }, 'extra'],
  ];

  it.each(fieldCases)('400 for %s', async (_name, overrides, field) => {
    const res = await send(legacyEvent(overrides));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      type: expect.stringContaining('validation-failed'),
    });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('400 for an amount that overflows to Infinity', async () => {
    const body = JSON.stringify(legacyEvent()).replace('129.5', '1e400');
    const res = await send(body);

    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('amount');
  });

  it.each([
    ['invalid JSON', '{"transaction_id": ', 'MALFORMED_JSON'],
    ['a JSON array', '[1,2,3]', 'VALIDATION_FAILED'],
    ['a JSON string', '"hello"', 'MALFORMED_JSON'],
    [
      'a prototype-pollution key',
      '{"__proto__":{"admin":true},"transaction_id":"x"}',
      'VALIDATION_FAILED',
    ],
    ['a nested constructor key', '{"a":{"constructor":{"prototype":{}}}}', 'VALIDATION_FAILED'],
  ])('400 for %s', async (_name, raw, code) => {
    const res = await send(raw);

    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });

  it('names the forbidden key', async () => {
    const res = await send('{"__proto__":{"admin":true}}');

    expect(res.body.errors).toEqual([{ field: '__proto__', message: '__proto__ is not allowed' }]);
  });

  it('413 for a body over 1 MiB', async () => {
    const res = await send(legacyEvent({ transaction_id: 'x'.repeat(1_100_000) }));

    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('415 for a non-JSON content type', async () => {
    const res = await send('transaction_id=1', 'application/x-www-form-urlencoded');

    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('405 with Allow for other methods on /ingest', async () => {
    for (const method of ['get', 'put', 'delete', 'patch'] as const) {
      const res = await request(gw.server)[method]('/ingest');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('404 problem+json for unknown routes (after auth)', async () => {
    const res = await request(gw.server).get('/nope').set('Authorization', `Bearer ${token}`);

    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('keeps serving valid events after all of the above', async () => {
    const res = await send(legacyEvent());

    expect(res.status).toBe(202);
  });
});
