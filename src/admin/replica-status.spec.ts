import { perMinute } from './replica-status';

describe('perMinute', () => {
  it('rates counters over the samples of the last minute', () => {
    const rates = perMinute([
      { at: 0, calls: 10, delivered: 100, accepted: { erp: 5 } },
      { at: 30_000, calls: 20, delivered: 150, accepted: { erp: 5, billing: 2 } },
      { at: 60_000, calls: 40, delivered: 400, accepted: { erp: 65, billing: 4 } },
    ]);
    expect(rates).toEqual({
      genesys_calls_per_minute: 30,
      delivered_per_minute: 300,
      accepted_per_minute: { erp: 60, billing: 4 },
    });
  });

  it('scales a replica younger than a minute, and answers zero before two samples', () => {
    expect(
      perMinute([
        { at: 0, calls: 0, delivered: 0, accepted: {} },
        { at: 15_000, calls: 5, delivered: 10, accepted: {} },
      ]),
    ).toMatchObject({ genesys_calls_per_minute: 20, delivered_per_minute: 40 });
    expect(perMinute([{ at: 0, calls: 5, delivered: 5, accepted: {} }])).toEqual({
      genesys_calls_per_minute: 0,
      delivered_per_minute: 0,
      accepted_per_minute: {},
    });
  });
});
