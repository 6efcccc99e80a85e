import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common';
import { DeliveryNotifier, Outbox, type AppendRequest, type AppendResult } from '../outbox';

/**
 * The idempotency ledger as ingest sees it: an append is a new event, a replay, or a conflict
 * (the same key with another payload, 422). A replay of a request that still waits under
 * `Prefer: wait` is a 409. A new event wakes the delivery worker.
 */
@Injectable()
export class Ledger {
  /** Keys (per issuer) whose first request is still waiting under Prefer: wait. */
  private readonly waiting = new Set<string>();

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(DeliveryNotifier) private readonly notifier: DeliveryNotifier,
  ) {}

  async append(request: AppendRequest): Promise<AppendResult> {
    return this.checked(await this.outbox.append(request));
  }

  /** One commit for many; results align with the requests, each checked on its own. */
  async appendAll(requests: readonly AppendRequest[]): Promise<Array<AppendResult | DomainError>> {
    const appended = requests.length > 0 ? await this.outbox.appendAll(requests) : [];
    return appended.map((result) => {
      try {
        return this.checked(result);
      } catch (error) {
        if (error instanceof DomainError) {
          return error;
        }
        throw error;
      }
    });
  }

  /** Marks the key as waiting for delivery until `work` settles. */
  async whileWaiting<T>(
    issuer: string,
    idempotencyKey: string,
    work: () => Promise<T>,
  ): Promise<T> {
    const key = `${issuer}\n${idempotencyKey}`;
    this.waiting.add(key);
    try {
      return await work();
    } finally {
      this.waiting.delete(key);
    }
  }

  private checked(result: AppendResult): AppendResult {
    const key = result.event.idempotencyKey;
    if (result.kind === 'conflict') {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different payload; use a new key for a new event.',
        { extensions: { id: result.event.id, idempotency_key: key } },
      );
    }
    if (result.kind === 'replayed' && this.waiting.has(`${result.event.issuer}\n${key}`)) {
      throw new DomainError(
        'IDEMPOTENCY_IN_PROGRESS',
        'The first request with this Idempotency-Key is still waiting for delivery.',
        { retryAfterSec: 1 },
      );
    }
    if (result.kind === 'created') {
      this.notifier.wake();
    }
    return result;
  }
}
