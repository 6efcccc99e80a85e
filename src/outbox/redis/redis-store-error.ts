import { DomainError } from '../../common';
import { storeFailure } from '../store-errors';

/** A Redis error as the store's DomainError (503 class); a DomainError passes through. */
export function storeError(error: unknown): DomainError {
  if (error instanceof DomainError) {
    return error;
  }
  // With maxmemory-policy noeviction a full Redis refuses writes with an OOM error.
  const message = error instanceof Error ? error.message : String(error);
  return storeFailure(message.startsWith('OOM'), error);
}
