import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSandboxMode, parseConfig } from './parse-config';
import { resolveRegionDomain } from './regions';
import { PRODUCTION_ENV, problemsOf } from '../../test/support/config';

const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();
const production = {
  ...PRODUCTION_ENV,
  LEGACY_JWT_PUB_KEY: ecPem,
  LEGACY_JWT_ISSUER: 'erp',
  LEGACY_JWT_AUDIENCE: 'gateway',
};

describe(parseConfig.name, () => {
  it('builds the typed config with documented defaults', () => {
    const config = parseConfig(production);

    expect(config.sandbox).toBe(false);
    expect(config.server.port).toBe(8443);
    expect(config.genesys).toMatchObject({
      loginUrl: 'https://login.mypurecloud.ie',
      apiUrl: 'https://api.mypurecloud.ie',
      target: 'external-events',
      externalEvents: { configurationId: 'cfg-1', externalSourceId: 'erp' },
      batchMaxEvents: 100,
      eventsPath: '/api/v2/eventbridge/events',
      oauthScope: undefined,
      retryBudgetMs: 10_000,
    });
    expect(config.mapping).toEqual({
      vendor: 'legacy',
      sourceSystem: 'legacy-ordering-platform',
      sourceVersion: '2.1.0',
    });
    expect(config.auth).toMatchObject({
      algorithms: ['ES256'],
      clockToleranceSec: 30,
      maxTokenLifetimeSec: undefined,
    });
    expect(config.auth.issuers).toMatchObject([
      {
        issuer: 'erp',
        audience: 'gateway',
        keys: { kind: 'static', keys: [{ kid: undefined }] },
        sourceSystem: 'legacy-ordering-platform',
        eventTypes: undefined,
        rateLimitPerMinute: undefined,
      },
    ]);
    expect(config.outbox).toMatchObject({
      synchronous: 'full',
      maxSizeMb: 0,
      idempotencyRetentionMs: 7 * 24 * 3_600_000,
    });
    expect(config.delivery.maxAgeMs).toBe(24 * 3_600_000);
  });

  it.each([
    ['GENESYS_CLIENT_ID', { GENESYS_CLIENT_ID: undefined }],
    ['GENESYS_CLIENT_SECRET', { GENESYS_CLIENT_SECRET: undefined }],
    ['LEGACY_JWT_ISSUER', { LEGACY_JWT_ISSUER: undefined }],
    ['LEGACY_JWT_AUDIENCE', { LEGACY_JWT_AUDIENCE: '' }],
    ['LEGACY_JWT_PUB_KEY', { LEGACY_JWT_PUB_KEY: undefined }],
    ['LEGACY_JWT_PUB_KEY', { LEGACY_JWT_PUB_KEY: 'not a pem' }],
    ['PORT', { PORT: 'eighty' }],
    ['OUTBOX_MAX_SIZE_MB', { OUTBOX_MAX_SIZE_MB: '-1' }],
    ['PORT', { PORT: '70000' }],
    ['GENESYS_REGION', { GENESYS_REGION: 'mars_north_1' }],
    ['GENESYS_REGION', { GENESYS_REGION: undefined }],
    ['GENESYS_API_URL', { GENESYS_API_URL: 'not a url' }],
    ['EVENT_VENDOR', { EVENT_VENDOR: 'Bad Vendor' }],
    ['OUTBOX_SYNCHRONOUS', { OUTBOX_SYNCHRONOUS: 'off' }],
    ['ADMIN_TOKEN', { ADMIN_TOKEN: 'short' }],
  ])('stops start-up naming %s when it is missing or malformed', (name, overrides) => {
    const problems = problemsOf({ ...production, ...overrides });
    expect(problems.some((p) => p.includes(name))).toBe(true);
  });

  it('lists every valid region when the region is unknown', () => {
    const [problem] = problemsOf({ ...production, GENESYS_REGION: 'nowhere' });
    expect(problem).toContain('usw2.pure.cloud (us_west_2)');
  });

  it('reads REDACT_FIELDS as JSON pointers and keeps bodies no longer than keys', () => {
    const config = parseConfig({
      ...production,
      REDACT_FIELDS: '/customer/email, /a~1b/~0c',
      PAYLOAD_RETENTION_HOURS: '500',
      IDEMPOTENCY_RETENTION_HOURS: '48',
    });

    expect(config.outbox.redactFields).toEqual([
      ['customer', 'email'],
      ['a/b', '~c'],
    ]);
    expect(config.outbox.payloadRetentionMs).toBe(48 * 3_600_000);
    expect(parseConfig(production).outbox.payloadRetentionMs).toBe(168 * 3_600_000);
    expect(problemsOf({ ...production, REDACT_FIELDS: '/ok,email' })).toEqual([
      'REDACT_FIELDS: "email" is not a JSON pointer (like /customer/email)',
    ]);
  });

  it('refuses an RSA key: ES256 needs a P-256 key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    expect(problemsOf({ ...production, LEGACY_JWT_PUB_KEY: rsa })).toEqual([
      'LEGACY_JWT_PUB_KEY: key (unnamed) fits none of LEGACY_JWT_ALGORITHMS (ES256)',
    ]);
    expect(
      parseConfig({ ...production, LEGACY_JWT_PUB_KEY: rsa, LEGACY_JWT_ALGORITHMS: 'ES256,RS256' })
        .auth.algorithms,
    ).toEqual(['ES256', 'RS256']);
  });

  it.each(['HS256', 'none', 'ES256,HS512', 'RS256, none'])(
    'refuses LEGACY_JWT_ALGORITHMS=%s: HS* and none cannot be configured',
    (algorithms) => {
      expect(problemsOf({ ...production, LEGACY_JWT_ALGORITHMS: algorithms })).toEqual([
        expect.stringMatching(/^LEGACY_JWT_ALGORITHMS must be .*HS\* and none are never allowed/),
      ]);
    },
  );

  it('reads keys and secrets from *_FILE variables', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    writeFileSync(join(dir, 'key.pem'), ecPem);
    writeFileSync(join(dir, 'secret'), 'from-file\n');
    const config = parseConfig({
      ...production,
      LEGACY_JWT_PUB_KEY: undefined,
      LEGACY_JWT_PUB_KEY_FILE: join(dir, 'key.pem'),
      GENESYS_CLIENT_SECRET: undefined,
      GENESYS_CLIENT_SECRET_FILE: join(dir, 'secret'),
    });
    expect(config.genesys.clientSecret).toBe('from-file');
  });

  it('lets explicit URLs override the region', () => {
    const config = parseConfig({
      ...production,
      GENESYS_REGION: undefined,
      GENESYS_LOGIN_URL: 'http://127.0.0.1:9/',
      GENESYS_API_URL: 'http://127.0.0.1:9',
    });
    expect(config.genesys.loginUrl).toBe('http://127.0.0.1:9');
  });

  it('refuses sandbox mode in production', () => {
    const env = { ...production, GENESYS_CLIENT_ID: undefined, GENESYS_CLIENT_SECRET: undefined };
    expect(isSandboxMode(env)).toBe(true);
    expect(problemsOf(env).join('\n')).toContain('sandbox mode is refused in production');
  });

  it("accepts the tutorial's GENESYS_ENV as an alias for GENESYS_REGION, with a warning", () => {
    const config = parseConfig({
      ...production,
      GENESYS_REGION: undefined,
      GENESYS_ENV: 'us_west_2',
    });

    expect(config.genesys.apiUrl).toBe('https://api.usw2.pure.cloud');
    expect(config.warnings).toEqual([
      "GENESYS_ENV is deprecated (the tutorial's name): use GENESYS_REGION.",
    ]);
  });

  it('needs a configuration id and a source id for the external-events target (the default)', () => {
    const problems = problemsOf({
      ...production,
      GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: undefined,
      GENESYS_EXTERNAL_SOURCE_ID: undefined,
    });
    expect(problems).toEqual([
      'GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: is required when GENESYS_TARGET=external-events',
      'GENESYS_EXTERNAL_SOURCE_ID: is required when GENESYS_TARGET=external-events',
    ]);
    const config = parseConfig({
      ...production,
      GENESYS_TARGET: 'external-events',
      GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'a1b2-c3',
      GENESYS_EXTERNAL_SOURCE_ID: 'erp',
    });
    expect(config.genesys).toMatchObject({
      target: 'external-events',
      batchMaxEvents: 100,
      externalEvents: { externalIdField: 'transaction_id' },
    });
  });

  it("refuses the tutorial's eventbridge target toward a real region, and warns toward a proxy", () => {
    expect(problemsOf({ ...production, GENESYS_TARGET: 'eventbridge' })).toEqual([
      expect.stringMatching(
        /^GENESYS_TARGET: eventbridge posts to \/api\/v2\/eventbridge\/events, which Genesys Cloud does not have/,
      ) as string,
    ]);
    const proxied = parseConfig({
      ...production,
      GENESYS_TARGET: 'eventbridge',
      GENESYS_API_URL: 'https://genesys-proxy.internal.example',
      GENESYS_LOGIN_URL: 'https://login.mypurecloud.ie',
    });
    expect(proxied.genesys).toMatchObject({ target: 'eventbridge', batchMaxEvents: 1 });
    expect(proxied.warnings).toEqual([
      expect.stringContaining(
        'GENESYS_TARGET=eventbridge: events go to https://genesys-proxy.internal.example/api/v2/eventbridge/events',
      ) as string,
    ]);
  });

  it('serves the OpenAPI docs except in production, unless told otherwise', () => {
    expect(parseConfig(production).server.docsEnabled).toBe(false);
    expect(parseConfig({ ...production, DOCS_ENABLED: 'true' }).server.docsEnabled).toBe(true);
    expect(parseConfig({ ...production, NODE_ENV: 'development' }).server.docsEnabled).toBe(true);
  });

  it('never puts secret values into its messages', () => {
    const problems = problemsOf({
      ...production,
      GENESYS_CLIENT_SECRET: 'super-secret-value',
      PORT: 'x',
    });
    expect(problems.join('\n')).not.toContain('super-secret-value');
  });
});

describe(resolveRegionDomain.name, () => {
  it.each([
    ['mypurecloud.com', 'mypurecloud.com'],
    ['us_east_1', 'mypurecloud.com'],
    ['eu-west-1', 'mypurecloud.ie'],
    ['AP_SOUTHEAST_2', 'mypurecloud.com.au'],
    ['usw2.pure.cloud', 'usw2.pure.cloud'],
    ['eusc_de_east_1', 'edee1.eusc-pure.cloud'],
    ['prod', undefined],
  ])('%s -> %s', (input, domain) => {
    expect(resolveRegionDomain(input)).toBe(domain);
  });
});
