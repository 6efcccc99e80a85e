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
