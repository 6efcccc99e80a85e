import { createPublicKey, createSign } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import {
  b64url,
  claims,
  es256DerSigned,
  hs256WithSecret,
  rsaKey,
  unsignedToken,
} from './support/forge';
import { generateTestKeys, mintToken } from './support/keys';
import { eventually, legacyEvent, startGateway, type TestGateway } from './support/gateway';
import { movableClock } from './support/clock';

describe('authentication (e2e): only ES256 tokens from the configured issuer and audience', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.destroy());

  const ingestWith = (authorization: string | undefined) => {
    const req = request(gw.server).post('/ingest').send(legacyEvent());
    return authorization === undefined ? req : req.set('Authorization', authorization);
  };

  it('accepts a valid token', async () => {
    // Wait for delivery, so this event cannot land during the next tests' "nothing published" checks.
    const res = await ingestWith(`Bearer ${mintToken(gw.keys)}`).set('Prefer', 'wait=5');

    expect(res.status).toBe(200);
  });

  it('401 AUTH_MISSING_TOKEN without an Authorization header', async () => {
    const res = await ingestWith(undefined);

    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH_MISSING_TOKEN');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  const attacks: Array<[string, () => string]> = [
    ['alg none', () => unsignedToken({ alg: 'none', typ: 'JWT' }, claims())],
    ['alg None', () => unsignedToken({ alg: 'None', typ: 'JWT' }, claims())],
    ['HS256 signed with the public key PEM', () => hs256WithSecret(claims(), gw.keys.publicPem)],
    ['ES256 from another key', () => mintToken(generateTestKeys())],
    ['RS256', () => sign(claims(), rsaKey(), { algorithm: 'RS256' })],
    ['expired', () => mintToken(gw.keys, { expiresIn: -120 })],
    ['not yet valid (nbf in 5 minutes)', () => mintToken(gw.keys, { notBefore: 300 })],
    ['wrong issuer', () => mintToken(gw.keys, { issuer: 'intruder' })],
    ['wrong audience', () => mintToken(gw.keys, { audience: 'another-service' })],
    [
      'no expiry',
      () => sign(claims({ exp: undefined }), gw.keys.privateKey, { algorithm: 'ES256' }),
    ],
    [
      'no issuer',
      () => sign(claims({ iss: undefined }), gw.keys.privateKey, { algorithm: 'ES256' }),
    ],
    [
      'tampered payload',
      () => {
        const [h, , s] = mintToken(gw.keys).split('.');
        return `${h}.${Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url')}.${s}`;
      },
    ],
    ['DER-encoded ES256 signature', () => es256DerSigned(claims(), gw.keys.privateKey)],
    [
      'all-zero signature',
      () =>
        `${mintToken(gw.keys).split('.').slice(0, 2).join('.')}.${Buffer.alloc(64).toString('base64url')}`,
    ],
    ['oversized token', () => mintToken(gw.keys, {}, { padding: 'x'.repeat(9000) })],
    ['garbage', () => 'not.a.jwt'],
    [
      'crit header naming an unknown extension',
      () =>
        sign(claims(), gw.keys.privateKey, {
          algorithm: 'ES256',
          header: { alg: 'ES256', crit: ['exp-ext'] },
        }),
    ],
    [
      'jku pointing elsewhere (attacker key)',
      () =>
        sign(claims(), generateTestKeys().privateKey, {
          algorithm: 'ES256',
          header: { alg: 'ES256', jku: 'http://127.0.0.1:1/jwks.json' },
        }),
    ],
    [
      'x5u pointing elsewhere (attacker key)',
      () =>
        sign(claims(), generateTestKeys().privateKey, {
          algorithm: 'ES256',
          header: { alg: 'ES256', x5u: 'http://127.0.0.1:1/cert.pem' },
        }),
    ],
    [
      'embedded jwk of the attacker key',
      () => {
        const attacker = generateTestKeys();
        const jwk = createPublicKey(attacker.publicPem).export({ format: 'jwk' });
        return sign(claims(), attacker.privateKey, {
          algorithm: 'ES256',
          header: { alg: 'ES256', jwk } as never,
        });
      },
    ],
    ['alg NONE', () => unsignedToken({ alg: 'NONE', typ: 'JWT' }, claims())],
    [
      'HS256 signed with the public key as JWK JSON',
      () =>
        hs256WithSecret(
          claims(),
          JSON.stringify(createPublicKey(gw.keys.publicPem).export({ format: 'jwk' })),
        ),
    ],
    [
      'HS256 signed with the public key DER bytes',
      () =>
        hs256WithSecret(
          claims(),
          createPublicKey(gw.keys.publicPem).export({ type: 'spki', format: 'der' }),
        ),
    ],
    [
      'audience array with a foreign co-audience',
      () => signed(claims({ aud: ['genesys-event-gateway-test', 'billing-api'] })),
    ],
    ['audience array without ours', () => signed(claims({ aud: ['billing-api'] }))],
    ['empty audience array', () => signed(claims({ aud: [] }))],
    [
      'issued in the future (iat in 10 minutes)',
      () => signed(claims({ iat: now() + 600, exp: now() + 900 })),
    ],
    ['iat not a number', () => signRaw(JSON.stringify(claims({ iat: 'yesterday' })))],
    [
      'duplicate alg in the header (ES256 then none)',
      () => {
        const [, p, sig] = mintToken(gw.keys).split('.');
        return `${b64url('{"alg":"ES256","typ":"JWT","alg":"none"}')}.${p}.${sig}`;
      },
    ],
    [
      'duplicate iss in the payload (correctly signed)',
      () =>
        signRaw(
          `{"iss":"intruder","aud":"genesys-event-gateway-test","exp":${now() + 300},"iss":"erp-test"}`,
        ),
    ],
    [
      'non-JSON header segment',
      () => `${b64url('not json')}.${b64url(JSON.stringify(claims()))}.sig`,
    ],
    ['non-JSON payload segment', () => signRaw('not json at all')],
    ['JSON array as payload', () => signRaw('["erp-test"]')],
    ['two segments only', () => mintToken(gw.keys).split('.').slice(0, 2).join('.')],
    [
      'kid with SQL metacharacters (attacker key)',
      () =>
        sign(claims(), generateTestKeys().privateKey, {
          algorithm: 'ES256',
          keyid: "x' OR '1'='1'; DROP TABLE keys; --",
        }),
    ],
    [
      'kid with path traversal (attacker key)',
      () =>
        sign(claims(), generateTestKeys().privateKey, {
          algorithm: 'ES256',
          keyid: '../../../../dev/null',
        }),
    ],
  ];

  const now = () => Math.floor(Date.now() / 1000);
  const signed = (payload: Record<string, unknown>) =>
    sign(payload, gw.keys.privateKey, { algorithm: 'ES256' });
  /** A valid ES256 signature over a payload text that jsonwebtoken's sign() would not produce. */
  function signRaw(payloadJson: string): string {
    const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }))}.${b64url(payloadJson)}`;
    const signature = createSign('SHA256')
      .update(input)
      .sign({ key: gw.keys.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }

  it('accepts an audience array that names only us', async () => {
    const before = gw.sandbox.events.length;
    const res = await ingestWith(
      `Bearer ${signed(claims({ aud: ['genesys-event-gateway-test'] }))}`,
    );
    expect(res.status).toBe(202);
    // Let it be delivered now, so it cannot land inside the next test's "nothing published" window.
    expect(await eventually(() => gw.sandbox.events.length > before)).toBe(true);
  });

  it.each(attacks)('401 for %s, and nothing is published', async (_name, forge) => {
    const before = gw.sandbox.events.length;
    const token = forge();
    const res = await ingestWith(`Bearer ${token}`);

    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(['AUTH_INVALID_TOKEN', 'AUTH_MISSING_TOKEN']).toContain(res.body.code);
    // The answer never echoes the token or anything about the key.
    expect(res.text).not.toContain(token);
    for (const segment of token.split('.').filter((part) => part.length > 16)) {
      expect(res.text).not.toContain(segment);
    }
    expect(res.text).not.toMatch(/BEGIN|PUBLIC KEY|erp-test|genesys-event-gateway-test/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gw.sandbox.events.length).toBe(before);
  });

  it('says when a token expired, without details of the expected claims', async () => {
    const res = await ingestWith(`Bearer ${mintToken(gw.keys, { expiresIn: -120 })}`);

    expect(res.body.detail).toBe('The token has expired.');
  });

  it('401 for a non-Bearer scheme', async () => {
    const res = await ingestWith(`Basic ${Buffer.from('a:b').toString('base64')}`);

    expect(res.status).toBe(401);
  });

  it('tolerates small clock skew (token issued 10 s in the future)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = sign(claims({ iat: now + 10, nbf: now + 10 }), gw.keys.privateKey, {
      algorithm: 'ES256',
    });
    const res = await ingestWith(`Bearer ${token}`);

    expect(res.status).toBe(202);
  });

  it('health routes need no token; other routes do', async () => {
    expect((await request(gw.server).get('/health/live')).status).toBe(200);
    expect((await request(gw.server).get('/health/ready')).status).toBe(200);
    expect(
      (await request(gw.server).get('/events/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(401);
  });

  it('legacy tokens never open the admin API', async () => {
    const res = await request(gw.server)
      .get('/admin/stats')
      .set('Authorization', `Bearer ${mintToken(gw.keys)}`);

    expect(res.status).toBe(401);
    expect(res.body.code).toBe('ADMIN_UNAUTHORIZED');
  });

  it('stops accepting a cached token once it expires', async () => {
    const strict = await startGateway({ env: { LEGACY_JWT_CLOCK_TOLERANCE_S: '0' } });
    try {
      const token = mintToken(strict.keys, { expiresIn: 2 });
      const send = () =>
        request(strict.server)
          .post('/ingest')
          .set('Authorization', `Bearer ${token}`)
          .send(legacyEvent());
      const clock = movableClock();
      let late: Awaited<ReturnType<typeof send>>;
      try {
        expect((await send()).status).toBe(202);
        expect((await send()).status).toBe(202);
        clock.advance(2_100);
        late = await send();
      } finally {
        clock.restore();
      }
      expect(late.status).toBe(401);
      expect(late.body.detail).toBe('The token has expired.');
    } finally {
      await strict.destroy();
    }
  });
});
