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
}

export interface SandboxOptions {
  readonly host?: string;
  readonly port?: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenLifetimeSec?: number;
  readonly eventsPath?: string;
}

/** Every call to the events endpoint, whatever the answer: proves retries reuse the same key. */
export interface PublishAttempt {
  readonly at: number;
  readonly idempotencyKey: string | undefined;
  readonly status: number;
}
