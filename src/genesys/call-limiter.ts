/** What the retry interceptor needs from a rate limiter: one process's, or one shared by replicas. */
export interface CallLimiter {
  /** Resolves when one more call may start. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Genesys said "not before then": nobody calls until that instant. */
  pauseUntil(instant: number): void;
  /** Releases connections, if any. */
  close?(): Promise<void>;
}
