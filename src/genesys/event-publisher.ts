import type { OutboundPayload } from '../mapping/mapped-event';
import type { PublishOutcome } from './publish-outcome';

export interface OutboundEvent {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly event: OutboundPayload;
}

/**
 * Port: sends events to one Genesys target. One adapter per target; the worker knows only this.
 * A call carries up to `maxBatchEvents` events and `maxBatchBytes` of body; targets without a batch
 * API say 1. Outcomes come back aligned with the events, one each.
 */
export abstract class EventPublisher {
  abstract readonly maxBatchEvents: number;
  abstract readonly maxBatchBytes: number;
  /** Bytes this event adds to a request body, so the worker can pack under the request limit. */
  abstract sizeOf(event: OutboundEvent): number;
  /**
   * Which destination the event goes to: one call carries events of one route only (external
   * events: the configuration id). Targets with a single destination keep the default.
   */
  routeOf(event: OutboundEvent): string {
    void event;
    return '';
  }
  /** `signal` is aborted at shutdown: it stops in-call retries and the request in flight. */
  abstract publish(
    events: readonly OutboundEvent[],
    signal?: AbortSignal,
  ): Promise<PublishOutcome[]>;
}
