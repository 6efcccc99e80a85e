import { acquireOnTime } from './call-limiter';
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

describe(acquireOnTime.name, () => {
  it('goes out on its slot when it wakes on time', async () => {
    let now = 0;
    const slots: number[] = [];
    await acquireOnTime(
      () => (slots.push(now), 1_000),
      500,
      undefined,
      undefined,
      () => now,
      (ms) => Promise.resolve(void (now += ms + 100)),
    );
    expect(slots).toEqual([0]);
  });

  it('takes a new slot when a starved process wakes past the slack, so the call is never late', async () => {
    let now = 0;
    const oversleep = [2_000, 0];
    const reserved: number[] = [];
    await acquireOnTime(
      () => (reserved.push(now), 1_000),
      500,
      undefined,
      undefined,
      () => now,
      (ms) => Promise.resolve(void (now += ms + (oversleep.shift() ?? 0))),
    );
    // Woke 2 s after its first slot (t=1 s): a second reservation at t=3 s, sent at its slot t=4 s.
    expect(reserved).toEqual([0, 3_000]);
    expect(now).toBe(4_000);
  });

  it('counts a slow reservation reply as lateness: the slot was due when the reply came', async () => {
    let now = 0;
    const reserved: number[] = [];
    const slowReplies = [600, 0];
    await acquireOnTime(
      () => {
        reserved.push(now);
        now += slowReplies.shift() ?? 0;
        return 0;
      },
      500,
      undefined,
      undefined,
      () => now,
      (ms) => Promise.resolve(void (now += ms)),
    );
    // The first reply said "go now" 600 ms after it was asked: too late, so a second slot.
    expect(reserved).toEqual([0, 600]);
  });

  it('keeps every send within the slack of its reserved slot under random starvation', async () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(
      30,
      5_000,
      () => now,
      1_000,
      (ms) => Promise.resolve(void (now += ms + (Math.random() < 0.2 ? 1_500 : 0))),
    );
    const sends: number[] = [];
    for (let i = 0; i < 300; i++) {
      await limiter.acquire();
      sends.push(now);
      now += Math.floor(Math.random() * 30);
    }
    sends.sort((a, b) => a - b);
    // However late a process woke, no 5 s window at the receiver holds more than 30 sends.
    for (let i = 30; i < sends.length; i++) {
      expect(sends[i] - sends[i - 30]).toBeGreaterThanOrEqual(5_000);
    }
  });
});
