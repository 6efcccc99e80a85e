import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type AppConfig,
  type ExternalEventsConfig,
  JWT_ALGORITHMS,
  MIN_STATIC_TOKEN_LENGTH,
} from './app-config';
import { ConfigError } from './config-error';
import { readVariables } from './env.schema';
import { readAlgorithms, readIssuers } from './issuers';
import type { Environment } from './environment';
import { describeRegions, isGenesysApiUrl, resolveRegionDomain } from './regions';
import { SANDBOX_DEFAULTS, VARIABLES, type Variables } from './variables';

/** Secrets that may come from a file instead (Kubernetes secrets): `<NAME>_FILE`. */
type SecretName =
  'GENESYS_CLIENT_SECRET' | 'LEGACY_JWT_PUB_KEY' | 'REDIS_URL' | 'ADMIN_TOKEN' | 'METRICS_TOKEN';

const HOUR_MS = 3_600_000;

/** DATA_DIR as an absolute path (the dev tools need it before a full config can be parsed). */
export function resolveDataDir(env: Environment): string {
  return resolve(env.DATA_DIR || VARIABLES.DATA_DIR.default);
}

/** True when no Genesys credentials are configured: `npm start` then runs against the sandbox. */
export function isSandboxMode(env: Environment): boolean {
  return !env.GENESYS_CLIENT_ID && !env.GENESYS_CLIENT_SECRET && !env.GENESYS_CLIENT_SECRET_FILE;
}

/**
 * Validates the environment and builds the typed configuration. Collects every problem before
 * failing, so one boot attempt tells the operator everything that is wrong. Names, rules and
 * defaults come from the catalog (variables.ts); this adds the rules that tie variables together.
 */
export function parseConfig(env: Environment): AppConfig {
  const { values: vars, given, problems } = readVariables(env);
  // A secret is set directly or read from the file its *_FILE variable names, never both.
  const secret = (name: SecretName): string | undefined =>
    readSecret(given.has(name) ? vars[name] : undefined, vars[`${name}_FILE`], name, problems);
  const sandbox = isSandboxMode(env);
  const production = vars.NODE_ENV === 'production';
  if (sandbox && production) {
    problems.push(
      'GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET: required when NODE_ENV=production (sandbox mode is refused in production)',
    );
  }

  const clientSecret = secret('GENESYS_CLIENT_SECRET');
  if (!sandbox) {
    requireValue(vars.GENESYS_CLIENT_ID, 'GENESYS_CLIENT_ID', problems);
    requireValue(clientSecret, 'GENESYS_CLIENT_SECRET', problems);
    if (!vars.LEGACY_ISSUERS_FILE) {
      requireValue(vars.LEGACY_JWT_ISSUER, 'LEGACY_JWT_ISSUER', problems);
      requireValue(vars.LEGACY_JWT_AUDIENCE, 'LEGACY_JWT_AUDIENCE', problems);
    }
  }
  const warnings: string[] = [];
  let region = vars.GENESYS_REGION;
  if (vars.GENESYS_ENV) {
    if (region) {
      warnings.push('GENESYS_ENV is ignored because GENESYS_REGION is set.');
    } else {
      region = vars.GENESYS_ENV;
      warnings.push("GENESYS_ENV is deprecated (the tutorial's name): use GENESYS_REGION.");
    }
  }
  const { loginUrl, apiUrl } = resolveGenesysUrls(vars, region, problems);
  const contractsFile = vars.CONTRACTS_FILE ? resolve(vars.CONTRACTS_FILE) : undefined;
  const redactFields = parseRedactFields(vars.REDACT_FIELDS, problems);
  // The real Journey API; the tutorial's endpoint only on request (genesys-api.md).
  const target = vars.GENESYS_TARGET;
  if (target === 'eventbridge') {
    checkEventBridgeTarget(vars, apiUrl, problems, warnings);
  }
  if (contractsFile && target !== 'external-events') {
    problems.push(
      'CONTRACTS_FILE: contracts deliver to external-events configurations; unset GENESYS_TARGET or set it to external-events',
    );
  }
  if (contractsFile && !existsSync(contractsFile)) {
    problems.push(`CONTRACTS_FILE: cannot read ${contractsFile}`);
  }
  const externalEvents = readExternalEvents(vars, sandbox, contractsFile !== undefined, problems);
  const algorithms = readAlgorithms(vars);
  // With a malformed algorithm list only that is reported, not every key that fits none of it.
  const algorithmsValid = !problems.some((p) => p.startsWith('LEGACY_JWT_ALGORITHMS'));
  const issuers = readIssuers(
    vars,
    algorithmsValid ? algorithms : JWT_ALGORITHMS,
    {
      issuer: vars.LEGACY_JWT_ISSUER ?? SANDBOX_DEFAULTS.issuer,
      audience: vars.LEGACY_JWT_AUDIENCE ?? SANDBOX_DEFAULTS.audience,
      sourceSystem: vars.SOURCE_SYSTEM,
    },
    () => secret('LEGACY_JWT_PUB_KEY'),
    problems,
  );
  const redisUrl = secret('REDIS_URL');
  const adminToken = readStaticToken(secret('ADMIN_TOKEN'), 'ADMIN_TOKEN', problems);
  const metricsToken = readStaticToken(secret('METRICS_TOKEN'), 'METRICS_TOKEN', problems);

  if (problems.length > 0 || issuers.length === 0) {
    throw new ConfigError(problems.length > 0 ? problems : ['LEGACY_JWT_PUB_KEY: is required']);
  }
  const redis = {
    url: redisUrl ?? VARIABLES.REDIS_URL.default,
    keyPrefix: vars.REDIS_KEY_PREFIX,
    lockMs: vars.REDIS_LOCK_MS,
  };
  const maxAgeMs = vars.DELIVERY_MAX_AGE_HOURS * HOUR_MS;
  // Bodies are kept at most as long as the idempotency ledger that points at them.
  const payloadRetentionMs =
    Math.min(
      vars.PAYLOAD_RETENTION_HOURS ?? Number.POSITIVE_INFINITY,
      vars.IDEMPOTENCY_RETENTION_HOURS,
    ) * HOUR_MS;

  return {
    sandbox,
    warnings,
    server: {
      nodeEnv: vars.NODE_ENV,
      host: vars.HOST,
      port: vars.PORT,
      bodyLimitBytes: vars.INGEST_MAX_BODY_BYTES,
      shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
      logLevel: vars.LOG_LEVEL,
      docsEnabled: vars.DOCS_ENABLED === undefined ? !production : vars.DOCS_ENABLED === 'true',
    },
    auth: {
      issuers,
      algorithms,
      clockToleranceSec: vars.LEGACY_JWT_CLOCK_TOLERANCE_S,
      maxTokenLifetimeSec: vars.LEGACY_JWT_MAX_LIFETIME_S,
      maxTokenBytes: 8192,
      adminToken,
      metricsToken,
    },
    console: { adminToken, sessionMs: vars.CONSOLE_SESSION_MINUTES * 60_000 },
    ingest: {
      target,
      maxAgeMs,
      maxBacklog: vars.OUTBOX_MAX_BACKLOG,
      keepBodies: payloadRetentionMs > 0,
      redactFields,
    },
    genesys: {
      target,
      externalEvents,
      batchMaxEvents: target === 'external-events' ? vars.GENESYS_BATCH_MAX_EVENTS : 1,
      loginUrl,
      apiUrl,
      clientId: sandbox ? SANDBOX_DEFAULTS.client.id : (vars.GENESYS_CLIENT_ID ?? ''),
      clientSecret: sandbox ? SANDBOX_DEFAULTS.client.secret : (clientSecret ?? ''),
      oauthScope: vars.GENESYS_OAUTH_SCOPE,
      eventsPath: vars.GENESYS_EVENTS_PATH,
      requestTimeoutMs: vars.GENESYS_REQUEST_TIMEOUT_MS,
      retryBudgetMs: vars.GENESYS_RETRY_BUDGET_MS,
      rateLimitPerMinute: vars.GENESYS_RATE_LIMIT_PER_MINUTE,
      rateLimitWindowMs: vars.GENESYS_RATE_LIMIT_WINDOW_MS,
      sharedBudget: vars.OUTBOX_DRIVER === 'redis' ? redis : undefined,
    },
    mapping: {
      vendor: vars.EVENT_VENDOR,
      sourceSystem: vars.SOURCE_SYSTEM,
      sourceVersion: vars.SOURCE_VERSION,
    },
    contracts: {
      file: contractsFile,
      destinationRefreshMs: vars.CONTRACTS_DESTINATION_REFRESH_MS,
    },
    outbox: {
      driver: vars.OUTBOX_DRIVER,
      redis,
      dataDir: resolveDataDir(env),
      synchronous: vars.OUTBOX_SYNCHRONOUS,
      maxBacklog: vars.OUTBOX_MAX_BACKLOG,
      maxSizeMb: vars.OUTBOX_MAX_SIZE_MB,
      idempotencyRetentionMs: vars.IDEMPOTENCY_RETENTION_HOURS * HOUR_MS,
      payloadRetentionMs,
      redactFields,
    },
    delivery: {
      concurrency: vars.DELIVERY_CONCURRENCY,
      pollIntervalMs: vars.DELIVERY_POLL_MS,
      backoffBaseMs: vars.DELIVERY_BACKOFF_BASE_MS,
      backoffMaxMs: vars.DELIVERY_BACKOFF_MAX_MS,
      maxAgeMs,
      batchLingerMs: vars.GENESYS_BATCH_LINGER_MS,
      breakerFailures: vars.GENESYS_BREAKER_FAILURES,
      breakerCooldownMs: vars.GENESYS_BREAKER_COOLDOWN_MS,
      shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    },
    admin: {
      target,
      redactFields,
      maxAgeMs,
      // Per minute, whatever the window (tests shorten it).
      budgetPerMinute: Math.round(
        (vars.GENESYS_RATE_LIMIT_PER_MINUTE * 60_000) / vars.GENESYS_RATE_LIMIT_WINDOW_MS,
      ),
    },
    health: { maxBacklog: vars.OUTBOX_MAX_BACKLOG },
  };
}

/**
 * The global configuration of the built-in contract. Optional with a contracts file (each contract
 * names its own; the global one then only serves events stored before the file was set) and in
 * sandbox mode (the sandbox's own configuration).
 */
function readExternalEvents(
  vars: Variables,
  sandbox: boolean,
  contracts: boolean,
  problems: string[],
): ExternalEventsConfig | undefined {
  if (vars.GENESYS_TARGET !== 'external-events') {
    return undefined;
  }
  if (contracts && !sandbox && !vars.GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID) {
    return undefined;
  }
  const configurationId =
    vars.GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID ??
    (sandbox ? SANDBOX_DEFAULTS.configurationId : undefined);
  const externalSourceId =
    vars.GENESYS_EXTERNAL_SOURCE_ID ?? (sandbox ? SANDBOX_DEFAULTS.externalSourceId : undefined);
  if (!configurationId) {
    problems.push(
      'GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: is required when GENESYS_TARGET=external-events',
    );
  }
  if (!externalSourceId) {
    problems.push('GENESYS_EXTERNAL_SOURCE_ID: is required when GENESYS_TARGET=external-events');
  }
  return {
    configurationId: configurationId ?? '',
    externalSourceId: externalSourceId ?? '',
    externalIdField: vars.GENESYS_EXTERNAL_ID_FIELD,
  };
}

/**
 * The tutorial's `/api/v2/eventbridge/events` does not exist in Genesys Cloud (EventBridge is an
 * outbound integration): toward a real region every event would 404 and be dead-lettered. It is
 * refused there, and allowed with a warning toward another host (a custom proxy, the sandbox).
 */
function checkEventBridgeTarget(
  vars: Variables,
  apiUrl: string,
  problems: string[],
  warnings: string[],
): void {
  if (isGenesysApiUrl(apiUrl)) {
    problems.push(
      `GENESYS_TARGET: eventbridge posts to ${vars.GENESYS_EVENTS_PATH}, which Genesys Cloud does not have (EventBridge only sends events out of Genesys); use external-events (the default), or point GENESYS_API_URL at the proxy that serves that endpoint`,
    );
    return;
  }
  warnings.push(
    `GENESYS_TARGET=eventbridge: events go to ${apiUrl || '(no API URL)'}${vars.GENESYS_EVENTS_PATH}, the tutorial's endpoint, which only a custom proxy serves; real orgs use external-events.`,
  );
}

function requireValue(value: string | undefined, name: string, problems: string[]): void {
  if (!value) {
    problems.push(`${name}: is required outside sandbox mode`);
  }
}

function readSecret(
  value: string | undefined,
  file: string | undefined,
  name: string,
  problems: string[],
): string | undefined {
  if (value && file) {
    problems.push(`${name} / ${name}_FILE: set one of them, not both`);
    return undefined;
  }
  if (!file) {
    return value;
  }
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    problems.push(`${name}_FILE: cannot read the file it names`);
    return undefined;
  }
}

function resolveGenesysUrls(
  vars: Variables,
  region: string | undefined,
  problems: string[],
): { loginUrl: string; apiUrl: string } {
  let domain: string | undefined;
  if (region) {
    domain = resolveRegionDomain(region);
    if (!domain) {
      problems.push(`GENESYS_REGION: unknown region "${region}"; valid: ${describeRegions()}`);
    }
  }
  const loginUrl = vars.GENESYS_LOGIN_URL ?? (domain ? `https://login.${domain}` : undefined);
  const apiUrl = vars.GENESYS_API_URL ?? (domain ? `https://api.${domain}` : undefined);
  if (!loginUrl && !region) {
    problems.push('GENESYS_REGION: is required (or GENESYS_LOGIN_URL and GENESYS_API_URL)');
  } else if (!loginUrl || !apiUrl) {
    if (!region) {
      problems.push('GENESYS_LOGIN_URL / GENESYS_API_URL: set both, or set GENESYS_REGION');
    }
  }
  return { loginUrl: stripSlash(loginUrl ?? ''), apiUrl: stripSlash(apiUrl ?? '') };
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * REDACT_FIELDS: comma-separated JSON pointers (RFC 6901) into received bodies, e.g.
 * `/customer/email,/card/number`. Parsed into their reference tokens.
 */
function parseRedactFields(value: string | undefined, problems: string[]): string[][] {
  const pointers = (value ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = pointers.filter((p) => !/^(\/([^~]|~[01])*)+$/.test(p));
  if (bad.length > 0) {
    problems.push(
      `REDACT_FIELDS: ${bad.map((p) => JSON.stringify(p)).join(', ')} is not a JSON pointer (like /customer/email)`,
    );
  }
  return pointers.map((p) =>
    p
      .slice(1)
      .split('/')
      .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~')),
  );
}

/** A static bearer token, set directly or from a file: the file's is not checked by the schema. */
function readStaticToken(
  token: string | undefined,
  name: string,
  problems: string[],
): string | undefined {
  if (token !== undefined && token.length < MIN_STATIC_TOKEN_LENGTH) {
    problems.push(`${name}: must be at least ${MIN_STATIC_TOKEN_LENGTH} characters`);
  }
  return token;
}
