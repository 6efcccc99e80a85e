import { setTimeout as delay } from 'node:timers/promises';
import { isAxiosError } from 'axios';
import { isAmbiguousFailure } from './classify-error';
import { GenesysTokenError } from './genesys-failure';
import { decideRetry, parseRetryAfter } from './retry-policy';

export interface RetryInterceptorOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

export interface InterceptedCall {
  /** In-call retry budget: no retry starts that would end past it. */
  readonly budgetMs: number;
  /** Aborted: no more retries, and the wait for one ends. */
  readonly signal?: AbortSignal;
  /** Each failed attempt, and when it is tried again (`retryInMs`; undefined: it is not). */
  readonly onFailure?: (error: unknown, retryInMs: number | undefined) => void;
  /** Before a re-send of an attempt that Genesys may have taken: a possible duplicate. */
  readonly onAmbiguousResend?: () => void;
}

const defaultSleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  delay(ms, undefined, { signal });

/**
 * The retry step of every Genesys call (the design card's retry interceptor): runs an attempt, and
 * when it fails in a way that may pass, runs it again, identical (same body, same keys), per
 * retry-policy.ts: network errors, 408, 429 and 5xx, with full-jitter backoff, never sooner than
 * Retry-After, never past the call's budget. A 401 is tried once more at once: the attempt dropped
 * the refused token, so the next one fetches a fresh one. Anything that is not a Genesys answer
 * or a token failure (the caller's SendCancelledError, an abort) ends the call as it is.
 */
export class RetryInterceptor {
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;

  constructor(private readonly options: RetryInterceptorOptions) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
  }

  async intercept<T>(attempt: () => Promise<T>, call: InterceptedCall): Promise<T> {
    const startedAt = Date.now();
    let refreshedToken = false;
    for (let attempts = 1; ; attempts += 1) {
      try {
        return await attempt();
      } catch (error) {
        const answer = isAxiosError(error) ? error.response : undefined;
        if (!isAxiosError(error) && !(error instanceof GenesysTokenError)) {
          throw error;
        }
        if (answer?.status === 401 && !refreshedToken) {
          refreshedToken = true;
          call.onFailure?.(error, 0);
          continue;
        }
        const decision = decideRetry({
          attempt: attempts,
          elapsedMs: Date.now() - startedAt,
          budgetMs: call.budgetMs,
          status: answer?.status,
          retryAfterMs: parseRetryAfter(answer?.headers?.['retry-after'], Date.now()),
          baseDelayMs: this.options.baseDelayMs,
          maxDelayMs: this.options.maxDelayMs,
          random: this.random,
        });
        if (!decision.retry || call.signal?.aborted) {
          call.onFailure?.(error, undefined);
          throw error;
        }
        call.onFailure?.(error, decision.delayMs);
        try {
          await this.sleep(decision.delayMs, call.signal);
        } catch {
          throw error; // aborted while waiting: report the failure we had
        }
        if (isAmbiguousFailure(error)) {
          call.onAmbiguousResend?.();
        }
      }
    }
  }
}
