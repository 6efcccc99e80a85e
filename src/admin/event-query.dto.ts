import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { CursorPageDto } from './cursor-page.dto';

const STATES = ['queued', 'delivering', 'delivered', 'dead'] as const;

/** GET /admin/events: every filter optional, newest first, cursor paging. */
export class EventQueryDto extends CursorPageDto {
  @ApiPropertyOptional({
    description:
      'any reference of the event: its id, idempotency key, the legacy transaction id, a contract identity value or a CloudEvent id (exact, case-insensitive)',
    example: 'SO-1234',
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  readonly ref?: string;

  @ApiPropertyOptional({ description: 'the JWT issuer that sent it' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  readonly issuer?: string;

  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  readonly state?: (typeof STATES)[number];

  @ApiPropertyOptional({ description: 'the event type, or the contract name of contract events' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  readonly event_type?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'accepted at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'accepted before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly to?: string;
}
