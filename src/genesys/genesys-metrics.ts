import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../common';

type StatusClass = '2xx' | '3xx' | '4xx' | '5xx' | 'network';

/** Every HTTP call to the Genesys platform API, fed by the API client; also in /metrics. */
@Injectable()
export class GenesysMetrics {
  requests = 0;
  readonly byStatusClass: Record<StatusClass, number> = {
    '2xx': 0,
    '3xx': 0,
    '4xx': 0,
    '5xx': 0,
    network: 0,
  };
  rateLimited = 0;
  private readonly calls: Counter<'status_class'>;
  private readonly throttled: Counter;
  private readonly ambiguousResends: Counter<'when'>;
  /** Events re-sent after an ambiguous failure: each a possible duplicate in Genesys. */
  ambiguousResent = 0;
  private readonly duration: Histogram;

  constructor(@Inject(MetricsRegistry) registry: MetricsRegistry) {
    this.calls = new Counter({
      name: 'gateway_genesys_requests_total',
      help: 'Calls to the Genesys platform API by status class (network = no answer).',
      labelNames: ['status_class'],
      registers: [registry],
    });
    this.throttled = new Counter({
      name: 'gateway_genesys_rate_limited_total',
      help: '429 answers from Genesys.',
      registers: [registry],
    });
    this.ambiguousResends = new Counter({
      name: 'gateway_genesys_ambiguous_resends_total',
      help: 'Events sent again after a call Genesys may have taken (5xx, timeout or reset after sending): possible duplicates.',
      labelNames: ['when'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'gateway_genesys_request_duration_seconds',
      help: 'Duration of one HTTP call to Genesys (one attempt).',
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** `in_call`: the retry interceptor resent the call; `next_attempt`: the worker delivers again. */
  recordAmbiguousResend(events: number, when: 'in_call' | 'next_attempt'): void {
    this.ambiguousResent += events;
    this.ambiguousResends.inc({ when }, events);
  }

  record(status: number | undefined, durationMs?: number): void {
    const statusClass: StatusClass =
      status === undefined ? 'network' : (`${Math.floor(status / 100)}xx` as StatusClass);
    this.requests += 1;
    if (statusClass in this.byStatusClass) {
      this.byStatusClass[statusClass] += 1;
      this.calls.inc({ status_class: statusClass });
    }
    if (status === 429) {
      this.rateLimited += 1;
      this.throttled.inc();
    }
    if (durationMs !== undefined) {
      this.duration.observe(durationMs / 1000);
    }
  }

  toJSON(): object {
    return {
      requests: this.requests,
      byStatusClass: this.byStatusClass,
      rateLimited: this.rateLimited,
      ambiguousResent: this.ambiguousResent,
    };
  }
}
