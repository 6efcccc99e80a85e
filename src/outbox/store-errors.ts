import { DomainError } from '../common';

/**
 * What a store failure means to the client, whatever the driver: the event was not stored, and it
 * can be sent again later. A full store asks for a longer pause than a passing failure.
 */
export function storeFailure(full: boolean, cause: unknown): DomainError {
  return full
    ? new DomainError('BACKLOG_FULL', 'The event store is full; retry later.', {
        retryAfterSec: 30,
        cause,
      })
    : new DomainError(
        'STORE_UNAVAILABLE',
        'The event store could not record the event; retry later.',
        { retryAfterSec: 5, cause },
      );
}

/** A cursor this gateway did not hand out (a listing's `cursor` query parameter). */
export function unknownCursor(): DomainError {
  return new DomainError('VALIDATION_FAILED', 'cursor is not one this gateway handed out.', {
    errors: [{ field: 'cursor', message: 'unknown cursor' }],
  });
}
