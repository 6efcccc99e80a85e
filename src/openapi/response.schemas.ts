import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI schemas of the JSON answers (the TypeScript interfaces stay the source of truth). */
export class IngestAnswerSchema {
  @ApiProperty({ enum: ['accepted'] }) readonly status!: 'accepted';
  @ApiProperty({ enum: ['queued', 'delivering', 'delivered', 'dead'], example: 'queued' })
  readonly state!: string;
  @ApiProperty({ format: 'uuid' }) readonly id!: string;
  @ApiProperty({ example: 'c36fd873-c7ed-53b1-855a-6fb3e006533a' })
  readonly idempotency_key!: string;
}

export class GenesysFailureSchema {
  @ApiPropertyOptional({ example: 400 }) readonly status?: number;
  @ApiProperty({ example: 'bad.request' }) readonly code!: string;
  @ApiProperty() readonly message!: string;
  @ApiPropertyOptional({ description: 'ININ-Correlation-Id' }) readonly correlationId?: string;
}

export class EventStatusSchema {
  @ApiProperty({ format: 'uuid' }) readonly id!: string;
  @ApiProperty({ enum: ['queued', 'delivering', 'delivered', 'dead'] }) readonly state!: string;
  @ApiProperty() readonly idempotency_key!: string;
  @ApiProperty({ example: 'custom.legacy.order.created' }) readonly event_type!: string;
  @ApiProperty() readonly attempts!: number;
  @ApiProperty({ format: 'date-time' }) readonly created_at!: string;
  @ApiProperty({ format: 'date-time' }) readonly updated_at!: string;
  @ApiPropertyOptional({ format: 'date-time' }) readonly next_attempt_at?: string;
  @ApiPropertyOptional({ format: 'date-time' }) readonly delivered_at?: string;
  @ApiPropertyOptional({ type: GenesysFailureSchema }) readonly last_error?: GenesysFailureSchema;
}

export class ReplayAnswerSchema {
  @ApiProperty({ example: 1 }) readonly replayed!: number;
}
