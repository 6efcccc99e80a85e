import type { Response } from 'express';

/** The id the request logger gave this request (and echoed as X-Request-Id). */
export function requestIdOf(res: Response): string | undefined {
  const id = res.getHeader('x-request-id');
  return typeof id === 'string' ? id : undefined;
}
