import type { ProblemDetails } from '../common/problem/problem-details';
import type { EventState } from '../outbox/outbox.types';

/** Body of a 200/202 ingest answer. `status: "accepted"` is the tutorial's contract; `state` says more. */
export interface IngestResponseBody {
  readonly status: 'accepted';
  readonly state: EventState;
  readonly id: string;
  readonly idempotency_key: string;
}

export interface IngestResult {
  readonly httpStatus: 200 | 202;
  readonly body: IngestResponseBody;
  readonly replayed: boolean;
  /** Set when a Prefer: wait was honoured, for the Preference-Applied header. */
  readonly waitedSec: number | undefined;
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
