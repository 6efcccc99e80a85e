import type { BusinessEvent } from '../mapping/business-event';
import type { PublishOutcome } from './publish-outcome';

export interface OutboundEvent {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly event: BusinessEvent;
  /** Aborted at shutdown: stops in-call retries and the request in flight. */
  readonly signal?: AbortSignal;
}

/** Port: sends one event to a Genesys target. One adapter per target; the worker knows only this. */
export abstract class EventPublisher {
  abstract publish(event: OutboundEvent): Promise<PublishOutcome>;
}
