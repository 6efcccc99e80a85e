import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { AuthConfig } from '../config';
import { bearerToken } from './bearer-token';
import { IssuerRegistry } from './issuer-registry';
import type { LegacyPrincipal } from './principal';
import { SigningKeyResolver } from './signing-key-resolver';
import { VerifiedTokenCache } from './verified-token-cache';

export const LEGACY_JWT_STRATEGY = 'legacy-jwt';

interface LegacyClaims {
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly aud?: unknown;
  readonly exp?: unknown;
  readonly iat?: unknown;
}

/** The guard puts the token's cache key here when it missed the cache, so validate() can fill it. */
export type CachedRequest = Request & { verifiedTokenKey?: string };

/**
 * Verifies legacy systems' JWTs: pinned algorithms (ES256 unless configured), the key of the
 * token's own issuer (static or JWKS), issuer, audience and expiry all required. jsonwebtoken
 * checks the signature, exp, nbf and that iss/aud are among the configured ones; validate() then
 * insists that the audience is the one of *that* issuer, and checks iat and the token lifetime.
 * Each verified token is remembered until its exp (see VerifiedTokenCache for the trade-off).
 */
@Injectable()
export class LegacyJwtStrategy extends PassportStrategy(Strategy, LEGACY_JWT_STRATEGY) {
  private readonly auth: AuthConfig;

  constructor(
    @Inject(AuthConfig) config: AuthConfig,
    @Inject(VerifiedTokenCache) private readonly cache: VerifiedTokenCache,
    @Inject(IssuerRegistry) private readonly registry: IssuerRegistry,
    @Inject(SigningKeyResolver) resolver: SigningKeyResolver,
  ) {
    const auth = config;
    super({
      jwtFromRequest: (req: Request) => {
        const token = bearerToken(req);
        // Oversized tokens are refused before any parsing work.
        return token && token.length <= auth.maxTokenBytes ? token : null;
      },
      secretOrKeyProvider: (
        _req: Request,
        rawJwt: string,
        done: (error: unknown, key?: string) => void,
      ) => {
        // jsonwebtoken accepts a KeyObject; the typings only know string | Buffer.
        resolver.keyFor(rawJwt).then(
          (key) => done(null, key as unknown as string),
          (error: unknown) => done(error),
        );
      },
      algorithms: [...auth.algorithms],
      issuer: auth.issuers.map((entry) => entry.issuer),
      audience: [...new Set(auth.issuers.map((entry) => entry.audience))],
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: auth.clockToleranceSec },
      passReqToCallback: true,
    });
    this.auth = auth;
  }

  validate(req: CachedRequest, claims: LegacyClaims): LegacyPrincipal | false {
    const issuer = typeof claims.iss === 'string' ? this.registry.get(claims.iss) : undefined;
    // jsonwebtoken does not insist on `exp`; we do, so no token is valid forever.
    if (!issuer || typeof claims.exp !== 'number' || !this.lifetimeAcceptable(claims)) {
      return false;
    }
    if (!audienceIs(claims.aud, issuer.audience)) {
      return false;
    }
    const principal: LegacyPrincipal = {
      kind: 'legacy',
      issuer: issuer.issuer,
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    };
    if (req.verifiedTokenKey) {
      this.cache.set(req.verifiedTokenKey, principal, claims.exp * 1000);
    }
    return principal;
  }

  /** `iat` must not lie in the future, and `exp - iat` must stay under the configured maximum. */
  private lifetimeAcceptable(claims: LegacyClaims): boolean {
    const { clockToleranceSec, maxTokenLifetimeSec } = this.auth;
    if (claims.iat !== undefined) {
      if (typeof claims.iat !== 'number' || claims.iat > Date.now() / 1000 + clockToleranceSec) {
        return false;
      }
    }
    if (maxTokenLifetimeSec === undefined) {
      return true;
    }
    return (
      typeof claims.iat === 'number' && (claims.exp as number) - claims.iat <= maxTokenLifetimeSec
    );
  }
}

/**
 * The audience must be this issuer's; an array may only repeat it. A token minted for several
 * services at once could be replayed against each of them, so foreign co-audiences are refused.
 */
function audienceIs(aud: unknown, expected: string): boolean {
  if (typeof aud === 'string') {
    return aud === expected;
  }
  return Array.isArray(aud) && aud.length > 0 && aud.every((value) => value === expected);
}
