import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExternalEventsSandbox } from './external-events-sandbox';
import { SandboxRateLimit } from './sandbox-rate-limit';
import type { SandboxEventType } from './sandbox-configurations';
import type {
  EntityFault,
  PublishAttempt,
  SlowAnswers,
  RecordedEvent,
  SandboxOptions,
  ScriptedFault,
} from './sandbox-types';
import { GENESYS_MAX_REQUEST_BYTES } from '../genesys';

const CONFIGURATIONS = /^\/api\/v2\/journey\/externalevents\/configurations\/([^/]+)(\/events)?$/;
const SCHEMAS = /^\/api\/v2\/journey\/externalevents\/schemas\/([^/]+)$/;

/** The tutorial's publish path: served only when the sandbox is asked to (the eventbridge target). */
export const TUTORIAL_EVENTS_PATH = '/api/v2/eventbridge/events';
/** Genesys' default budget per OAuth client: 300 calls a minute. */
const DEFAULT_RATE_LIMIT = { limit: 300, windowMs: 60_000 };

/**
 * Real HTTP servers that imitate Genesys Cloud closely enough to test against: login and platform
 * API on two origins (as login.<region> and api.<region>), client-credentials tokens with a
 * lifetime, 401 on unknown or expired tokens, the 300 calls/min budget with inin-ratelimit-*
 * headers, Genesys-shaped error bodies (404, 413, 415, 429...) with ININ-Correlation-Id, recorded
 * events, and scripted faults (429 + Retry-After, 5xx, latency, outage). Used by `npm start` in
 * sandbox mode, by the e2e tests and by benchmarks.
 */
export class GenesysSandbox {
  readonly events: RecordedEvent[] = [];
  readonly attempts: PublishAttempt[] = [];
  readonly externalEvents: ExternalEventsSandbox;
  readonly rateLimit: SandboxRateLimit | undefined;
  /** Imitates an OAuth client whose role lacks every journey permission: those calls get 403. */
  missingPermissions = false;
  /** Imitates a role that lacks these permissions only (e.g. journey:externalEventsSchema:view). */
  readonly deniedPermissions = new Set<string>();
  readonly tokenRequests: Array<{ readonly at: number; readonly body: string }> = [];
  publishRequests = 0;
  tokenLifetimeSec: number;
  outage = false;
  latencyMs = 0;
  /** A share of event posts answered late (taken all the same): see SlowAnswers. */
  slowAnswers: SlowAnswers | undefined;
  /** Event posts answered late so far (slowAnswers). */
  lateAnswers = 0;
  private readonly faults: ScriptedFault[] = [];
  private readonly tokens = new Map<string, number>();
  private readonly issued: string[] = [];
  private readonly server: Server;
  private readonly loginServer: Server;
  private readonly gatewayServer: Server;
  private readonly eventsPath: string | undefined;

  constructor(private readonly options: SandboxOptions) {
    this.tokenLifetimeSec = options.tokenLifetimeSec ?? 86_400;
    this.slowAnswers = options.slowAnswers;
    this.eventsPath = options.eventsPath;
    const budget = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    this.rateLimit = budget ? new SandboxRateLimit(budget.limit, budget.windowMs) : undefined;
    this.externalEvents = new ExternalEventsSandbox(options.maxEntitiesPerRequest);
    this.server = createServer((req, res) => void this.handle(req, res, 'api'));
    this.server.keepAliveTimeout = 5_000;
    this.loginServer = createServer((req, res) => void this.handle(req, res, 'login'));
    this.loginServer.keepAliveTimeout = 5_000;
    this.gatewayServer = createServer((req, res) => void this.handle(req, res, 'gateway'));
    this.gatewayServer.keepAliveTimeout = 5_000;
  }

  /** Keys that the events endpoint accepted more than once: must stay empty. */
  duplicateKeys(): string[] {
    const seen = new Set<string>();
    const duplicates = new Set<string>();
    for (const event of this.events) {
      const key = event.idempotencyKey ?? '';
      (seen.has(key) ? duplicates : seen).add(key);
    }
    return [...duplicates];
  }

  static async start(options: SandboxOptions): Promise<GenesysSandbox> {
    const sandbox = new GenesysSandbox(options);
    const listen = (server: Server, port: number | undefined) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port ?? 0, options.host ?? '127.0.0.1', resolve);
      });
    await listen(sandbox.server, options.port);
    await listen(sandbox.loginServer, options.loginPort);
    await listen(sandbox.gatewayServer, undefined);
    return sandbox;
  }

  /** The platform API origin (`https://api.<region>` in Genesys); control routes live here too. */
  get url(): string {
    return originOf(this.server);
  }

  /** The login origin (`https://login.<region>` in Genesys): only POST /oauth/token. */
  get loginUrl(): string {
    return originOf(this.loginServer);
  }

  /**
   * Both origins behind one host, as an API gateway in front of Genesys would serve them: login
   * under GATEWAY_PATHS.login, the platform API under GATEWAY_PATHS.api. This is what the official
   * SDKs' `setGateway` addresses.
   */
  get gatewayUrl(): string {
    return originOf(this.gatewayServer);
  }

  /** Queue answers for the next publish calls, consumed in order before normal behaviour resumes. */
  script(...faults: ScriptedFault[]): void {
    this.faults.push(...faults);
  }

  /** Every access token handed out so far (tests check none of them reaches a log). */
  issuedTokens(): readonly string[] {
    return [...this.issued];
  }

  /** Forget every issued token: the next API call with one gets 401, as after a revocation. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  reset(): void {
    this.events.length = 0;
    this.attempts.length = 0;
    this.tokenRequests.length = 0;
    this.faults.length = 0;
    this.publishRequests = 0;
    this.outage = false;
    this.latencyMs = 0;
    this.lateAnswers = 0;
    this.missingPermissions = false;
    this.deniedPermissions.clear();
    this.externalEvents.reset();
  }

  async stop(): Promise<void> {
    await Promise.all(
      [this.server, this.loginServer, this.gatewayServer].map((server) => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      }),
    );
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
    via: 'api' | 'login' | 'gateway',
  ): Promise<void> {
    const correlationId = randomUUID();
    res.setHeader('ININ-Correlation-Id', correlationId);
    const { text: body, tooLarge } = await readBody(req);
    const { origin, path } = route(via, (req.url ?? '/').split('?')[0]);
    if (tooLarge) {
      // Genesys answers an ErrorBody; it does not cut the connection.
      sendError(
        res,
        413,
        'request.entity.too.large',
        `The request is over ${GENESYS_MAX_REQUEST_BYTES} bytes`,
        correlationId,
      );
      return;
    }
    if (origin === 'login') {
      if (req.method === 'POST' && path === '/oauth/token') {
        return this.token(req, body, res);
      }
    } else if (origin === 'api' && path.startsWith('/api/')) {
      return await this.api(req, path, body, res, correlationId);
    } else if (origin === 'api' && path.startsWith('/__sandbox/')) {
      return this.control(req.method ?? 'GET', path, body, res);
    }
    sendError(res, 404, 'not.found', `No ${origin} route for ${req.method} ${path}`, correlationId);
  }

  private token(req: IncomingMessage, body: string, res: ServerResponse): void {
    this.tokenRequests.push({ at: Date.now(), body });
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const [id, secret] = Buffer.from(encoded ?? '', 'base64')
      .toString()
      .split(':');
    if (
      scheme !== 'Basic' ||
      id !== this.options.clientId ||
      secret !== this.options.clientSecret
    ) {
      sendJson(res, 401, {
        error: 'invalid_client',
        description: 'authentication failed',
        error_description: 'authentication failed',
      });
      return;
    }
    if (new URLSearchParams(body).get('grant_type') !== 'client_credentials') {
      sendJson(res, 400, {
        error: 'unsupported_grant_type',
        description: 'grant type not supported',
        error_description: 'grant type not supported',
      });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + this.tokenLifetimeSec * 1000);
    this.issued.push(token);
    sendJson(res, 200, {
      access_token: token,
      token_type: 'bearer',
      expires_in: this.tokenLifetimeSec,
    });
  }

  /** Every platform API call: bearer token, rate limit, scripted faults, then the route itself. */
  private async api(
    req: IncomingMessage,
    path: string,
    body: string,
    res: ServerResponse,
    correlationId: string,
  ): Promise<void> {
    this.publishRequests += 1;
    const idempotencyKey = header(req, 'idempotency-key');
    res.once('finish', () =>
      this.attempts.push({
        at: Date.now(),
        method: req.method ?? 'GET',
        path,
        idempotencyKey,
        status: res.statusCode,
        correlationId,
      }),
    );
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expiresAt = token ? this.tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      const code = expiresAt === undefined ? 'authentication.required' : 'credentials.expired';
      sendError(res, 401, code, 'Authentication failed', correlationId);
      return;
    }
    const budget = this.rateLimit?.take();
    for (const [name, value] of Object.entries(budget?.headers ?? {})) {
      res.setHeader(name, value);
    }
    if (budget && !budget.allowed) {
      res.setHeader('Retry-After', String(budget.retryAfterSec));
      sendError(
        res,
        429,
        'too.many.requests.retry.after',
        `Rate limit exceeded the maximum. Retry the request in [${budget.retryAfterSec}] seconds`,
        correlationId,
      );
      return;
    }
    const index = this.faults.findIndex((f) => f.method === undefined || f.method === req.method);
    const fault = index >= 0 ? this.faults.splice(index, 1)[0] : undefined;
    const eventPost =
      req.method === 'POST' && (path.endsWith('/events') || path === this.eventsPath);
    const slow =
      eventPost && this.slowAnswers && Math.random() < this.slowAnswers.rate
        ? this.slowAnswers.delayMs
        : 0;
    this.lateAnswers += slow > 0 ? 1 : 0;
    const delay = (fault?.delayMs ?? 0) + this.latencyMs + slow;
    if (delay > 0) {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    if (fault && fault.status >= 300) {
      if (fault.retryAfter !== undefined) {
        res.setHeader('Retry-After', fault.retryAfter);
      }
      sendError(
        res,
        fault.status,
        fault.code ?? defaultCode(fault.status),
        fault.message ?? `Scripted ${fault.status}`,
        correlationId,
      );
      return;
    }
    if (this.outage) {
      sendError(
        res,
        503,
        'service.unavailable',
        'Service unavailable (sandbox outage)',
        correlationId,
      );
      return;
    }
    const contentType = header(req, 'content-type') ?? '';
    if (req.method === 'POST' && !/^application\/json\b/i.test(contentType)) {
      sendError(
        res,
        415,
        'unsupported.media.type',
        `Content-Type ${contentType || '(none)'} is not supported; use application/json`,
        correlationId,
      );
      return;
    }
    let parsed: unknown;
    try {
      parsed = body === '' ? undefined : JSON.parse(body);
    } catch {
      sendError(res, 400, 'bad.request', 'Body is not JSON', correlationId);
      return;
    }
    if (req.method === 'POST' && this.eventsPath !== undefined && path === this.eventsPath) {
      this.events.push({
        receivedAt: Date.now(),
        path,
        idempotencyKey,
        contentType: header(req, 'content-type'),
        body: parsed,
      });
      sendJson(res, fault?.status ?? 202, { status: 'accepted' });
      return;
    }
    const configuration = CONFIGURATIONS.exec(path);
    const schema = SCHEMAS.exec(path);
    // The permission each journey route needs (JS SDK JourneyApi docs).
    const permission = schema
      ? 'journey:externalEventsSchema:view'
      : configuration?.[2]
        ? 'journey:externalEventsEvent:add'
        : configuration
          ? 'journey:externalEventsConfiguration:view'
          : undefined;
    if (permission && (this.missingPermissions || this.deniedPermissions.has(permission))) {
      sendError(res, 403, 'missing.permissions', `Missing permission ${permission}`, correlationId);
      return;
    }
    if (configuration && req.method === 'GET' && !configuration[2]) {
      const id = decodeURIComponent(configuration[1]);
      sendFound(
        res,
        this.externalEvents.configurations.get(id),
        `configuration ${id}`,
        correlationId,
      );
      return;
    }
    if (schema && req.method === 'GET') {
      const id = decodeURIComponent(schema[1]);
      sendFound(res, this.externalEvents.schemas.get(id), `schema ${id}`, correlationId);
      return;
    }
    if (configuration && req.method === 'POST' && configuration[2]) {
      const answer = this.externalEvents.ingest(configuration[1], parsed);
      if (answer.status === 200) {
        sendJson(res, 200, answer.body);
      } else {
        sendError(res, answer.status, answer.code, answer.message, correlationId);
      }
      return;
    }
    sendError(res, 404, 'not.found', `No sandbox route for ${req.method} ${path}`, correlationId);
  }

  /** A small control API, so a sandbox in another process (`npm start`) can be inspected and scripted. */
  private control(method: string, path: string, body: string, res: ServerResponse): void {
    if (method === 'GET' && path === '/__sandbox/events') {
      const entities = this.externalEvents.entities;
      sendJson(res, 200, {
        count: this.events.length + entities.length,
        duplicates: {
          count: this.externalEvents.duplicates.length,
          ids: this.externalEvents.duplicates.slice(-100),
        },
        events: this.events.slice(-100),
        externalEvents: entities.slice(-100),
      });
    } else if (method === 'GET' && path === '/__sandbox/record') {
      // Everything a test asserts on, for a sandbox running in a process of its own.
      sendJson(res, 200, {
        attempts: this.attempts.map(({ at, method: m, status }) => ({ at, method: m, status })),
        rejected: this.rateLimit?.rejected ?? 0,
        entities: this.externalEvents.entities.map(({ id, receivedAt }) => ({ id, receivedAt })),
      });
    } else if (method === 'POST' && path === '/__sandbox/faults') {
      const input = JSON.parse(body || '{}') as {
        outage?: boolean;
        latencyMs?: number;
        script?: ScriptedFault[];
      };
      this.outage = input.outage ?? this.outage;
      this.latencyMs = input.latencyMs ?? this.latencyMs;
      this.script(...(input.script ?? []));
      sendJson(res, 200, {
        outage: this.outage,
        latencyMs: this.latencyMs,
        scripted: this.faults.length,
      });
    } else if (method === 'POST' && path === '/__sandbox/configurations') {
      const type = JSON.parse(body || '{}') as SandboxEventType;
      this.externalEvents.define(type);
      sendJson(res, 200, this.externalEvents.configurations.get(type.configurationId));
    } else if (method === 'POST' && path === '/__sandbox/entity-faults') {
      // `value`: an external id value or any attribute value of the entities to fail.
      const input = JSON.parse(body || '{}') as EntityFault & { value: string };
      this.externalEvents.failEntity(input.value, input);
      sendJson(res, 200, { faults: this.externalEvents.entityFaults.size });
    } else if (method === 'DELETE' && path === '/__sandbox/entity-faults') {
      this.externalEvents.entityFaults.clear();
      sendJson(res, 200, { faults: 0 });
    } else if (method === 'DELETE' && path === '/__sandbox/events') {
      this.reset();
      sendJson(res, 200, { reset: true });
    } else {
      sendJson(res, 404, { message: 'unknown control route' });
    }
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad.request',
    403: 'missing.permissions',
    404: 'not.found',
    408: 'request.timeout',
    429: 'too.many.requests.retry.after',
    500: 'internal.server.error',
    502: 'bad.gateway',
    503: 'service.unavailable',
    504: 'gateway.timeout',
  };
  return codes[status] ?? `http.${status}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** 200 with the resource, or Genesys' 404 ErrorBody naming it. */
function sendFound(res: ServerResponse, found: unknown, what: string, correlationId: string): void {
  if (found) {
    sendJson(res, 200, found);
  } else {
    sendError(res, 404, 'not.found', `External events ${what} not found`, correlationId);
  }
}

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  contextId: string,
): void {
  sendJson(res, status, { message, code, status, contextId, details: [], errors: [] });
}

/** Path prefixes of the gateway origin (`path_params_login` / `path_params_api` of setGateway). */
export const GATEWAY_PATHS = { login: 'login', api: 'platform' } as const;

/** Which origin a request reached; through the gateway, its prefix decides and is stripped. */
function route(
  via: 'api' | 'login' | 'gateway',
  path: string,
): { origin: 'api' | 'login' | 'gateway'; path: string } {
  if (via !== 'gateway') {
    return { origin: via, path };
  }
  for (const origin of ['login', 'api'] as const) {
    const prefix = `/${GATEWAY_PATHS[origin]}/`;
    if (path.startsWith(prefix)) {
      return { origin, path: path.slice(prefix.length - 1) };
    }
  }
  return { origin: 'gateway', path };
}

/** The body, or `tooLarge` past Genesys' request.bytes.max (read to the end, kept no further). */
function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GENESYS_MAX_REQUEST_BYTES) {
        chunks.push(chunk);
      }
    });
    req.on('end', () =>
      resolve({
        text: Buffer.concat(chunks).toString('utf8'),
        tooLarge: size > GENESYS_MAX_REQUEST_BYTES,
      }),
    );
    req.on('error', () => resolve({ text: '', tooLarge: false }));
  });
}

function originOf(server: Server): string {
  const address = server.address() as AddressInfo;
  return `http://${address.address}:${address.port}`;
}
