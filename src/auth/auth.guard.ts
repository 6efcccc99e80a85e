import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { TokenExpiredError, NotBeforeError } from 'jsonwebtoken';
import { AuthConfig } from '../config';
import { DomainError } from '../common';
import { AUTH_POLICY, type AuthPolicy } from './auth.decorators';
import { bearerToken } from './bearer-token';
import { constantTimeEqual } from './constant-time-equal';
import {
  CONSOLE_COOKIE,
  type ConsoleSession,
  ConsoleSessionSigner,
  cookieValue,
} from './console-session';
import { unsupportedHeaderProblem } from './jose-header';
import { type CachedRequest, LEGACY_JWT_STRATEGY } from './legacy-jwt.strategy';
import type { LegacyPrincipal } from './principal';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Global guard: every route needs a verified legacy JWT unless marked @Public() or @AdminOnly().
 * Failure details are coarse on purpose: nothing about the key or the expected claims leaks.
 */
@Injectable()
export class GatewayAuthGuard extends AuthGuard(LEGACY_JWT_STRATEGY) {
  private readonly adminToken: string | undefined;
  private readonly sessions: ConsoleSessionSigner | undefined;
  private readonly metricsTokens: readonly string[];
  private readonly maxTokenBytes: number;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(VerifiedTokenCache) private readonly verified: VerifiedTokenCache,
    @Inject(AuthConfig) config: AuthConfig,
  ) {
    super();
    const auth = config;
    this.adminToken = auth.adminToken;
    this.sessions = auth.adminToken ? new ConsoleSessionSigner(auth.adminToken) : undefined;
    this.metricsTokens = [auth.metricsToken, auth.adminToken].filter(
      (t): t is string => t !== undefined,
    );
    this.maxTokenBytes = auth.maxTokenBytes;
  }

  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AuthPolicy | undefined>(AUTH_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (policy === 'public') {
      return true;
    }
    const request = context.switchToHttp().getRequest<CachedRequest & { user?: unknown }>();
    if (policy === 'admin') {
      return this.checkAdmin(request);
    }
    if (policy === 'metrics') {
      return this.checkMetrics(request);
    }
    // A token verified before (same bytes, not yet expired) skips passport and the ES256 check.
    const token = bearerToken(request);
    if (token && token.length <= this.maxTokenBytes) {
      const key = VerifiedTokenCache.keyOf(token);
      const principal = this.verified.get(key);
      if (principal) {
        request.user = principal;
        return true;
      }
      request.verifiedTokenKey = key;
      const problem = unsupportedHeaderProblem(token);
      if (problem) {
        throw new DomainError('AUTH_INVALID_TOKEN', problem, {
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        });
      }
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

  private checkMetrics(request: Request): boolean {
    if (this.metricsTokens.length === 0) {
      throw new DomainError(
        'METRICS_DISABLED',
        '/metrics is disabled: set METRICS_TOKEN (or ADMIN_TOKEN) to enable it.',
      );
    }
    const token = bearerToken(request);
    // Compare with every configured secret (no early exit) so timing does not tell which matched.
    const matches = this.metricsTokens.map(
      (secret) => token !== undefined && constantTimeEqual(token, secret),
    );
    if (!matches.includes(true)) {
      throw new DomainError(
        'ADMIN_UNAUTHORIZED',
        'Send METRICS_TOKEN as Authorization: Bearer <token>.',
        {
          headers: { 'WWW-Authenticate': 'Bearer' },
        },
      );
    }
    return true;
  }

  private checkAdmin(request: Request & { consoleSession?: ConsoleSession }): boolean {
    if (!this.adminToken) {
      throw new DomainError(
        'ADMIN_DISABLED',
        'The admin API is disabled: set ADMIN_TOKEN to enable it.',
      );
    }
    const token = bearerToken(request);
    if (token === undefined) {
      const session = this.sessions?.verify(cookieValue(request, CONSOLE_COOKIE), Date.now());
      // The cookie is SameSite=Strict already; a custom header on changes is a second line against
      // cross-site requests (a foreign page cannot set it without a CORS preflight we never allow).
      const safe = request.method === 'GET' || request.method === 'HEAD';
      if (session && (safe || request.headers['x-console-request'] === '1')) {
        request.consoleSession = session;
        return true;
      }
    }
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
