import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sign, type SignOptions } from 'jsonwebtoken';

export const ISSUER = 'erp-test';
export const AUDIENCE = 'genesys-event-gateway-test';

export interface TestKeys {
  readonly privateKey: KeyObject;
  readonly publicPem: string;
}

/** A fresh ES256 pair per suite: nothing secret is committed, nothing is shared between runs. */
export function generateTestKeys(): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function mintToken(
  keys: TestKeys,
  overrides: SignOptions = {},
  payload: Record<string, unknown> = {},
): string {
  return sign(payload, keys.privateKey, {
    algorithm: 'ES256',
    issuer: ISSUER,
    audience: AUDIENCE,
    subject: 'erp-1',
    expiresIn: 300,
    ...overrides,
  });
}
