import { CircuitBreaker } from './circuit-breaker';

describe(CircuitBreaker.name, () => {
  let now = 0;
  const breaker = () => new CircuitBreaker(3, 1_000, () => now);

  beforeEach(() => {
    now = 10_000;
  });

  it('opens after `threshold` failures in a row, and only then', () => {
    const b = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('closed');
    b.onFailure();
    expect(b.state).toBe('open');
    expect(b.permits(5)).toBe(0);
    expect(b.waitMs()).toBe(1_000);
  });

  it('lets exactly one probe through after the cooldown; success closes it', () => {
    const b = breaker();
    [1, 2, 3].forEach(() => b.onFailure());
    now += 1_000;
    expect(b.permits(5)).toBe(1);
    expect(b.state).toBe('half-open');
    expect(b.permits(5)).toBe(0);
    b.onSuccess();
    expect(b.state).toBe('closed');
    expect(b.permits(5)).toBe(5);
  });

  it('re-opens when the probe fails, for another full cooldown', () => {
    const b = breaker();
    [1, 2, 3].forEach(() => b.onFailure());
    now += 1_000;
    b.permits(1);
    b.onFailure();
    expect(b.state).toBe('open');
    now += 999;
    expect(b.permits(1)).toBe(0);
    now += 1;
    expect(b.permits(1)).toBe(1);
    expect(b.opened).toBe(2);
  });

  it('frees the probe slot on a neutral result (429)', () => {
    const b = breaker();
    [1, 2, 3].forEach(() => b.onFailure());
    now += 1_000;
    b.permits(1);
    b.onNeutral();
    expect(b.permits(1)).toBe(1);
  });
});
