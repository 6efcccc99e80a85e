import { IsBoolean, IsOptional } from 'class-validator';
import { DeadLetterFilterDto } from './dead-letter-query.dto';

/** POST /admin/replays: which dead letters; `dry_run` answers the count and starts nothing. */
export class ReplayJobRequestDto extends DeadLetterFilterDto {
  @IsOptional() @IsBoolean() readonly dry_run?: boolean;
}
