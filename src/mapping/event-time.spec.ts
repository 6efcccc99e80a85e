import fc from 'fast-check';
import { formatEventTime, parseEventTime } from './event-time';

const iso = (value: unknown): string | undefined => {
  const result = parseEventTime(value);
  return result.ok ? formatEventTime(result.epochMs) : undefined;
};

describe(parseEventTime.name, () => {
  it.each([
    ['2026-11-28T10:15:00+02:00', '2026-11-28T08:15:00Z'],
    ['2026-11-28T08:15:00Z', '2026-11-28T08:15:00Z'],
    ['2026-11-28t08:15:00z', '2026-11-28T08:15:00Z'],
    ['2026-11-28 08:15:00Z', '2026-11-28T08:15:00Z'],
    ['2026-11-28T08:15:00.123Z', '2026-11-28T08:15:00.123Z'],
    ['2026-11-28T08:15:00.123456789Z', '2026-11-28T08:15:00.123Z'],
    ['2026-11-28T01:15:00-07:00', '2026-11-28T08:15:00Z'],
    ['2026-11-28T00:00:00+0530', '2026-11-27T18:30:00Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00Z'],
    [1795947300, '2026-11-29T10:15:00Z'],
    [1795947300000, '2026-11-29T10:15:00Z'],
    ['1795947300', '2026-11-29T10:15:00Z'],
    ['1795947300123', '2026-11-29T10:15:00.123Z'],
    [0, '1970-01-01T00:00:00Z'],
  ])('%j -> %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    'yesterday',
    '',
    '2026-11-28',
    '2026-11-28T10:15:00',
    '2026-02-30T10:15:00Z',
    '2025-02-29T10:15:00Z',
    '2026-11-28T24:00:00Z',
    '2026-11-28T10:60:00Z',
    '2026-11-28T10:15:00+25:00',
    'Sat, 28 Nov 2026 10:15:00 GMT',
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e20,
    true,
    null,
    {},
  ])('rejects %j', (input) => {
    expect(parseEventTime(input).ok).toBe(false);
  });
});

describe(`${parseEventTime.name} calendar checks`, () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('accepts a date-time exactly when a Date round trip keeps every field (the rule it replaced)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (year, month, day, hour, minute, second) => {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}Z`;
          const utc = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
          const real =
            utc.getUTCFullYear() === year &&
            utc.getUTCMonth() === month - 1 &&
            utc.getUTCDate() === day &&
            utc.getUTCHours() === hour &&
            utc.getUTCMinutes() === minute &&
            utc.getUTCSeconds() === second;
          const result = parseEventTime(text);

          expect(result.ok).toBe(real);
          if (result.ok) {
            expect(result.epochMs).toBe(utc.getTime());
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});
