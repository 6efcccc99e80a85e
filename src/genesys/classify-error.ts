import { isAxiosError } from 'axios';
import { GenesysTokenError, type GenesysFailure } from './genesys-failure';
import type { PublishOutcome } from './publish-outcome';
import { isRetryableStatus, parseRetryAfter } from './retry-policy';

interface GenesysErrorBody {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly contextId?: unknown;
}

/** Turns whatever a Genesys call threw into an outcome, keeping Genesys' code and correlation id. */
export function classifyPublishError(error: unknown): PublishOutcome {
  if (error instanceof GenesysTokenError) {
    return { kind: 'retryable', failure: error.failure };
  }
  if (!isAxiosError<GenesysErrorBody>(error)) {
    return {
      kind: 'retryable',
      failure: { code: 'internal', message: 'Unexpected error while publishing.' },
    };
  }
  const response = error.response;
  if (!response) {
    const code = error.code ?? 'network.error';
    return { kind: 'retryable', failure: { code, message: `Genesys unreachable (${code}).` } };
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
  };
  if (isRetryableStatus(response.status)) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], Date.now());
    return { kind: 'retryable', failure, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { kind: 'rejected', failure };
}
