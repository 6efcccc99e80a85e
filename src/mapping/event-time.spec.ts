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
