import { acquireOnTime, type CallLimiter, sleep, type Sleep } from './call-limiter';

/**
 * Client-side limit for calls to Genesys: at most `limit` calls in any `windowMs` (a sliding-window
 * log, so bursts are allowed but no window ever holds more), plus a shared pause that a 429's
 * Retry-After imposes on every caller, not only on the request that got it.
 */
export class RateLimiter implements CallLimiter {
  private readonly slots: number[];
  private next = 0;
  private pausedUntil = 0;

  /**
   * `slackMs` widens the window: a call reserved at slot t reaches Genesys at t + (token fetch,
   * connect, queueing), and that delay differs from call to call. Without slack, two calls one
   * window apart by slot can land closer than a window apart at the server (seen: 307 calls in a
   * 60 s window and 9 self-inflicted 429s in bench:delivery).
   */
  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly slackMs = 1_000,
    private readonly wait: Sleep = sleep,
  ) {
    // The slot times of the last `limit` calls; a new call may go one window after the oldest.
    this.slots = new Array<number>(limit).fill(Number.NEGATIVE_INFINITY);
  }

  /** Reserves the earliest allowed instant for one call and returns how long to wait for it. */
  reserve(): number {
    const now = this.now();
    const slot = Math.max(
      now,
      this.pausedUntil,
      this.slots[this.next] + this.windowMs + this.slackMs,
    );
    this.slots[this.next] = slot;
    this.next = (this.next + 1) % this.limit;
    return slot - now;
  }

  /** Waits for a slot; a late wake-up takes a new one (acquireOnTime), so the send is on time. */
  acquire(signal?: AbortSignal, beforeSend?: () => Promise<void>): Promise<void> {
    return acquireOnTime(
      () => this.reserve(),
      this.slackMs / 2,
      signal,
      beforeSend,
      this.now,
      this.wait,
    );
  }

  /** Genesys said "not before then": nobody calls until that instant. */
  pauseUntil(instant: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, instant);
  }

  get pausedForMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }
}
