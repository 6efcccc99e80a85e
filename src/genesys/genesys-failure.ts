/** What Genesys said when it did not accept a call: safe to store and show (no tokens, no secrets). */
export interface GenesysFailure {
  /** HTTP status, absent for network errors and timeouts. */
  readonly status?: number;
  /** Genesys' dotted error code (`bad.request`, `too.many.requests`, ...) or a network error code. */
  readonly code: string;
  readonly message: string;
  /** The `ININ-Correlation-Id` response header: quote it to Genesys support. */
  readonly correlationId?: string;
  /**
   * Genesys may have taken the request all the same (a 5xx, or no answer after the body was
   * sent): a re-send may deliver the event twice (see isAmbiguousFailure).
   */
  readonly ambiguous?: boolean;
}

/**
 * Raised when no OAuth token can be had. classify-error.ts makes it `unauthorized` when the login
 * refused the client, else `unavailable`.
 */
export class GenesysTokenError extends Error {
  constructor(readonly failure: GenesysFailure) {
    super(failure.message);
    this.name = 'GenesysTokenError';
  }
}
