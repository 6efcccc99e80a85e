import { Inject, Injectable } from '@nestjs/common';
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
import type { StoredEvent } from '../outbox/outbox.types';
import { deriveIdempotencyKey, fingerprint } from './idempotency';
import type { IngestResult } from './ingest-result';

/** How often a request under `Prefer: wait` re-reads the store (another replica may settle it). */
const SETTLEMENT_POLL_MS = 500;

export interface IngestOptions {
  /** The client's Idempotency-Key, already validated. */
  readonly idempotencyKey: string | undefined;
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
    const issuer = this.issuers.get(principal.issuer);
    const event = this.mapping.toBusinessEvent(legacy, issuer?.sourceSystem);
    if (issuer && !this.issuers.allows(issuer, categoryAction(event))) {
      throw new DomainError(
        'EVENT_TYPE_NOT_ALLOWED',
        `Issuer ${issuer.issuer} may not send ${categoryAction(event)} events.`,
        { extensions: { event_type: legacy.event_type } },
      );
    }
    this.assertTargetCanCarry(event);
    const idempotencyKey =
      options.idempotencyKey ?? deriveIdempotencyKey(principal.issuer, legacy, event.eventTime);
    const now = Date.now();
    const result = await this.outbox.append({
      issuer: principal.issuer,
      idempotencyKey,
      fingerprint: fingerprint(legacy, event.eventTime),
      event,
      now,
      deliverBy: now + this.deliveryConfig.maxAgeMs,
      requestId: options.requestId,
    });
    if (result.kind === 'conflict') {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different payload; use a new key for a new event.',
        { extensions: { id: result.event.id, idempotency_key: idempotencyKey } },
      );
    }
    const waitingKey = `${principal.issuer}\n${idempotencyKey}`;
    if (result.kind === 'replayed' && this.waiting.has(waitingKey)) {
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
    const replayed = result.kind === 'replayed';
    if (options.waitSec === undefined || options.waitSec === 0) {
      return this.answer(result.event, result.event.state, replayed, undefined);
    }
    this.waiting.add(waitingKey);
    try {
      const state = await this.waitForSettlement(result.event, options.waitSec * 1000);
      return this.answer(result.event, state, replayed, options.waitSec);
    } finally {
      this.waiting.delete(waitingKey);
    }
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

  private async answer(
    stored: StoredEvent,
    state: StoredEvent['state'],
    replayed: boolean,
    waitedSec: number | undefined,
  ): Promise<IngestResult> {
    // Without Prefer: wait a replay gets the original 202 (its body shows the current state).
    if (state === 'dead' && waitedSec !== undefined) {
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
      httpStatus: state === 'delivered' && waitedSec !== undefined ? 200 : 202,
      body: { status: 'accepted', state, id: stored.id, idempotency_key: stored.idempotencyKey },
      replayed,
      waitedSec,
    };
  }
}

/** `custom.<vendor>.<category>.<action>` → `<category>.<action>`, what the issuer registry lists. */
function categoryAction(event: BusinessEvent): string {
  return event.eventType.split('.').slice(2).join('.');
}
