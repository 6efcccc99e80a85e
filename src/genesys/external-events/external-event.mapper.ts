import type { ExternalEventsConfig } from '../../config/app-config';
import type { BusinessEvent } from '../../mapping/business-event';

/** Genesys' limit on attributes per external event. */
export const MAX_EXTERNAL_EVENT_ATTRIBUTES = 50;

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
  readonly attributes: Readonly<Record<string, string | number>>;
}

/**
 * Attributes of an event: the mapped data plus its type and source, flat, so they fit an external
 * events schema with properties event_type, transaction_id, amount, currency, original_type,
 * source_system and source_version (see README, "Setting up Genesys").
 */
export function externalEventAttributes(event: BusinessEvent): Record<string, string | number> {
  return {
    event_type: event.eventType,
    ...event.data,
    source_system: event.source.system,
    source_version: event.source.version,
  };
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
    attributes: externalEventAttributes(event),
  };
}
