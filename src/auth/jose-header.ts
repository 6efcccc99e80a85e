/**
 * Checks on the JOSE header that jsonwebtoken does not make. `crit` names extensions the verifier
 * must understand or reject the token (RFC 7515 §4.1.11); we implement none, so any `crit` is
 * refused. `jku`, `x5u` and `jwk` are simply never used: the key always comes from configuration.
 */
export function unsupportedHeaderProblem(token: string): string | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) {
    return undefined; // not a JWS at all: the signature check will refuse it
  }
  try {
    const header = JSON.parse(
      Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'),
    ) as unknown;
    if (typeof header === 'object' && header !== null && 'crit' in header) {
      return 'crit';
    }
  } catch {
    return undefined; // malformed header: jsonwebtoken refuses it
  }
  return undefined;
}
