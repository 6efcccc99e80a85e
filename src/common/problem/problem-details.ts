import { ERROR_CATALOG, type ErrorCode, problemType } from './error-codes';
import type { DomainError, FieldError } from './domain-error';

/** RFC 9457 problem details with our stable `code` extension. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function buildProblem(
  code: ErrorCode,
  detail: string,
  extras: {
    instance?: string;
    errors?: readonly FieldError[];
    extensions?: Readonly<Record<string, unknown>>;
  } = {},
): ProblemDetails {
  const { status, title } = ERROR_CATALOG[code];
  return {
    ...extras.extensions,
    type: problemType(code),
    title,
    status,
    detail,
    code,
    ...(extras.instance ? { instance: extras.instance } : {}),
    ...(extras.errors && extras.errors.length > 0 ? { errors: extras.errors } : {}),
  };
}

/** The problem a DomainError stands for (the filter's answer, also used per item in batch answers). */
export function problemOf(error: DomainError, instance?: string): ProblemDetails {
  return buildProblem(error.code, error.detail, {
    instance,
    errors: error.options.errors,
    extensions: error.options.extensions,
  });
}
