import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import type { AppConfig } from '../config/app-config';
import { bearerToken } from './bearer-token';
import type { LegacyPrincipal } from './principal';

export const LEGACY_JWT_STRATEGY = 'legacy-jwt';

interface LegacyClaims {
  readonly iss?: unknown;
  readonly sub?: unknown;
  readonly exp?: unknown;
}

/**
 * Verifies legacy systems' JWTs: ES256 only, with issuer, audience and expiry all required.
 * The key is a KeyObject parsed once at boot (a PEM string would be re-parsed per request).
 */
@Injectable()
export class LegacyJwtStrategy extends PassportStrategy(Strategy, LEGACY_JWT_STRATEGY) {
  constructor(@Inject(ConfigService) config: ConfigService<AppConfig, true>) {
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
    });
  }

  /** jsonwebtoken does not insist on `exp`; we do, so no token is valid forever. */
  validate(claims: LegacyClaims): LegacyPrincipal | false {
    if (typeof claims.exp !== 'number' || typeof claims.iss !== 'string') {
      return false;
    }
    return {
      kind: 'legacy',
      issuer: claims.iss,
      subject: typeof claims.sub === 'string' ? claims.sub : undefined,
    };
  }
}
