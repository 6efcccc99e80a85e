import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemSchema } from './problem.schema';

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

export class BatchItemSchema {
  @ApiProperty({ example: 0, description: 'position of the item in the request' })
  readonly index!: number;
  @ApiProperty({ enum: ['accepted', 'replayed', 'rejected'] }) readonly outcome!: string;
  @ApiProperty({ example: 202, description: '202 when stored; the problem status when rejected' })
  readonly status!: number;
  @ApiPropertyOptional({ format: 'uuid' }) readonly id?: string;
  @ApiPropertyOptional() readonly idempotency_key?: string;
  @ApiPropertyOptional({ enum: ['queued', 'delivering', 'delivered', 'dead'] })
  readonly state?: string;
  @ApiPropertyOptional({ example: '/events/4b9f0c4e-8d7a-4a43-9d36-2f8f7b1f0a11' })
  readonly location?: string;
  @ApiPropertyOptional({ type: ProblemSchema, description: 'why the item was rejected' })
  readonly problem?: ProblemSchema;
}

export class BatchAnswerSchema {
  @ApiProperty({ example: 99 }) readonly accepted!: number;
  @ApiProperty({ example: 0 }) readonly replayed!: number;
  @ApiProperty({ example: 1 }) readonly rejected!: number;
  @ApiProperty({ type: [BatchItemSchema] }) readonly results!: BatchItemSchema[];
}
