import type { KeyObject } from 'node:crypto';

/** The validated, typed configuration. Each module reads only its own namespace. */
export interface ServerConfig {
  readonly nodeEnv: string;
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Serve /docs and /docs-json (OpenAPI). */
  readonly docsEnabled: boolean;
}

/** Signature algorithms a legacy token may use; HS* and `none` cannot be configured at all. */
export const JWT_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'PS256'] as const;

/** The shortest ADMIN_TOKEN or METRICS_TOKEN accepted (set directly or from a file). */
export const MIN_STATIC_TOKEN_LENGTH = 24;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface StaticKey {
  /** From the file name when keys come from a directory; tokens may select a key by `kid`. */
  readonly kid: string | undefined;
  readonly key: KeyObject;
}

export type IssuerKeys =
  | { readonly kind: 'static'; readonly keys: readonly StaticKey[] }
  | { readonly kind: 'jwks'; readonly url: string };

/** One legacy system allowed to send events (an entry of the issuer registry). */
export interface IssuerConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly keys: IssuerKeys;
  /** `source.system` of its events: it comes from the authenticated issuer, never from the body. */
  readonly sourceSystem: string;
  /** Legacy `event_type` values it may send (`order.*` matches a prefix); undefined = any. */
  readonly eventTypes: readonly string[] | undefined;
  /** Requests per minute per replica; undefined = not limited. */
  readonly rateLimitPerMinute: number | undefined;
}

export interface AuthConfig {
  readonly issuers: readonly IssuerConfig[];
  readonly algorithms: readonly JwtAlgorithm[];
  readonly clockToleranceSec: number;
  /** Longest accepted `exp - iat`; undefined = any (exp is always required). */
  readonly maxTokenLifetimeSec: number | undefined;
  readonly maxTokenBytes: number;
  /** Static bearer secret for /admin; undefined disables the admin API. */
  readonly adminToken: string | undefined;
  /** Bearer secret for /metrics; the admin token works there too. */
  readonly metricsToken: string | undefined;
  /** How long a console sign-in lasts (the session cookie's expiry). */
  readonly consoleSessionMs: number;
}

export type GenesysTarget = 'eventbridge' | 'external-events';

export interface ExternalEventsConfig {
  readonly configurationId: string;
  /** `externalSourceId` of every entity's external id. */
  readonly externalSourceId: string;
  /** Which mapped field becomes the entity's external id value. */
  readonly externalIdField: 'transaction_id' | 'currency' | 'original_type';
}

export interface GenesysConfig {
  readonly target: GenesysTarget;
  /** Set when target is external-events. */
  readonly externalEvents: ExternalEventsConfig | undefined;
  readonly batchMaxEvents: number;
  readonly batchLingerMs: number;
  /** Consecutive failed calls that open the circuit breaker, and how long it stays open. */
  readonly breakerFailures: number;
  readonly breakerCooldownMs: number;
  readonly loginUrl: string;
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly oauthScope: string | undefined;
  readonly eventsPath: string;
  readonly requestTimeoutMs: number;
  /** Total time one delivery attempt may spend on in-call retries before the worker reschedules. */
  readonly retryBudgetMs: number;
  /** Calls to Genesys allowed in any 60 s window (Genesys' default is 300 per OAuth client). */
  readonly rateLimitPerMinute: number;
  /** The window that limit counts in: Genesys counts per minute; shorter windows scale tests down. */
  readonly rateLimitWindowMs: number;
}

export interface MappingConfig {
  readonly vendor: string;
  readonly sourceSystem: string;
  readonly sourceVersion: string;
}

export interface ContractsConfig {
  /** CONTRACTS_FILE (YAML or JSON); undefined: the built-in contract (the tutorial's payload). */
  readonly file: string | undefined;
  /** How often the destination schemas are read again from Genesys. */
  readonly destinationRefreshMs: number;
}

export interface RedisConfig {
  /** May hold a password: never log it as is (see redactRedisUrl). */
  readonly url: string;
  /** Namespace of every key, so several gateways (or test runs) can share one Redis. */
  readonly keyPrefix: string;
  /** How long a claim holds before another replica may take the event over (BullMQ lockDuration). */
  readonly lockMs: number;
}

export interface OutboxConfig {
  readonly driver: 'sqlite' | 'redis';
  readonly redis: RedisConfig;
  readonly dataDir: string;
  readonly synchronous: 'full' | 'normal';
  readonly maxBacklog: number;
  /** SQLite only: the file's cap in MiB (0 = none); past it ingest answers 503 BACKLOG_FULL. */
  readonly maxSizeMb: number;
  readonly idempotencyRetentionMs: number;
  /** How long received bodies are kept (at most the idempotency retention); 0: not kept at all. */
  readonly payloadRetentionMs: number;
  /** JSON pointers (parsed) of received-body fields that are never stored, shown or logged. */
  readonly redactFields: ReadonlyArray<readonly string[]>;
}

export interface DeliveryConfig {
  readonly concurrency: number;
  readonly pollIntervalMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly maxAgeMs: number;
}

export interface AppConfig {
  /** True when no Genesys credentials were given: the gateway talks to the local sandbox only. */
  readonly sandbox: boolean;
  /** Things worth telling the operator at start-up that do not stop it. */
  readonly warnings: readonly string[];
  readonly server: ServerConfig;
  readonly auth: AuthConfig;
  readonly genesys: GenesysConfig;
  readonly mapping: MappingConfig;
  readonly contracts: ContractsConfig;
  readonly outbox: OutboxConfig;
  readonly delivery: DeliveryConfig;
}
