/**
 * Stable error codes, the public contract of every problem+json answer. Domain code throws a
 * DomainError with one of these; the exception filter alone turns them into HTTP.
 */
export const ERROR_CATALOG = {
  AUTH_MISSING_TOKEN: { status: 401, title: 'Bearer token required' },
  AUTH_INVALID_TOKEN: { status: 401, title: 'Bearer token rejected' },
  ADMIN_UNAUTHORIZED: { status: 401, title: 'Admin credentials required' },
  ADMIN_DISABLED: { status: 403, title: 'Admin API disabled' },
  METRICS_DISABLED: { status: 403, title: 'Metrics endpoint disabled' },
  EVENT_TYPE_NOT_ALLOWED: { status: 403, title: 'Event type not allowed for this issuer' },
  VALIDATION_FAILED: { status: 400, title: 'Request body is invalid' },
  MALFORMED_JSON: { status: 400, title: 'Request body is not valid JSON' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'Idempotency-Key header is invalid' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    title: 'A request with this Idempotency-Key is in progress',
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  NO_MATCHING_CONTRACT: { status: 422, title: 'No contract of this issuer matches the event' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key reused with a different payload' },
  RATE_LIMITED: { status: 429, title: 'Too many requests from this issuer' },
  INTERNAL: { status: 500, title: 'Internal error' },
  DELIVERY_FAILED: { status: 502, title: 'Genesys Cloud did not accept the event' },
  BACKLOG_FULL: { status: 503, title: 'Gateway backlog is full' },
  STORE_UNAVAILABLE: { status: 503, title: 'Event store unavailable' },
  SHUTTING_DOWN: { status: 503, title: 'Gateway is shutting down' },
  CONTRACT_NOT_LIVE: {
    status: 503,
    title: "The event's contract does not fit its Genesys destination",
  },
  NOT_READY: { status: 503, title: 'Gateway not ready' },
  NOT_LIVE: { status: 503, title: 'Gateway needs a restart' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function problemType(code: ErrorCode): string {
  return `urn:genesys-event-gateway:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
