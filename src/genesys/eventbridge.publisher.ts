import { HttpService } from '@nestjs/axios';
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
import { GENESYS_MAX_REQUEST_BYTES } from './genesys-limits';

/**
 * The tutorial's target: `POST {api}{GENESYS_EVENTS_PATH}` with {eventType, eventTime, source, data}
 * and the event's Idempotency-Key, identical on every attempt. One event per call.
 * Token and retries: retry.interceptor.ts.
 */
@Injectable()
export class EventBridgePublisher extends EventPublisher {
  readonly maxBatchEvents = 1;
  readonly maxBatchBytes = GENESYS_MAX_REQUEST_BYTES;
  private readonly config: GenesysConfig;

  constructor(
    @Inject(HttpService) private readonly http: HttpService,
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
      const response = await this.http.axiosRef.post(
        `${this.config.apiUrl}${this.config.eventsPath}`,
        event,
        {
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'Idempotency-Key': idempotencyKey,
          },
          timeout: this.config.requestTimeoutMs,
          signal: options.signal,
          genesys: { beforeSend: options.beforeSend, onAttempt: options.onAttempt },
        },
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
