import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CATALOG } from '../common';

class FieldErrorSchema {
  @ApiProperty({ example: 'currency' }) readonly field!: string;
  @ApiProperty({ example: 'currency must be an upper-case ISO 4217 code such as EUR' })
  readonly message!: string;
}

/** RFC 9457 problem details as the gateway sends them (OpenAPI schema only). */
export class ProblemSchema {
  @ApiProperty({ example: 'urn:genesys-event-gateway:problem:validation-failed' })
  readonly type!: string;
  @ApiProperty({ example: 'Request body is invalid' }) readonly title!: string;
  @ApiProperty({ example: 400 }) readonly status!: number;
  @ApiProperty({ example: 'currency must be an upper-case ISO 4217 code such as EUR' })
  readonly detail!: string;
  @ApiProperty({ enum: Object.keys(ERROR_CATALOG), example: 'VALIDATION_FAILED' })
  readonly code!: string;
  @ApiPropertyOptional({ example: '/ingest' }) readonly instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema] }) readonly errors?: FieldErrorSchema[];
}
