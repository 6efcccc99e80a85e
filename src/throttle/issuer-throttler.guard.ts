import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { isLegacyPrincipal } from '../auth';
import { DomainError } from '../common';

/**
 * @nestjs/throttler keyed by the authenticated issuer instead of the client IP: one misbehaving
 * legacy system cannot take the capacity of the others. Runs after the auth guard (requests it
 * refused never get here); admin, metrics and health routes carry no legacy principal and pass.
 */
@Injectable()
export class IssuerThrottlerGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ user?: unknown }>();
    return Promise.resolve(!isLegacyPrincipal(request.user));
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const user = request.user;
    return Promise.resolve(isLegacyPrincipal(user) ? `issuer:${user.issuer}` : 'anonymous');
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new DomainError(
      'RATE_LIMITED',
      `This issuer may send ${detail.limit} requests per minute; retry later.`,
      { retryAfterSec: Math.max(1, detail.timeToBlockExpire) },
    );
  }
}
