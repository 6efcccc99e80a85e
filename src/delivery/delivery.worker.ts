import { setTimeout as delay } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DeliveryConfig } from '../config';
import {
  EventPublisher,
  type OutboundEvent,
  SendCancelledError,
  GenesysMetrics,
  type GenesysFailure,
  type CallAttempt,
  type PublishOutcome,
} from '../genesys';
import { DeliveryNotifier, Outbox, type StoredEvent } from '../outbox';
import { historyAfter, type SettledCall } from './attempt-history';
import { CircuitBreaker } from './circuit-breaker';
import { DeliveryMetrics } from './delivery-metrics';
import { decideDelivery } from './delivery-schedule';
import { packRoutedBatches } from './pack-batches';

/**
 * Background delivery: claims due events, packs them into calls (one event per call for targets
 * without a batch API), keeps up to DELIVERY_CONCURRENCY calls in flight, then acks, reschedules or
 * dead-letters each event by its own outcome. Claims live in the store, so a crash at any point
 * leaves the events due again on restart, to be sent with their original idempotency keys.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private readonly config: DeliveryConfig;
  private readonly breaker: CircuitBreaker;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private running = false;
  private claimFailing = false;
  private loopDone: Promise<void> = Promise.resolve();
  private nudge: (() => void) | undefined;
  private unsubscribeWake: (() => void) | undefined;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(DeliveryNotifier) private readonly notifier: DeliveryNotifier,
    @Inject(DeliveryMetrics) private readonly metrics: DeliveryMetrics,
    @Inject(GenesysMetrics) private readonly genesysMetrics: GenesysMetrics,
    @Inject(DeliveryConfig) config: DeliveryConfig,
  ) {
    this.config = config;
    this.breaker = new CircuitBreaker(config.breakerFailures, config.breakerCooldownMs);
  }

  onApplicationBootstrap(): void {
    this.running = true;
    // New work only matters when a slot is free; a finishing call nudges the loop anyway.
    this.unsubscribeWake = this.notifier.onWake(() => {
      if (this.inFlight.size < this.config.concurrency) {
        this.nudge?.();
      }
    });
    this.loopDone = this.loop();
  }

  /** Stop claiming, let in-flight calls finish (bounded), leave the rest to the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.unsubscribeWake?.();
    this.nudge?.();
    await this.loopDone;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.config.shutdownTimeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    if (this.inFlight.size > 0) {
      // Cut them short: each is rescheduled (or, if its ack is lost, redelivered with the same key after restart).
      this.logger.warn(
        `Aborting ${this.inFlight.size} calls still running at the shutdown deadline`,
      );
      this.abort.abort();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const free = this.config.concurrency - this.inFlight.size;
      let started = 0;
      // Claim in batches (a claim is a store write): when idle, or once a quarter of the slots are free.
      if (
        free > 0 &&
        (this.inFlight.size === 0 || free >= Math.ceil(this.config.concurrency / 4))
      ) {
        const calls = this.breaker.permits(free);
        this.metrics.recordBreaker(this.breaker.state, this.breaker.opened);
        if (calls > 0) {
          started = await this.startCalls(calls);
        }
      }
      // Calls started and slots left: more may be due, go again at once.
      if (!this.running || (started > 0 && this.inFlight.size < this.config.concurrency)) {
        continue;
      }
      await this.idle(this.breaker.waitMs() || this.config.pollIntervalMs);
    }
  }

  /** Claims events for up to `calls` calls, lingering briefly for a batch to fill; returns calls started. */
  private async startCalls(calls: number): Promise<number> {
    const maxEvents = this.publisher.maxBatchEvents;
    try {
      let events = await this.outbox.claimDue(calls * maxEvents, Date.now());
      if (
        maxEvents > 1 &&
        events.length > 0 &&
        events.length < maxEvents &&
        this.config.batchLingerMs > 0 &&
        this.running
      ) {
        await delay(this.config.batchLingerMs);
        events = events.concat(await this.outbox.claimDue(maxEvents - events.length, Date.now()));
      }
      if (this.claimFailing) {
        this.claimFailing = false;
        this.logger.log('Claiming due events works again');
      }
      if (events.length === 0) {
        this.breaker.onNeutral();
        return 0;
      }
      // One call per destination configuration; the rate limiter and breaker see every call.
      const batches = packRoutedBatches(
        events,
        (e) => this.publisher.routeOf(toOutbound(e)),
        maxEvents,
        this.publisher.maxBatchBytes,
        (e) => this.publisher.sizeOf(toOutbound(e)),
      );
      batches.forEach((batch) => this.track(this.deliver(batch)));
      return batches.length;
    } catch (error) {
      this.breaker.onNeutral();
      // Once per outage, not once per poll: the store's own logs and readiness tell the rest.
      if (!this.claimFailing) {
        this.claimFailing = true;
        this.logger.error(`Claiming due events failed: ${describe(error)}`);
      }
      return 0;
    }
  }

  /** Resolves on new work, a freed slot, the timeout, or shutdown, whichever comes first. */
  private idle(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      this.nudge = done;
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

  private async deliver(batch: readonly StoredEvent[]): Promise<void> {
    this.metrics.recordBatch(batch.length);
    // Their last attempt may have reached Genesys after all: each is a possible duplicate.
    const resent = batch.filter((stored) => stored.lastError?.ambiguous === true).length;
    if (resent > 0) {
      this.genesysMetrics.recordAmbiguousResend(resent, 'next_attempt');
    }
    let outcomes: PublishOutcome[];
    const startedAt = Date.now();
    const attempts: CallAttempt[] = [];
    try {
      outcomes = await this.publisher.publish(batch.map(toOutbound), {
        signal: this.abort.signal,
        beforeSend: () => this.confirmClaims(batch),
        onAttempt: (attempt) => attempts.push(attempt),
      });
      this.recordCall(outcomes);
    } catch (error) {
      if (error instanceof SendCancelledError) {
        await this.giveBack(batch, error);
        return;
      }
      this.breaker.onNeutral();
      this.logger.error(
        `Publishing ${batch.length} events failed unexpectedly: ${describe(error)}`,
      );
      outcomes = batch.map(() => ({
        kind: 'unavailable',
        failure: {
          code: 'gateway.internal',
          message: 'Internal error while delivering; will retry.',
        },
      }));
    }
    const call: SettledCall = {
      attempts,
      batchSize: batch.length,
      startedAt,
      breakerOpen: this.breaker.state === 'open',
    };
    await Promise.all(batch.map((stored, i) => this.settle(stored, outcomes[i], call)));
  }

  /** Right before a call leaves: if any of its events is another replica's now, it must not leave. */
  private async confirmClaims(batch: readonly StoredEvent[]): Promise<void> {
    const lost = await this.outbox.confirmClaims(batch.map((stored) => stored.id));
    if (lost.length > 0) {
      this.metrics.recordClaimsLost(lost.length);
      throw new SendCancelledError(
        `${lost.length} of the call's ${batch.length} events were taken over by another replica`,
      );
    }
  }

  /** The call never left: the claims still held go back to the queue, due now. */
  private async giveBack(batch: readonly StoredEvent[], reason: Error): Promise<void> {
    this.breaker.onNeutral();
    this.logger.warn(`A delivery call was not sent: ${reason.message}; the rest are due again`);
    try {
      await this.outbox.releaseClaims(
        batch.map((stored) => stored.id),
        Date.now(),
      );
    } catch (error) {
      // Left claimed: the lock runs out and the stalled-job check hands them back.
      this.logger.error(`Handing back ${batch.length} claims failed: ${describe(error)}`);
    }
  }

  /** Feeds the breaker and the counters with what one call achieved. */
  private recordCall(outcomes: readonly PublishOutcome[]): void {
    const delivered = outcomes.filter((o) => o.kind === 'delivered').length;
    if (outcomes.every((o) => o.kind === 'unavailable')) {
      this.breaker.onFailure();
      this.metrics.recordCall('retryable');
    } else if (outcomes.every((o) => o.kind === 'throttled' || o.kind === 'unauthorized')) {
      // Over the budget, or refused credentials: nothing about Genesys' health either way.
      this.breaker.onNeutral();
      this.metrics.recordCall('retryable');
    } else {
      this.breaker.onSuccess();
      const key =
        delivered === outcomes.length ? 'delivered' : delivered > 0 ? 'partial' : 'rejected';
      this.metrics.recordCall(key);
    }
    this.metrics.recordBreaker(this.breaker.state, this.breaker.opened);
  }

  private async settle(
    stored: StoredEvent,
    outcome: PublishOutcome,
    call: SettledCall,
  ): Promise<void> {
    const now = Date.now();
    const decision = decideDelivery(outcome, stored.attempts, stored.deliverBy, now, this.config);
    const history = historyAfter(stored, call, outcome, decision);
    try {
      switch (decision.action) {
        case 'ack':
          await this.outbox.markDelivered(stored.id, now, history);
          this.metrics.recordEvent('delivered');
          this.logger.debug({
            msg: `Event ${stored.id} delivered`,
            ...eventFields(stored),
            attempts: stored.attempts,
          });
          this.notifier.settled(stored.id, 'delivered');
          return;
        case 'reschedule':
          await this.outbox.reschedule(stored.id, decision.at, decision.failure, now, history);
          this.metrics.recordEvent('rescheduled');
          this.logger.warn({
            msg:
              `Event ${stored.id} attempt ${stored.attempts} failed (${decision.failure.code}` +
              `${correlation(decision.failure.correlationId)}); next try in ${Math.round((decision.at - now) / 1000)} s`,
            ...eventFields(stored),
            ...failureFields(decision.failure),
          });
          return;
        case 'dead':
          await this.outbox.markDead(stored.id, decision.failure, now, history);
          this.metrics.recordEvent('dead');
          this.notifier.settled(stored.id, 'dead');
          this.logger.error({
            msg:
              `Event ${stored.id} dead-lettered after ${stored.attempts} attempts: ${decision.failure.code} ` +
              `${decision.failure.message}${correlation(decision.failure.correlationId)}`,
            ...eventFields(stored),
            ...failureFields(decision.failure),
          });
          return;
      }
    } catch (error) {
      // The store refused the update: the claim stays until restart, when the event is due again.
      this.logger.error(`Recording the outcome of event ${stored.id} failed: ${describe(error)}`);
    }
  }
}

function toOutbound(stored: StoredEvent): OutboundEvent {
  return { id: stored.id, idempotencyKey: stored.idempotencyKey, event: stored.event };
}

/** Structured fields of a delivery log line: join it with the ingest request by requestId. */
function eventFields(stored: StoredEvent): Record<string, unknown> {
  return {
    eventId: stored.id,
    requestId: stored.requestId,
    issuer: stored.issuer,
    // The contract's name for contract events: which legacy event type this was.
    eventType: stored.event.eventType,
  };
}

function failureFields(failure: GenesysFailure): Record<string, unknown> {
  return {
    genesysStatus: failure.status,
    genesysCode: failure.code,
    ininCorrelationId: failure.correlationId,
  };
}

function correlation(id: string | undefined): string {
  return id ? `, ININ-Correlation-Id ${id}` : '';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
