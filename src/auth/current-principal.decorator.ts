import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common';
import { isLegacyPrincipal, type LegacyPrincipal } from './principal';

/** The verified legacy caller; the global guard has already rejected anyone else. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): LegacyPrincipal => {
    const user = context.switchToHttp().getRequest<Request & { user?: unknown }>().user;
    if (!isLegacyPrincipal(user)) {
      throw new DomainError('AUTH_MISSING_TOKEN', 'Send an Authorization: Bearer <JWT> header.');
    }
    return user;
  },
);
