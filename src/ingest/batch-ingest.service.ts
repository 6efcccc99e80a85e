import { Inject, Injectable } from '@nestjs/common';
import type { LegacyPrincipal } from '../auth';
import { DomainError, ERROR_CATALOG, problemOf } from '../common';
import type { BodySpan } from '../outbox';
import type { DecodedEvent } from './event-decoder';
import type { BatchAnswer, BatchItemResult } from './ingest-result';
import { IngestService } from './ingest.service';

/**
 * Many events in one request, each judged on its own (as EventBridge PutEvents does): one bad item
 * never rejects the others. All items go to the store together, so their appends share one commit;
 * when the store (or the gateway) cannot take events the whole batch gets the 503 + Retry-After.
 */
@Injectable()
export class BatchIngestService {
  constructor(@Inject(IngestService) private readonly ingest: IngestService) {}

  async ingestAll(
    items: ReadonlyArray<DecodedEvent | DomainError>,
    principal: LegacyPrincipal,
    requestId: string | undefined,
    received?: readonly BodySpan[],
  ): Promise<BatchAnswer> {
    const ingested = await this.ingest.ingestAll(items, principal, requestId, received);
    const results = ingested.map((result, index): BatchItemResult =>
      result instanceof DomainError
        ? { index, outcome: 'rejected', status: statusOf(result), problem: problemOf(result) }
        : {
            index,
            outcome: result.replayed ? 'replayed' : 'accepted',
            status: 202,
            id: result.stored.id,
            idempotency_key: result.stored.idempotencyKey,
            state: result.state,
            location: `/events/${result.stored.id}`,
          },
    );
    return {
      accepted: results.filter((r) => r.outcome === 'accepted').length,
      replayed: results.filter((r) => r.outcome === 'replayed').length,
      rejected: results.filter((r) => r.outcome === 'rejected').length,
      results,
    };
  }
}

function statusOf(error: DomainError): number {
  return ERROR_CATALOG[error.code].status;
}
