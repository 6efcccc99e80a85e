import { Inject, Injectable } from '@nestjs/common';
import { GenesysConfig, type ExternalEventsConfig } from '../../config';
import { classifyPublishError } from '../classify-error';
import {
  EventPublisher,
  type OutboundEvent,
  type PublishOptions,
  SendCancelledError,
} from '../event-publisher';
import type { PublishOutcome } from '../publish-outcome';
import { isMappedEvent } from '../../mapping';
import {
  type ExternalEventEntity,
  mappedToExternalEvent,
  toExternalEvent,
} from './external-event.mapper';
import { GenesysApiClient } from '../genesys-api.client';
import { GENESYS_MAX_REQUEST_BYTES } from '../genesys-limits';

/** `{"entities":[` + `]}` + commas: what a batch adds around its entities. */
const ENVELOPE_BYTES = 16;

interface UnprocessedEntity {
  readonly originalRequestIndex?: unknown;
  readonly isRetryable?: unknown;
  readonly errorMessage?: unknown;
  readonly statusCode?: unknown;
}

/**
 * The real Genesys Cloud ingest API: `POST /api/v2/journey/externalevents/configurations/{id}/events`
 * with up to GENESYS_BATCH_MAX_EVENTS entities. `unprocessedEntities` decides per event: retryable
 * ones are rescheduled, the others dead-lettered; everything else in the batch is delivered and
 * never sent again.
 */
@Injectable()
export class ExternalEventsPublisher extends EventPublisher {
  readonly maxBatchEvents: number;
  readonly maxBatchBytes = GENESYS_MAX_REQUEST_BYTES - ENVELOPE_BYTES;
  private readonly config: GenesysConfig;
  /** The global configuration of the built-in contract; unset when a contracts file routes every event. */
  private readonly target: ExternalEventsConfig | undefined;

  constructor(
    @Inject(GenesysApiClient) private readonly client: GenesysApiClient,
    @Inject(GenesysConfig) config: GenesysConfig,
  ) {
    super();
    this.config = config;
    this.target = this.config.externalEvents;
    this.maxBatchEvents = this.config.batchMaxEvents;
  }

  /** A contract's event names its configuration; a built-in one goes to the global configuration. */
  override routeOf({ event }: OutboundEvent): string {
    return isMappedEvent(event) ? event.configurationId : (this.target?.configurationId ?? '');
  }

  sizeOf(event: OutboundEvent): number {
    const entity = this.entityOf(event);
    return entity ? Buffer.byteLength(JSON.stringify(entity)) + 1 : 0;
  }

  /** Every event of one call shares its route (the worker groups them by routeOf). */
  async publish(
    events: readonly OutboundEvent[],
    options: PublishOptions = {},
  ): Promise<PublishOutcome[]> {
    const configurationId = events.length > 0 ? this.routeOf(events[0]) : '';
    const entities = events.map((event) => this.entityOf(event));
    if (
      configurationId === '' ||
      !entities.every((e): e is ExternalEventEntity => e !== undefined)
    ) {
      // Stored by the built-in contract, then the global configuration was removed: nothing to send to.
      return events.map(() => ({
        kind: 'rejected',
        failure: {
          code: 'gateway.no_configuration',
          message:
            'No external-events configuration for this event: set GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID and replay it.',
        },
      }));
    }
    try {
      const response = await this.client.request<{ unprocessedEntities?: unknown }>(
        {
          method: 'POST',
          url: `${this.config.apiUrl}/api/v2/journey/externalevents/configurations/${encodeURIComponent(configurationId)}/events`,
          data: { entities },
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        },
        options,
      );
      const correlationId = response.headers['inin-correlation-id'] as string | undefined;
      const outcomes: PublishOutcome[] = events.map(() => ({
        kind: 'delivered',
        status: response.status,
      }));
      const unprocessed = Array.isArray(response.data?.unprocessedEntities)
        ? (response.data.unprocessedEntities as UnprocessedEntity[])
        : [];
      for (const entry of unprocessed) {
        const index = entry.originalRequestIndex;
        if (typeof index !== 'number' || index < 0 || index >= events.length) {
          continue;
        }
        const failure = {
          status: typeof entry.statusCode === 'number' ? entry.statusCode : undefined,
          code: 'entity.unprocessed',
          message:
            typeof entry.errorMessage === 'string'
              ? entry.errorMessage.slice(0, 500)
              : 'Genesys did not process this event.',
          ...(correlationId ? { correlationId } : {}),
        };
        outcomes[index] =
          entry.isRetryable === true
            ? { kind: 'unavailable', failure }
            : { kind: 'rejected', failure };
      }
      return outcomes;
    } catch (error) {
      if (error instanceof SendCancelledError) {
        throw error;
      }
      // The whole call failed: every event in it shares the outcome.
      const outcome = classifyPublishError(error);
      return events.map(() => outcome);
    }
  }

  requestBodyOf(event: OutboundEvent): ExternalEventEntity | undefined {
    return this.entityOf(event);
  }

  private entityOf({ idempotencyKey, event }: OutboundEvent): ExternalEventEntity | undefined {
    if (isMappedEvent(event)) {
      return mappedToExternalEvent(idempotencyKey, event);
    }
    return this.target ? toExternalEvent(idempotencyKey, event, this.target) : undefined;
  }
}
