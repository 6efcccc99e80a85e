import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyServerTimeouts, createApp, listenOrClose } from '../../src/bootstrap';
import type { AppConfig } from '../../src/config/app-config';
import { parseConfig } from '../../src/config/parse-config';
import { GenesysSandbox, TUTORIAL_EVENTS_PATH } from '../../src/sandbox/genesys-sandbox';
import { AUDIENCE, generateTestKeys, ISSUER, type TestKeys } from './keys';
import { deleteRedisKeys, TEST_REDIS_URL } from './redis';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
const CLIENT = { id: 'test-client', secret: 'test-secret' };

/**
 * The sandbox most suites run against: it serves the tutorial's path (their eventbridge target),
 * and has no budget of its own, so that the gateway's limiter alone paces calls (the limiter and
 * the sandbox's 300/min budget have suites of their own).
 */
export const TEST_SANDBOX = {
  clientId: CLIENT.id,
  clientSecret: CLIENT.secret,
  eventsPath: TUTORIAL_EVENTS_PATH,
  rateLimit: false,
} as const;

export interface TestGateway {
  readonly app: NestExpressApplication;
  readonly server: Server;
  readonly config: AppConfig;
  readonly sandbox: GenesysSandbox;
  readonly keys: TestKeys;
  readonly dataDir: string;
  /** Closes the app (as SIGTERM would); the sandbox and data dir stay for inspection. */
  close(): Promise<void>;
  /** Closes everything and removes the data dir. */
  destroy(): Promise<void>;
}

export interface TestGatewayOptions {
  readonly env?: Record<string, string>;
  readonly sandbox?: GenesysSandbox;
  readonly keys?: TestKeys;
  readonly dataDir?: string;
}

/** Environment with fast schedules so retry paths run in test time; each test can override. */
export function testEnv(
  sandbox: Pick<GenesysSandbox, 'url' | 'loginUrl'>,
  keys: TestKeys,
  dataDir: string,
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    GENESYS_LOGIN_URL: sandbox.loginUrl,
    GENESYS_API_URL: sandbox.url,
    // These suites were written against the tutorial's target (one event per call, Idempotency-Key
    // header); the external-events and contracts suites set their own target.
    GENESYS_TARGET: 'eventbridge',
    GENESYS_CLIENT_ID: CLIENT.id,
    GENESYS_CLIENT_SECRET: CLIENT.secret,
    LEGACY_JWT_PUB_KEY: keys.publicPem,
    LEGACY_JWT_ISSUER: ISSUER,
    LEGACY_JWT_AUDIENCE: AUDIENCE,
    ADMIN_TOKEN,
    DELIVERY_POLL_MS: '20',
    DELIVERY_BACKOFF_BASE_MS: '50',
    DELIVERY_BACKOFF_MAX_MS: '200',
    SHUTDOWN_TIMEOUT_MS: '2000',
    // The limiter has its own tests; elsewhere it must not slow the suites down.
    GENESYS_RATE_LIMIT_PER_MINUTE: '100000',
    // Outage tests open the breaker; its default 30 s cooldown would outlast their waits.
    GENESYS_BREAKER_COOLDOWN_MS: '300',
    ...outboxDriverEnv(dataDir),
    ...env,
  };
}

export function startSandbox(tokenLifetimeSec?: number): Promise<GenesysSandbox> {
  return GenesysSandbox.start({ ...TEST_SANDBOX, tokenLifetimeSec });
}

/** The real app, built by the production bootstrap, on a random loopback port and a fresh SQLite file. */
export async function startGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sandbox = options.sandbox ?? (await startSandbox());
  const keys = options.keys ?? generateTestKeys();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gateway-test-'));
  const config = parseConfig(testEnv(sandbox, keys, dataDir, options.env));
  const app = await createApp(config);
  await listenOrClose(app, 0, '127.0.0.1');
  const server = app.getHttpServer();
  applyServerTimeouts(server);
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true;
      await app.close();
    }
  };
  return {
    app,
    server,
    config,
    sandbox,
    keys,
    dataDir,
    close,
    destroy: async () => {
      await close();
      if (!options.sandbox) {
        await sandbox.stop();
      }
      rmSync(dataDir, { recursive: true, force: true });
      await removeOutboxData(dataDir);
    },
  };
}

/** The outbox driver of this Jest project: `e2e-redis` runs the same suites on Redis. */
export function testOutboxDriver(): 'sqlite' | 'redis' {
  return (globalThis as { TEST_OUTBOX_DRIVER?: 'redis' }).TEST_OUTBOX_DRIVER ?? 'sqlite';
}

/** On Redis the key prefix follows the data dir, so a gateway restarted on it finds its events. */
function outboxDriverEnv(dataDir: string): Record<string, string> {
  if (testOutboxDriver() === 'sqlite') {
    return {};
  }
  return {
    OUTBOX_DRIVER: 'redis',
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefixFor(dataDir),
    // A killed replica's claims pass to the next one after this long.
    REDIS_LOCK_MS: '2000',
  };
}

function redisPrefixFor(dataDir: string): string {
  return `geg-e2e-${basename(dataDir)}`;
}

/** Deletes what a test gateway stored outside its data dir (its Redis keys). */
export async function removeOutboxData(dataDir: string): Promise<void> {
  if (testOutboxDriver() === 'redis') {
    await deleteRedisKeys(redisPrefixFor(dataDir));
  }
}

/** Polls until `check` holds or the deadline passes; returns whether it held. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  stepMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return check();
}

export function legacyEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transaction_id: `tx-${Math.random().toString(36).slice(2, 10)}`,
    event_type: 'order.created',
    amount: 129.5,
    currency: 'EUR',
    timestamp: '2026-11-28T10:15:00+02:00',
    ...overrides,
  };
}
