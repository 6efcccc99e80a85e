import { hash } from 'node:crypto';
import { DomainError } from '../common';
import type { LegacyEvent, MappedEvent } from '../mapping';
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
 * How the gateway knows an event: by the key clients and Genesys see, and by the same identity in
 * the form the SQLite ledger indexes (`dedupeKey`). A UUID is fixed-length and header-safe but
 * random; as an index key it puts every new event on an index page of its own, which cost the
 * store four times as much per event at 1M stored events (docs/benchmarks.md). The natural identity,
 * event time first, keeps the events that arrive together on the same few pages. The two name the
 * same identity: the UUID is derived from exactly the parts the dedupe key holds.
 */
export interface EventKey {
  /** Returned to the client, shown in dead letters, sent to Genesys as the event's identity. */
  readonly idempotencyKey: string;
  /**
   * What the ledger deduplicates on, per issuer. Header keys stand for themselves; derived and
   * CloudEvents keys are JSON arrays, which always hold a `"` and so never equal a header key.
   */
  readonly dedupeKey: string;
  /** The sender's own name for the event when the key carries one (a CloudEvent's id). */
  readonly ref?: string;
}

/** A client's Idempotency-Key is its own identity; its order in the index is the client's. */
export function headerEventKey(key: string): EventKey {
  return { idempotencyKey: key, dedupeKey: key };
}

/**
 * A key derived from what identifies the business event, so a legacy system that re-POSTs the same
 * event without a header gets a replay, not a second delivery. The event time is the normalised
 * UTC instant: `+02:00` and `Z` spellings of the same moment give the same key.
 */
export function derivedEventKey(
  issuer: string,
  event: LegacyEvent,
  eventTimeUtc: string,
): EventKey {
  return {
    idempotencyKey: derivedKey(
      [issuer, event.transaction_id, event.event_type, eventTimeUtc].join('\n'),
    ),
    dedupeKey: JSON.stringify(['tx', eventTimeUtc, event.transaction_id, event.event_type]),
  };
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
 * The event's `time` is not part of it, so ids are what orders these in the ledger.
 */
export function cloudEventKey(source: string, id: string): EventKey {
  return {
    idempotencyKey: derivedKey(['cloudevents', source, id].join('\n')),
    dedupeKey: JSON.stringify(['ce', source, id]),
    ref: id,
  };
}

/**
 * A contract's event is known by the contract and its identity values (`identity:` pointers):
 * a legacy system that sends order SO-1234 twice gets a replay, whatever else changed in the body.
 */
export function contractEventKey(
  issuer: string,
  contract: string,
  identity: readonly string[],
): EventKey {
  const name = JSON.stringify(['contract', contract, ...identity]);
  return { idempotencyKey: derivedKey(`${issuer}\n${name}`), dedupeKey: name };
}

/**
 * SHA-256 of what would reach Genesys (the stored entity, whose key order the compiled contract
 * fixes): the same identity with another entity is a 422, the same entity spelled in another zone
 * or key order is a replay. Returns the JSON too: the store keeps it as the payload.
 */
export function contractFingerprint(event: MappedEvent): { fingerprint: string; json: string } {
  const json = JSON.stringify(event);
  return { fingerprint: hash('sha256', json, 'base64url'), json };
}
