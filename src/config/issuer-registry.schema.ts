import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** One entry of LEGACY_ISSUERS_FILE (YAML or JSON). */
export class IssuerEntry {
  @IsString() @MinLength(1) @MaxLength(512) issuer!: string;
  @IsString() @MinLength(1) @MaxLength(512) audience!: string;
  /** PEM files or directories of them, relative to the registry file. */
  @IsOptional() @IsArray() @ArrayMinSize(1) @IsString({ each: true }) keys?: string[];
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  jwksUrl?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) sourceSystem?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(/^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$|^\*$/, {
    each: true,
    message: 'eventTypes entries look like order.created, order.* or *',
  })
  eventTypes?: string[];
  @IsOptional() @IsInt() @Min(1) @Max(10_000_000) rateLimitPerMinute?: number;
}

export class IssuerRegistryFile {
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => IssuerEntry)
  issuers!: IssuerEntry[];
}
