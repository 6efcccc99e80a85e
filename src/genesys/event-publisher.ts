import type { OutboundPayload } from '../mapping';
import type { CallAttempt, PublishOutcome } from './publish-outcome';

export interface OutboundEvent {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly event: OutboundPayload;
}

export interface PublishOptions {
  /** Aborted at shutdown: it stops in-call retries and the request in flight. */
  readonly signal?: AbortSignal;
  /**
   * Runs before each attempt leaves, after its rate-limit slot. Throwing SendCancelledError there
   * stops the call unsent; publish() then rejects with it.
   */
  readonly beforeSend?: () => Promise<void>;
  /** Told of each HTTP attempt as it ends (the events' attempt history). */
  readonly onAttempt?: (attempt: CallAttempt) => void;
}

/** The caller's beforeSend refused the send (its events are no longer its own to send). */
export class SendCancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendCancelledError';
  }
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
  /**
   * What this event adds to a request body (the external-events entity, or the eventbridge body),
   * so an operator can read what was sent. Undefined when there is nowhere to send it.
   */
  abstract requestBodyOf(event: OutboundEvent): unknown;
  /** Rejects only with SendCancelledError; every other failure is an outcome. */
  abstract publish(
    events: readonly OutboundEvent[],
    options?: PublishOptions,
  ): Promise<PublishOutcome[]>;
}
