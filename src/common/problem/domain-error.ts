import type { ErrorCode } from './error-codes';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  /** Extension members for the problem body (never secrets, never internals). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly errors?: readonly FieldError[];
  /** Seconds the client should wait, sent as Retry-After. */
  readonly retryAfterSec?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** An expected failure with a stable code. Never an HttpException: the filter owns HTTP. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: DomainErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'DomainError';
  }
}
