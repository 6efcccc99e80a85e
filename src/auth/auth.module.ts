import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { GatewayAuthGuard } from './auth.guard';
import { IssuerRegistry } from './issuer-registry';
import { LegacyJwtStrategy } from './legacy-jwt.strategy';
import { SigningKeyResolver } from './signing-key-resolver';
import { VerifiedTokenCache } from './verified-token-cache';

/** Secure by default: the guard applies to every route of the app. */
@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [
    VerifiedTokenCache,
    IssuerRegistry,
    SigningKeyResolver,
    LegacyJwtStrategy,
    { provide: APP_GUARD, useClass: GatewayAuthGuard },
  ],
  exports: [IssuerRegistry],
})
export class AuthModule {}
