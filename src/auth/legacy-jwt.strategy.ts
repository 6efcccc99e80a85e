import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import type { AppConfig } from '../config/app-config';
import { bearerToken } from './bearer-token';
import type { LegacyPrincipal } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

export const LEGACY_JWT_STRATEGY = 'legacy-jwt';

interface LegacyClaims {
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly exp?: unknown;
}

/** The guard puts the token's cache key here when it missed the cache, so validate() can fill it. */
export type CachedRequest = Request & { verifiedTokenKey?: string };

/**
 * Verifies legacy systems' JWTs: ES256 only, with issuer, audience and expiry all required.
 * The key is a KeyObject parsed once at boot (a PEM string would be re-parsed per request), and
 * each verified token is remembered until its exp (see VerifiedTokenCache for the trade-off).
 */
@Injectable()
export class LegacyJwtStrategy extends PassportStrategy(Strategy, LEGACY_JWT_STRATEGY) {
  constructor(
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
    @Inject(VerifiedTokenCache) private readonly cache: VerifiedTokenCache,
  ) {
    const auth = config.get('auth', { infer: true });
    super({
      jwtFromRequest: (req: Request) => {
        const token = bearerToken(req);
        // Oversized tokens are refused before any parsing work.
        return token && token.length <= auth.maxTokenBytes ? token : null;
      },
      // jsonwebtoken accepts a KeyObject; the typings only know string | Buffer.
      secretOrKey: auth.publicKey as unknown as string,
      algorithms: [...auth.algorithms],
      issuer: auth.issuer,
      audience: auth.audience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: auth.clockToleranceSec },
      passReqToCallback: true,
    });
  }

  /** jsonwebtoken does not insist on `exp`; we do, so no token is valid forever. */
  validate(req: CachedRequest, claims: LegacyClaims): LegacyPrincipal | false {
    if (typeof claims.exp !== 'number' || typeof claims.iss !== 'string') {
      return false;
    }
    const principal: LegacyPrincipal = {
      kind: 'legacy',
      issuer: claims.iss,
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    };
    if (req.verifiedTokenKey) {
      this.cache.set(req.verifiedTokenKey, principal, claims.exp * 1000);
    }
    return principal;
  }
}
