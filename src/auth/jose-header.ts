import { hasDuplicateKeys } from './duplicate-keys';

export interface DecodedToken {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /** The JSON text of each, for checks JSON.parse cannot make (duplicate names). */
  readonly headerJson: string;
  readonly payloadJson: string;
}

/** Header and payload of a compact JWS, not verified; undefined when they are not JSON objects. */
export function decodeUnverified(token: string): DecodedToken | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return undefined;
  }
  try {
    const headerJson = Buffer.from(parts[0], 'base64url').toString('utf8');
    const payloadJson = Buffer.from(parts[1], 'base64url').toString('utf8');
    const header = JSON.parse(headerJson) as unknown;
    const payload = JSON.parse(payloadJson) as unknown;
    if (!isObject(header) || !isObject(payload)) {
      return undefined;
    }
    return { header, payload, headerJson, payloadJson };
  } catch {
    return undefined;
  }
}

/**
 * Checks on the token's structure that jsonwebtoken does not make. `crit` names extensions the
 * verifier must understand or reject the token (RFC 7515 §4.1.11); we implement none, so any `crit`
 * is refused. Duplicate member names are refused too (RFC 7515 §4: "MUST reject" or use the last;
 * parsers disagree on which one wins, so an attacker could show different claims to different
 * parsers). `jku`, `x5u` and `jwk` are simply never used: keys come from configuration only.
 */
export function unsupportedHeaderProblem(token: string): string | undefined {
  const decoded = decodeUnverified(token);
  if (!decoded) {
    return undefined; // not a JWS of JSON objects: the signature check refuses it
  }
  if ('crit' in decoded.header) {
    return 'The token uses a critical JOSE extension this gateway does not support.';
  }
  if (hasDuplicateKeys(decoded.headerJson) || hasDuplicateKeys(decoded.payloadJson)) {
    return 'The token repeats a member name in its header or claims.';
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
