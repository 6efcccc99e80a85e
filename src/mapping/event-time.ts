/**
 * Legacy `timestamp` -> UTC instant. Accepted: RFC 3339 / ISO 8601 date-times with a zone
 * (`Z` or `+hh:mm`), or Unix epoch seconds / milliseconds as a number or a digit string
 * (values below 1e11 are seconds: 1e11 s is the year 5138). Anything else is rejected, never
 * replaced by "now" (the tutorial's bug).
 */
export type EventTimeResult =
  { readonly ok: true; readonly epochMs: number } | { readonly ok: false; readonly reason: string };

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const EPOCH_SECONDS_LIMIT = 1e11;
const MAX_EPOCH_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const INVALID = 'must be an RFC 3339 date-time with a zone, or Unix epoch seconds or milliseconds';

export function parseEventTime(value: unknown): EventTimeResult {
  if (typeof value === 'number') {
    return fromEpoch(value);
  }
  if (typeof value !== 'string') {
    return { ok: false, reason: INVALID };
  }
  const text = value.trim();
  if (/^\d{1,16}(\.\d+)?$/.test(text)) {
    return fromEpoch(Number(text));
  }
  const match = RFC3339.exec(text);
  return match ? fromParts(match) : { ok: false, reason: INVALID };
}

function fromEpoch(value: number): EventTimeResult {
  if (!Number.isFinite(value) || value < 0) {
    return { ok: false, reason: INVALID };
  }
  const epochMs = Math.floor(value < EPOCH_SECONDS_LIMIT ? value * 1000 : value);
  return epochMs <= MAX_EPOCH_MS
    ? { ok: true, epochMs }
    : { ok: false, reason: 'is too far in the future' };
}

function fromParts(match: RegExpExecArray): EventTimeResult {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6]);
  const millis = match[7] ? Number(match[7].slice(0, 3).padEnd(3, '0')) : 0;
  // Range checks instead of a Date round trip (Date.UTC rolls Feb 30 over to Mar 2). Years before
  // 100 are refused: Date.UTC would read them as 19xx.
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { ok: false, reason: 'is not a real calendar date and time' };
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  let offsetMinutes = 0;
  if (!match[8]) {
    const [offHours, offMinutes] = [Number(match[10]), Number(match[11])];
    if (offHours > 23 || offMinutes > 59) {
      return { ok: false, reason: 'has an invalid zone offset' };
    }
    offsetMinutes = (match[9] === '-' ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  return { ok: true, epochMs: local - offsetMinutes * 60_000 };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `2026-11-28T08:15:00Z`, with milliseconds only when they are not zero. */
export function formatEventTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
