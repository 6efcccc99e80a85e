import { createPublicKey, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { eventually, legacyEvent, startGateway, type TestGateway } from './support/gateway';
import { generateTestKeys, mintToken, type TestKeys } from './support/keys';

/** A JWKS endpoint the test controls: which keys it serves, and how often it was asked. */
class JwksServer {
  keys: Array<{ kid: string; key: KeyObject | string }> = [];
  fetches = 0;
  private readonly server: Server = createServer((_req, res) => {
    this.fetches += 1;
    const jwks = {
      keys: this.keys.map(({ kid, key }) => ({
        ...createPublicKey(key).export({ format: 'jwk' }),
        kid,
        alg: 'ES256',
        use: 'sig',
      })),
    };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const ingest = (gw: TestGateway, token: string, body = legacyEvent()) =>
  request(gw.server).post('/ingest').set('Authorization', `Bearer ${token}`).send(body);

describe('key rotation through a JWKS endpoint (e2e)', () => {
  const jwks = new JwksServer();
  const first = generateTestKeys();
  const second = generateTestKeys();
  let gw: TestGateway;

  beforeAll(async () => {
    jwks.keys = [{ kid: 'k1', key: first.publicPem }];
    gw = await startGateway({
      env: { LEGACY_JWT_PUB_KEY: '', LEGACY_JWKS_URL: await jwks.start() },
    });
  });
  afterAll(async () => {
    await gw.destroy();
    await jwks.stop();
  });

  it('accepts the published key, picks up a new one without a restart, refetches rate-limited', async () => {
    expect((await ingest(gw, mintToken(first, { keyid: 'k1' }))).status).toBe(202);
    const afterFirst = jwks.fetches;
    expect(afterFirst).toBe(1);
    // Cached: the same key again costs no fetch.
    expect((await ingest(gw, mintToken(first, { keyid: 'k1', subject: 'again' }))).status).toBe(
      202,
    );
    expect(jwks.fetches).toBe(afterFirst);

    // The legacy system rotates: k2 is published, k1 withdrawn.
    jwks.keys = [{ kid: 'k2', key: second.publicPem }];
    expect((await ingest(gw, mintToken(second, { keyid: 'k2' }))).status).toBe(202);
    expect(jwks.fetches).toBe(afterFirst + 1);

    // A flood of unknown kids: every one refused, and the JWKS endpoint is not hammered.
    const attacker = generateTestKeys();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        ingest(gw, mintToken(attacker, { keyid: `forged-${i}` })),
      ),
    );
    expect(answers.every((res) => res.status === 401)).toBe(true);
    expect(jwks.fetches).toBeLessThanOrEqual(10);
    // A token signed by the right key but naming another kid still fails: the kid picks the key.
    expect((await ingest(gw, mintToken(first, { keyid: 'k2' }))).status).toBe(401);
  });
});

describe('an issuer registry with two legacy systems (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'issuers-e2e-'));
  const erpOld = generateTestKeys();
  const erpNew = generateTestKeys();
  const billing = generateTestKeys();
  let gw: TestGateway;
  const erp = (keys: TestKeys, overrides: Parameters<typeof mintToken>[1] = {}) =>
    mintToken(keys, { issuer: 'erp', audience: 'gateway-erp', ...overrides });
  const bill = (overrides: Parameters<typeof mintToken>[1] = {}) =>
    mintToken(billing, { issuer: 'billing', audience: 'gateway-billing', ...overrides });

  beforeAll(async () => {
    mkdirSync(join(dir, 'erp'));
    writeFileSync(join(dir, 'erp', '2026-01.pem'), erpOld.publicPem);
    writeFileSync(join(dir, 'erp', '2026-07.pem'), erpNew.publicPem);
    writeFileSync(join(dir, 'billing.pem'), billing.publicPem);
    writeFileSync(
      join(dir, 'issuers.yaml'),
      [
        'issuers:',
        '  - issuer: erp',
        '    audience: gateway-erp',
        '    keys: [erp]',
        '    sourceSystem: sap-erp',
        '    eventTypes: [order.*]',
        '    rateLimitPerMinute: 8',
        '  - issuer: billing',
        '    audience: gateway-billing',
        '    keys: [billing.pem]',
        '    sourceSystem: billing-mainframe',
        '    eventTypes: [invoice.paid, order.created]',
      ].join('\n'),
    );
    gw = await startGateway({
      env: {
        LEGACY_JWT_PUB_KEY: '',
        LEGACY_JWT_ISSUER: '',
        LEGACY_JWT_AUDIENCE: '',
        LEGACY_ISSUERS_FILE: join(dir, 'issuers.yaml'),
        LEGACY_JWT_MAX_LIFETIME_S: '900',
      },
    });
  });
  afterAll(async () => {
    await gw.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes each issuer's keys (by kid or by trial) and stamps the issuer's source on its events", async () => {
    const answers = [
      await ingest(gw, erp(erpNew, { keyid: '2026-07' }), legacyEvent({ transaction_id: 'erp-1' })),
      await ingest(gw, erp(erpOld), legacyEvent({ transaction_id: 'erp-2' })),
      await ingest(
        gw,
        bill(),
        legacyEvent({ transaction_id: 'bill-1', event_type: 'invoice.paid' }),
      ),
    ];
    expect(answers.map((res) => res.status)).toEqual([202, 202, 202]);
    expect(await eventually(() => gw.sandbox.events.length === 3)).toBe(true);

    const sourceOf = (tx: string) =>
      gw.sandbox.events
        .map((e) => e.body as { source: { system: string }; data: { transaction_id: string } })
        .find((body) => body.data.transaction_id === tx)?.source.system;
    expect([sourceOf('erp-1'), sourceOf('erp-2'), sourceOf('bill-1')]).toEqual([
      'sap-erp',
      'sap-erp',
      'billing-mainframe',
    ]);
  });

  it.each([
    [
      "erp's key with billing's issuer",
      () => mintToken(erpNew, { issuer: 'billing', audience: 'gateway-billing' }),
    ],
    ["erp's token for billing's audience", () => erp(erpNew, { audience: 'gateway-billing' })],
    ['a lifetime beyond LEGACY_JWT_MAX_LIFETIME_S', () => erp(erpNew, { expiresIn: 3600 })],
    ['no iat while a maximum lifetime is set', () => erp(erpNew, { noTimestamp: true })],
    [
      'an issuer not in the registry',
      () => mintToken(erpNew, { issuer: 'crm', audience: 'gateway-erp' }),
    ],
  ])('401 for %s', async (_name, forge) => {
    const res = await ingest(gw, forge());
    expect(res.status).toBe(401);
  });

  it("403 when an issuer sends another issuer's event type; nothing is stored or published", async () => {
    const before = gw.sandbox.events.length;
    const res = await ingest(gw, erp(erpNew), legacyEvent({ event_type: 'invoice.paid' }));

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'EVENT_TYPE_NOT_ALLOWED', event_type: 'invoice.paid' });
    expect(res.headers.location).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gw.sandbox.events.length).toBe(before);
  });

  it('never takes the source from the body', async () => {
    const res = await ingest(gw, bill(), { ...legacyEvent(), source: { system: 'sap-erp' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('source');
  });

  it('scopes idempotency keys and event lookups to the issuer', async () => {
    const send = (token: string) =>
      request(gw.server)
        .post('/ingest')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', 'shared-key-1')
        .send(legacyEvent({ event_type: 'order.created' }));
    const fromErp = await send(erp(erpNew));
    const fromBilling = await send(bill());

    expect([fromErp.status, fromBilling.status]).toEqual([202, 202]);
    expect(fromErp.body.id).not.toBe(fromBilling.body.id);
    const peek = await request(gw.server)
      .get(`/events/${fromErp.body.id as string}`)
      .set('Authorization', `Bearer ${bill()}`);
    expect(peek.status).toBe(404);
  });

  it('throttles a noisy issuer with 429 + Retry-After, and only that issuer', async () => {
    const answers = [];
    for (let i = 0; i < 10; i += 1) {
      answers.push(await ingest(gw, erp(erpNew), legacyEvent()));
    }
    const limited = answers.filter((res) => res.status === 429);

    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThan(0);
    expect(limited[0].headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await ingest(gw, bill(), legacyEvent())).status).toBe(202);
  });
});

describe('HTTP hardening (e2e)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.destroy());

  it('sends security headers and hides the framework', async () => {
    const res = await request(gw.server).get('/health/live');

    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses oversized headers with 431 before any work', async () => {
    const res = await request(gw.server)
      .post('/ingest')
      .set('X-Padding', 'x'.repeat(20_000))
      .send(legacyEvent());

    expect(res.status).toBe(431);
  });
});
