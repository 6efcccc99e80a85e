import { type ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthModule, IssuerRegistry, isLegacyPrincipal } from '../auth';
import { IssuerThrottlerGuard } from './issuer-throttler.guard';

const MINUTE_MS = 60_000;

/** The issuer's requests-per-minute from the registry (or LEGACY_RATE_LIMIT_PER_MINUTE). */
function limitOf(context: ExecutionContext, registry: IssuerRegistry): number | undefined {
  const user = context.switchToHttp().getRequest<{ user?: unknown }>().user;
  return isLegacyPrincipal(user) ? registry.get(user.issuer)?.rateLimitPerMinute : undefined;
}

/**
 * Per-issuer rate limits, counted per replica (in memory): with N replicas behind a balancer an
 * issuer gets up to N times its limit. Registered after AuthModule so its guard runs second.
 */
@Module({
  imports: [
    AuthModule,
    ThrottlerModule.forRootAsync({
      imports: [AuthModule],
      inject: [IssuerRegistry],
      useFactory: (registry: IssuerRegistry) => ({
        throttlers: [
          {
            name: 'default',
            ttl: MINUTE_MS,
            limit: (context) => limitOf(context, registry) ?? Number.MAX_SAFE_INTEGER,
          },
        ],
        skipIf: (context) => limitOf(context, registry) === undefined,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: IssuerThrottlerGuard }],
})
export class IssuerThrottleModule {}
