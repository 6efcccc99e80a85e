import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common';
import {
  DeliveryNotifier,
  type SettledState,
  Outbox,
  type EventState,
  type StoredEvent,
} from '../outbox';

/** How often a request under `Prefer: wait` re-reads the store (another replica may settle it). */
const SETTLEMENT_POLL_MS = 500;

/**
 * `Prefer: wait=N`: waits up to N seconds for the event to be delivered or dead-lettered, by this
 * replica's notifier or, with a shared store, by polling. A dead event is the client's 502.
 */
@Injectable()
export class Settlement {
  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(DeliveryNotifier) private readonly notifier: DeliveryNotifier,
  ) {}

  /** The state after the wait: delivered, or still queued/delivering; dead throws DELIVERY_FAILED. */
  async waitFor(stored: StoredEvent, timeoutMs: number, replayed: boolean): Promise<EventState> {
    const state = await this.settled(stored, timeoutMs);
    if (state === 'dead') {
      const failure = (await this.outbox.get(stored.id))?.lastError;
      throw new DomainError(
        'DELIVERY_FAILED',
        failure
          ? `Genesys rejected the event: ${failure.message}`
          : 'Genesys did not accept the event.',
        {
          extensions: {
            id: stored.id,
            idempotency_key: stored.idempotencyKey,
            ...(failure ? { genesys: failure } : {}),
          },
          headers: replayed ? { 'Idempotent-Replayed': 'true' } : {},
        },
      );
    }
    return state;
  }

  private async settled(stored: StoredEvent, timeoutMs: number): Promise<EventState> {
    if (stored.state === 'delivered' || stored.state === 'dead') {
      return stored.state;
    }
    let unsubscribe: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const settled = new Promise<SettledState | undefined>((resolve) => {
      unsubscribe = this.notifier.subscribe(stored.id, resolve);
      timer = setTimeout(() => resolve(undefined), timeoutMs);
      // With a shared store another replica may deliver the event: its notifier is not ours.
      poll = setInterval(() => {
        void this.outbox.get(stored.id).then(
          (current) => {
            if (current?.state === 'delivered' || current?.state === 'dead') {
              resolve(current.state);
            }
          },
          () => undefined,
        );
      }, SETTLEMENT_POLL_MS);
    });
    try {
      // Re-read after subscribing: the event may have settled between commit and subscription.
      const current = await this.outbox.get(stored.id);
      if (current && (current.state === 'delivered' || current.state === 'dead')) {
        return current.state;
      }
      return (await settled) ?? (await this.outbox.get(stored.id))?.state ?? stored.state;
    } finally {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(poll);
    }
  }
}
