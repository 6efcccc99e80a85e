import { createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { verify } from 'jsonwebtoken';
import type { JwksClient } from 'jwks-rsa';
import { AuthConfig, type IssuerConfig, type JwtAlgorithm } from '../config';
import { IssuerRegistry } from './issuer-registry';
import { decodeUnverified } from './jose-header';

/** At most this many JWKS fetches per issuer per minute, however many unknown `kid`s arrive. */
const JWKS_REQUESTS_PER_MINUTE = 10;
/** A fetched key set is trusted this long before it is fetched again. */
const JWKS_CACHE_MS = 10 * 60_000;

/**
 * Picks the key that should have signed a token, from its (still unverified) `iss` and `kid`:
 * an issuer's static keys (by kid, or by trying each when the token names none), or its JWKS
 * endpoint through jwks-rsa, which caches keys and refetches, rate-limited, on an unknown kid.
 * The verification itself stays with passport-jwt/jsonwebtoken.
 */
@Injectable()
export class SigningKeyResolver {
  private readonly jwks = new Map<string, JwksClient>();
  private readonly algorithms: JwtAlgorithm[];

  constructor(
    @Inject(IssuerRegistry) private readonly registry: IssuerRegistry,
    @Inject(AuthConfig) config: AuthConfig,
  ) {
    this.algorithms = [...config.algorithms];
    for (const issuer of registry.all) {
      if (issuer.keys.kind === 'jwks') {
        // Loaded only when an issuer uses JWKS (jwks-rsa and jose cost ~14 MB of RSS otherwise).
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { JwksClient: Client } = require('jwks-rsa') as typeof import('jwks-rsa');
        this.jwks.set(
          issuer.issuer,
          new Client({
            jwksUri: issuer.keys.url,
            cache: true,
            cacheMaxAge: JWKS_CACHE_MS,
            rateLimit: true,
            jwksRequestsPerMinute: JWKS_REQUESTS_PER_MINUTE,
            timeout: 5_000,
          }),
        );
      }
    }
  }

  /** Throws when the issuer is unknown or no key fits: the guard turns that into a 401. */
  async keyFor(token: string): Promise<KeyObject> {
    const decoded = decodeUnverified(token);
    const issuer =
      typeof decoded?.payload.iss === 'string' ? this.registry.get(decoded.payload.iss) : undefined;
    if (!decoded || !issuer) {
      throw new Error('unknown issuer');
    }
    const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined;
    return issuer.keys.kind === 'jwks'
      ? this.fromJwks(issuer, kid)
      : this.fromStatic(issuer, kid, token);
  }

  private async fromJwks(issuer: IssuerConfig, kid: string | undefined): Promise<KeyObject> {
    const client = this.jwks.get(issuer.issuer);
    if (!client) {
      throw new Error('no JWKS client');
    }
    const key = await client.getSigningKey(kid);
    return createPublicKey(key.getPublicKey());
  }

  private fromStatic(issuer: IssuerConfig, kid: string | undefined, token: string): KeyObject {
    if (issuer.keys.kind !== 'static') {
      throw new Error('not static');
    }
    const keys = issuer.keys.keys;
    const named = kid === undefined ? undefined : keys.find((k) => k.kid === kid);
    if (named) {
      return named.key;
    }
    if (keys.length === 1) {
      return keys[0].key;
    }
    // A bundle without kids (or an unknown kid): the key whose signature checks out, if any.
    const match = keys.find(({ key }) => {
      try {
        verify(token, key, {
          algorithms: this.algorithms,
          ignoreExpiration: true,
          ignoreNotBefore: true,
        });
        return true;
      } catch {
        return false;
      }
    });
    return (match ?? keys[0]).key;
  }
}
