import { setTimeout as delay } from 'node:timers/promises';

/**
 * What a Genesys call needs from a rate limiter: one process's (RateLimiter), or one shared by the
 * replicas on a Redis (RedisRateLimiter). An abstract class so that it is the injection token too.
 */
export abstract class CallLimiter {
  /**
   * Resolves when one more call may start. `beforeSend` (a last check by the caller, such as "are
   * the events of this call still mine?") runs inside the on-time check: if it is slow, the call
   * takes a new slot rather than going out late.
   */
  abstract acquire(signal?: AbortSignal, beforeSend?: () => Promise<void>): Promise<void>;
  /** Genesys said "not before then": nobody calls until that instant. */
  abstract pauseUntil(instant: number): void;
  /** Releases connections, if any. */
  close?(): Promise<void>;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

/**
 * Waits for a reserved slot, and takes a new one when it woke too late. The limiter counts a call
 * at its slot, Genesys when it arrives: a process starved of CPU (a busy node, GC) wakes late, and
 * its call would land in a later window than the one it was counted in, beside calls reserved for
 * that window (the cause of a 429 seen with three replicas on two loaded cores). A call more than
 * `maxLateMs` late therefore goes back for a slot; the one it missed stays spent, which only errs on
 * the safe side. `beforeSend` runs after each wait and counts towards the lateness, as does the
 * time the reservation itself took.
 */
export async function acquireOnTime(
  reserve: () => Promise<number> | number,
  maxLateMs: number,
  signal: AbortSignal | undefined,
  beforeSend?: () => Promise<void>,
  now: () => number = Date.now,
  wait: Sleep = sleep,
): Promise<void> {
  for (;;) {
    // From before the reservation left: a reply that came back late (a busy Redis, a starved
    // process) counts as lateness too, instead of moving the slot later unseen.
    const asked = now();
    const ms = await reserve();
    const slot = asked + ms;
    if (ms > 0) {
      await wait(ms, signal);
    }
    await beforeSend?.();
    if (now() - slot <= maxLateMs) {
      return;
    }
  }
}
