/** What one replica publishes every few seconds for the console's overview. */
export interface ReplicaStatus {
  readonly replica: string;
  readonly at: string;
  readonly breaker: string;
  /** `valid`: a Genesys token is cached and fresh; `none`: the next call fetches one. */
  readonly token: 'valid' | 'none';
  readonly genesys_calls_per_minute: number;
  readonly delivered_per_minute: number;
  /** Ingest requests answered 2xx per minute, by issuer. */
  readonly accepted_per_minute: Readonly<Record<string, number>>;
}

export interface CounterSample {
  readonly at: number;
  readonly calls: number;
  readonly delivered: number;
  readonly accepted: Readonly<Record<string, number>>;
}

export const MINUTE_MS = 60_000;

/**
 * Per-minute rates from cumulative counters: the newest sample against the oldest one within the
 * last minute, scaled to a minute when the replica has not run that long yet.
 */
export function perMinute(
  samples: readonly CounterSample[],
): Pick<
  ReplicaStatus,
  'genesys_calls_per_minute' | 'delivered_per_minute' | 'accepted_per_minute'
> {
  const newest = samples.at(-1);
  const oldest = samples[0];
  if (!newest || !oldest || newest.at === oldest.at) {
    return { genesys_calls_per_minute: 0, delivered_per_minute: 0, accepted_per_minute: {} };
  }
  const scale = MINUTE_MS / Math.max(newest.at - oldest.at, 1_000);
  const rate = (now: number, then: number): number => Math.round((now - then) * scale);
  const accepted: Record<string, number> = {};
  for (const [issuer, count] of Object.entries(newest.accepted)) {
    accepted[issuer] = rate(count, oldest.accepted[issuer] ?? 0);
  }
  return {
    genesys_calls_per_minute: rate(newest.calls, oldest.calls),
    delivered_per_minute: rate(newest.delivered, oldest.delivered),
    accepted_per_minute: accepted,
  };
}
