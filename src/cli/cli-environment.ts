import { type Environment, resolveDataDir, SANDBOX_DEFAULTS } from '../config';
import { ensureDevKeys, mintDevToken } from '../sandbox';
import { CliError } from './cli-error';

/** The gateway a command talks to: --url, else the local one on PORT (what `npm start` runs). */
export function gatewayUrl(env: Environment, url: string | undefined): string {
  const base = url ?? `http://127.0.0.1:${env.PORT || '8443'}`;
  try {
    return new URL(base).toString();
  } catch {
    throw new CliError(`--url: "${base}" is not a URL`, 2);
  }
}

/** --token, else a dev token from DATA_DIR/dev-keys (sandbox mode), else a clear error. */
export function legacyToken(env: Environment, token: string | undefined, issuer?: string): string {
  if (token) {
    return token;
  }
  if (env.GENESYS_CLIENT_ID || env.LEGACY_JWT_PUB_KEY || env.LEGACY_JWT_PUB_KEY_FILE) {
    throw new CliError('Pass --token <JWT> (a token of your legacy system).', 2);
  }
  const keys = ensureDevKeys(resolveDataDir(env));
  return mintDevToken(keys.privateKey, {
    issuer: issuer ?? (env.LEGACY_JWT_ISSUER || SANDBOX_DEFAULTS.issuer),
    audience: env.LEGACY_JWT_AUDIENCE || SANDBOX_DEFAULTS.audience,
    subject: 'cli',
    ttlSec: 3600,
  });
}

/** --admin-token, else ADMIN_TOKEN from the environment or .env. */
export function adminToken(env: Environment, token: string | undefined): string {
  const value = token ?? env.ADMIN_TOKEN;
  if (!value) {
    throw new CliError('Pass --admin-token <token> or set ADMIN_TOKEN.', 2);
  }
  return value;
}
