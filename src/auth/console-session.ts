import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export const CONSOLE_COOKIE = 'gateway_console';

export interface ConsoleSession {
  /** Names the sign-in in the audit log; not a secret. */
  readonly sid: string;
  readonly expiresAt: number;
}

/**
 * Console sessions as signed cookies: `<payload>.<HMAC>`, keyed by a key derived from ADMIN_TOKEN.
 * Nothing is kept server-side, so every replica that shares the admin token accepts the cookie, and
 * rotating the token ends every session at once.
 */
export class ConsoleSessionSigner {
  private readonly key: Buffer;

  constructor(adminToken: string) {
    // A derived key: the cookie's MAC never reveals anything about the token itself.
    this.key = createHmac('sha256', adminToken).update('console-session-v1').digest();
  }

  issue(now: number, lifetimeMs: number): { session: ConsoleSession; cookie: string } {
    const session = { sid: randomUUID(), expiresAt: now + lifetimeMs };
    const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
    return { session, cookie: `${payload}.${this.mac(payload)}` };
  }

  /** The session a cookie value carries, or undefined when forged, altered or expired. */
  verify(cookie: string | undefined, now: number): ConsoleSession | undefined {
    const [payload, mac, extra] = (cookie ?? '').split('.');
    if (!payload || !mac || extra !== undefined) {
      return undefined;
    }
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return undefined;
    }
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString()) as ConsoleSession;
    return typeof session.expiresAt === 'number' && session.expiresAt > now ? session : undefined;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/** One cookie's value from the Cookie header (no parser needed for the one cookie we set). */
export function cookieValue(req: Pick<Request, 'headers'>, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return part.slice(eq + 1).trim();
    }
  }
  return undefined;
}
