import type { ProblemDetails } from '../common';
import type { EventState, StoredEvent } from '../outbox';

/** Body of a 200/202 ingest answer. `status: "accepted"` is the tutorial's contract; `state` says more. */
export interface IngestResponseBody {
  readonly status: 'accepted';
  readonly state: EventState;
  readonly id: string;
  readonly idempotency_key: string;
}

/** What ingest did with one event; the controller turns it into the HTTP answer. */
export interface IngestResult {
  readonly stored: StoredEvent;
  /** The state to report: the stored one, or the one reached under Prefer: wait. */
  readonly state: EventState;
  readonly replayed: boolean;
  /** Set when a Prefer: wait was honoured, for the Preference-Applied header. */
  readonly waitedSec: number | undefined;
}

/** `status: "accepted"` is the tutorial's contract; `state` says how far the event got. */
export function answerBody(result: IngestResult): IngestResponseBody {
  return {
    status: 'accepted',
    state: result.state,
    id: result.stored.id,
    idempotency_key: result.stored.idempotencyKey,
  };
}

/** One item of a batch answer, at the same index as in the request. */
export type BatchItemResult =
  | {
      readonly index: number;
      readonly outcome: 'accepted' | 'replayed';
      readonly status: 202;
      readonly id: string;
      readonly idempotency_key: string;
      readonly state: EventState;
      readonly location: string;
    }
  | {
      readonly index: number;
      readonly outcome: 'rejected';
      readonly status: number;
      readonly problem: ProblemDetails;
    };

/** Body of a batch answer: counts, then one result per item, aligned with the request. */
export interface BatchAnswer {
  readonly accepted: number;
  readonly replayed: number;
  readonly rejected: number;
  readonly results: readonly BatchItemResult[];
}
