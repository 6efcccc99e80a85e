import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Hand-built JWTs for attacks that well-behaved libraries refuse to produce. */
export const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export function unsignedToken(header: object, payload: object, signature = ''): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
}

export function hs256WithSecret(payload: object, secret: string | Buffer): string {
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An ES256 signature in DER form (what OpenSSL emits) instead of the JOSE raw r||s form. */
export function es256DerSigned(payload: object, privateKey: KeyObject): string {
  const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const der = createSign('SHA256').update(input).sign(privateKey);
  return `${input}.${der.toString('base64url')}`;
}

export function rsaKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const all: Record<string, unknown> = {
    iss: 'erp-test',
    aud: 'genesys-event-gateway-test',
    sub: 'erp-1',
    iat: now,
    exp: now + 300,
    ...overrides,
  };
  // An override of `undefined` removes the claim.
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
}
