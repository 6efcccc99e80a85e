import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sign } from 'jsonwebtoken';

export interface DevKeys {
  readonly privateKey: KeyObject;
  readonly publicPem: string;
  /** The folder the keys live in, and the public key's file. */
  readonly dir: string;
  readonly publicPath: string;
}

/**
 * A local ES256 key pair for sandbox mode, kept in DATA_DIR/dev-keys so `npm run token` mints
 * tokens the running gateway accepts. Never used when real Genesys credentials are configured.
 */
export function ensureDevKeys(dataDir: string): DevKeys {
  const dir = join(dataDir, 'dev-keys');
  const privatePath = join(dir, 'legacy-dev.key.pem');
  const publicPath = join(dir, 'legacy-dev.pub.pem');
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  }
  return {
    privateKey: createPrivateKey(readFileSync(privatePath)),
    publicPem: readFileSync(publicPath, 'utf8'),
    dir,
    publicPath,
  };
}

export interface DevTokenClaims {
  readonly issuer: string;
  readonly audience: string;
  readonly subject?: string;
  readonly ttlSec?: number;
}

export function mintDevToken(privateKey: KeyObject, claims: DevTokenClaims): string {
  return sign({}, privateKey, {
    algorithm: 'ES256',
    issuer: claims.issuer,
    audience: claims.audience,
    subject: claims.subject ?? 'dev',
    expiresIn: claims.ttlSec ?? 3600,
  });
}
