import type { KeyObject } from 'node:crypto';

/**
 * The validated, typed configuration, in one slice per Nest module. Each slice is an abstract class
 * so that it is both the type and the injection token: a module's providers inject their own slice
 * (`@Inject(GenesysConfig) config: GenesysConfig`), never the whole configuration. A value two
 * modules need is copied into both slices by parse-config.ts, from the one variable it comes from.
 * slices.spec.ts checks who injects what.
 */
export abstract class ServerConfig {
  abstract readonly nodeEnv: string;
  abstract readonly host: string;
  abstract readonly port: number;
  abstract readonly bodyLimitBytes: number;
  abstract readonly shutdownTimeoutMs: number;
  abstract readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Serve /docs and /docs-json (OpenAPI). */
  abstract readonly docsEnabled: boolean;
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

export abstract class AuthConfig {
  abstract readonly issuers: readonly IssuerConfig[];
  abstract readonly algorithms: readonly JwtAlgorithm[];
  abstract readonly clockToleranceSec: number;
  /** Longest accepted `exp - iat`; undefined = any (exp is always required). */
  abstract readonly maxTokenLifetimeSec: number | undefined;
  abstract readonly maxTokenBytes: number;
  /** Static bearer secret for /admin; undefined disables the admin API. */
  abstract readonly adminToken: string | undefined;
  /** Bearer secret for /metrics; the admin token works there too. */
  abstract readonly metricsToken: string | undefined;
}

/** The operator console: signed in with the admin token. */
export abstract class ConsoleConfig {
  /** undefined: the console is refused entirely. */
  abstract readonly adminToken: string | undefined;
  /** How long a sign-in lasts (the session cookie's expiry). */
  abstract readonly sessionMs: number;
}

export type GenesysTarget = 'eventbridge' | 'external-events';

export interface ExternalEventsConfig {
  readonly configurationId: string;
  /** `externalSourceId` of every entity's external id. */
  readonly externalSourceId: string;
  /** Which mapped field becomes the entity's external id value. */
  readonly externalIdField: 'transaction_id' | 'currency' | 'original_type';
}

export abstract class GenesysConfig {
  abstract readonly target: GenesysTarget;
  /** Set when target is external-events. */
  abstract readonly externalEvents: ExternalEventsConfig | undefined;
  abstract readonly batchMaxEvents: number;
  abstract readonly loginUrl: string;
  abstract readonly apiUrl: string;
  abstract readonly clientId: string;
  abstract readonly clientSecret: string;
  abstract readonly oauthScope: string | undefined;
  abstract readonly eventsPath: string;
  abstract readonly requestTimeoutMs: number;
  /** Total time one delivery attempt may spend on in-call retries before the worker reschedules. */
  abstract readonly retryBudgetMs: number;
  /** Calls to Genesys allowed in any 60 s window (Genesys' default is 300 per OAuth client). */
  abstract readonly rateLimitPerMinute: number;
  /** The window that limit counts in: Genesys counts per minute; shorter windows scale tests down. */
  abstract readonly rateLimitWindowMs: number;
  /** Set with the Redis outbox: every replica on it shares one budget, counted in this Redis. */
  abstract readonly sharedBudget: RedisConfig | undefined;
}

export abstract class MappingConfig {
  abstract readonly vendor: string;
  abstract readonly sourceSystem: string;
  abstract readonly sourceVersion: string;
}

export abstract class ContractsConfig {
  /** CONTRACTS_FILE (YAML or JSON); undefined: the built-in contract (the tutorial's payload). */
  abstract readonly file: string | undefined;
  /** How often the destination schemas are read again from Genesys. */
  abstract readonly destinationRefreshMs: number;
}

export interface RedisConfig {
  /** May hold a password: never log it as is (see redactRedisUrl). */
  readonly url: string;
  /** Namespace of every key, so several gateways (or test runs) can share one Redis. */
  readonly keyPrefix: string;
  /** How long a claim holds before another replica may take the event over (BullMQ lockDuration). */
  readonly lockMs: number;
}

export abstract class OutboxConfig {
  abstract readonly driver: 'sqlite' | 'redis';
  abstract readonly redis: RedisConfig;
  abstract readonly dataDir: string;
  abstract readonly synchronous: 'full' | 'normal';
  abstract readonly maxBacklog: number;
  /** SQLite only: the file's cap in MiB (0 = none); past it ingest answers 503 BACKLOG_FULL. */
  abstract readonly maxSizeMb: number;
  abstract readonly idempotencyRetentionMs: number;
  /** How long received bodies are kept (at most the idempotency retention); 0: not kept at all. */
  abstract readonly payloadRetentionMs: number;
  /** JSON pointers (parsed) of received-body fields that are never stored, shown or logged. */
  abstract readonly redactFields: ReadonlyArray<readonly string[]>;
}

export abstract class DeliveryConfig {
  abstract readonly concurrency: number;
  abstract readonly pollIntervalMs: number;
  abstract readonly backoffBaseMs: number;
  abstract readonly backoffMaxMs: number;
  abstract readonly maxAgeMs: number;
  /** How long the worker waits for a batch to fill when there is no backlog. */
  abstract readonly batchLingerMs: number;
  /** Consecutive failed calls that open the circuit breaker, and how long it stays open. */
  abstract readonly breakerFailures: number;
  abstract readonly breakerCooldownMs: number;
  /** How long shutdown waits for in-flight publishes. */
  abstract readonly shutdownTimeoutMs: number;
}

/** What ingest needs to admit and store an event. */
export abstract class IngestConfig {
  abstract readonly target: GenesysTarget;
  /** An event's retry window starts at its arrival. */
  abstract readonly maxAgeMs: number;
  /** Undelivered events past which ingest answers 503. */
  abstract readonly maxBacklog: number;
  /** False when PAYLOAD_RETENTION_HOURS=0: received bodies are not stored. */
  abstract readonly keepBodies: boolean;
  abstract readonly redactFields: ReadonlyArray<readonly string[]>;
}

/** The admin API: what it shows and how far back a replay may reach. */
export abstract class AdminConfig {
  abstract readonly target: GenesysTarget;
  abstract readonly redactFields: ReadonlyArray<readonly string[]>;
  /** A replayed event gets a fresh retry window of this length. */
  abstract readonly maxAgeMs: number;
  /** Genesys' budget per minute, shown in the console's overview. */
  abstract readonly budgetPerMinute: number;
}

/** Readiness: the backlog past which the gateway reports not ready. */
export abstract class HealthConfig {
  abstract readonly maxBacklog: number;
}

export interface AppConfig {
  /** True when no Genesys credentials were given: the gateway talks to the local sandbox only. */
  readonly sandbox: boolean;
  /** Things worth telling the operator at start-up that do not stop it. */
  readonly warnings: readonly string[];
  readonly server: ServerConfig;
  readonly auth: AuthConfig;
  readonly console: ConsoleConfig;
  readonly ingest: IngestConfig;
  readonly genesys: GenesysConfig;
  readonly mapping: MappingConfig;
  readonly contracts: ContractsConfig;
  readonly outbox: OutboxConfig;
  readonly delivery: DeliveryConfig;
  readonly admin: AdminConfig;
  readonly health: HealthConfig;
}
