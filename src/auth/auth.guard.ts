import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { TokenExpiredError, NotBeforeError } from 'jsonwebtoken';
import type { AppConfig } from '../config/app-config';
import { DomainError } from '../common/problem/domain-error';
import { AUTH_POLICY, type AuthPolicy } from './auth.decorators';
import { bearerToken } from './bearer-token';
import { constantTimeEqual } from './constant-time-equal';
import { LEGACY_JWT_STRATEGY } from './legacy-jwt.strategy';
import type { LegacyPrincipal } from './principal';

/**
 * Global guard: every route needs a verified legacy JWT unless marked @Public() or @AdminOnly().
 * Failure details are coarse on purpose: nothing about the key or the expected claims leaks.
 */
@Injectable()
export class GatewayAuthGuard extends AuthGuard(LEGACY_JWT_STRATEGY) {
  private readonly adminToken: string | undefined;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    super();
    this.adminToken = config.get('auth', { infer: true }).adminToken;
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AuthPolicy | undefined>(AUTH_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy === 'public') {
      return true;
    }
    if (policy === 'admin') {
      return this.checkAdmin(context.switchToHttp().getRequest<Request>());
    }
    return super.canActivate(context) as Promise<boolean>;
  }

  override handleRequest<TUser = LegacyPrincipal>(
    error: unknown,
    user: TUser | false,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (user && !error) {
      return user;
    }
    const request = context.switchToHttp().getRequest<Request>();
    if (request.headers.authorization === undefined) {
      throw new DomainError('AUTH_MISSING_TOKEN', 'Send an Authorization: Bearer <JWT> header.', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    throw new DomainError('AUTH_INVALID_TOKEN', rejectionReason(info), {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    });
  }

  private checkAdmin(request: Request): boolean {
    if (!this.adminToken) {
      throw new DomainError(
        'ADMIN_DISABLED',
        'The admin API is disabled: set ADMIN_TOKEN to enable it.',
      );
    }
    const token = bearerToken(request);
    if (!token || !constantTimeEqual(token, this.adminToken)) {
      throw new DomainError(
        'ADMIN_UNAUTHORIZED',
        'Send the admin token as Authorization: Bearer <ADMIN_TOKEN>.',
        {
          headers: { 'WWW-Authenticate': 'Bearer' },
        },
      );
    }
    return true;
  }
}

function rejectionReason(info: unknown): string {
  if (info instanceof TokenExpiredError) {
    return 'The token has expired.';
  }
  if (info instanceof NotBeforeError) {
    return 'The token is not valid yet.';
  }
  return 'The token is malformed, not signed by a trusted key, or not issued for this gateway.';
}
