import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { GatewayAuthGuard } from './auth.guard';
import { LegacyJwtStrategy } from './legacy-jwt.strategy';
import { VerifiedTokenCache } from './verified-token-cache';

/** Secure by default: the guard applies to every route of the app. */
@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [
    VerifiedTokenCache,
    LegacyJwtStrategy,
    { provide: APP_GUARD, useClass: GatewayAuthGuard },
  ],
})
export class AuthModule {}
