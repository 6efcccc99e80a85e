import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class DeadLetterFilterDto {
  @IsOptional() @IsString() @MaxLength(255) readonly event_type?: string;
  @IsOptional() @IsString() @MaxLength(255) readonly error_code?: string;
}

export class DeadLetterQueryDto extends DeadLetterFilterDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) readonly limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) readonly offset?: number;
}
