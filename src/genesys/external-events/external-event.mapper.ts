import type { ExternalEventsConfig } from '../../config';
import {
  type BusinessEvent,
  builtinAttributes,
  type AttributeValue,
  type MappedEvent,
} from '../../mapping';

/** The Journey external-events entity (`ExternalEvent` in the platform SDKs). */
export interface ExternalEventEntity {
  readonly id: string;
  readonly dateCreated: string;
  readonly identifiers: {
    readonly externalIds: ReadonlyArray<{
      readonly value: string;
      readonly externalSourceId: string;
    }>;
  };
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** Pure: BusinessEvent -> entity. `id` is the idempotency key, stable across retries. */
export function toExternalEvent(
  idempotencyKey: string,
  event: BusinessEvent,
  config: ExternalEventsConfig,
): ExternalEventEntity {
  return {
    id: idempotencyKey,
    dateCreated: event.eventTime,
    identifiers: {
      externalIds: [
        {
          value: String(event.data[config.externalIdField]),
          externalSourceId: config.externalSourceId,
        },
      ],
    },
    attributes: builtinAttributes(event),
  };
}

/** A contract's event already holds its entity: only the id (the idempotency key) is added. */
export function mappedToExternalEvent(
  idempotencyKey: string,
  event: MappedEvent,
): ExternalEventEntity {
  return {
    id: idempotencyKey,
    dateCreated: event.dateCreated,
    identifiers: { externalIds: event.externalIds },
    attributes: event.attributes,
  };
}
