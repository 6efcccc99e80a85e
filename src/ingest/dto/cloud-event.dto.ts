import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Equals,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

/**
 * A structured-mode CloudEvents 1.0 envelope carrying one legacy event: `type` is its event type,
 * `time` its timestamp, `data` holds transaction_id, amount and currency. `source` + `id` identify
 * it, so they make its idempotency key. Extension attributes are accepted and ignored.
 */
export class CloudEventDto {
  @ApiProperty({ example: '1.0' })
  @Equals('1.0', { message: 'specversion must be "1.0"' })
  readonly specversion!: string;

  @ApiProperty({ example: 'ord-2026-000123', description: 'unique within source' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  readonly id!: string;

  @ApiProperty({ example: '/erp/orders', description: 'URI-reference of the producer' })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  readonly source!: string;

  @ApiProperty({
    example: 'com.acme.erp.order.created',
    description: 'the last two dot-separated segments are the event type (order.created)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  readonly type!: string;

  @ApiProperty({ example: '2026-11-28T10:15:00+02:00', description: 'required here (RFC 3339)' })
  @IsString()
  readonly time!: string;

  @ApiPropertyOptional({ example: 'application/json' })
  @IsOptional()
  @IsIn(['application/json'], { message: 'datacontenttype must be application/json' })
  readonly datacontenttype?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(512) readonly subject?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(512) readonly dataschema?: string;

  @ApiProperty({ example: { transaction_id: 'ORD-2026-000123', amount: 129.5, currency: 'EUR' } })
  @IsObject({ message: 'data must be a JSON object with transaction_id, amount and currency' })
  readonly data!: Record<string, unknown>;
}

/** CloudEvents context attributes this gateway understands; other lower-case names are extensions. */
export const CLOUD_EVENT_ATTRIBUTES = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'datacontenttype',
  'subject',
  'dataschema',
  'data',
]);
