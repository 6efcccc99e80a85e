import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { LegacyPrincipal } from '../auth/principal';
import { LifecycleService } from '../common/lifecycle/lifecycle.service';
import { DomainError } from '../common/problem/domain-error';
import type { AppConfig, DeliveryConfig, GenesysTarget, OutboxConfig } from '../config/app-config';
import {
  externalEventAttributes,
  MAX_EXTERNAL_EVENT_ATTRIBUTES,
} from '../genesys/external-events/external-event.mapper';
import type { BusinessEvent, LegacyEvent } from '../mapping/business-event';
import { MappingService } from '../mapping/mapping.service';
import { DeliveryNotifier, type SettledState } from '../outbox/delivery-notifier';
import { IssuerRegistry } from '../auth/issuer-registry';
import { Outbox } from '../outbox/outbox';
import type { AppendRequest, AppendResult, StoredEvent } from '../outbox/outbox.types';
import type { DecodedEvent } from './event-decoder';
import { derivedEventKey, type EventKey, fingerprint } from './idempotency';
import type { IngestResult } from './ingest-result';

/** How often a request under `Prefer: wait` re-reads the store (another replica may settle it). */
const SETTLEMENT_POLL_MS = 500;

export interface IngestOptions {
  /** The client's Idempotency-Key or the CloudEvent's; undefined: derived from the event. */
  readonly key: EventKey | undefined;
  readonly waitSec: number | undefined;
  /** Stored with the event, so delivery logs can be joined with the request's log line. */
  readonly requestId?: string;
}

/**
 * Validate -> map -> record key and event in one commit -> answer. Never waits for Genesys unless
 * the client asked with Prefer: wait; never answers 2xx for an event that is not stored.
 */
@Injectable()
export class IngestService {
  private readonly outboxConfig: OutboxConfig;
  private readonly deliveryConfig: DeliveryConfig;
  private readonly target: GenesysTarget;
  /** Keys (per issuer) whose first request is still waiting under Prefer: wait. */
  private readonly waiting = new Set<string>();
  private readonly logger = new Logger('Ingest');

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(MappingService) private readonly mapping: MappingService,
    @Inject(DeliveryNotifier) private readonly notifier: DeliveryNotifier,
    @Inject(LifecycleService) private readonly lifecycle: LifecycleService,
    @Inject(IssuerRegistry) private readonly issuers: IssuerRegistry,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.outboxConfig = config.get('outbox', { infer: true });
    this.deliveryConfig = config.get('delivery', { infer: true });
    this.target = config.get('genesys', { infer: true }).target;
  }

  async ingest(
    legacy: LegacyEvent,
    principal: LegacyPrincipal,
    options: IngestOptions,
  ): Promise<IngestResult> {
    this.assertCanAccept();
    const request = this.appendRequest(legacy, principal, options);
    const result = this.checked(await this.outbox.append(request));
    const replayed = result.kind === 'replayed';
    if (options.waitSec === undefined || options.waitSec === 0) {
      return answerNow(result.event, replayed);
    }
    const waitingKey = `${principal.issuer}\n${request.idempotencyKey}`;
    this.waiting.add(waitingKey);
    try {
      const state = await this.waitForSettlement(result.event, options.waitSec * 1000);
      return this.answer(result.event, state, replayed, options.waitSec);
    } finally {
      this.waiting.delete(waitingKey);
    }
  }

  /**
   * A batch: each item is judged on its own and the result (or its DomainError) comes back at its
   * index, but every valid item goes to the store in one `appendAll`, so they share one commit.
   * Rejects (the whole batch is retried) only when the gateway or its store cannot take events.
   */
  async ingestAll(
    items: ReadonlyArray<DecodedEvent | DomainError>,
    principal: LegacyPrincipal,
    requestId: string | undefined,
  ): Promise<Array<IngestResult | DomainError>> {
    this.assertCanAccept();
    const prepared = items.map((item): AppendRequest | DomainError => {
      if (item instanceof DomainError) {
        return item;
      }
      try {
        return this.appendRequest(item.legacy, principal, {
          key: item.key,
          waitSec: undefined,
          requestId,
        });
      } catch (error) {
        return error instanceof DomainError ? error : this.unexpected(error);
      }
    });
    const requests = prepared.filter((p): p is AppendRequest => !(p instanceof DomainError));
    const appended = requests.length > 0 ? await this.outbox.appendAll(requests) : [];
    let next = 0;
    return prepared.map((item) => {
      if (item instanceof DomainError) {
        return item;
      }
      try {
        const result = this.checked(appended[next++]);
        return answerNow(result.event, result.kind === 'replayed');
      } catch (error) {
        return error instanceof DomainError ? error : this.unexpected(error);
      }
    });
  }

  /** A bug met by one batch item is that item's 500, not the batch's. */
  private unexpected(error: unknown): DomainError {
    this.logger.error(
      `Batch item failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    );
    return new DomainError('INTERNAL', 'The gateway could not process this event.');
  }

  /** Validates and maps one event into what the store appends; throws the item's DomainError. */
  private appendRequest(
    legacy: LegacyEvent,
    principal: LegacyPrincipal,
    options: IngestOptions,
  ): AppendRequest {
    const issuer = this.issuers.get(principal.issuer);
    const event = this.mapping.toBusinessEvent(legacy, issuer?.sourceSystem);
    // An issuer without eventTypes may send any type: skip building the name to check.
    if (issuer?.eventTypes && !this.issuers.allows(issuer, categoryAction(event))) {
      throw new DomainError(
        'EVENT_TYPE_NOT_ALLOWED',
        `Issuer ${issuer.issuer} may not send ${categoryAction(event)} events.`,
        { extensions: { event_type: legacy.event_type } },
      );
    }
    this.assertTargetCanCarry(event);
    const now = Date.now();
    return {
      issuer: principal.issuer,
      ...(options.key ?? derivedEventKey(principal.issuer, legacy, event.eventTime)),
      fingerprint: fingerprint(legacy, event.eventTime),
      event,
      now,
      deliverBy: now + this.deliveryConfig.maxAgeMs,
      requestId: options.requestId,
    };
  }

  /** A conflict or a replay of a request still waiting is the client's error; a new event wakes delivery. */
  private checked(result: AppendResult): AppendResult {
    const key = result.event.idempotencyKey;
    if (result.kind === 'conflict') {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different payload; use a new key for a new event.',
        { extensions: { id: result.event.id, idempotency_key: key } },
      );
    }
    if (result.kind === 'replayed' && this.waiting.has(`${result.event.issuer}\n${key}`)) {
      throw new DomainError(
        'IDEMPOTENCY_IN_PROGRESS',
        'The first request with this Idempotency-Key is still waiting for delivery.',
        {
          retryAfterSec: 1,
        },
      );
    }
    if (result.kind === 'created') {
      this.notifier.wake();
    }
    return result;
  }

  /** Genesys takes at most 50 attributes per external event: refuse at ingest, not at delivery. */
  private assertTargetCanCarry(event: BusinessEvent): void {
    if (this.target !== 'external-events') {
      return;
    }
    const attributes = Object.keys(externalEventAttributes(event)).length;
    if (attributes > MAX_EXTERNAL_EVENT_ATTRIBUTES) {
      const message = `maps to ${attributes} attributes, more than Genesys' ${MAX_EXTERNAL_EVENT_ATTRIBUTES}`;
      throw new DomainError('VALIDATION_FAILED', `The event ${message}.`, {
        errors: [{ field: '(body)', message }],
      });
    }
  }

  private assertCanAccept(): void {
    if (this.lifecycle.draining) {
      throw new DomainError(
        'SHUTTING_DOWN',
        'The gateway is shutting down; send the event to another replica or retry.',
        {
          retryAfterSec: 5,
        },
      );
    }
    if (this.outbox.backlog() >= this.outboxConfig.maxBacklog) {
      throw new DomainError(
        'BACKLOG_FULL',
        'The gateway holds as many undelivered events as it is allowed to; retry later.',
        {
          retryAfterSec: 30,
        },
      );
    }
  }

  private async waitForSettlement(
    stored: StoredEvent,
    timeoutMs: number,
  ): Promise<StoredEvent['state']> {
    if (stored.state === 'delivered' || stored.state === 'dead') {
      return stored.state;
    }
    let unsubscribe: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const settled = new Promise<SettledState | undefined>((resolve) => {
      unsubscribe = this.notifier.subscribe(stored.id, resolve);
      timer = setTimeout(() => resolve(undefined), timeoutMs);
      // With a shared store another replica may deliver the event: its notifier is not ours.
      poll = setInterval(() => {
        void this.outbox.get(stored.id).then(
          (current) => {
            if (current?.state === 'delivered' || current?.state === 'dead') {
              resolve(current.state);
            }
          },
          () => undefined,
        );
      }, SETTLEMENT_POLL_MS);
    });
    try {
      // Re-read after subscribing: the event may have settled between commit and subscription.
      const current = await this.outbox.get(stored.id);
      if (current && (current.state === 'delivered' || current.state === 'dead')) {
        return current.state;
      }
      return (await settled) ?? (await this.outbox.get(stored.id))?.state ?? stored.state;
    } finally {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(poll);
    }
  }

  /** Under Prefer: wait: 200 once delivered, the problem once dead, else 202 after the wait. */
  private async answer(
    stored: StoredEvent,
    state: StoredEvent['state'],
    replayed: boolean,
    waitedSec: number,
  ): Promise<IngestResult> {
    if (state === 'dead') {
      const current = await this.outbox.get(stored.id);
      const failure = current?.lastError;
      throw new DomainError(
        'DELIVERY_FAILED',
        failure
          ? `Genesys rejected the event: ${failure.message}`
          : 'Genesys did not accept the event.',
        {
          extensions: {
            id: stored.id,
            idempotency_key: stored.idempotencyKey,
            ...(failure ? { genesys: failure } : {}),
          },
          headers: replayed ? { 'Idempotent-Replayed': 'true' } : {},
        },
      );
    }
    return {
      httpStatus: state === 'delivered' ? 200 : 202,
      body: { status: 'accepted', state, id: stored.id, idempotency_key: stored.idempotencyKey },
      replayed,
      waitedSec,
    };
  }
}

/** Without Prefer: wait, 202 with the state the store holds (a replay gets its current state). */
function answerNow(stored: StoredEvent, replayed: boolean): IngestResult {
  return {
    httpStatus: 202,
    body: {
      status: 'accepted',
      state: stored.state,
      id: stored.id,
      idempotency_key: stored.idempotencyKey,
    },
    replayed,
    waitedSec: undefined,
  };
}

/** `custom.<vendor>.<category>.<action>` → `<category>.<action>`, what the issuer registry lists. */
function categoryAction(event: BusinessEvent): string {
  return event.eventType.split('.').slice(2).join('.');
}
