import { type LegacyEvent, parseEventTime } from '../../mapping';
import { CLOUD_EVENT_ATTRIBUTES } from './cloud-event.dto';
import {
  amountCheck,
  CURRENCY_PATTERN,
  eventTypeCheck,
  ISO_4217,
  MAX_TRANSACTION_ID_LENGTH,
  TRANSACTION_ID_PATTERN,
} from './legacy-event.dto';

/**
 * Events are nearly always valid, and class-validator is the largest per-event cost of ingest
 * (metadata lookups, a promise per rule), on both routes. These checks accept the plainly valid
 * event (or batch item) directly and
 * answer `undefined` for everything else, which then goes through the ValidationPipe: every error
 * message still comes from the DTOs. They may refuse more than the DTOs do (never less):
 * fast-accept.spec.ts holds them to that with generated inputs.
 */
const LEGACY_FIELDS = ['transaction_id', 'event_type', 'amount', 'currency', 'timestamp'] as const;

/** A plainly valid item, with the time its timestamp names (parsed once, not again to map it). */
export interface AcceptedLegacyEvent {
  readonly legacy: LegacyEvent;
  readonly eventTimeMs: number;
}

/** The item as a LegacyEvent when it is certainly valid; undefined means "ask class-validator". */
export function acceptLegacyEvent(raw: unknown): AcceptedLegacyEvent | undefined {
  if (!isPlainObject(raw) || !hasExactly(raw, LEGACY_FIELDS)) {
    return undefined;
  }
  const { transaction_id, event_type, amount, currency, timestamp } = raw;
  if (
    typeof transaction_id === 'string' &&
    transaction_id.length <= MAX_TRANSACTION_ID_LENGTH &&
    TRANSACTION_ID_PATTERN.test(transaction_id) &&
    typeof event_type === 'string' &&
    eventTypeCheck(event_type).ok &&
    typeof amount === 'number' &&
    amountCheck(amount).ok &&
    typeof currency === 'string' &&
    CURRENCY_PATTERN.test(currency) &&
    ISO_4217.has(currency) &&
    (typeof timestamp === 'string' || typeof timestamp === 'number')
  ) {
    const time = parseEventTime(timestamp);
    return time.ok
      ? {
          legacy: { transaction_id, event_type, amount, currency, timestamp },
          eventTimeMs: time.epochMs,
        }
      : undefined;
  }
  return undefined;
}

/** The envelope fields a CloudEvent needs, when certainly valid (no extensions). */
export interface AcceptedCloudEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly data: Record<string, unknown>;
}

export function acceptCloudEvent(raw: unknown): AcceptedCloudEvent | undefined {
  if (!isPlainObject(raw) || Object.keys(raw).some((key) => !CLOUD_EVENT_ATTRIBUTES.has(key))) {
    return undefined;
  }
  const { specversion, id, source, type, time, datacontenttype, subject, dataschema, data } = raw;
  if (
    specversion === '1.0' &&
    isText(id, 256) &&
    isText(source, 512) &&
    isText(type, 256) &&
    typeof time === 'string' &&
    (datacontenttype === undefined || datacontenttype === 'application/json') &&
    (subject === undefined || isText(subject, 512)) &&
    (dataschema === undefined || isText(dataschema, 512)) &&
    isPlainObject(data)
  ) {
    return { id, source, type, time, data };
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

function hasExactly(value: Record<string, unknown>, fields: readonly string[]): boolean {
  const keys = Object.keys(value);
  return keys.length === fields.length && fields.every((field) => Object.hasOwn(value, field));
}

/** 1..max UTF-16 units: class-validator counts a surrogate pair as one, so this is never looser. */
function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max;
}
