import { isAxiosError } from 'axios';
import { GenesysTokenError, type GenesysFailure } from './genesys-failure';
import type { PublishOutcome } from './publish-outcome';
import { isRetryableStatus, parseRetryAfter } from './retry-policy';

interface GenesysErrorBody {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly contextId?: unknown;
}

/** Network errors that can only happen before the request left: Genesys cannot have taken it. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether Genesys may have processed a failed call: any 5xx (it may fail after processing, or a
 * proxy may time out in front of it), or no answer once the request could have been sent (a
 * timeout, a reset). 429, other 4xx, a refused connection or a missing token are not: nothing was
 * taken. A re-send after an ambiguous failure is a possible duplicate (Genesys documents no
 * de-duplication on the entity id).
 */
export function isAmbiguousFailure(error: unknown): boolean {
  if (error instanceof GenesysTokenError || !isAxiosError(error)) {
    return false;
  }
  if (error.response) {
    return error.response.status >= 500;
  }
  return !NOT_SENT.has(error.code ?? '') && error.code !== 'ERR_CANCELED';
}

/** Turns whatever a Genesys call threw into an outcome, keeping Genesys' code and correlation id. */
export function classifyPublishError(error: unknown): PublishOutcome {
  if (error instanceof GenesysTokenError) {
    // The login answered with a refusal (4xx), or it is down or unreachable like the API would be.
    const status = error.failure.status;
    const refused = status !== undefined && status >= 400 && status < 500;
    return { kind: refused ? 'unauthorized' : 'unavailable', failure: error.failure };
  }
  if (!isAxiosError<GenesysErrorBody>(error)) {
    return {
      kind: 'unavailable',
      failure: { code: 'internal', message: 'Unexpected error while publishing.' },
    };
  }
  const response = error.response;
  if (!response) {
    const code = error.code ?? 'network.error';
    return {
      kind: 'unavailable',
      failure: {
        code,
        message: `Genesys unreachable (${code}).`,
        ...(isAmbiguousFailure(error) ? { ambiguous: true } : {}),
      },
    };
  }
  const body = typeof response.data === 'object' && response.data !== null ? response.data : {};
  const correlation = response.headers['inin-correlation-id'] as unknown;
  const failure: GenesysFailure = {
    status: response.status,
    code: typeof body.code === 'string' ? body.code : `http.${response.status}`,
    message:
      typeof body.message === 'string'
        ? body.message.slice(0, 500)
        : `Genesys answered ${response.status}.`,
    ...(typeof correlation === 'string'
      ? { correlationId: correlation }
      : typeof body.contextId === 'string'
        ? { correlationId: body.contextId }
        : {}),
    ...(response.status >= 500 ? { ambiguous: true } : {}),
  };
  if (isRetryableStatus(response.status)) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
    return {
      kind: response.status === 429 ? 'throttled' : 'unavailable',
      failure,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  return { kind: 'rejected', failure };
}
