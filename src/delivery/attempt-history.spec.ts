import type { StoredEvent } from '../outbox/outbox.types';
import { MAX_ATTEMPT_HISTORY } from '../outbox/outbox.types';
import { historyAfter, type SettledCall } from './attempt-history';

const stored = (history: StoredEvent['history'] = []) => ({ history }) as unknown as StoredEvent;
const call = (overrides: Partial<SettledCall> = {}): SettledCall => ({
  attempts: [],
  batchSize: 3,
  startedAt: 1_000,
  breakerOpen: false,
  ...overrides,
});
const UNAVAILABLE = { status: 503, code: 'service.unavailable', message: 'down', ambiguous: true };

describe(historyAfter.name, () => {
  it('records a delivered call with its time, duration, status and correlation id', () => {
    const history = historyAfter(
      stored(),
      call({ attempts: [{ at: 1_010, durationMs: 42, status: 202, correlationId: 'corr-1' }] }),
      { kind: 'delivered', status: 202 },
      { action: 'ack' },
    );

    expect(history).toEqual([
      {
        at: 1_010,
        durationMs: 42,
        status: 202,
        correlationId: 'corr-1',
        batchSize: 3,
        decision: 'delivered',
      },
    ]);
  });

  it('marks the attempts retried within the call, and gives the last one the event’s decision', () => {
    const history = historyAfter(
      stored(),
      call({
        attempts: [
          { at: 1_000, durationMs: 5, status: 503, failure: UNAVAILABLE, retryAt: 1_200 },
          {
            at: 1_200,
            durationMs: 6,
            status: 429,
            failure: { status: 429, code: 'too.many.requests', message: 'slow' },
            retryAt: 4_000,
          },
          { at: 4_000, durationMs: 7, status: 503, failure: UNAVAILABLE },
        ],
      }),
      { kind: 'unavailable', failure: UNAVAILABLE },
      { action: 'reschedule', at: 9_000, failure: UNAVAILABLE },
    );

    expect(
      history.map((a) => [a.at, a.status, a.decision, a.retryAt, a.pause, a.ambiguous]),
    ).toEqual([
      [1_000, 503, 'retry', 1_200, undefined, true],
      [1_200, 429, 'retry', 4_000, 'rate-limited', undefined],
      [4_000, 503, 'retry', 9_000, undefined, true],
    ]);
    expect(history[2]).toMatchObject({ code: 'service.unavailable', message: 'down' });
  });

  it('marks a call that ended throttled as paused by the rate limit', () => {
    const throttled = { status: 429, code: 'too.many.requests', message: 'slow' };
    const history = historyAfter(
      stored(),
      call({ attempts: [{ at: 1_000, durationMs: 5, status: 429, failure: throttled }] }),
      { kind: 'throttled', failure: throttled, retryAfterMs: 3_000 },
      { action: 'reschedule', at: 4_000, failure: throttled },
    );

    expect(history).toMatchObject([
      { status: 429, decision: 'retry', retryAt: 4_000, pause: 'rate-limited' },
    ]);
  });

  it('gives an entity Genesys refused in a batch its own error, with the call’s correlation id', () => {
    const refused = { status: 400, code: 'entity.unprocessed', message: 'amount: not a number' };
    const history = historyAfter(
      stored(),
      call({ attempts: [{ at: 1_000, durationMs: 9, status: 200, correlationId: 'corr-2' }] }),
      { kind: 'rejected', failure: refused },
      { action: 'dead', failure: refused },
    );

    expect(history).toEqual([
      {
        at: 1_000,
        durationMs: 9,
        status: 400,
        correlationId: 'corr-2',
        batchSize: 3,
        code: 'entity.unprocessed',
        message: 'amount: not a number',
        decision: 'dead',
      },
    ]);
  });

  it('says the retry waits for the breaker when the call left it open', () => {
    const [attempt] = historyAfter(
      stored(),
      call({
        attempts: [
          { at: 1_000, failure: { code: 'ECONNRESET', message: 'reset', ambiguous: true } },
        ],
        breakerOpen: true,
      }),
      { kind: 'unavailable', failure: { code: 'ECONNRESET', message: 'reset', ambiguous: true } },
      { action: 'reschedule', at: 31_000, failure: { code: 'ECONNRESET', message: 'reset' } },
    );

    expect(attempt).toMatchObject({
      decision: 'retry',
      pause: 'breaker-open',
      ambiguous: true,
      retryAt: 31_000,
    });
    expect(attempt.durationMs).toBeUndefined();
  });

  it('records a call that never reached Genesys at the time it began', () => {
    const failure = {
      code: 'gateway.internal',
      message: 'Internal error while delivering; will retry.',
    };
    const [attempt] = historyAfter(
      stored(),
      call(),
      { kind: 'unavailable', failure },
      { action: 'reschedule', at: 5_000, failure },
    );

    expect(attempt).toMatchObject({ at: 1_000, code: 'gateway.internal', decision: 'retry' });
  });

  it(`keeps the last ${MAX_ATTEMPT_HISTORY} attempts, oldest first`, () => {
    const earlier = Array.from({ length: MAX_ATTEMPT_HISTORY }, (_, i) => ({
      at: i,
      batchSize: 1,
      decision: 'retry' as const,
    }));
    const history = historyAfter(
      stored(earlier),
      call({ attempts: [{ at: 100, status: 202 }] }),
      { kind: 'delivered', status: 202 },
      { action: 'ack' },
    );

    expect(history).toHaveLength(MAX_ATTEMPT_HISTORY);
    expect(history[0].at).toBe(1);
    expect(history.at(-1)).toMatchObject({ at: 100, decision: 'delivered' });
  });
});
