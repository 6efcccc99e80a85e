import { HttpService } from '@nestjs/axios';
import { Inject, Injectable } from '@nestjs/common';
import { type AxiosResponse, isAxiosError } from 'axios';
import { GenesysConfig } from '../config';
import { CallLimiter } from './call-limiter';
import { classifyPublishError } from './classify-error';
import { GenesysMetrics } from './genesys-metrics';
import { GenesysTokenError } from './genesys-failure';
import { GenesysTokenService } from './genesys-token.service';
import type { CallAttempt } from './publish-outcome';
import { parseRetryAfter } from './retry-policy';
import { RetryInterceptor } from './retry.interceptor';

export interface GenesysRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute: `${apiUrl}/api/v2/...`. */
  readonly url: string;
  readonly data?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CallOptions {
  /** Aborted at shutdown: it stops in-call retries and the request in flight. */
  readonly signal?: AbortSignal;
  /** In-call retry budget; 0: no retry (but the one on a 401). Default: GENESYS_RETRY_BUDGET_MS. */
  readonly budgetMs?: number;
  /** The caller's last check, after the rate-limit slot, right before each attempt leaves. */
  readonly beforeSend?: () => Promise<void>;
  /** Each HTTP attempt as it ends (the events' attempt history). */
  readonly onAttempt?: (attempt: CallAttempt) => void;
}

/**
 * Every call to the Genesys platform API, read top to bottom in `request` and `attempt`:
 * the retry interceptor runs attempts; each attempt takes a token, then a slot under the rate
 * limit, sends, and tells the metrics and the limiter what Genesys answered. The publishers, the
 * destination check and `check` all call through here; only the login call (the token service's
 * own) does not.
 */
@Injectable()
export class GenesysApiClient {
  constructor(
    @Inject(HttpService) private readonly http: HttpService,
    @Inject(GenesysTokenService) private readonly tokens: GenesysTokenService,
    @Inject(CallLimiter) private readonly limiter: CallLimiter,
    @Inject(GenesysMetrics) private readonly metrics: GenesysMetrics,
    @Inject(RetryInterceptor) private readonly retry: RetryInterceptor,
    @Inject(GenesysConfig) private readonly config: GenesysConfig,
  ) {}

  async request<T>(request: GenesysRequest, options: CallOptions = {}): Promise<AxiosResponse<T>> {
    let sentAt: number | undefined;
    const response = await this.retry.intercept(
      async () => {
        sentAt = undefined;
        const token = await this.tokens.getToken();
        // The slot last, so that nothing (a token refresh) stands between it and the send; the
        // caller's last check runs inside it (a slow check takes a new slot).
        await this.limiter.acquire(options.signal, options.beforeSend);
        sentAt = Date.now();
        return this.attempt<T>(request, token, sentAt, options.signal);
      },
      {
        budgetMs: options.budgetMs ?? this.config.retryBudgetMs,
        signal: options.signal,
        onFailure: (error, retryInMs) =>
          options.onAttempt?.(failedAttempt(error, sentAt, retryInMs)),
        onAmbiguousResend: () =>
          this.metrics.recordAmbiguousResend(eventsIn(request.data), 'in_call'),
      },
    );
    options.onAttempt?.({
      at: sentAt ?? Date.now(),
      durationMs: elapsed(sentAt),
      status: response.status,
      correlationId: correlationIdOf(response),
    });
    return response;
  }

  /** One HTTP attempt; its answer, or its failure, is counted and obeyed. */
  private async attempt<T>(
    request: GenesysRequest,
    token: string,
    sentAt: number,
    signal: AbortSignal | undefined,
  ): Promise<AxiosResponse<T>> {
    try {
      const response = await this.http.axiosRef.request<T>({
        method: request.method,
        url: request.url,
        data: request.data,
        headers: { ...request.headers, Authorization: `Bearer ${token}` },
        timeout: this.config.requestTimeoutMs,
        signal,
      });
      this.observe(response, sentAt);
      return response;
    } catch (error) {
      if (isAxiosError(error)) {
        this.observe(error.response, sentAt);
        if (error.response?.status === 401) {
          // Refused: the next attempt fetches a fresh token.
          this.tokens.invalidate(token);
        }
      }
      throw error;
    }
  }

  /** Metrics for every answer (or its absence); Genesys' own budget signals pause the limiter. */
  private observe(response: AxiosResponse | undefined, sentAt: number): void {
    this.metrics.record(response?.status, Date.now() - sentAt);
    const headers = response?.headers;
    const retryAfterMs = parseRetryAfter(headers?.['retry-after'], Date.now());
    if (response?.status === 429 && retryAfterMs !== undefined) {
      this.limiter.pauseUntil(Date.now() + retryAfterMs);
    }
    // Its budget for this window is spent: wait for the reset.
    const allowed = Number(headers?.['inin-ratelimit-allowed']);
    const count = Number(headers?.['inin-ratelimit-count']);
    const reset = Number(headers?.['inin-ratelimit-reset']);
    if (allowed > 0 && count >= allowed && reset >= 0) {
      this.limiter.pauseUntil(Date.now() + reset * 1000);
    }
  }
}

/** The attempt that just failed, for the caller's history; `retryInMs`: it is tried again. */
function failedAttempt(
  error: unknown,
  sentAt: number | undefined,
  retryInMs: number | undefined,
): CallAttempt {
  const outcome = classifyPublishError(error);
  const failure = outcome.kind === 'delivered' ? undefined : outcome.failure;
  const answered = !(error instanceof GenesysTokenError) && isAxiosError(error) && error.response;
  return {
    at: sentAt ?? Date.now(),
    durationMs: answered ? elapsed(sentAt) : undefined,
    status: failure?.status,
    failure,
    correlationId: failure?.correlationId,
    retryAt: retryInMs === undefined ? undefined : Date.now() + retryInMs,
  };
}

/** Events in a request body: the entities of a batch, else one. */
function eventsIn(data: unknown): number {
  const entities = (data as { entities?: unknown } | undefined)?.entities;
  return Array.isArray(entities) ? entities.length : 1;
}

function elapsed(since: number | undefined): number | undefined {
  return since === undefined ? undefined : Date.now() - since;
}

function correlationIdOf(response: AxiosResponse): string | undefined {
  const id: unknown = response.headers?.['inin-correlation-id'];
  return typeof id === 'string' ? id : undefined;
}
