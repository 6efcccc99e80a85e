import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '../common';
import type { BreakerState } from './circuit-breaker';

/** Upper bounds of the batch-size buckets. */
const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000] as const;
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

type CallOutcome = 'delivered' | 'partial' | 'retryable' | 'rejected';
type EventOutcome = 'delivered' | 'rescheduled' | 'dead';

/** Counters of the delivery side, for /admin/stats and /metrics alike. */
@Injectable()
export class DeliveryMetrics {
  readonly calls: Record<CallOutcome, number> = {
    delivered: 0,
    partial: 0,
    retryable: 0,
    rejected: 0,
  };
  readonly events: Record<EventOutcome, number> = { delivered: 0, rescheduled: 0, dead: 0 };
  readonly batchSizes: Record<string, number> = Object.fromEntries(
    BATCH_BUCKETS.map((b) => [`le_${b}`, 0]),
  );
  breaker: { state: BreakerState; opened: number } = { state: 'closed', opened: 0 };
  private readonly callCounter: Counter<'outcome'>;
  private readonly eventCounter: Counter<'outcome'>;
  private readonly batchHistogram: Histogram;
  private readonly breakerGauge: Gauge;
  private readonly breakerOpened: Gauge;
  private readonly claimsLost: Counter;

  constructor(@Inject(MetricsRegistry) registry: MetricsRegistry) {
    const registers = [registry];
    this.callCounter = new Counter({
      name: 'gateway_delivery_calls_total',
      help: 'Delivery calls to Genesys by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.eventCounter = new Counter({
      name: 'gateway_delivery_events_total',
      help: 'Delivery attempts of single events by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.batchHistogram = new Histogram({
      name: 'gateway_delivery_batch_size',
      help: 'Events per delivery call.',
      buckets: [...BATCH_BUCKETS],
      registers,
    });
    this.breakerGauge = new Gauge({
      name: 'gateway_breaker_state',
      help: 'Circuit breaker toward Genesys: 0 closed, 1 half-open, 2 open.',
      registers,
    });
    this.claimsLost = new Counter({
      name: 'gateway_delivery_claims_lost_total',
      help: 'Events whose claim another replica took over (this one stalled past REDIS_LOCK_MS) before their call left: the call was not sent.',
      registers,
    });
    this.breakerOpened = new Gauge({
      name: 'gateway_breaker_opened',
      help: 'Times the breaker has opened since start.',
      registers,
    });
  }

  recordBatch(size: number): void {
    const bucket = BATCH_BUCKETS.find((b) => size <= b) ?? BATCH_BUCKETS[BATCH_BUCKETS.length - 1];
    this.batchSizes[`le_${bucket}`] += 1;
    this.batchHistogram.observe(size);
  }

  recordCall(outcome: CallOutcome): void {
    this.calls[outcome] += 1;
    this.callCounter.inc({ outcome });
  }

  recordClaimsLost(events: number): void {
    this.claimsLost.inc(events);
  }

  recordEvent(outcome: EventOutcome): void {
    this.events[outcome] += 1;
    this.eventCounter.inc({ outcome });
  }

  recordBreaker(state: BreakerState, opened: number): void {
    this.breaker = { state, opened };
    this.breakerGauge.set(BREAKER_VALUE[state]);
    this.breakerOpened.set(opened);
  }

  toJSON(): object {
    return {
      calls: this.calls,
      events: this.events,
      batchSizes: this.batchSizes,
      breaker: this.breaker,
    };
  }
}
