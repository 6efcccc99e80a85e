import { ApiProperty } from '@nestjs/swagger';
import {
  IsNotEmpty,
  IsNumber,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import {
  type LegacyEvent,
  parseEventTime,
  MAX_EVENT_TYPE_LENGTH,
  parseLegacyEventType,
} from '../../mapping';

/** Codes Node's ICU knows as ISO 4217 currencies (plus X-codes such as XAU it reports). */
export const ISO_4217: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
export const MAX_TRANSACTION_ID_LENGTH = 128;
export const TRANSACTION_ID_PATTERN = /^[\x21-\x7E]+$/;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

function IsParsedBy(
  parse: (value: unknown) => { ok: true } | { ok: false; reason: string },
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isParsedBy',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => parse(value).ok,
        defaultMessage: ({ property, value }: ValidationArguments) => {
          const result = parse(value);
          return `${property} ${result.ok ? 'is invalid' : result.reason}`;
        },
      },
    });
}

export const eventTypeCheck = (value: unknown): { ok: true } | { ok: false; reason: string } =>
  typeof value === 'string'
    ? parseLegacyEventType(value)
    : { ok: false, reason: 'must be a string' };

/** Beyond 1e15 a double cannot hold 6 decimals exactly; money amounts never get there. */
const MAX_AMOUNT = 1e15;

export function amountCheck(value: unknown): { ok: true } | { ok: false; reason: string } {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, reason: 'must be a finite number' };
  }
  if (Math.abs(value) > MAX_AMOUNT) {
    return { ok: false, reason: 'must be between -1e15 and 1e15' };
  }
  return Number(value.toFixed(6)) === value
    ? { ok: true }
    : { ok: false, reason: 'must have at most 6 decimal places' };
}

/**
 * The legacy event as POSTed to /ingest; unknown fields are rejected by the global ValidationPipe.
 * Both ingest routes first try `acceptLegacyEvent` (fast-accept.ts): keep the two in step.
 */
export class LegacyEventDto implements LegacyEvent {
  @ApiProperty({
    example: 'tx-1001',
    maxLength: MAX_TRANSACTION_ID_LENGTH,
    description: 'printable ASCII, no spaces',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_TRANSACTION_ID_LENGTH)
  @Matches(TRANSACTION_ID_PATTERN, {
    message: 'transaction_id must be printable ASCII without spaces',
  })
  readonly transaction_id!: string;

  @ApiProperty({
    example: 'order.created',
    description: 'category + action: order.created, ORDER_CREATED, order-created, OrderCreated',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_EVENT_TYPE_LENGTH)
  @IsParsedBy(eventTypeCheck)
  readonly event_type!: string;

  // Not IsNumber's maxDecimalPlaces: it throws on exponent forms such as 1e-7 (a 500, found by fast-check).
  @ApiProperty({ example: 129.5, description: 'finite, at most 6 decimals, |amount| <= 1e15' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsParsedBy(amountCheck)
  readonly amount!: number;

  @ApiProperty({ example: 'EUR', description: 'upper-case ISO 4217 code' })
  @IsString()
  @Matches(CURRENCY_PATTERN, {
    message: 'currency must be an upper-case ISO 4217 code such as EUR',
  })
  @IsParsedBy((value) =>
    typeof value === 'string' && ISO_4217.has(value)
      ? { ok: true }
      : { ok: false, reason: 'must be a known ISO 4217 code' },
  )
  readonly currency!: string;

  @ApiProperty({
    oneOf: [{ type: 'string', format: 'date-time' }, { type: 'number' }],
    example: '2026-11-28T10:15:00+02:00',
    description: 'RFC 3339 with a zone, or Unix epoch seconds / milliseconds',
  })
  @IsParsedBy(parseEventTime)
  readonly timestamp!: string | number;
}
