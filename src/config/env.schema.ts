import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { JWT_ALGORITHMS, MIN_STATIC_TOKEN_LENGTH } from './app-config';

/** LEGACY_JWT_ALGORITHMS: a comma-separated list of JWT_ALGORITHMS, spaces allowed. */
const ALGORITHM = `(${JWT_ALGORITHMS.join('|')})`;
const ALGORITHM_LIST = new RegExp(`^\\s*${ALGORITHM}(\\s*,\\s*${ALGORITHM})*\\s*$`);

/** Blank means unset (as in .env.example's empty lines); digits become a number; the rest is refused. */
const toInt = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') {
    return value;
  }
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : value;
};
const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * Every variable the gateway reads, with its rules. Requirements that depend on the mode
 * (sandbox or real Genesys) are checked in parse-config.ts, which also documents defaults.
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsIn(['debug', 'info', 'warn', 'error']) LOG_LEVEL?: string;
  @IsOptional() @Transform(blankToUndefined) @IsIn(['true', 'false']) DOCS_ENABLED?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(10485760) INGEST_MAX_BODY_BYTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(600000) SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional() @Transform(blankToUndefined) @IsString() LEGACY_JWT_PUB_KEY?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() LEGACY_JWT_PUB_KEY_FILE?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() @MaxLength(512) LEGACY_JWT_ISSUER?: string;
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(512)
  LEGACY_JWT_AUDIENCE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(300) LEGACY_JWT_CLOCK_TOLERANCE_S?: number;
  @IsOptional()
  @Transform(blankToUndefined)
  @IsUrl({ ...URL_OPTIONS, require_tld: false })
  LEGACY_JWKS_URL?: string;
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(ALGORITHM_LIST, {
    message: `LEGACY_JWT_ALGORITHMS must be a comma-separated list of ${JWT_ALGORITHMS.join(', ')} (HS* and none are never allowed)`,
  })
  LEGACY_JWT_ALGORITHMS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(604800) LEGACY_JWT_MAX_LIFETIME_S?: number;
  @IsOptional() @Transform(blankToUndefined) @IsString() LEGACY_ISSUERS_FILE?: string;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000000)
  LEGACY_RATE_LIMIT_PER_MINUTE?: number;
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MinLength(MIN_STATIC_TOKEN_LENGTH)
  ADMIN_TOKEN?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() ADMIN_TOKEN_FILE?: string;
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MinLength(MIN_STATIC_TOKEN_LENGTH)
  METRICS_TOKEN?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() METRICS_TOKEN_FILE?: string;

  @IsOptional() @Transform(blankToUndefined) @IsString() CONTRACTS_FILE?: string;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86400000)
  CONTRACTS_DESTINATION_REFRESH_MS?: number;

  @IsOptional() @Transform(blankToUndefined) @IsString() GENESYS_REGION?: string;
  /** The tutorial's name for the region; accepted with a warning. */
  @IsOptional() @Transform(blankToUndefined) @IsString() GENESYS_ENV?: string;
  @IsOptional() @IsIn(['eventbridge', 'external-events']) GENESYS_TARGET?: string;
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^[A-Za-z0-9-]{1,64}$/, {
    message: 'GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID must be an id (letters, digits, dashes)',
  })
  GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID?: string;
  @IsOptional()
  @Transform(blankToUndefined)
  @IsString()
  @MaxLength(255)
  GENESYS_EXTERNAL_SOURCE_ID?: string;
  @IsOptional()
  @IsIn(['transaction_id', 'currency', 'original_type'])
  GENESYS_EXTERNAL_ID_FIELD?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) GENESYS_BATCH_MAX_EVENTS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60000) GENESYS_BATCH_LINGER_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) GENESYS_BREAKER_FAILURES?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(3600000)
  GENESYS_BREAKER_COOLDOWN_MS?: number;
  @IsOptional() @Transform(blankToUndefined) @IsUrl(URL_OPTIONS) GENESYS_LOGIN_URL?: string;
  @IsOptional() @Transform(blankToUndefined) @IsUrl(URL_OPTIONS) GENESYS_API_URL?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() GENESYS_CLIENT_ID?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() GENESYS_CLIENT_SECRET?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() GENESYS_CLIENT_SECRET_FILE?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() GENESYS_OAUTH_SCOPE?: string;
  @IsOptional()
  @Matches(/^\/[A-Za-z0-9/_.{}-]*$/, {
    message: 'GENESYS_EVENTS_PATH must be an absolute URL path',
  })
  GENESYS_EVENTS_PATH?: string;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  GENESYS_REQUEST_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(600000) GENESYS_RETRY_BUDGET_MS?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  GENESYS_RATE_LIMIT_PER_MINUTE?: number;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  GENESYS_RATE_LIMIT_WINDOW_MS?: number;

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'EVENT_VENDOR must match [a-z][a-z0-9_]{0,31}' })
  EVENT_VENDOR?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(128) SOURCE_SYSTEM?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(64) SOURCE_VERSION?: string;

  @IsOptional() @IsString() @MinLength(1) DATA_DIR?: string;
  @IsOptional() @IsIn(['sqlite', 'redis']) OUTBOX_DRIVER?: string;
  @IsOptional()
  @Transform(blankToUndefined)
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;
  @IsOptional() @Transform(blankToUndefined) @IsString() REDIS_URL_FILE?: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX must match [A-Za-z0-9_.-]{1,64}',
  })
  REDIS_KEY_PREFIX?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) @Max(600000) REDIS_LOCK_MS?: number;
  @IsOptional() @IsIn(['full', 'normal']) OUTBOX_SYNCHRONOUS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) OUTBOX_MAX_BACKLOG?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(16_777_216) OUTBOX_MAX_SIZE_MB?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(8760) IDEMPOTENCY_RETENTION_HOURS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(8760) PAYLOAD_RETENTION_HOURS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(5) @Max(1440) CONSOLE_SESSION_MINUTES?: number;
  @IsOptional() @Transform(blankToUndefined) @IsString() REDACT_FIELDS?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(256) DELIVERY_CONCURRENCY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(60000) DELIVERY_POLL_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(3600000) DELIVERY_BACKOFF_BASE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(86400000) DELIVERY_BACKOFF_MAX_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(8760) DELIVERY_MAX_AGE_HOURS?: number;
}
