import { hash } from 'node:crypto';
import { DomainError } from '../common/problem/domain-error';
import type { LegacyEvent } from '../mapping/business-event';
import { nameBasedUuids } from './name-based-uuid';

/** Fixed namespace for derived keys: changing it would turn every retry into a new event. */
const DERIVED_KEY_NAMESPACE = '6f1c3e3a-7c55-4d5e-9b0e-2a9d1f4b8c21';
const MAX_KEY_LENGTH = 255;
const derivedKey = nameBasedUuids(DERIVED_KEY_NAMESPACE);

/**
 * The client's Idempotency-Key, as an RFC 8941 sf-string (`"abc"`) or a bare token: 1-255
 * printable ASCII characters, no spaces, quotes or backslashes. Undefined when absent.
 */
export function parseIdempotencyKeyHeader(header: string | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const quoted = /^"(.*)"$/.exec(header.trim());
  const key = quoted ? quoted[1] : header.trim();
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(key)) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_INVALID',
      `Idempotency-Key must be 1-${MAX_KEY_LENGTH} printable ASCII characters without spaces, quotes or backslashes.`,
      { errors: [{ field: 'Idempotency-Key', message: 'invalid format' }] },
    );
  }
  return key;
}

/**
 * A key derived from what identifies the business event, so a legacy system that re-POSTs the same
 * event without a header gets a replay, not a second delivery. The event time is the normalised
 * UTC instant: `+02:00` and `Z` spellings of the same moment give the same key.
 */
export function deriveIdempotencyKey(
  issuer: string,
  event: LegacyEvent,
  eventTimeUtc: string,
): string {
  return derivedKey([issuer, event.transaction_id, event.event_type, eventTimeUtc].join('\n'));
}

/**
 * SHA-256 of the payload fields in a fixed order, with the time normalised to UTC: the same key
 * with a different payload is a 422, the same event spelled in another zone is not.
 */
export function fingerprint(event: LegacyEvent, eventTimeUtc: string): string {
  const canonical = JSON.stringify([
    event.transaction_id,
    event.event_type,
    event.amount,
    event.currency,
    eventTimeUtc,
  ]);
  return hash('sha256', canonical, 'base64url');
}

/**
 * CloudEvents name their own identity: `source` + `id` is unique per event (CloudEvents 1.0 §3.1.1),
 * so it is the idempotency key, made fixed-length and header-safe the same way as derived keys.
 */
export function cloudEventIdempotencyKey(source: string, id: string): string {
  return derivedKey(['cloudevents', source, id].join('\n'));
}
