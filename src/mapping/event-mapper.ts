import type { MappingConfig } from '../config';
import type { BusinessEvent, LegacyEvent } from './business-event';
import { type EventTimeResult, formatEventTime, parseEventTime } from './event-time';
import { genesysEventType, parseLegacyEventType } from './event-type';

export type MappingResult =
  | { readonly ok: true; readonly event: BusinessEvent }
  | { readonly ok: false; readonly field: keyof LegacyEvent; readonly reason: string };

/**
 * Pure: LegacyEvent -> BusinessEvent. No I/O, no clock, so a table of cases covers it.
 * `eventTimeMs`: what parseEventTime(legacy.timestamp) gave, when the caller has it already.
 */
export function mapLegacyEvent(
  legacy: LegacyEvent,
  config: MappingConfig,
  eventTimeMs?: number,
): MappingResult {
  const type = parseLegacyEventType(legacy.event_type);
  if (!type.ok) {
    return { ok: false, field: 'event_type', reason: type.reason };
  }
  const time: EventTimeResult =
    eventTimeMs === undefined
      ? parseEventTime(legacy.timestamp)
      : { ok: true, epochMs: eventTimeMs };
  if (!time.ok) {
    return { ok: false, field: 'timestamp', reason: time.reason };
  }
  return {
    ok: true,
    event: {
      eventType: genesysEventType(config.vendor, type.category, type.action),
      eventTime: formatEventTime(time.epochMs),
      source: { system: config.sourceSystem, version: config.sourceVersion },
      data: {
        transaction_id: legacy.transaction_id,
        amount: legacy.amount,
        currency: legacy.currency,
        original_type: legacy.event_type,
      },
    },
  };
}
