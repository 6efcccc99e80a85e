import { setTimeout as delay } from 'node:timers/promises';
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { classifyPublishError, isAmbiguousFailure } from './classify-error';
import { GenesysTokenError } from './genesys-failure';
import type { CallLimiter } from './call-limiter';
import { decideRetry, parseRetryAfter } from './retry-policy';

export interface RetryInterceptorOptions {
  readonly getToken: () => Promise<string>;
  readonly invalidateToken: (token: string) => void;
  readonly budgetMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Every attempt waits for a slot here; a 429 with Retry-After pauses it for everyone. */
  readonly limiter?: CallLimiter;
  /** Called once per HTTP answer (undefined status: no answer) of a Genesys API call. */
  readonly onResponse?: (status: number | undefined, durationMs: number | undefined) => void;
  /** Called before a re-send after an ambiguous failure, with the number of events it carries. */
  readonly onAmbiguousResend?: (events: number) => void;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const defaultSleep = (ms: number, signal: AbortSignal | undefined): Promise<void> =>
  delay(ms, undefined, { signal });

/**
 * Axios interceptors for calls marked `genesys: {}`: wait for the rate limiter, attach the bearer
 * token; on a 401 drop the token and try once more with a fresh one; on a retryable failure wait
 * per the retry policy and resend the identical request (same body, same Idempotency-Key).
 * Genesys' `inin-ratelimit-*` headers and 429 `Retry-After` feed the shared limiter.
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
    config.genesys.sentAt = undefined;
    let token: string;
    try {
      token = await options.getToken();
    } catch (error) {
      // Carry the config so the response side can decide to retry a failed token fetch too.
      throw error instanceof GenesysTokenError
        ? new GenesysTokenError(error.failure, config)
        : error;
    }
    // The slot last, so that nothing (a token refresh) stands between it and the send; the
    // caller's last check runs inside it (a slow check takes a new slot).
    const { beforeSend } = config.genesys;
    if (options.limiter) {
      await options.limiter.acquire(config.signal as AbortSignal | undefined, beforeSend);
    } else {
      await beforeSend?.();
    }
    config.genesys.usedToken = token;
    config.headers.set('Authorization', `Bearer ${token}`);
    config.genesys.sentAt = Date.now();
    return config;
  });

  /** Genesys' own count: when its budget for this window is spent, wait for the reset. */
  const obeyServerBudget = (response: AxiosResponse | undefined): void => {
    const allowed = Number(response?.headers?.['inin-ratelimit-allowed']);
    const count = Number(response?.headers?.['inin-ratelimit-count']);
    const reset = Number(response?.headers?.['inin-ratelimit-reset']);
    if (allowed > 0 && count >= allowed && reset >= 0) {
      options.limiter?.pauseUntil(Date.now() + reset * 1000);
    }
  };

  const onSuccess = (response: AxiosResponse): AxiosResponse => {
    const state = response.config.genesys;
    if (state) {
      options.onResponse?.(response.status, elapsed(state.sentAt));
      obeyServerBudget(response);
      state.onAttempt?.({
        at: state.sentAt ?? Date.now(),
        durationMs: elapsed(state.sentAt),
        status: response.status,
        correlationId: correlationIdOf(response),
      });
    }
    return response;
  };

  /** The attempt that just failed, for the caller's history; `retryInMs`: it is tried again. */
  const reportFailure = (
    error: unknown,
    state: NonNullable<InternalAxiosRequestConfig['genesys']>,
    retryInMs: number | undefined,
  ): void => {
    if (!state.onAttempt) {
      return;
    }
    const outcome = classifyPublishError(error);
    const failure = outcome.kind === 'delivered' ? undefined : outcome.failure;
    const answered = !(error instanceof GenesysTokenError) && (error as AxiosError).response;
    state.onAttempt({
      at: state.sentAt ?? Date.now(),
      durationMs: answered ? elapsed(state.sentAt) : undefined,
      status: failure?.status,
      failure,
      correlationId: failure?.correlationId,
      retryAt: retryInMs === undefined ? undefined : Date.now() + retryInMs,
    });
  };

  const onError = async (error: unknown): Promise<AxiosResponse> => {
    const config = requestConfigOf(error);
    const state = config?.genesys;
    if (!config || !state) {
      throw error;
    }
    const response =
      error instanceof GenesysTokenError ? undefined : (error as AxiosError).response;
    const status = response?.status;
    if (!(error instanceof GenesysTokenError)) {
      options.onResponse?.(status, elapsed(state.sentAt));
      obeyServerBudget(response);
    }
    if (status === 401 && !state.refreshedToken && state.usedToken) {
      state.refreshedToken = true;
      options.invalidateToken(state.usedToken);
      reportFailure(error, state, 0);
      return axios.request(config);
    }
    const retryAfterMs = parseRetryAfter(response?.headers?.['retry-after'], Date.now());
    if (status === 429 && retryAfterMs !== undefined) {
      options.limiter?.pauseUntil(Date.now() + retryAfterMs);
    }
    const decision = decideRetry({
      attempt: state.attempt ?? 1,
      elapsedMs: Date.now() - (state.startedAt ?? Date.now()),
      budgetMs: state.budgetMs ?? options.budgetMs,
      status,
      retryAfterMs,
      baseDelayMs: options.baseDelayMs,
      maxDelayMs: options.maxDelayMs,
      random,
    });
    const signal = config.signal as AbortSignal | undefined;
    if (!decision.retry || signal?.aborted) {
      reportFailure(error, state, undefined);
      throw error;
    }
    reportFailure(error, state, decision.delayMs);
    try {
      await sleep(decision.delayMs, signal);
    } catch {
      throw error; // aborted while waiting: report the failure we had
    }
    if (isAmbiguousFailure(error)) {
      options.onAmbiguousResend?.(eventsIn(config.data));
    }
    return axios.request(config);
  };

  axios.interceptors.response.use(onSuccess, onError);
}

/** Events in a request body: the entities of a batch, else one (axios holds the body as JSON text). */
function eventsIn(data: unknown): number {
  try {
    const body = (typeof data === 'string' ? JSON.parse(data) : data) as { entities?: unknown };
    return Array.isArray(body?.entities) ? body.entities.length : 1;
  } catch {
    return 1;
  }
}

function elapsed(since: number | undefined): number | undefined {
  return since === undefined ? undefined : Date.now() - since;
}

function correlationIdOf(response: AxiosResponse): string | undefined {
  const id: unknown = response.headers?.['inin-correlation-id'];
  return typeof id === 'string' ? id : undefined;
}

function requestConfigOf(error: unknown): InternalAxiosRequestConfig | undefined {
  if (error instanceof GenesysTokenError) {
    return error.config as InternalAxiosRequestConfig | undefined;
  }
  return (error as AxiosError | undefined)?.config;
}
