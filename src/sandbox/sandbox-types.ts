/** One request the sandbox accepted on the events endpoint. */
export interface RecordedEvent {
  readonly receivedAt: number;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** A scripted answer for the next publish call(s). */
export interface ScriptedFault {
  readonly status: number;
  readonly retryAfter?: string;
  readonly code?: string;
  readonly message?: string;
  /** Delay before answering, to imitate a slow Genesys. */
  readonly delayMs?: number;
  /** Only a call with this method consumes the fault (e.g. POST: event posts, not checks). */
  readonly method?: string;
}

export interface SandboxOptions {
  readonly host?: string;
  /** The platform API's port (0 or unset: any free one). */
  readonly port?: number;
  /** The login origin's port (0 or unset: any free one). */
  readonly loginPort?: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenLifetimeSec?: number;
  /** Serve the tutorial's publish path (the eventbridge target); unset: Genesys has none (404). */
  readonly eventsPath?: string;
  /** Genesys' per-client API budget; unset: 300 calls a minute, as Genesys; false: unlimited. */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number } | false;
  /** Most entities one external-events request may carry (default 100). */
  readonly maxEntitiesPerRequest?: number;
  /** Answer this share of event posts only after `delayMs`, taking them all the same. */
  readonly slowAnswers?: SlowAnswers;
}

/**
 * Late answers to event posts: the sandbox takes the events, then answers after `delayMs`. Past the
 * gateway's request timeout this is the ambiguous failure that can duplicate events.
 */
export interface SlowAnswers {
  /** Share of event posts, 0-1. */
  readonly rate: number;
  readonly delayMs: number;
}

/** One external event the sandbox accepted (Journey external-events API). */
export interface RecordedEntity {
  readonly receivedAt: number;
  readonly configurationId: string;
  readonly id: string;
  readonly dateCreated: string;
  readonly externalIds: ReadonlyArray<{
    readonly value: string;
    readonly externalSourceId: string;
  }>;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A scripted per-entity failure, matched by an external id value or any attribute value. */
export interface EntityFault {
  readonly isRetryable: boolean;
  readonly statusCode: number;
  readonly errorMessage: string;
  /** How many times to fail before accepting it (default: always). */
  readonly times?: number;
}

/** Every call to the events endpoint, whatever the answer: proves retries reuse the same key. */
export interface PublishAttempt {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
  readonly status: number;
  /** The ININ-Correlation-Id it answered with. */
  readonly correlationId: string;
}
