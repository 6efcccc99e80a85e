import { AxiosError, AxiosHeaders, type AxiosResponse } from 'axios';
import { SendCancelledError } from './event-publisher';
import { GenesysTokenError } from './genesys-failure';
import { RetryInterceptor } from './retry.interceptor';

/** An axios error as Genesys' answer (or, without a status, as the network) would produce it. */
function failure(status?: number, headers: Record<string, string> = {}, code?: string): AxiosError {
  const config = { headers: new AxiosHeaders() };
  const response =
    status === undefined
      ? undefined
      : ({ status, headers, data: {}, config, statusText: '' } as AxiosResponse);
  return new AxiosError(`failed ${status ?? code}`, code, config, {}, response);
}

/** An attempt that fails with each error in turn, then answers 'ok'. */
function attempts(...errors: Error[]) {
  const fn = jest.fn(() => {
    const next = errors.shift();
    return next === undefined ? Promise.resolve('ok') : Promise.reject(next);
  });
  return fn;
}

describe(RetryInterceptor.name, () => {
  const sleeps: number[] = [];
  const retry = new RetryInterceptor({
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  });
  beforeEach(() => sleeps.splice(0));

  it('runs the attempt again after a 503, with backoff, and returns the answer', async () => {
    const attempt = attempts(failure(503), failure(503));
    const onFailure = jest.fn();

    await expect(retry.intercept(attempt, { budgetMs: 10_000, onFailure })).resolves.toBe('ok');

    expect(attempt).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([50, 100]);
    expect(onFailure.mock.calls.map(([, retryIn]: [unknown, number]) => retryIn)).toEqual([
      50, 100,
    ]);
  });

  it('never waits less than Retry-After on a 429', async () => {
    await retry.intercept(attempts(failure(429, { 'retry-after': '2' })), { budgetMs: 10_000 });

    expect(sleeps).toEqual([2_000]);
  });

  it('tries a 401 once more at once, and gives up on the second', async () => {
    const unauthorized = failure(401);
    const attempt = attempts(failure(401), unauthorized);

    await expect(retry.intercept(attempt, { budgetMs: 10_000 })).rejects.toBe(unauthorized);

    expect(attempt).toHaveBeenCalledTimes(2);
    expect(sleeps).toEqual([]);
  });

  it('does not retry a refusal (400), and reports it as final', async () => {
    const refused = failure(400);
    const onFailure = jest.fn();

    await expect(retry.intercept(attempts(refused), { budgetMs: 10_000, onFailure })).rejects.toBe(
      refused,
    );

    expect(onFailure).toHaveBeenCalledWith(refused, undefined);
  });

  it('stops when the next wait would end past the budget', async () => {
    const unavailable = failure(503);
    const attempt = attempts(failure(503), unavailable);

    await expect(retry.intercept(attempt, { budgetMs: 80 })).rejects.toBe(unavailable);

    expect(attempt).toHaveBeenCalledTimes(2);
  });

  it('retries a failed token fetch like a network error', async () => {
    const attempt = attempts(new GenesysTokenError({ code: 'ETIMEDOUT', message: 'down' }));

    await expect(retry.intercept(attempt, { budgetMs: 10_000 })).resolves.toBe('ok');
  });

  it('lets the caller’s cancellation through untouched, unreported', async () => {
    const cancelled = new SendCancelledError('taken over');
    const onFailure = jest.fn();

    await expect(
      retry.intercept(attempts(cancelled), { budgetMs: 10_000, onFailure }),
    ).rejects.toBe(cancelled);

    expect(onFailure).not.toHaveBeenCalled();
  });

  it('tells of a re-send after a failure Genesys may have taken, and only then', async () => {
    const onAmbiguousResend = jest.fn();

    await retry.intercept(attempts(failure(502), failure(undefined, {}, 'ECONNREFUSED')), {
      budgetMs: 10_000,
      onAmbiguousResend,
    });

    // The 502 may have been processed; a refused connection never reached Genesys.
    expect(onAmbiguousResend).toHaveBeenCalledTimes(1);
  });

  it('stops retrying once the call is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const unavailable = failure(503);

    await expect(
      retry.intercept(attempts(unavailable), { budgetMs: 10_000, signal: controller.signal }),
    ).rejects.toBe(unavailable);
    expect(sleeps).toEqual([]);
  });
});
