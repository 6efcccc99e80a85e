import { json, type Request, type RequestHandler } from 'express';
import { DomainError } from '../problem/domain-error';

/**
 * Keys that could reach an object's prototype chain if a later step merged the body naively.
 * JSON.parse keeps them as harmless own properties, so a scan right after parsing is enough.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_JSON_DEPTH = 32;
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Body handling for every route: only JSON is accepted (415 otherwise), the size is bounded (413),
 * and prototype-pollution keys or absurd nesting are refused (400 naming the key).
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = json({ limit: limitBytes, strict: true, type: JSON_TYPES, verify: keepRawBody });
  // One middleware instead of three: every express layer costs a little on every request.
  return (req, res, next) => {
    if (!hasBody(req)) {
      next();
      return;
    }
    if (!req.is(JSON_TYPES)) {
      next(
        new DomainError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Content-Type "${req.headers['content-type'] ?? '(none)'}" is not supported; send application/json.`,
        ),
      );
      return;
    }
    parse(req, res, (error?: unknown) => next(error ?? checkShape(req.body)));
  };
}

/**
 * The bytes of each parsed UTF-8 body, for as long as its request lives: ingest stores a legacy
 * body as the sender wrote it instead of serializing the parsed object again.
 */
const rawBodies = new WeakMap<object, Buffer>();

function keepRawBody(req: object, _res: unknown, bytes: Buffer, encoding: string): void {
  if (encoding === 'utf-8' || encoding === 'utf8') {
    rawBodies.set(req, bytes);
  }
}

/** The request's body as received (UTF-8 JSON), when it was parsed as such. */
export function rawBodyOf(req: object): Buffer | undefined {
  return rawBodies.get(req);
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Objects, or arrays for the batch route (each route then checks the shape it takes). */
function checkShape(body: unknown): DomainError | undefined {
  if (typeof body !== 'object' || body === null) {
    return new DomainError(
      'VALIDATION_FAILED',
      'The request body must be a JSON object or array.',
      {
        errors: [{ field: '(body)', message: 'must be a JSON object or array' }],
      },
    );
  }
  return findShapeProblem(body);
}

/** One iterative walk: the first forbidden key, or nesting beyond MAX_JSON_DEPTH. */
export function findShapeProblem(value: unknown): DomainError | undefined {
  const stack: Array<[unknown, number, string]> = [[value, 1, '']];
  while (stack.length > 0) {
    const [current, depth, path] = stack.pop()!;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    if (depth > MAX_JSON_DEPTH) {
      return new DomainError(
        'VALIDATION_FAILED',
        `JSON nesting deeper than ${MAX_JSON_DEPTH} levels is not accepted.`,
        {
          errors: [
            { field: path || '(body)', message: `nesting deeper than ${MAX_JSON_DEPTH} levels` },
          ],
        },
      );
    }
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        return new DomainError('VALIDATION_FAILED', `Property "${field}" is not allowed.`, {
          errors: [{ field, message: `${key} is not allowed` }],
        });
      }
      stack.push([(current as Record<string, unknown>)[key], depth + 1, field]);
    }
  }
  return undefined;
}
