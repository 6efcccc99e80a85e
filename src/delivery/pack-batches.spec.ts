import { packBatches, packRoutedBatches } from './pack-batches';

describe(packBatches.name, () => {
  const size = (n: number) => n;

  it.each([
    [[], 3, 100, []],
    [[1, 1, 1, 1, 1], 2, 100, [[1, 1], [1, 1], [1]]],
    [[40, 40, 40], 10, 100, [[40, 40], [40]]],
    [[60, 50, 30, 20], 10, 100, [[60], [50, 30, 20]]],
    [[150, 10], 10, 100, [[150], [10]]],
    [[100], 1, 100, [[100]]],
  ])('%j with max %i events / %i bytes -> %j', (events, maxEvents, maxBytes, expected) => {
    expect(packBatches(events, maxEvents, maxBytes, size)).toEqual(expected);
  });
});

describe(packRoutedBatches.name, () => {
  const events = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2'];

  it('never mixes routes in one call, and keeps claim order within a route', () => {
    expect(
      packRoutedBatches(
        events,
        (e) => e[0],
        2,
        100,
        () => 1,
      ),
    ).toEqual([['a1', 'a2'], ['a3'], ['b1', 'b2'], ['c1']]);
  });

  it('packs one route like packBatches', () => {
    expect(
      packRoutedBatches(
        events,
        () => '',
        4,
        100,
        () => 1,
      ),
    ).toEqual([
      ['a1', 'b1', 'a2', 'c1'],
      ['a3', 'b2'],
    ]);
  });
});
