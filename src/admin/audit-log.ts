import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { ConsoleSession } from '../auth';
import { requestIdOf } from '../logging';
import { Outbox, type AuditEntry } from '../outbox';

/**
 * Who did what to the events: each operator action goes to the store's append-only audit log
 * (shared by every replica on Redis) and to the logs as one JSON line (`audit` field).
 */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger('Audit');

  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  async record(
    req: Request & { consoleSession?: ConsoleSession },
    action: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const requestId = req.res ? requestIdOf(req.res) : undefined;
    // One admin token, so one identity; the console session and the address tell operators apart.
    const via = req.consoleSession ? `console:${req.consoleSession.sid.slice(0, 8)}` : 'admin';
    const entry: AuditEntry = {
      at: Date.now(),
      actor: `${via}@${req.ip ?? 'unknown'}`,
      action,
      detail,
      ...(requestId ? { requestId } : {}),
    };
    this.logger.log({ msg: `audit: ${action}`, audit: entry });
    await this.outbox.appendAudit(entry);
  }
}
