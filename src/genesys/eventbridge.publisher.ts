import { Inject, Injectable } from '@nestjs/common';
import { GenesysConfig } from '../config';
import { classifyPublishError } from './classify-error';
import {
  EventPublisher,
  type OutboundEvent,
  type PublishOptions,
  SendCancelledError,
} from './event-publisher';
import type { PublishOutcome } from './publish-outcome';
import { GenesysApiClient } from './genesys-api.client';
import { GENESYS_MAX_REQUEST_BYTES } from './genesys-limits';

/**
 * The tutorial's target: `POST {api}{GENESYS_EVENTS_PATH}` with {eventType, eventTime, source, data}
 * and the event's Idempotency-Key, identical on every attempt. One event per call.
 * Token, rate limit and retries: genesys-api.client.ts.
 */
@Injectable()
export class EventBridgePublisher extends EventPublisher {
  readonly maxBatchEvents = 1;
  readonly maxBatchBytes = GENESYS_MAX_REQUEST_BYTES;
  private readonly config: GenesysConfig;

  constructor(
    @Inject(GenesysApiClient) private readonly client: GenesysApiClient,
    @Inject(GenesysConfig) config: GenesysConfig,
  ) {
    super();
    this.config = config;
  }

  sizeOf({ event }: OutboundEvent): number {
    return Buffer.byteLength(JSON.stringify(event));
  }

  requestBodyOf({ event }: OutboundEvent): unknown {
    return event;
  }

  async publish(
    events: readonly OutboundEvent[],
    options: PublishOptions = {},
  ): Promise<PublishOutcome[]> {
    return Promise.all(events.map((event) => this.publishOne(event, options)));
  }

  private async publishOne(
    { idempotencyKey, event }: OutboundEvent,
    options: PublishOptions,
  ): Promise<PublishOutcome> {
    try {
      const response = await this.client.request(
        {
          method: 'POST',
          url: `${this.config.apiUrl}${this.config.eventsPath}`,
          data: event,
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'Idempotency-Key': idempotencyKey,
          },
        },
        options,
      );
      return { kind: 'delivered', status: response.status };
    } catch (error) {
      if (error instanceof SendCancelledError) {
        throw error;
      }
      return classifyPublishError(error);
    }
  }
}
