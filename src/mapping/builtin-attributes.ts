import type { BusinessEvent } from './business-event';

/**
 * The built-in contract's external-event attributes: the mapped data plus its type and source,
 * flat, so they fit an external-events schema with properties event_type, transaction_id, amount,
 * currency, original_type, source_system and source_version (see docs/genesys.md, "Setting up Genesys").
 */
export function builtinAttributes(event: BusinessEvent): Record<string, string | number> {
  return {
    event_type: event.eventType,
    ...event.data,
    source_system: event.source.system,
    source_version: event.source.version,
  };
}

export function builtinAttributeCount(event: BusinessEvent): number {
  return Object.keys(builtinAttributes(event)).length;
}
