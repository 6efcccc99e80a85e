import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type Environment, resolveDataDir, SANDBOX_DEFAULTS } from '../config';
import { ensureDevKeys, mintDevToken, type DevKeys } from './dev-keys';
import { GenesysSandbox, TUTORIAL_EVENTS_PATH } from './genesys-sandbox';

export interface SandboxSetup {
  readonly sandbox: GenesysSandbox;
  readonly keys: DevKeys;
  /** The environment with the sandbox URLs, the dev public key and an admin token filled in. */
  readonly env: Environment;
}

/** Starts the local Genesys sandbox and fills in what sandbox mode needs but the user did not set. */
export async function startSandboxMode(env: Environment): Promise<SandboxSetup> {
  // A twin of Genesys: 300 calls/min with inin-ratelimit-* headers, two origins, and the
  // tutorial's path only for the eventbridge target.
  const sandbox = await GenesysSandbox.start({
    clientId: SANDBOX_DEFAULTS.client.id,
    clientSecret: SANDBOX_DEFAULTS.client.secret,
    eventsPath:
      env.GENESYS_TARGET === 'eventbridge'
        ? env.GENESYS_EVENTS_PATH || TUTORIAL_EVENTS_PATH
        : undefined,
  });
  const keys = ensureDevKeys(resolveDataDir(env));
  return {
    sandbox,
    keys,
    env: sandboxEnvironment(env, { api: sandbox.url, login: sandbox.loginUrl }, keys),
  };
}

/**
 * What sandbox mode fills in when the user did not: the sandbox's URL for both Genesys hosts, the
 * dev public key, a random admin token. `check` uses it too, to validate what `npm start` would run.
 */
export function sandboxEnvironment(
  env: Environment,
  urls: { readonly api: string; readonly login: string },
  keys: DevKeys,
): Environment {
  const hasKey = Boolean(
    env.LEGACY_JWT_PUB_KEY ||
    env.LEGACY_JWT_PUB_KEY_FILE ||
    env.LEGACY_JWKS_URL ||
    env.LEGACY_ISSUERS_FILE,
  );
  const devIssuers = hasKey ? undefined : devIssuersFile(env, keys);
  return {
    ...env,
    ...(devIssuers ? { LEGACY_ISSUERS_FILE: devIssuers } : {}),
    GENESYS_LOGIN_URL: urls.login,
    GENESYS_API_URL: urls.api,
    GENESYS_REGION: undefined,
    LEGACY_JWT_PUB_KEY: hasKey || devIssuers ? env.LEGACY_JWT_PUB_KEY : keys.publicPem,
    ADMIN_TOKEN:
      env.ADMIN_TOKEN || env.ADMIN_TOKEN_FILE
        ? env.ADMIN_TOKEN
        : randomBytes(24).toString('base64url'),
  };
}

/**
 * With CONTRACTS_FILE and no issuer configured, every issuer the contracts name is let in with the
 * dev key, so `CONTRACTS_FILE=examples/contracts/contracts.yaml npm start` runs end to end and
 * `cli send --issuer <iss>` mints their tokens. Undefined when there are no contracts to read.
 */
function devIssuersFile(env: Environment, keys: DevKeys): string | undefined {
  if (!env.CONTRACTS_FILE) {
    return undefined;
  }
  let issuers: string[];
  try {
    const raw = parse(readFileSync(env.CONTRACTS_FILE, 'utf8')) as {
      contracts?: Array<{ issuers?: unknown }>;
    };
    issuers = [
      ...new Set(
        (raw.contracts ?? []).flatMap((c) =>
          Array.isArray(c.issuers)
            ? c.issuers.filter((i): i is string => typeof i === 'string')
            : [],
        ),
      ),
    ];
  } catch {
    return undefined; // The contracts loader reports the file's problems.
  }
  if (issuers.length === 0) {
    return undefined;
  }
  const file = join(keys.dir, 'issuers.yaml');
  const audience = env.LEGACY_JWT_AUDIENCE || SANDBOX_DEFAULTS.audience;
  writeFileSync(
    file,
    `# Written by sandbox mode for ${env.CONTRACTS_FILE}: every contract issuer, with the dev key.\n${stringify(
      {
        issuers: issuers.map((issuer) => ({ issuer, audience, keys: [basename(keys.publicPath)] })),
      },
    )}`,
  );
  return file;
}

export function sandboxBanner(
  setup: SandboxSetup,
  gatewayUrl: string,
  issuer: string,
  audience: string,
  adminToken: string | undefined,
  contractsFile?: string,
): string {
  const token = mintDevToken(setup.keys.privateKey, { issuer, audience, ttlSec: 3600 });
  const line = '!'.repeat(78);
  return [
    line,
    '!! SANDBOX MODE: no Genesys credentials configured. NOTHING REACHES GENESYS CLOUD.',
    `!! Events go to a local Genesys imitation: API ${setup.sandbox.url}, login ${setup.sandbox.loginUrl}`,
    '!! Set GENESYS_REGION, GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET to deliver for real.',
    line,
    '',
    ...(contractsFile
      ? [
          `Contracts from ${contractsFile}. Send an example (each contract issuer has the dev key):`,
          '',
          'npm run cli -- send --issuer https://erp.example.com examples/contracts/samples/erp-order-created.json',
          'npm run cli -- contracts preview --issuer https://erp.example.com examples/contracts/samples/erp-order-invalid.json',
        ]
      : [
          'Send an event (token valid for 1 hour; `npm run token` mints another):',
          '',
          `curl -i -X POST ${gatewayUrl}/ingest \\`,
          `  -H 'Authorization: Bearer ${token}' \\`,
          "  -H 'Content-Type: application/json' \\",
          `  -d '{"transaction_id":"tx-1001","event_type":"order.created","amount":129.5,"currency":"EUR","timestamp":"${new Date().toISOString()}"}'`,
        ]),
    '',
    `See what the sandbox received: curl -s ${setup.sandbox.url}/__sandbox/events`,
    ...(adminToken
      ? [
          `Admin API: curl -s -H 'Authorization: Bearer ${adminToken}' ${gatewayUrl}/admin/stats`,
          `Operator console: ${gatewayUrl}/console (sign in with the admin token above)`,
        ]
      : []),
    '',
  ].join('\n');
}
