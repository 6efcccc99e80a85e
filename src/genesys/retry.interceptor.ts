import { setTimeout as delay } from 'node:timers/promises';
import type { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import { GenesysTokenError } from './genesys-failure';
import type { RateLimiter } from './rate-limiter';
import { decideRetry, parseRetryAfter } from './retry-policy';

export interface RetryInterceptorOptions {
  readonly getToken: () => Promise<string>;
  readonly invalidateToken: (token: string) => void;
  readonly budgetMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Every attempt waits for a slot here; a 429 with Retry-After pauses it for everyone. */
  readonly limiter?: RateLimiter;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const defaultSleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  delay(ms, undefined, { signal });

/**
 * Axios interceptors for calls marked `genesys: {}`: attach the bearer token; on a 401 drop the
 * token and try once more with a fresh one; on a retryable failure wait per the retry policy and
 * resend the identical request (same body, same Idempotency-Key).
 */
export function installRetryInterceptor(
  axios: AxiosInstance,
  options: RetryInterceptorOptions,
): void {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;

  axios.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    if (!config.genesys) {
      return config;
    }
    config.genesys.startedAt ??= Date.now();
    config.genesys.attempt = (config.genesys.attempt ?? 0) + 1;
    await options.limiter?.acquire(config.signal as AbortSignal | undefined);
    try {
      const token = await options.getToken();
      config.genesys.usedToken = token;
      config.headers.set('Authorization', `Bearer ${token}`);
      return config;
    } catch (error) {
      // Carry the config so the response side can decide to retry a failed token fetch too.
      throw error instanceof GenesysTokenError
        ? new GenesysTokenError(error.failure, config)
        : error;
    }
  });

  axios.interceptors.response.use(undefined, async (error: unknown) => {
    const config = requestConfigOf(error);
    const state = config?.genesys;
    if (!config || !state) {
      throw error;
    }
    const status =
      error instanceof GenesysTokenError ? undefined : (error as AxiosError).response?.status;
    if (status === 401 && !state.refreshedToken && state.usedToken) {
      state.refreshedToken = true;
      options.invalidateToken(state.usedToken);
      return axios.request(config);
    }
    const decision = decideRetry({
      attempt: state.attempt ?? 1,
      elapsedMs: Date.now() - (state.startedAt ?? Date.now()),
      budgetMs: state.budgetMs ?? options.budgetMs,
      status,
      retryAfterMs: parseRetryAfter(
        (error as AxiosError).response?.headers?.['retry-after'],
        Date.now(),
      ),
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      random,
    });
    const signal = config.signal as AbortSignal | undefined;
    if (!decision.retry || signal?.aborted) {
      throw error;
    }
    try {
      await sleep(decision.delayMs, signal);
    } catch {
      throw error; // aborted while waiting: report the failure we had
    }
    return axios.request(config);
  });
}

function requestConfigOf(error: unknown): InternalAxiosRequestConfig | undefined {
  if (error instanceof GenesysTokenError) {
    return error.config as InternalAxiosRequestConfig | undefined;
  }
  return (error as AxiosError | undefined)?.config;
}
