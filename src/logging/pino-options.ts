import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config';

/** A caller's X-Request-Id is kept when it is a sane token; otherwise the gateway makes one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Never written to a log, whatever object carries them: bearer tokens, cookies, OAuth client
 * secrets and access tokens, key material. The request serializer below already leaves headers
 * out; this is the second line.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.Authorization',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.access_token',
  '*.accessToken',
  '*.token',
  '*.privateKey',
  '*.publicPem',
];

type RequestWithUser = IncomingMessage & { id?: unknown; user?: { issuer?: unknown } };

/**
 * One JSON line per request (method, path, status, duration, request id, issuer), the request id
 * echoed in X-Request-Id, and the same logger behind Nest's Logger everywhere else. Sandbox mode
 * prints pretty single lines for people; everything else gets JSON for machines.
 */
export function pinoOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.server.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id =
          typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          // The path only: query strings are not ours to keep.
          path: req.url?.split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      // Undefined (not {}) when there is nothing to add: pino-http then skips a child logger.
      customProps: (req: IncomingMessage) => {
        const issuer = (req as RequestWithUser).user?.issuer;
        return (typeof issuer === 'string' ? { issuer } : undefined) as object;
      },
      // A 5xx answer is already explained by the problem filter's log line: no synthetic stack here.
      customErrorMessage: (_req, res) => `request failed with ${res.statusCode}`,
      customErrorObject: (_req, _res, _error, value: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'err')),
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      // Kubernetes probes every few seconds would drown the requests that matter.
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
      transport: config.sandbox
        ? {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          }
        : undefined,
    },
  };
}
