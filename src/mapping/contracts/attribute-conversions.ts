import { formatEventTime, parseEventTime } from '../event-time';
import type { AttributeValue } from '../mapped-event';

export const CONVERSIONS = ['string', 'number', 'integer', 'boolean', 'datetime'] as const;
export type Conversion = (typeof CONVERSIONS)[number];

export type Converted =
  | { readonly ok: true; readonly value: AttributeValue }
  | { readonly ok: false; readonly reason: string };

const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * One function per `as:`. Legacy systems send numbers as strings and flags as "true" or 1: each
 * conversion takes the spellings that mean one value without doubt, and refuses the rest.
 */
export const CONVERTERS: Readonly<Record<Conversion, (value: unknown) => Converted>> = {
  string: (value) =>
    typeof value === 'string'
      ? { ok: true, value }
      : typeof value === 'number' || typeof value === 'boolean'
        ? { ok: true, value: String(value) }
        : { ok: false, reason: 'must be a string, number or boolean' },
  number: (value) => {
    const number = toNumber(value);
    return number === undefined
      ? { ok: false, reason: 'must be a number or a numeric string' }
      : { ok: true, value: number };
  },
  integer: (value) => {
    const number = toNumber(value);
    return number !== undefined && Number.isSafeInteger(number)
      ? { ok: true, value: number }
      : { ok: false, reason: 'must be an integer or an integer string' };
  },
  boolean: (value) => {
    if (typeof value === 'boolean') {
      return { ok: true, value };
    }
    const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
    if (text === 'true' || text === 1 || text === '1') {
      return { ok: true, value: true };
    }
    if (text === 'false' || text === 0 || text === '0') {
      return { ok: true, value: false };
    }
    return { ok: false, reason: 'must be true/false, "true"/"false" or 1/0' };
  },
  datetime: (value) => {
    const time = parseEventTime(value);
    return time.ok
      ? { ok: true, value: formatEventTime(time.epochMs) }
      : { ok: false, reason: time.reason };
  },
};

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && NUMERIC.test(value)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/** What a value is without `as`: a scalar as it is; objects, arrays and null are not attributes. */
export function asIs(value: unknown): Converted {
  return typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
    ? { ok: true, value }
    : { ok: false, reason: 'must be a string, number or boolean (use a pointer to a scalar)' };
}

/** The JSON type a conversion produces, for checks against the destination schema. */
export function conversionType(
  conversion: Conversion,
): 'string' | 'number' | 'integer' | 'boolean' {
  return conversion === 'datetime' ? 'string' : conversion;
}
