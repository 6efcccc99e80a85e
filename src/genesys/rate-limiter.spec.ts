import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets a burst of `limit` calls go at once, then spaces the rest one window after each', () => {
    const limiter = new RateLimiter(3, 60_000, clock, 0);

    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 0]);
    expect(limiter.reserve()).toBe(60_000);
    now += 30_000;
    expect(limiter.reserve()).toBe(30_000);
  });

  it('never allows more than `limit` calls in any window, over a long run', () => {
    const limiter = new RateLimiter(300, 60_000, clock, 0);
    const times: number[] = [];
    for (let i = 0; i < 3_000; i++) {
      now += Math.floor(Math.random() * 50);
      times.push(now + limiter.reserve());
    }
    times.sort((a, b) => a - b);
    for (let i = 300; i < times.length; i++) {
      expect(times[i] - times[i - 300]).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('pauses everyone until a Retry-After instant', () => {
    const limiter = new RateLimiter(100, 60_000, clock, 0);
    limiter.pauseUntil(now + 5_000);

    expect(limiter.reserve()).toBe(5_000);
    expect(limiter.reserve()).toBe(5_000);
    expect(limiter.pausedForMs).toBe(5_000);
    limiter.pauseUntil(now + 1_000);
    expect(limiter.pausedForMs).toBe(5_000);
  });

  it('keeps a second of slack so jittery arrivals never crowd one window', () => {
    const limiter = new RateLimiter(2, 60_000, clock);
    limiter.reserve();
    limiter.reserve();
    expect(limiter.reserve()).toBe(61_000);
  });
});
