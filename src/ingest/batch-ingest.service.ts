import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LegacyPrincipal } from '../auth/principal';
import { DomainError } from '../common/problem/domain-error';
import { ERROR_CATALOG } from '../common/problem/error-codes';
import { problemOf } from '../common/problem/problem-details';
import type { DecodedEvent } from './event-decoder';
import type { BatchAnswer, BatchItemResult } from './ingest-result';
import { IngestService } from './ingest.service';

/**
 * Many events in one request, each judged on its own (as EventBridge PutEvents does): one bad item
 * never rejects the others. All items go to the store together, so their appends share one commit.
 */
@Injectable()
export class BatchIngestService {
  private readonly logger = new Logger('Ingest');

  constructor(@Inject(IngestService) private readonly ingest: IngestService) {}

  async ingestAll(
    items: ReadonlyArray<DecodedEvent | DomainError>,
    principal: LegacyPrincipal,
    requestId: string | undefined,
  ): Promise<BatchAnswer> {
    const outcomes = await Promise.all(
      items.map(async (item, index): Promise<BatchItemResult | DomainError> => {
        if (item instanceof DomainError) {
          return item;
        }
        try {
          const { body, replayed } = await this.ingest.ingest(item.legacy, principal, {
            idempotencyKey: item.idempotencyKey,
            waitSec: undefined,
            requestId,
          });
          return {
            index,
            outcome: replayed ? 'replayed' : 'accepted',
            status: 202,
            id: body.id,
            idempotency_key: body.idempotency_key,
            state: body.state,
            location: `/events/${body.id}`,
          };
        } catch (error) {
          return error instanceof DomainError ? error : this.internal(error);
        }
      }),
    );
    // Nothing stored and the store is the reason: answer the whole batch 503 + Retry-After.
    const failures = outcomes.filter((o): o is DomainError => o instanceof DomainError);
    if (failures.length === outcomes.length && failures.every((f) => statusOf(f) >= 500)) {
      throw failures[0];
    }
    const results = outcomes.map((outcome, index): BatchItemResult =>
      outcome instanceof DomainError
        ? { index, outcome: 'rejected', status: statusOf(outcome), problem: problemOf(outcome) }
        : outcome,
    );
    return {
      accepted: results.filter((r) => r.outcome === 'accepted').length,
      replayed: results.filter((r) => r.outcome === 'replayed').length,
      rejected: results.filter((r) => r.outcome === 'rejected').length,
      results,
    };
  }

  private internal(error: unknown): DomainError {
    this.logger.error(
      `Batch item failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
    );
    return new DomainError('INTERNAL', 'The gateway could not process this event.');
  }
}

function statusOf(error: DomainError): number {
  return ERROR_CATALOG[error.code].status;
}
