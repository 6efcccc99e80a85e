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

/** Attributes named outside `data`: a data field of the same name is the same attribute. */
const OUTSIDE_DATA: ReadonlySet<string> = new Set([
  'event_type',
  'source_system',
  'source_version',
]);

/** How many keys builtinAttributes(event) has, counted without building it (this runs per event). */
export function builtinAttributeCount(event: BusinessEvent): number {
  let count = OUTSIDE_DATA.size;
  for (const key of Object.keys(event.data)) {
    if (!OUTSIDE_DATA.has(key)) {
      count++;
    }
  }
  return count;
}
