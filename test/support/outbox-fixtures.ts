import type { BusinessEvent } from '../../src/mapping/business-event';
import type { AppendRequest } from '../../src/outbox/outbox.types';

/** A mapped event and a Genesys failure, as the outbox specs store and record them. */
export const STORED_EVENT: BusinessEvent = {
  eventType: 'custom.legacy.order.created',
  eventTime: '2026-11-28T08:15:00Z',
  source: { system: 's', version: '1' },
  data: { transaction_id: 'tx', amount: 1, currency: 'EUR', original_type: 'order.created' },
};

export const UNAVAILABLE = { status: 503, code: 'service.unavailable', message: 'down' };

export const HOUR_MS = 3_600_000;

/** STORED_EVENT appended under `key` (its idempotency and dedupe key), at `now`, deliverable for 24 h. */
export function appendRequest(
  key: string,
  now: number,
  overrides: Partial<AppendRequest> = {},
): AppendRequest {
  return {
    issuer: 'erp',
    idempotencyKey: key,
    dedupeKey: key,
    fingerprint: 'fp-1',
    event: STORED_EVENT,
    now,
    deliverBy: now + 24 * HOUR_MS,
    refs: [key],
    ...overrides,
  };
}
