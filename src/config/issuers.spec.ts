import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from './parse-config';
import { PRODUCTION_ENV, problemsOf } from '../../test/support/config';

const pem = (curve = 'P-256') =>
  generateKeyPairSync('ec', { namedCurve: curve })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
const production = { ...PRODUCTION_ENV };

describe('issuers and their keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'issuers-'));
  const keysDir = join(dir, 'erp-keys');
  mkdirSync(keysDir);
  writeFileSync(join(keysDir, '2026-01.pem'), pem());
  writeFileSync(join(keysDir, '2026-07.pem'), pem());
  writeFileSync(join(keysDir, 'README.txt'), 'not a key');
  writeFileSync(join(dir, 'billing.pem'), pem() + pem());

  it('reads a YAML registry: keys from a directory (kid = file name) or a bundle, or a JWKS URL', () => {
    const file = join(dir, 'issuers.yaml');
    writeFileSync(
      file,
      [
        'issuers:',
        '  - issuer: erp-prod',
        '    audience: genesys-event-gateway',
        '    keys: [erp-keys]',
        '    sourceSystem: sap-erp',
        '    eventTypes: [order.created, order.*]',
        '    rateLimitPerMinute: 600',
        '  - issuer: billing',
        '    audience: genesys-event-gateway',
        '    keys: [billing.pem]',
        '  - issuer: crm',
        '    audience: crm-gateway',
        '    jwksUrl: https://crm.example/.well-known/jwks.json',
      ].join('\n'),
    );

    const { issuers } = parseConfig({ ...production, LEGACY_ISSUERS_FILE: file }).auth;

    expect(issuers).toMatchObject([
      {
        issuer: 'erp-prod',
        keys: { kind: 'static', keys: [{ kid: '2026-01' }, { kid: '2026-07' }] },
        sourceSystem: 'sap-erp',
        eventTypes: ['order.created', 'order.*'],
        rateLimitPerMinute: 600,
      },
      {
        issuer: 'billing',
        keys: { kind: 'static', keys: [{ kid: undefined }, { kid: undefined }] },
        sourceSystem: 'legacy-ordering-platform',
        eventTypes: undefined,
      },
      {
        issuer: 'crm',
        audience: 'crm-gateway',
        keys: { kind: 'jwks', url: 'https://crm.example/.well-known/jwks.json' },
      },
    ]);
  });

  it('reads a JSON registry too, and names every problem in it', () => {
    const file = join(dir, 'issuers.json');
    // Entries whose problems only the per-entry checks find (after the schema has passed).
    const entryProblems = [
      { issuer: 'a', audience: 'x', keys: ['billing.pem'], jwksUrl: 'https://a.example/jwks' },
      { issuer: 'b', audience: 'x', jwksUrl: 'http://b.example/jwks' },
      { issuer: 'c', audience: 'x', keys: ['missing.pem'] },
      { issuer: 'c', audience: 'x', keys: ['billing.pem'] },
    ];
    writeFileSync(
      file,
      JSON.stringify({
        issuers: [
          ...entryProblems,
          {
            issuer: 'd',
            audience: 'x',
            keys: ['billing.pem'],
            eventTypes: ['DROP TABLE'],
            extra: 1,
          },
        ],
      }),
    );

    const problems = problemsOf({ ...production, LEGACY_ISSUERS_FILE: file });

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/issuers\[4\]\.eventTypes: eventTypes entries look like/),
        expect.stringMatching(/issuers\[4\]\.extra: property extra should not exist/),
      ]),
    );
    // Schema problems stop before the per-entry checks; fix them and the rest shows.
    writeFileSync(file, JSON.stringify({ issuers: entryProblems }));
    expect(problemsOf({ ...production, LEGACY_ISSUERS_FILE: file })).toEqual([
      'LEGACY_ISSUERS_FILE: issuers[0] (a): set exactly one of keys and jwksUrl',
      'LEGACY_ISSUERS_FILE: issuers[1] (b): a JWKS URL must use https (plain http only on loopback)',
      'LEGACY_ISSUERS_FILE: issuers[2] (c): cannot read a PEM public key from missing.pem',
      'LEGACY_ISSUERS_FILE: issuers[2] (c): no PEM public key found',
      'LEGACY_ISSUERS_FILE: issuers[3] (c): the issuer is listed twice',
    ]);
  });

  it('refuses the registry and the single-issuer variables together', () => {
    expect(
      problemsOf({
        ...production,
        LEGACY_ISSUERS_FILE: join(dir, 'issuers.yaml'),
        LEGACY_JWT_ISSUER: 'erp',
      }),
    ).toEqual([expect.stringMatching(/^LEGACY_ISSUERS_FILE: set it or LEGACY_JWT_ISSUER/)]);
  });

  it('takes a directory of keys, or a JWKS URL, for the single issuer', () => {
    const base = { ...production, LEGACY_JWT_ISSUER: 'erp', LEGACY_JWT_AUDIENCE: 'gw' };

    expect(
      parseConfig({ ...base, LEGACY_JWT_PUB_KEY_FILE: keysDir }).auth.issuers[0].keys,
    ).toMatchObject({ kind: 'static', keys: [{ kid: '2026-01' }, { kid: '2026-07' }] });
    expect(
      parseConfig({ ...base, LEGACY_JWKS_URL: 'http://127.0.0.1:9999/jwks.json' }).auth.issuers[0]
        .keys,
    ).toEqual({ kind: 'jwks', url: 'http://127.0.0.1:9999/jwks.json' });
    expect(
      problemsOf({
        ...base,
        LEGACY_JWKS_URL: 'https://erp.example/jwks',
        LEGACY_JWT_PUB_KEY: pem(),
      }),
    ).toEqual(['LEGACY_JWKS_URL / LEGACY_JWT_PUB_KEY: set one of them, not both']);
  });

  it('matches keys to algorithms: a P-384 key needs ES384', () => {
    const base = { ...production, LEGACY_JWT_ISSUER: 'erp', LEGACY_JWT_AUDIENCE: 'gw' };

    expect(problemsOf({ ...base, LEGACY_JWT_PUB_KEY: pem('P-384') })).toEqual([
      'LEGACY_JWT_PUB_KEY: key (unnamed) fits none of LEGACY_JWT_ALGORITHMS (ES256)',
    ]);
    expect(
      parseConfig({ ...base, LEGACY_JWT_PUB_KEY: pem('P-384'), LEGACY_JWT_ALGORITHMS: 'ES384' })
        .auth.algorithms,
    ).toEqual(['ES384']);
  });
});
