/** Genesys' per-client API budget as the sandbox enforces it, with the inin-ratelimit-* headers. */
export class SandboxRateLimit {
  private readonly calls: number[] = [];
  rejected = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts one call; returns the headers to send and whether the call is over the budget. */
  take(now = Date.now()): {
    readonly allowed: boolean;
    readonly headers: Record<string, string>;
    readonly retryAfterSec: number;
  } {
    while (this.calls.length > 0 && this.calls[0] <= now - this.windowMs) {
      this.calls.shift();
    }
    const allowed = this.calls.length < this.limit;
    if (allowed) {
      this.calls.push(now);
    } else {
      this.rejected += 1;
    }
    const resetMs = this.calls.length > 0 ? this.calls[0] + this.windowMs - now : this.windowMs;
    const retryAfterSec = Math.max(1, Math.ceil(resetMs / 1000));
    return {
      allowed,
      retryAfterSec,
      headers: {
        'inin-ratelimit-allowed': String(this.limit),
        'inin-ratelimit-count': String(this.calls.length),
        'inin-ratelimit-reset': String(retryAfterSec),
      },
    };
  }
}
