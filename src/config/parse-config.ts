import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  type AppConfig,
  type ExternalEventsConfig,
  type GenesysTarget,
  JWT_ALGORITHMS,
  MIN_STATIC_TOKEN_LENGTH,
} from './app-config';
import { ConfigError } from './config-error';
import { EnvironmentVariables } from './env.schema';
import { readAlgorithms, readIssuers } from './issuers';
import type { Environment } from './environment';
import { describeRegions, isGenesysApiUrl, resolveRegionDomain } from './regions';

const HOUR_MS = 3_600_000;

/** The credentials the local sandbox accepts; only ever used in sandbox mode. */
export const SANDBOX_CLIENT = { id: 'sandbox-client', secret: 'sandbox-secret' } as const;

/** DATA_DIR as an absolute path (the dev tools need it before a full config can be parsed). */
export function resolveDataDir(env: Environment): string {
  return resolve(env.DATA_DIR || './data');
}

/** True when no Genesys credentials are configured: `npm start` then runs against the sandbox. */
export function isSandboxMode(env: Environment): boolean {
  return !env.GENESYS_CLIENT_ID && !env.GENESYS_CLIENT_SECRET && !env.GENESYS_CLIENT_SECRET_FILE;
}

/**
 * Validates the environment and builds the typed configuration. Collects every problem before
 * failing, so one boot attempt tells the operator everything that is wrong.
 */
export function parseConfig(env: Environment): AppConfig {
  const vars = plainToInstance(
    EnvironmentVariables,
    { ...env },
    { excludeExtraneousValues: false },
  );
  const problems = validateSync(vars, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  const sandbox = isSandboxMode(env);
  const production = vars.NODE_ENV === 'production';
  if (sandbox && production) {
    problems.push(
      'GENESYS_CLIENT_ID / GENESYS_CLIENT_SECRET: required when NODE_ENV=production (sandbox mode is refused in production)',
    );
  }

  const clientSecret = readSecret(
    vars.GENESYS_CLIENT_SECRET,
    vars.GENESYS_CLIENT_SECRET_FILE,
    'GENESYS_CLIENT_SECRET',
    problems,
  );
  if (!sandbox) {
    requireValue(vars.GENESYS_CLIENT_ID, 'GENESYS_CLIENT_ID', problems);
    requireValue(clientSecret, 'GENESYS_CLIENT_SECRET', problems);
    if (!vars.LEGACY_ISSUERS_FILE) {
      requireValue(vars.LEGACY_JWT_ISSUER, 'LEGACY_JWT_ISSUER', problems);
      requireValue(vars.LEGACY_JWT_AUDIENCE, 'LEGACY_JWT_AUDIENCE', problems);
    }
  }
  const warnings: string[] = [];
  if (vars.GENESYS_ENV) {
    if (vars.GENESYS_REGION) {
      warnings.push('GENESYS_ENV is ignored because GENESYS_REGION is set.');
    } else {
      vars.GENESYS_REGION = vars.GENESYS_ENV;
      warnings.push("GENESYS_ENV is deprecated (the tutorial's name): use GENESYS_REGION.");
    }
  }
  const { loginUrl, apiUrl } = resolveGenesysUrls(vars, problems);
  const contractsFile = vars.CONTRACTS_FILE ? resolve(vars.CONTRACTS_FILE) : undefined;
  const redactFields = parseRedactFields(vars.REDACT_FIELDS, problems);
  // The real Journey API; the tutorial's endpoint only on request (genesys-api.md).
  const target = (vars.GENESYS_TARGET ?? 'external-events') as GenesysTarget;
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
  const externalEvents = readExternalEvents(
    vars,
    target,
    sandbox,
    contractsFile !== undefined,
    problems,
  );
  const algorithms = readAlgorithms(vars);
  // With a malformed algorithm list only that is reported, not every key that fits none of it.
  const algorithmsValid = !problems.some((p) => p.startsWith('LEGACY_JWT_ALGORITHMS'));
  const issuers = readIssuers(
    vars,
    algorithmsValid ? algorithms : JWT_ALGORITHMS,
    {
      issuer: vars.LEGACY_JWT_ISSUER ?? 'legacy-dev',
      audience: vars.LEGACY_JWT_AUDIENCE ?? 'genesys-event-gateway',
      sourceSystem: vars.SOURCE_SYSTEM ?? 'legacy-ordering-platform',
    },
    () =>
      readSecret(
        vars.LEGACY_JWT_PUB_KEY,
        vars.LEGACY_JWT_PUB_KEY_FILE,
        'LEGACY_JWT_PUB_KEY',
        problems,
      ),
    problems,
  );
  const redisUrl = readSecret(vars.REDIS_URL, vars.REDIS_URL_FILE, 'REDIS_URL', problems);
  const adminToken = readStaticToken(
    vars.ADMIN_TOKEN,
    vars.ADMIN_TOKEN_FILE,
    'ADMIN_TOKEN',
    problems,
  );
  const metricsToken = readStaticToken(
    vars.METRICS_TOKEN,
    vars.METRICS_TOKEN_FILE,
    'METRICS_TOKEN',
    problems,
  );

  if (problems.length > 0 || issuers.length === 0) {
    throw new ConfigError(problems.length > 0 ? problems : ['LEGACY_JWT_PUB_KEY: is required']);
  }

  return {
    sandbox,
    warnings,
    server: {
      nodeEnv: vars.NODE_ENV ?? 'development',
      host: vars.HOST ?? '0.0.0.0',
      port: vars.PORT ?? 8443,
      bodyLimitBytes: vars.INGEST_MAX_BODY_BYTES ?? 1_048_576,
      shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 10_000,
      logLevel: (vars.LOG_LEVEL ?? 'info') as AppConfig['server']['logLevel'],
      docsEnabled: vars.DOCS_ENABLED === undefined ? !production : vars.DOCS_ENABLED === 'true',
    },
    auth: {
      issuers,
      algorithms,
      clockToleranceSec: vars.LEGACY_JWT_CLOCK_TOLERANCE_S ?? 30,
      maxTokenLifetimeSec: vars.LEGACY_JWT_MAX_LIFETIME_S,
      maxTokenBytes: 8192,
      adminToken,
      metricsToken,
      consoleSessionMs: (vars.CONSOLE_SESSION_MINUTES ?? 120) * 60_000,
    },
    genesys: {
      target,
      externalEvents,
      batchMaxEvents: target === 'external-events' ? (vars.GENESYS_BATCH_MAX_EVENTS ?? 100) : 1,
      batchLingerMs: vars.GENESYS_BATCH_LINGER_MS ?? 200,
      breakerFailures: vars.GENESYS_BREAKER_FAILURES ?? 5,
      breakerCooldownMs: vars.GENESYS_BREAKER_COOLDOWN_MS ?? 30_000,
      loginUrl,
      apiUrl,
      clientId: sandbox ? SANDBOX_CLIENT.id : (vars.GENESYS_CLIENT_ID ?? ''),
      clientSecret: sandbox ? SANDBOX_CLIENT.secret : (clientSecret ?? ''),
      oauthScope: vars.GENESYS_OAUTH_SCOPE,
      eventsPath: vars.GENESYS_EVENTS_PATH ?? '/api/v2/eventbridge/events',
      requestTimeoutMs: vars.GENESYS_REQUEST_TIMEOUT_MS ?? 5_000,
      retryBudgetMs: vars.GENESYS_RETRY_BUDGET_MS ?? 10_000,
      rateLimitPerMinute: vars.GENESYS_RATE_LIMIT_PER_MINUTE ?? 300,
      rateLimitWindowMs: vars.GENESYS_RATE_LIMIT_WINDOW_MS ?? 60_000,
    },
    mapping: {
      vendor: vars.EVENT_VENDOR ?? 'legacy',
      sourceSystem: vars.SOURCE_SYSTEM ?? 'legacy-ordering-platform',
      sourceVersion: vars.SOURCE_VERSION ?? '2.1.0',
    },
    contracts: {
      file: contractsFile,
      destinationRefreshMs: vars.CONTRACTS_DESTINATION_REFRESH_MS ?? 300_000,
    },
    outbox: {
      driver: (vars.OUTBOX_DRIVER ?? 'sqlite') as 'sqlite' | 'redis',
      redis: {
        url: redisUrl ?? 'redis://127.0.0.1:6379',
        keyPrefix: vars.REDIS_KEY_PREFIX ?? 'geg',
        lockMs: vars.REDIS_LOCK_MS ?? 30_000,
      },
      dataDir: resolveDataDir(env),
      synchronous: (vars.OUTBOX_SYNCHRONOUS ?? 'full') as 'full' | 'normal',
      maxBacklog: vars.OUTBOX_MAX_BACKLOG ?? 1_000_000,
      maxSizeMb: vars.OUTBOX_MAX_SIZE_MB ?? 0,
      idempotencyRetentionMs: (vars.IDEMPOTENCY_RETENTION_HOURS ?? 168) * HOUR_MS,
      payloadRetentionMs:
        Math.min(
          vars.PAYLOAD_RETENTION_HOURS ?? Number.POSITIVE_INFINITY,
          vars.IDEMPOTENCY_RETENTION_HOURS ?? 168,
        ) * HOUR_MS,
      redactFields,
    },
    delivery: {
      concurrency: vars.DELIVERY_CONCURRENCY ?? 8,
      pollIntervalMs: vars.DELIVERY_POLL_MS ?? 250,
      backoffBaseMs: vars.DELIVERY_BACKOFF_BASE_MS ?? 1_000,
      backoffMaxMs: vars.DELIVERY_BACKOFF_MAX_MS ?? HOUR_MS,
      maxAgeMs: (vars.DELIVERY_MAX_AGE_HOURS ?? 24) * HOUR_MS,
    },
  };
}

/** The sandbox serves this configuration id, so sandbox mode works for both targets out of the box. */
export const SANDBOX_EXTERNAL_EVENTS = {
  configurationId: 'sandbox-configuration',
  externalSourceId: 'sandbox-source',
} as const;

/**
 * The global configuration of the built-in contract. Optional with a contracts file (each contract
 * names its own; the global one then only serves events stored before the file was set) and in
 * sandbox mode (the sandbox's own configuration).
 */
function readExternalEvents(
  vars: EnvironmentVariables,
  target: GenesysTarget,
  sandbox: boolean,
  contracts: boolean,
  problems: string[],
): ExternalEventsConfig | undefined {
  if (target !== 'external-events') {
    return undefined;
  }
  if (contracts && !sandbox && !vars.GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID) {
    return undefined;
  }
  const configurationId =
    vars.GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID ??
    (sandbox ? SANDBOX_EXTERNAL_EVENTS.configurationId : undefined);
  const externalSourceId =
    vars.GENESYS_EXTERNAL_SOURCE_ID ??
    (sandbox ? SANDBOX_EXTERNAL_EVENTS.externalSourceId : undefined);
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
    externalIdField: (vars.GENESYS_EXTERNAL_ID_FIELD ??
      'transaction_id') as ExternalEventsConfig['externalIdField'],
  };
}

/**
 * The tutorial's `/api/v2/eventbridge/events` does not exist in Genesys Cloud (EventBridge is an
 * outbound integration): toward a real region every event would 404 and be dead-lettered. It is
 * refused there, and allowed with a warning toward another host (a custom proxy, the sandbox).
 */
function checkEventBridgeTarget(
  vars: EnvironmentVariables,
  apiUrl: string,
  problems: string[],
  warnings: string[],
): void {
  if (isGenesysApiUrl(apiUrl)) {
    problems.push(
      `GENESYS_TARGET: eventbridge posts to ${vars.GENESYS_EVENTS_PATH ?? '/api/v2/eventbridge/events'}, which Genesys Cloud does not have (EventBridge only sends events out of Genesys); use external-events (the default), or point GENESYS_API_URL at the proxy that serves that endpoint`,
    );
    return;
  }
  warnings.push(
    `GENESYS_TARGET=eventbridge: events go to ${apiUrl || '(no API URL)'}${vars.GENESYS_EVENTS_PATH ?? '/api/v2/eventbridge/events'}, the tutorial's endpoint, which only a custom proxy serves; real orgs use external-events.`,
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
  vars: EnvironmentVariables,
  problems: string[],
): { loginUrl: string; apiUrl: string } {
  let domain: string | undefined;
  if (vars.GENESYS_REGION) {
    domain = resolveRegionDomain(vars.GENESYS_REGION);
    if (!domain) {
      problems.push(
        `GENESYS_REGION: unknown region "${vars.GENESYS_REGION}"; valid: ${describeRegions()}`,
      );
    }
  }
  const loginUrl = vars.GENESYS_LOGIN_URL ?? (domain ? `https://login.${domain}` : undefined);
  const apiUrl = vars.GENESYS_API_URL ?? (domain ? `https://api.${domain}` : undefined);
  if (!loginUrl && !vars.GENESYS_REGION) {
    problems.push('GENESYS_REGION: is required (or GENESYS_LOGIN_URL and GENESYS_API_URL)');
  } else if (!loginUrl || !apiUrl) {
    if (!vars.GENESYS_REGION) {
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
  value: string | undefined,
  file: string | undefined,
  name: string,
  problems: string[],
): string | undefined {
  const token = readSecret(value, file, name, problems);
  if (token !== undefined && token.length < MIN_STATIC_TOKEN_LENGTH) {
    problems.push(`${name}: must be at least ${MIN_STATIC_TOKEN_LENGTH} characters`);
  }
  return token;
}
