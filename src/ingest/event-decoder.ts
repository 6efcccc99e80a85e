import { Inject, Injectable } from '@nestjs/common';
import { ContractRegistry } from '../contracts';
import { strictValidationPipe, DomainError, type FieldError } from '../common';
import type { LegacyEvent } from '../mapping';
import { CLOUD_EVENT_ATTRIBUTES, CloudEventDto } from './dto/cloud-event.dto';
import { acceptCloudEvent, acceptLegacyEvent } from './dto/fast-accept';
import { LegacyEventDto } from './dto/legacy-event.dto';
import { cloudEventKey, type EventKey } from './idempotency';
import type { BodyFormat } from './media-type';

/**
 * A request body (or batch item) ready for its contract: the built-in contract's validated fields,
 * or, with CONTRACTS_FILE, the JSON object the issuer's contracts will judge.
 */
export type DecodedEvent =
  | {
      readonly kind: 'builtin';
      readonly legacy: LegacyEvent;
      /** The time `legacy.timestamp` names, when decoding parsed it already. */
      readonly eventTimeMs?: number;
      /** Set for CloudEvents (from source + id); legacy bodies get a derived key or the header's. */
      readonly key?: EventKey;
    }
  | {
      readonly kind: 'contract';
      /** The legacy body, or a CloudEvent's `data`. */
      readonly body: Record<string, unknown>;
      readonly key?: EventKey;
    };

/** CloudEvents extension attribute names (CloudEvents 1.0 §3.1.1): lower-case letters and digits. */
const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
/** Where a LegacyEvent field lives in a CloudEvent, for error messages that name the right field. */
const CLOUD_EVENT_FIELD: Readonly<Record<string, string>> = {
  event_type: 'type',
  timestamp: 'time',
  transaction_id: 'data.transaction_id',
  amount: 'data.amount',
  currency: 'data.currency',
};

/**
 * Turns a request body (or one batch item) into a validated LegacyEvent, with the same strict rules
 * as the single-event route: unknown fields are errors, and every error names its field.
 */
@Injectable()
export class EventDecoder {
  private readonly pipe = strictValidationPipe();
  private readonly contracts: boolean;

  constructor(@Inject(ContractRegistry) registry: Pick<ContractRegistry, 'enabled'>) {
    this.contracts = registry.enabled;
  }

  /**
   * A legacy JSON body: the built-in contract's five fields, or any object for CONTRACTS_FILE. A
   * plainly valid body is accepted without class-validator, as batch items are (decodeAll).
   */
  async legacy(raw: unknown): Promise<DecodedEvent> {
    if (this.contracts) {
      return { kind: 'contract', body: jsonObject(raw, '(body)') };
    }
    return fastLegacy(raw) ?? this.validatedLegacy(raw);
  }

  /** Through the DTO: every error message the routes answer comes from here. */
  async validatedLegacy(raw: unknown): Promise<DecodedEvent> {
    const legacy = (await this.pipe.transform(raw, {
      type: 'body',
      metatype: LegacyEventDto,
    })) as LegacyEventDto;
    return { kind: 'builtin', legacy };
  }

  /** A structured CloudEvent; plainly valid ones are accepted without class-validator too. */
  async cloudEvent(raw: unknown): Promise<DecodedEvent> {
    return (!this.contracts && fastCloudEvent(raw)) || this.validatedCloudEvent(raw);
  }

  /** Through the DTO, as validatedLegacy. */
  async validatedCloudEvent(raw: unknown): Promise<DecodedEvent> {
    const envelope = (await this.pipe.transform(withoutExtensions(raw), {
      type: 'body',
      metatype: CloudEventDto,
    })) as CloudEventDto;
    const key = cloudEventKey(envelope.source, envelope.id);
    if (this.contracts) {
      return { kind: 'contract', body: envelope.data, key };
    }
    try {
      const decoded = await this.validatedLegacy(legacyCandidate(envelope));
      return { ...decoded, key };
    } catch (error) {
      throw error instanceof DomainError ? renameFields(error) : error;
    }
  }

  /**
   * A batch's items, each decoded on its own (its DomainError at its index). Plainly valid items
   * are accepted without class-validator (dto/fast-accept.ts); the rest take the full path above.
   */
  async decodeAll(
    items: readonly unknown[],
    format: BodyFormat,
  ): Promise<Array<DecodedEvent | DomainError>> {
    const legacy = format === 'legacy';
    const decoded = new Array<DecodedEvent | DomainError>(items.length);
    const slow: Array<Promise<void>> = [];
    items.forEach((raw, i) => {
      // Contracts validate with their own (compiled) schemas; a legacy body needs only to be an
      // object, decided here at once (a promise per item costs more than the check).
      if (this.contracts && legacy) {
        decoded[i] = contractBody(raw);
        return;
      }
      const fast = this.contracts ? undefined : legacy ? fastLegacy(raw) : fastCloudEvent(raw);
      if (fast) {
        decoded[i] = fast;
        return;
      }
      const full = legacy ? this.validatedLegacy(raw) : this.validatedCloudEvent(raw);
      slow.push(
        full.then(
          (event) => {
            decoded[i] = event;
          },
          (error: unknown) => {
            if (!(error instanceof DomainError)) {
              throw error;
            }
            decoded[i] = error;
          },
        ),
      );
    });
    await Promise.all(slow);
    return decoded;
  }
}

function contractBody(raw: unknown): DecodedEvent | DomainError {
  try {
    return { kind: 'contract', body: jsonObject(raw, '(body)') };
  } catch (error) {
    return error as DomainError;
  }
}

function fastLegacy(raw: unknown): DecodedEvent | undefined {
  const accepted = acceptLegacyEvent(raw);
  return (
    accepted && { kind: 'builtin', legacy: accepted.legacy, eventTimeMs: accepted.eventTimeMs }
  );
}

function jsonObject(raw: unknown, field: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be a JSON object.`, {
      errors: [{ field, message: `${field} must be a JSON object` }],
    });
  }
  return raw as Record<string, unknown>;
}

function fastCloudEvent(raw: unknown): DecodedEvent | undefined {
  const envelope = acceptCloudEvent(raw);
  const accepted = envelope && acceptLegacyEvent(legacyCandidate(envelope));
  return (
    accepted && {
      kind: 'builtin',
      legacy: accepted.legacy,
      eventTimeMs: accepted.eventTimeMs,
      key: cloudEventKey(envelope.source, envelope.id),
    }
  );
}

/** The LegacyEvent a CloudEvent carries: its type and time, and its data's fields. */
function legacyCandidate(envelope: {
  readonly type: string;
  readonly time: string;
  readonly data: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    transaction_id: envelope.data.transaction_id,
    event_type: eventTypeOf(envelope.type),
    amount: envelope.data.amount,
    currency: envelope.data.currency,
    timestamp: envelope.time,
    ...Object.fromEntries(
      Object.entries(envelope.data).filter(
        ([key]) => !['transaction_id', 'amount', 'currency'].includes(key),
      ),
    ),
  };
}

/** `com.acme.erp.order.created` → `order.created`: the reverse-DNS prefix names the producer. */
function eventTypeOf(type: string): string {
  const segments = type.split('.');
  return segments.length > 2 ? segments.slice(-2).join('.') : type;
}

function withoutExtensions(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return raw;
  }
  return Object.fromEntries(
    Object.entries(raw).filter(
      ([key, value]) =>
        CLOUD_EVENT_ATTRIBUTES.has(key) ||
        !EXTENSION_NAME.test(key) ||
        !['string', 'number', 'boolean'].includes(typeof value),
    ),
  );
}

function renameFields(error: DomainError): DomainError {
  const errors: FieldError[] = (error.options.errors ?? []).map((e) => {
    const field = CLOUD_EVENT_FIELD[e.field] ?? (e.field === '(body)' ? 'data' : `data.${e.field}`);
    return { field, message: e.message.replace(e.field, field) };
  });
  return new DomainError(error.code, errors.map((e) => e.message).join('; ') || error.detail, {
    ...error.options,
    errors,
  });
}
