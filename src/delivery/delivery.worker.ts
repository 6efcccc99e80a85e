import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig, DeliveryConfig } from '../config/app-config';
import { EventPublisher } from '../genesys/event-publisher';
import { DeliveryNotifier } from '../outbox/delivery-notifier';
import { Outbox } from '../outbox/outbox';
import type { StoredEvent } from '../outbox/outbox.types';
import { decideDelivery } from './delivery-schedule';

/**
 * Background delivery: claims due events (up to DELIVERY_CONCURRENCY in flight), publishes each,
 * then acks, reschedules or dead-letters it. Claims live in the store, so a crash at any point
 * leaves the event due again on restart, to be sent with its original idempotency key.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private readonly config: DeliveryConfig;
  private readonly shutdownTimeoutMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private nudge: (() => void) | undefined;
  private unsubscribeWake: (() => void) | undefined;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DeliveryNotifier) private readonly notifier: DeliveryNotifier,
    @Inject(ConfigService) config: ConfigService<AppConfig, true>,
  ) {
    this.config = config.get('delivery', { infer: true });
    this.shutdownTimeoutMs = config.get('server', { infer: true }).shutdownTimeoutMs;
  }

  onApplicationBootstrap(): void {
    this.running = true;
    // New work only matters when a slot is free; a finishing publish nudges the loop anyway.
    this.unsubscribeWake = this.notifier.onWake(() => {
      if (this.inFlight.size < this.config.concurrency) {
        this.nudge?.();
      }
    });
    this.loopDone = this.loop();
  }

  /** Stop claiming, let in-flight publishes finish (bounded), leave the rest to the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.unsubscribeWake?.();
    this.nudge?.();
    await this.loopDone;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.shutdownTimeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    if (this.inFlight.size > 0) {
      // Cut them short: each is rescheduled (or, if its ack is lost, redelivered with the same key after restart).
      this.logger.warn(
        `Aborting ${this.inFlight.size} publishes still running at the shutdown deadline`,
      );
      this.abort.abort();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.config.concurrency - this.inFlight.size;
      let claimed = 0;
      // Claim in batches (a claim is a store write): when idle, or once a quarter of the slots are free.
      if (
        free > 0 &&
        (this.inFlight.size === 0 || free >= Math.ceil(this.config.concurrency / 4))
      ) {
        try {
          const events = await this.outbox.claimDue(free, Date.now());
          claimed = events.length;
          events.forEach((event) => this.track(this.deliver(event)));
        } catch (error) {
          this.logger.error(`Claiming due events failed: ${describe(error)}`);
        }
      }
      // A full claim means more may be due: go again as soon as a slot frees up.
      if (
        !this.running ||
        (claimed > 0 && claimed === free && this.inFlight.size < this.config.concurrency)
      ) {
        continue;
      }
      await this.idle();
    }
  }

  /** Resolves on new work, a freed slot, the poll interval, or shutdown, whichever comes first. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.config.pollIntervalMs);
      const nudge = (): void => done();
      this.nudge = nudge;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      this.nudge?.();
    });
  }

  private async deliver(stored: StoredEvent): Promise<void> {
    try {
      const outcome = await this.publisher.publish({
        id: stored.id,
        idempotencyKey: stored.idempotencyKey,
        event: stored.event,
        signal: this.abort.signal,
      });
      const now = Date.now();
      const decision = decideDelivery(outcome, stored.attempts, stored.deliverBy, now, this.config);
      switch (decision.action) {
        case 'ack':
          await this.outbox.markDelivered(stored.id, now);
          this.notifier.settled(stored.id, 'delivered');
          return;
        case 'reschedule':
          await this.outbox.reschedule(stored.id, decision.at, decision.failure, now);
          this.logger.warn(
            `Event ${stored.id} attempt ${stored.attempts} failed (${decision.failure.code}` +
              `${correlation(decision.failure.correlationId)}); next try in ${Math.round((decision.at - now) / 1000)} s`,
          );
          return;
        case 'dead':
          await this.outbox.markDead(stored.id, decision.failure, now);
          this.notifier.settled(stored.id, 'dead');
          this.logger.error(
            `Event ${stored.id} dead-lettered after ${stored.attempts} attempts: ${decision.failure.code} ` +
              `${decision.failure.message}${correlation(decision.failure.correlationId)}`,
          );
          return;
      }
    } catch (error) {
      this.logger.error(`Delivering event ${stored.id} failed unexpectedly: ${describe(error)}`);
      // Release the claim so the event is tried again; if even that fails, a restart releases it.
      const now = Date.now();
      const failure = {
        code: 'gateway.internal',
        message: 'Internal error while delivering; will retry.',
      };
      await this.outbox
        .reschedule(stored.id, now + this.config.backoffBaseMs, failure, now)
        .catch(() => undefined);
    }
  }
}

function correlation(id: string | undefined): string {
  return id ? `, ININ-Correlation-Id ${id}` : '';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
