import { parsePreferWait } from './prefer-wait';

describe(parsePreferWait.name, () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['wait=10', 10],
    ['WAIT = 5', 5],
    ['respond-async, wait=3', 3],
    ['wait="7"', 7],
    ['wait=0', 0],
    ['wait=100', 30],
    ['wait=abc', undefined],
    ['return=minimal', undefined],
  ])('%j -> %s', (header, expected) => {
    expect(parsePreferWait(header)).toBe(expected);
  });
});
