import {
  backoffDelay,
  decideRetry,
  isRetryableStatus,
  parseRetryAfter,
  type RetryInput,
} from './retry-policy';

const base: RetryInput = {
  attempt: 1,
  elapsedMs: 0,
  budgetMs: 10_000,
  status: 503,
  retryAfterMs: undefined,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  random: () => 0.5,
};

describe('retry policy', () => {
  it.each([
    [undefined, true],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [599, true],
    [501, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [413, false],
    [422, false],
  ])('status %s retryable: %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
    expect(decideRetry({ ...base, status }).retry).toBe(retryable);
  });

  it.each([
    // attempt, random, expected delay: uniform in [0, min(max, base * 2^(attempt-1))]
    [1, 0.5, 125],
    [2, 0.5, 250],
    [3, 0.5, 500],
    [3, 0, 0],
    [3, 0.999, 999],
    [10, 0.5, 2_500],
    [30, 0.999, 4_995],
  ])('full jitter: attempt %i with random %d waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, 250, 5_000, () => random)).toBe(expected);
    expect(decideRetry({ ...base, attempt, random: () => random })).toEqual({
      retry: true,
      delayMs: expected,
    });
  });

  it('never retries sooner than Retry-After', () => {
    expect(decideRetry({ ...base, status: 429, retryAfterMs: 3_000 })).toEqual({
      retry: true,
      delayMs: 3_000,
    });
  });

  it('gives up when the next wait would pass the budget', () => {
    expect(decideRetry({ ...base, elapsedMs: 9_900, random: () => 0.999 })).toEqual({
      retry: false,
      reason: 'budget_exhausted',
    });
    expect(decideRetry({ ...base, status: 429, retryAfterMs: 60_000 })).toEqual({
      retry: false,
      reason: 'budget_exhausted',
    });
  });

  it('reports permanent failures as such', () => {
    expect(decideRetry({ ...base, status: 400 })).toEqual({ retry: false, reason: 'permanent' });
  });

  it.each([
    ['2', 2_000],
    ['0', 0],
    [' 10 ', 10_000],
    ['Sun, 29 Nov 2026 10:00:05 GMT', 5_000],
    ['Sun, 29 Nov 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('Retry-After %j -> %s ms', (header, expected) => {
    expect(parseRetryAfter(header, Date.parse('Sun, 29 Nov 2026 10:00:00 GMT'))).toBe(expected);
  });
});
