import { Inject, Injectable } from '@nestjs/common';
import { IssuerRegistry, type LegacyPrincipal } from '../auth';
import { DomainError } from '../common';
import { IngestConfig, type GenesysTarget } from '../config';
import { ContractRegistry } from '../contracts';
import {
  MAX_ATTRIBUTES,
  type BusinessEvent,
  type LegacyEvent,
  builtinAttributeCount,
  MappingService,
} from '../mapping';
import type { AppendRequest, BodySpan } from '../outbox';
import type { DecodedEvent } from './event-decoder';
import { storedBody } from './received-body';
import {
  contractEventKey,
  contractFingerprint,
  derivedEventKey,
  type EventKey,
  fingerprint,
} from './idempotency';

/**
 * Which contract, and what entity: turns one decoded event into what the store appends (the
 * payload to deliver, its key and fingerprint). Throws the event's DomainError.
 */
@Injectable()
export class EventResolution {
  private readonly target: GenesysTarget;
  private readonly maxAgeMs: number;
  private readonly keepBodies: boolean;
  private readonly redact: ReadonlyArray<readonly string[]>;

  constructor(
    @Inject(MappingService) private readonly mapping: MappingService,
    @Inject(ContractRegistry) private readonly contracts: ContractRegistry,
    @Inject(IssuerRegistry) private readonly issuers: IssuerRegistry,
    @Inject(IngestConfig) config: IngestConfig,
  ) {
    this.target = config.target;
    this.maxAgeMs = config.maxAgeMs;
    this.keepBodies = config.keepBodies;
    this.redact = config.redactFields;
  }

  /**
   * `key`: the client's Idempotency-Key or the CloudEvent's; undefined: derived from the event.
   * `received`: where a legacy body is in the request's bytes, kept as it came when nothing is to be
   * redacted (serializing the parsed body again was the largest cost bodies added to this thread).
   */
  toAppendRequest(
    item: DecodedEvent,
    principal: LegacyPrincipal,
    key: EventKey | undefined,
    requestId: string | undefined,
    received?: BodySpan,
  ): AppendRequest {
    // Built field by field, not with spreads: this runs per event, up to 500 times a request.
    const now = Date.now();
    let event: AppendRequest['event'];
    let eventKey: EventKey;
    let print: string;
    let eventJson: string | undefined;
    let references: readonly string[];
    if (item.kind === 'contract') {
      const resolved = this.contracts.resolve(principal.issuer, item.body);
      event = resolved.event;
      eventKey = key ?? contractEventKey(principal.issuer, resolved.contract, resolved.identity);
      ({ fingerprint: print, json: eventJson } = contractFingerprint(resolved.event));
      references = resolved.identity;
    } else {
      const mapped = this.builtin(item.legacy, principal, item.eventTimeMs);
      event = mapped;
      eventKey = key ?? derivedEventKey(principal.issuer, item.legacy, mapped.eventTime);
      print = fingerprint(item.legacy, mapped.eventTime);
      references = [item.legacy.transaction_id];
    }
    return {
      issuer: principal.issuer,
      idempotencyKey: eventKey.idempotencyKey,
      dedupeKey: eventKey.dedupeKey,
      fingerprint: print,
      event,
      eventJson,
      now,
      deliverBy: now + this.maxAgeMs,
      requestId,
      refs: refsOf(eventKey, references),
      body: this.keepBodies ? this.receivedBody(item, received) : undefined,
    };
  }

  private receivedBody(item: DecodedEvent, received: BodySpan | undefined): AppendRequest['body'] {
    return received && this.redact.length === 0
      ? received
      : storedBody(item.kind === 'contract' ? item.body : item.legacy, this.redact);
  }

  /** The built-in contract: the tutorial's payload, with the issuer's allowed event types. */
  private builtin(
    legacy: LegacyEvent,
    principal: LegacyPrincipal,
    eventTimeMs: number | undefined,
  ): BusinessEvent {
    const issuer = this.issuers.get(principal.issuer);
    const event = this.mapping.toBusinessEvent(legacy, issuer?.sourceSystem, eventTimeMs);
    // An issuer without eventTypes may send any type: skip building the name to check.
    if (issuer?.eventTypes && !this.issuers.allows(issuer, categoryAction(event))) {
      throw new DomainError(
        'EVENT_TYPE_NOT_ALLOWED',
        `Issuer ${issuer.issuer} may not send ${categoryAction(event)} events.`,
        { extensions: { event_type: legacy.event_type } },
      );
    }
    // Genesys takes at most 50 attributes per external event: refuse at ingest, not at delivery.
    const attributes = this.target === 'external-events' ? builtinAttributeCount(event) : 0;
    if (attributes > MAX_ATTRIBUTES) {
      const message = `maps to ${attributes} attributes, more than Genesys' ${MAX_ATTRIBUTES}`;
      throw new DomainError('VALIDATION_FAILED', `The event ${message}.`, {
        errors: [{ field: '(body)', message }],
      });
    }
    return event;
  }
}

/** `custom.<vendor>.<category>.<action>` → `<category>.<action>`, what the issuer registry lists. */
function categoryAction(event: BusinessEvent): string {
  return event.eventType.split('.').slice(2).join('.');
}

/** The key first, then the sender's references, each once. */
function refsOf(key: EventKey, references: readonly string[]): string[] {
  const refs = [key.idempotencyKey];
  for (const ref of key.ref === undefined ? references : [key.ref, ...references]) {
    if (ref !== '' && !refs.includes(ref)) {
      refs.push(ref);
    }
  }
  return refs;
}
