import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LegacyPrincipal } from '../auth';
import { DomainError } from '../common';
import type { AppendRequest, BodySpan } from '../outbox';
import { Admission } from './admission';
import type { DecodedEvent } from './event-decoder';
import { EventResolution } from './event-resolution';
import type { EventKey } from './idempotency';
import type { IngestResult } from './ingest-result';
import { Ledger } from './ledger';
import { Settlement } from './settlement';

export interface IngestOptions {
  /** The client's Idempotency-Key or the CloudEvent's; undefined: derived from the event. */
  readonly key: EventKey | undefined;
  readonly waitSec: number | undefined;
  /** Stored with the event, so delivery logs can be joined with the request's log line. */
  readonly requestId?: string;
  /** The legacy body's bytes as received (kept as they are when bodies are kept). */
  readonly received?: BodySpan;
}

/**
 * Admission -> contract resolution -> ledger (key and event in one commit) -> answer. Never waits
 * for Genesys unless the client asked with Prefer: wait; never answers for an event not stored.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('Ingest');

  constructor(
    @Inject(Admission) private readonly admission: Admission,
    @Inject(EventResolution) private readonly resolution: EventResolution,
    @Inject(Ledger) private readonly ledger: Ledger,
    @Inject(Settlement) private readonly settlement: Settlement,
  ) {}

  async ingest(
    item: DecodedEvent,
    principal: LegacyPrincipal,
    options: IngestOptions,
  ): Promise<IngestResult> {
    this.admission.assertCanAccept();
    const request = this.resolution.toAppendRequest(
      item,
      principal,
      item.key ?? options.key,
      options.requestId,
      options.received,
    );
    const result = await this.ledger.append(request);
    const replayed = result.kind === 'replayed';
    const stored = result.event;
    if (options.waitSec === undefined || options.waitSec === 0) {
      return { stored, state: stored.state, replayed, waitedSec: undefined };
    }
    const waitMs = options.waitSec * 1000;
    const state = await this.ledger.whileWaiting(principal.issuer, request.idempotencyKey, () =>
      this.settlement.waitFor(stored, waitMs, replayed),
    );
    return { stored, state, replayed, waitedSec: options.waitSec };
  }

  /**
   * A batch: each item is judged on its own and the result (or its DomainError) comes back at its
   * index, but every valid item goes to the store in one `appendAll`, so they share one commit.
   * `received[i]`: where item i is in the request's bytes (legacy batches).
   * Rejects (the whole batch is retried) only when the gateway or its store cannot take events.
   */
  async ingestAll(
    items: ReadonlyArray<DecodedEvent | DomainError>,
    principal: LegacyPrincipal,
    requestId: string | undefined,
    received?: readonly BodySpan[],
  ): Promise<Array<IngestResult | DomainError>> {
    this.admission.assertCanAccept();
    const prepared = items.map((item, i): AppendRequest | DomainError => {
      if (item instanceof DomainError) {
        return item;
      }
      try {
        return this.resolution.toAppendRequest(item, principal, item.key, requestId, received?.[i]);
      } catch (error) {
        return error instanceof DomainError ? error : this.unexpected(error);
      }
    });
    const requests = prepared.filter((p): p is AppendRequest => !(p instanceof DomainError));
    const appended = await this.ledger.appendAll(requests);
    let next = 0;
    return prepared.map((item) => {
      if (item instanceof DomainError) {
        return item;
      }
      const result = appended[next++];
      return result instanceof DomainError
        ? result
        : {
            stored: result.event,
            state: result.event.state,
            replayed: result.kind === 'replayed',
            waitedSec: undefined,
          };
    });
  }

  /** A bug met by one batch item is that item's 500, not the batch's. */
  private unexpected(error: unknown): DomainError {
    this.logger.error(
      `Batch item failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    );
    return new DomainError('INTERNAL', 'The gateway could not process this event.');
  }
}
