import { JWT_ALGORITHMS, MIN_STATIC_TOKEN_LENGTH } from './app-config';
import { section, type SectionId, type ValueOf } from './variable';

/**
 * Every environment variable the gateway reads: name, type and rules, default, and description.
 * This is the one place they are written. `npm run docs:config` renders docs/configuration.md and
 * .env.example from it, and a unit test fails when either is stale. Rules that tie several
 * variables together (what sandbox mode needs, secrets from files) live in parse-config.ts.
 */

/** What sandbox mode (no Genesys credentials) uses where production must be told. */
export const SANDBOX_DEFAULTS = {
  client: { id: 'sandbox-client', secret: 'sandbox-secret' },
  issuer: 'legacy-dev',
  audience: 'genesys-event-gateway',
  configurationId: 'sandbox-configuration',
  externalSourceId: 'sandbox-source',
} as const;

export const SECTIONS: Readonly<Record<SectionId, { title: string; intro?: string }>> = {
  server: { title: 'Server' },
  legacy: {
    title: "Legacy systems' JWTs",
    intro:
      'One legacy system: its public key(s) in `LEGACY_JWT_PUB_KEY`, `LEGACY_JWT_PUB_KEY_FILE` or `LEGACY_JWKS_URL`, with its issuer and audience. Several: a registry file in `LEGACY_ISSUERS_FILE` instead ([docs/security.md](security.md)).',
  },
  admin: { title: 'Admin API and console' },
  metrics: { title: 'Metrics' },
  genesys: {
    title: 'Genesys Cloud',
    intro:
      'With no `GENESYS_CLIENT_ID` / `GENESYS_CLIENT_SECRET` the gateway runs in sandbox mode: it starts a local imitation of Genesys and delivers nothing to Genesys Cloud. Choosing a target: [docs/genesys.md](genesys.md).',
  },
  contracts: {
    title: 'Event contracts',
    intro:
      'One file says, per legacy event type, which issuer sends it, its JSON Schema, its time, identity and customer, and how it maps to its external-events configuration ([docs/contracts.md](contracts.md)).',
  },
  mapping: { title: 'Mapping of the built-in contract' },
  outbox: { title: 'Durable outbox' },
  delivery: { title: 'Delivery' },
};

const server = section('server');
const legacy = section('legacy');
const admin = section('admin');
const metrics = section('metrics');
const genesys = section('genesys');
const contracts = section('contracts');
const mapping = section('mapping');
const outbox = section('outbox');
const delivery = section('delivery');

const ALGORITHM = `(${JWT_ALGORITHMS.join('|')})`;
const HOUR_LIMIT = 8760;

export const VARIABLES = {
  NODE_ENV: server.oneOf(['development', 'production', 'test'], {
    default: 'development',
    doc: '`production` refuses sandbox mode and turns the OpenAPI UI off',
  }),
  PORT: server.integer({ min: 0, max: 65535 }, { default: 8443, doc: 'listening port' }),
  HOST: server.text({ default: '0.0.0.0', doc: 'listening address' }),
  LOG_LEVEL: server.oneOf(['debug', 'info', 'warn', 'error'], {
    default: 'info',
    doc: '`debug`, `info`, `warn` or `error`',
  }),
  DOCS_ENABLED: server.oneOf(['true', 'false'], {
    defaultText: 'on, off when `NODE_ENV=production`',
    doc: 'serve the OpenAPI UI at `/docs` and the JSON at `/docs-json`',
  }),
  INGEST_MAX_BODY_BYTES: server.integer(
    { min: 1024, max: 10_485_760 },
    { default: 1_048_576, doc: 'request body limit (413 beyond)' },
  ),
  SHUTDOWN_TIMEOUT_MS: server.integer(
    { min: 0, max: 600_000 },
    { default: 10_000, doc: 'time given to in-flight publishes on SIGTERM' },
  ),

  LEGACY_JWT_PUB_KEY: legacy.text({
    defaultText: 'sandbox: a dev key in `DATA_DIR/dev-keys`',
    doc: 'PEM of the legacy system’s public key(s) (`\\n` escapes allowed; several blocks = a bundle)',
  }),
  LEGACY_JWT_PUB_KEY_FILE: legacy.text({
    doc: 'the same from a file, or a directory of `*.pem` files whose names are the `kid`s',
  }),
  LEGACY_JWKS_URL: legacy.url({
    doc: 'the legacy system’s JWKS endpoint instead of static keys (https; plain http only on loopback)',
  }),
  LEGACY_JWT_ISSUER: legacy.text({
    maxLength: 512,
    defaultText: `required (sandbox: \`${SANDBOX_DEFAULTS.issuer}\`)`,
    example: 'erp-prod',
    doc: 'expected `iss`',
  }),
  LEGACY_JWT_AUDIENCE: legacy.text({
    maxLength: 512,
    defaultText: `required (sandbox: \`${SANDBOX_DEFAULTS.audience}\`)`,
    example: SANDBOX_DEFAULTS.audience,
    doc: 'expected `aud`',
  }),
  LEGACY_ISSUERS_FILE: legacy.text({
    doc: 'YAML/JSON issuer registry for several legacy systems, instead of the variables above',
  }),
  LEGACY_JWT_ALGORITHMS: legacy.text({
    default: 'ES256',
    pattern: [
      new RegExp(`^\\s*${ALGORITHM}(\\s*,\\s*${ALGORITHM})*\\s*$`),
      `LEGACY_JWT_ALGORITHMS must be a comma-separated list of ${JWT_ALGORITHMS.join(', ')} (HS* and none are never allowed)`,
    ],
    doc: `comma list of ${JWT_ALGORITHMS.map((a) => `\`${a}\``).join(', ')}; \`HS*\` and \`none\` are refused`,
  }),
  LEGACY_JWT_CLOCK_TOLERANCE_S: legacy.integer(
    { min: 0, max: 300 },
    { default: 30, doc: 'clock skew allowed on `exp`, `nbf` and `iat`' },
  ),
  LEGACY_JWT_MAX_LIFETIME_S: legacy.integer(
    { min: 60, max: 604_800 },
    {
      defaultText: 'unset: any',
      doc: 'longest accepted `exp - iat`, e.g. 3600 (then `iat` is required)',
    },
  ),
  LEGACY_RATE_LIMIT_PER_MINUTE: legacy.integer(
    { min: 1, max: 10_000_000 },
    {
      defaultText: 'unset: unlimited',
      doc: 'requests per issuer per minute and replica (429 + `Retry-After` beyond); registry entries may set their own',
    },
  ),

  ADMIN_TOKEN: admin.text({
    minLength: MIN_STATIC_TOKEN_LENGTH,
    defaultText: 'unset: admin API and console off',
    doc: `bearer secret for \`/admin/*\` and the console sign-in, at least ${MIN_STATIC_TOKEN_LENGTH} characters`,
  }),
  ADMIN_TOKEN_FILE: admin.text({ doc: 'the same, from a file (`/run/secrets/admin`)' }),
  CONSOLE_SESSION_MINUTES: admin.integer(
    { min: 5, max: 1440 },
    {
      default: 120,
      doc: 'how long a sign-in to the console at `/console` lasts; the session cookie expires then',
    },
  ),

  METRICS_TOKEN: metrics.text({
    minLength: MIN_STATIC_TOKEN_LENGTH,
    defaultText: 'unset: only `ADMIN_TOKEN` works',
    doc: `bearer secret for \`GET /metrics\` (Prometheus), at least ${MIN_STATIC_TOKEN_LENGTH} characters`,
  }),
  METRICS_TOKEN_FILE: metrics.text({ doc: 'the same, from a file' }),

  GENESYS_REGION: genesys.text({
    defaultText: 'required unless both URLs are set',
    example: 'mypurecloud.com',
    doc: 'region domain (`mypurecloud.ie`, `usw2.pure.cloud`) or SDK key (`eu_west_1`); unknown values list the valid ones',
  }),
  GENESYS_ENV: genesys.text({
    doc: 'the tutorial’s name for `GENESYS_REGION`; accepted with a start-up warning',
  }),
  GENESYS_LOGIN_URL: genesys.url({
    defaultText: '`https://login.<region>`',
    doc: 'token host override (proxies, sandbox)',
  }),
  GENESYS_API_URL: genesys.url({
    defaultText: '`https://api.<region>`',
    doc: 'API host override',
  }),
  GENESYS_CLIENT_ID: genesys.text({
    defaultText: 'unset: sandbox mode',
    doc: 'OAuth client-credentials client',
  }),
  GENESYS_CLIENT_SECRET: genesys.text({ doc: 'its secret (never logged)' }),
  GENESYS_CLIENT_SECRET_FILE: genesys.text({ doc: 'the same, from a file' }),
  GENESYS_OAUTH_SCOPE: genesys.text({
    doc: 'sent only when set (client-credentials clients have roles, not scopes)',
  }),
  GENESYS_TARGET: genesys.oneOf(['external-events', 'eventbridge'], {
    default: 'external-events',
    doc: '`external-events` (the real Journey API, batched) or `eventbridge` (the tutorial’s endpoint: refused toward a real region, warned toward a proxy)',
  }),
  GENESYS_EVENTS_PATH: genesys.text({
    default: '/api/v2/eventbridge/events',
    pattern: [/^\/[A-Za-z0-9/_.{}-]*$/, 'GENESYS_EVENTS_PATH must be an absolute URL path'],
    doc: 'publish path of the `eventbridge` target',
  }),
  GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: genesys.text({
    pattern: [
      /^[A-Za-z0-9-]{1,64}$/,
      'GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID must be an id (letters, digits, dashes)',
    ],
    defaultText: `required for \`external-events\` without contracts (sandbox: \`${SANDBOX_DEFAULTS.configurationId}\`)`,
    doc: 'the external-events configuration the built-in contract posts to',
  }),
  GENESYS_EXTERNAL_SOURCE_ID: genesys.text({
    maxLength: 255,
    defaultText: `required with the configuration id (sandbox: \`${SANDBOX_DEFAULTS.externalSourceId}\`)`,
    doc: '`externalSourceId` of each event’s external id',
  }),
  GENESYS_EXTERNAL_ID_FIELD: genesys.oneOf(['transaction_id', 'currency', 'original_type'], {
    default: 'transaction_id',
    doc: 'mapped field used as the external id value',
  }),
  GENESYS_BATCH_MAX_EVENTS: genesys.integer(
    { min: 1, max: 1000 },
    { default: 100, doc: 'entities per external-events request (always 1 for `eventbridge`)' },
  ),
  GENESYS_BATCH_LINGER_MS: genesys.integer(
    { min: 0, max: 60_000 },
    { default: 200, doc: 'how long the worker waits for a batch to fill when there is no backlog' },
  ),
  GENESYS_BREAKER_FAILURES: genesys.integer(
    { min: 1, max: 1000 },
    { default: 5, doc: 'failed calls in a row (5xx, network) that open the circuit breaker' },
  ),
  GENESYS_BREAKER_COOLDOWN_MS: genesys.integer(
    { min: 100, max: 3_600_000 },
    { default: 30_000, doc: 'how long the breaker stays open before one probe call' },
  ),
  GENESYS_REQUEST_TIMEOUT_MS: genesys.integer(
    { min: 100, max: 120_000 },
    { default: 5_000, doc: 'timeout of one HTTP attempt' },
  ),
  GENESYS_RETRY_BUDGET_MS: genesys.integer(
    { min: 0, max: 600_000 },
    {
      default: 10_000,
      doc: 'in-call retries of one delivery attempt, before the worker reschedules it',
    },
  ),
  GENESYS_RATE_LIMIT_PER_MINUTE: genesys.integer(
    { min: 1, max: 1_000_000 },
    {
      default: 300,
      doc: 'calls to Genesys in any window (with the Redis driver: all replicas together)',
    },
  ),
  GENESYS_RATE_LIMIT_WINDOW_MS: genesys.integer(
    { min: 1000, max: 3_600_000 },
    {
      default: 60_000,
      doc: 'that window; Genesys counts per minute, shorter windows only scale tests down',
    },
  ),

  CONTRACTS_FILE: contracts.text({
    defaultText: 'unset: the built-in contract',
    doc: 'event contracts (YAML or JSON), e.g. `examples/contracts/contracts.yaml`; reloaded on change or `SIGHUP`',
  }),
  CONTRACTS_DESTINATION_REFRESH_MS: contracts.integer(
    { min: 1000, max: 86_400_000 },
    {
      default: 300_000,
      doc: 'how often each contract’s configuration and schema are read again from Genesys',
    },
  ),

  EVENT_VENDOR: mapping.text({
    default: 'legacy',
    pattern: [/^[a-z][a-z0-9_]{0,31}$/, 'EVENT_VENDOR must match [a-z][a-z0-9_]{0,31}'],
    doc: '`<vendor>` in `custom.<vendor>.<category>.<action>`',
  }),
  SOURCE_SYSTEM: mapping.text({
    default: 'legacy-ordering-platform',
    maxLength: 128,
    doc: '`source.system` of events from the single configured issuer',
  }),
  SOURCE_VERSION: mapping.text({ default: '2.1.0', maxLength: 64, doc: '`source.version`' }),

  OUTBOX_DRIVER: outbox.oneOf(['sqlite', 'redis'], {
    default: 'sqlite',
    doc: '`sqlite` (one replica, embedded file) or `redis` (many replicas on one Redis, BullMQ)',
  }),
  REDIS_URL: outbox.text({
    default: 'redis://127.0.0.1:6379',
    pattern: [/^rediss?:\/\/[^\s]+$/, 'REDIS_URL must be a redis:// or rediss:// URL'],
    doc: 'Redis of the `redis` driver (`rediss://` for TLS; the password is never logged)',
  }),
  REDIS_URL_FILE: outbox.text({ doc: 'the same, from a file (the URL may hold a password)' }),
  REDIS_KEY_PREFIX: outbox.text({
    default: 'geg',
    pattern: [/^[A-Za-z0-9_.-]{1,64}$/, 'REDIS_KEY_PREFIX must match [A-Za-z0-9_.-]{1,64}'],
    doc: 'namespace of every key; one per deployment sharing a Redis',
  }),
  REDIS_LOCK_MS: outbox.integer(
    { min: 1000, max: 600_000 },
    {
      default: 30_000,
      doc: 'how long a claim lasts without renewal: a dead replica’s events go to the others after this',
    },
  ),
  DATA_DIR: outbox.text({
    default: './data',
    doc: 'outbox file and sandbox dev keys (created on start)',
  }),
  OUTBOX_SYNCHRONOUS: outbox.oneOf(['full', 'normal'], {
    default: 'full',
    doc: '`full` (fsync every commit: survives power loss) or `normal` (survives a process crash)',
  }),
  OUTBOX_MAX_BACKLOG: outbox.integer(
    { min: 1 },
    { default: 1_000_000, doc: 'undelivered events before ingest answers 503 + `Retry-After`' },
  ),
  OUTBOX_MAX_SIZE_MB: outbox.integer(
    { min: 0, max: 16_777_216 },
    {
      default: 0,
      doc: 'SQLite only: cap of the outbox file in MiB (0: none); past it ingest answers 503 `BACKLOG_FULL` before the disk fills',
    },
  ),
  IDEMPOTENCY_RETENTION_HOURS: outbox.integer(
    { min: 1, max: HOUR_LIMIT },
    { default: 168, doc: 'how long a key (and its settled event) is remembered' },
  ),
  PAYLOAD_RETENTION_HOURS: outbox.integer(
    { min: 0, max: HOUR_LIMIT },
    {
      defaultText: 'as long as `IDEMPOTENCY_RETENTION_HOURS`',
      doc: 'how long the body each event arrived with is kept for operators (`GET /admin/events/{id}`), never longer than the ledger; `0`: bodies are not stored at all. Erased hourly on SQLite; on Redis each body’s key expires',
    },
  ),
  REDACT_FIELDS: outbox.text({
    defaultText: 'none',
    doc: 'comma-separated JSON pointers (RFC 6901) of values that are never stored, shown or logged, e.g. `/customer/email,/attributes/customerEmail`: replaced by `"[redacted]"` in the stored received body and in the request body the admin API shows (list the pointer in each shape). What is sent to Genesys is not changed',
  }),

  DELIVERY_CONCURRENCY: delivery.integer(
    { min: 1, max: 256 },
    { default: 8, doc: 'publishes in flight' },
  ),
  DELIVERY_POLL_MS: delivery.integer(
    { min: 10, max: 60_000 },
    { default: 250, doc: 'idle poll (new events wake the worker at once anyway)' },
  ),
  DELIVERY_BACKOFF_BASE_MS: delivery.integer(
    { min: 10, max: 3_600_000 },
    { default: 1_000, doc: 'first reschedule ceiling' },
  ),
  DELIVERY_BACKOFF_MAX_MS: delivery.integer(
    { min: 10, max: 86_400_000 },
    { default: 3_600_000, doc: 'reschedule ceiling cap' },
  ),
  DELIVERY_MAX_AGE_HOURS: delivery.integer(
    { min: 1, max: HOUR_LIMIT },
    { default: 24, doc: 'retry window: after it, a still-failing event is dead-lettered' },
  ),
};

export type VariableName = keyof typeof VARIABLES;

/** The validated values, typed by the catalog: a variable with a default is never undefined. */
export type Variables = { [K in VariableName]: ValueOf<(typeof VARIABLES)[K]> };
