import { decideDelivery } from './delivery-schedule';

const config = { backoffBaseMs: 1_000, backoffMaxMs: 3_600_000 };
const failure = { status: 503, code: 'service.unavailable', message: 'down' };
const now = 1_000_000;

describe(decideDelivery.name, () => {
  it('acks a delivered event', () => {
    expect(decideDelivery({ kind: 'delivered', status: 202 }, 1, now + 1, now, config)).toEqual({
      action: 'ack',
    });
  });

  it('dead-letters a permanent rejection at once', () => {
    const rejected = { status: 400, code: 'bad.request', message: 'no' };
    expect(
      decideDelivery({ kind: 'rejected', failure: rejected }, 1, now + 86_400_000, now, config),
    ).toEqual({ action: 'dead', failure: rejected });
  });

  it.each([
    [1, 0.5, 500],
    [5, 0.5, 8_000],
    [13, 0.5, 1_800_000], // capped: 1 h * 0.5
    [40, 0.999, 3_596_400],
  ])('reschedules attempt %i with full jitter (random %d -> %i ms)', (attempt, random, delay) => {
    expect(
      decideDelivery(
        { kind: 'unavailable', failure },
        attempt,
        now + 86_400_000,
        now,
        config,
        () => random,
      ),
    ).toEqual({
      action: 'reschedule',
      at: now + delay,
      failure,
    });
  });

  it('waits at least Retry-After', () => {
    const decision = decideDelivery(
      { kind: 'throttled', failure, retryAfterMs: 120_000 },
      1,
      now + 86_400_000,
      now,
      config,
      () => 0,
    );
    expect(decision).toMatchObject({ action: 'reschedule', at: now + 120_000 });
  });

  it('schedules the last try at the deadline instead of past it', () => {
    const decision = decideDelivery(
      { kind: 'unavailable', failure },
      20,
      now + 10_000,
      now,
      config,
      () => 0.9,
    );
    expect(decision).toMatchObject({ action: 'reschedule', at: now + 10_000 });
  });

  it('dead-letters a retryable failure once the deadline has passed', () => {
    const decision = decideDelivery({ kind: 'unavailable', failure }, 30, now, now, config);
    expect(decision).toMatchObject({
      action: 'dead',
      failure: { code: 'service.unavailable', message: 'Gave up after 30 attempts: down' },
    });
  });

  it('covers at least 24 hours before giving up (expected schedule)', () => {
    // With the default base 1 s and cap 1 h, attempts continue until the 24 h deadline; count them
    // with the mean jitter to document the schedule's density.
    let t = 0;
    let attempt = 0;
    const deadline = 24 * 3_600_000;
    for (;;) {
      attempt += 1;
      const decision = decideDelivery(
        { kind: 'unavailable', failure },
        attempt,
        deadline,
        t,
        config,
        () => 0.5,
      );
      if (decision.action !== 'reschedule') {
        break;
      }
      t = decision.at;
    }
    expect(t).toBe(deadline);
    expect(attempt).toBeGreaterThan(40);
  });
});
