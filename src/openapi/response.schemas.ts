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

export class AttemptSchema {
  @ApiProperty({ format: 'date-time', description: 'when the request left' }) readonly at!: string;
  @ApiPropertyOptional({ description: 'until Genesys answered; absent: no answer' })
  readonly duration_ms?: number;
  @ApiPropertyOptional({ example: 202 }) readonly status?: number;
  @ApiPropertyOptional({ example: 'service.unavailable' }) readonly code?: string;
  @ApiPropertyOptional() readonly message?: string;
  @ApiPropertyOptional({ description: 'ININ-Correlation-Id: quote it to Genesys support' })
  readonly correlation_id?: string;
  @ApiProperty({ description: 'events the call carried' }) readonly batch_size!: number;
  @ApiProperty({ enum: ['delivered', 'retry', 'dead'] }) readonly decision!: string;
  @ApiPropertyOptional({ format: 'date-time' }) readonly retry_at?: string;
  @ApiPropertyOptional({ enum: ['rate-limited', 'breaker-open'] }) readonly pause?: string;
  @ApiPropertyOptional({
    description: 'Genesys may have taken this attempt all the same: the next one may duplicate',
  })
  readonly ambiguous?: boolean;
  @ApiPropertyOptional({
    description: 're-sent an ambiguous attempt: Genesys may hold this event twice',
  })
  readonly possible_duplicate?: boolean;
}

export class EventDestinationSchema {
  @ApiProperty({ enum: ['external-events', 'eventbridge'] }) readonly target!: string;
  @ApiPropertyOptional({ description: 'the external-events configuration id' })
  readonly route?: string;
}

export class EventSummarySchema extends EventStatusSchema {
  @ApiProperty() readonly issuer!: string;
  @ApiProperty({
    type: [String],
    description: 'idempotency key, then the legacy references (transaction id, identity values)',
  })
  readonly refs!: string[];
}

export class EventListingSchema {
  @ApiProperty({ type: [EventSummarySchema] }) readonly items!: EventSummarySchema[];
  @ApiPropertyOptional({ description: 'absent on the last page' }) readonly next_cursor?: string;
}

export class EventDetailSchema extends EventSummarySchema {
  @ApiPropertyOptional({ description: 'X-Request-Id of the ingest request' })
  readonly request_id?: string;
  @ApiProperty({ type: EventDestinationSchema }) readonly destination!: EventDestinationSchema;
  @ApiProperty({ description: 'what is sent to Genesys for this event, id included' })
  readonly request_body!: object;
  @ApiProperty({
    nullable: true,
    description:
      'the body as received (REDACT_FIELDS replaced); null once erased, past PAYLOAD_RETENTION_HOURS, or not kept',
  })
  readonly received_body!: object | null;
  @ApiProperty({ type: [AttemptSchema], description: 'the last 20 attempts, oldest first' })
  readonly history!: AttemptSchema[];
}

export class AuditEntrySchema {
  @ApiProperty({ description: 'its place in the log' }) readonly id!: string;
  @ApiProperty({ format: 'date-time' }) readonly at!: string;
  @ApiProperty({ example: 'admin@10.0.0.7' }) readonly actor!: string;
  @ApiProperty({ example: 'replay-filter' }) readonly action!: string;
  @ApiProperty({ example: { filter: { error_code: 'bad.request' }, replayed: 12 } })
  readonly detail!: object;
  @ApiPropertyOptional() readonly request_id?: string;
}

export class AuditListingSchema {
  @ApiProperty({ type: [AuditEntrySchema] }) readonly items!: AuditEntrySchema[];
  @ApiPropertyOptional({ description: 'absent on the last page' }) readonly next_cursor?: string;
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
