export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Stops hammering a Genesys that keeps failing: after `threshold` failed calls in a row it opens
 * for `cooldownMs` (events stay queued), then lets exactly one probe call through; a success closes
 * it, a failure opens it again. 429s are the rate limiter's business and count as neither.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: BreakerState = 'closed';
  opened = 0;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  /** How many calls may start now, out of `wanted`. */
  permits(wanted: number): number {
    if (this.current === 'closed') {
      return wanted;
    }
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) {
      this.current = 'half-open';
    }
    if (this.current === 'half-open' && !this.probing && wanted > 0) {
      this.probing = true;
      return 1;
    }
    return 0;
  }

  /** Milliseconds until a probe may go (0 when calls may go now). */
  waitMs(): number {
    return this.current === 'open' ? Math.max(0, this.openedAt + this.cooldownMs - this.now()) : 0;
  }

  onSuccess(): void {
    this.failures = 0;
    this.probing = false;
    this.current = 'closed';
  }

  onFailure(): void {
    this.failures += 1;
    if (this.current === 'half-open' || this.failures >= this.threshold) {
      if (this.current !== 'open') {
        this.opened += 1;
      }
      this.current = 'open';
      this.openedAt = this.now();
      this.probing = false;
    }
  }

  /** A call whose result says nothing about Genesys' health (a 429, an aborted call). */
  onNeutral(): void {
    if (this.current === 'half-open') {
      this.probing = false;
    }
  }
}
