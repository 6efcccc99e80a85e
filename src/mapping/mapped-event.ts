import type { BusinessEvent } from './business-event';

/** A scalar Genesys can chart and filter on (enum, number, string, boolean attributes). */
export type AttributeValue = string | number | boolean;

export interface ExternalId {
  readonly value: string;
  readonly externalSourceId: string;
}

/**
 * An event mapped by a contract: the Journey external-events entity without its `id` (the
 * idempotency key, added at send time) and the configuration it goes to. It is stored as it was
 * mapped, so a later change of the contracts file never changes an accepted event.
 */
export interface MappedEvent {
  readonly kind: 'contract';
  /** The contract's name: what logs, metrics and dead-letter filters call the event's type. */
  readonly eventType: string;
  readonly configurationId: string;
  readonly dateCreated: string;
  readonly externalIds: readonly ExternalId[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** What the outbox stores and the publisher sends: the built-in contract's event or a mapped one. */
export type OutboundPayload = BusinessEvent | MappedEvent;

export function isMappedEvent(event: OutboundPayload): event is MappedEvent {
  return (event as MappedEvent).kind === 'contract';
}
