import { Injectable } from '@nestjs/common';
import type { BreakerState } from './circuit-breaker';

/** Upper bounds of the batch-size buckets (Prometheus-style, cumulative when exported). */
const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000] as const;

/** Counters of the delivery side, kept in memory; /admin/stats shows them, /metrics will export them. */
@Injectable()
export class DeliveryMetrics {
  calls = { delivered: 0, partial: 0, retryable: 0, rejected: 0 };
  events = { delivered: 0, rescheduled: 0, dead: 0 };
  readonly batchSizes: Record<string, number> = Object.fromEntries(
    BATCH_BUCKETS.map((b) => [`le_${b}`, 0]),
  );
  breaker: { state: BreakerState; opened: number } = { state: 'closed', opened: 0 };

  recordBatch(size: number): void {
    const bucket = BATCH_BUCKETS.find((b) => size <= b) ?? BATCH_BUCKETS[BATCH_BUCKETS.length - 1];
    this.batchSizes[`le_${bucket}`] += 1;
  }
}
