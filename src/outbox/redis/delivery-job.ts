import type { Job } from 'bullmq';
import type { OutboundPayload } from '../../mapping';
import type { DeliveryAttempt, EventState, StoredEvent, StoredFailure } from '../outbox.types';

/** What a BullMQ job carries: the accepted event and the bookkeeping BullMQ does not keep itself. */
export interface DeliveryJobData {
  readonly issuer: string;
  readonly idempotencyKey: string;
  readonly fingerprint: string;
  readonly event: OutboundPayload;
  readonly createdAt: number;
  readonly deliverBy: number;
  readonly nextAttemptAt?: number;
  readonly lastError?: StoredFailure;
  readonly requestId?: string;
  /** Up to the last attempt before this one settled; a delivered job keeps its final one in returnvalue. */
  readonly history?: readonly DeliveryAttempt[];
  readonly refs?: readonly string[];
}

/** What a delivered job keeps as BullMQ's returnvalue. */
export interface DeliveredValue {
  readonly history: readonly DeliveryAttempt[];
}

export type DeliveryJob = Job<DeliveryJobData>;

/** BullMQ's states folded onto the outbox's four. */
export function jobToStoredEvent(job: DeliveryJob, state: EventState): StoredEvent {
  const data = job.data;
  return {
    id: String(job.id),
    issuer: data.issuer,
    idempotencyKey: data.idempotencyKey,
    fingerprint: data.fingerprint,
    event: data.event,
    state,
    attempts: job.attemptsStarted,
    createdAt: data.createdAt,
    updatedAt: job.finishedOn ?? job.processedOn ?? data.createdAt,
    nextAttemptAt: data.nextAttemptAt ?? data.createdAt,
    deliverBy: data.deliverBy,
    deliveredAt: state === 'delivered' ? job.finishedOn : undefined,
    lastError:
      state === 'dead' ? (parseFailure(job.failedReason) ?? data.lastError) : data.lastError,
    requestId: data.requestId,
    history: historyOf(job, state),
    refs: data.refs ?? [],
  };
}

function historyOf(job: DeliveryJob, state: EventState): readonly DeliveryAttempt[] {
  const value = job.returnvalue as Partial<DeliveredValue> | string | null | undefined;
  if (state === 'delivered' && typeof value === 'object' && Array.isArray(value?.history)) {
    return value.history as readonly DeliveryAttempt[];
  }
  return job.data.history ?? [];
}

/** Dead-lettering stores the failure as the job's failedReason, in JSON. */
export function failureReason(failure: StoredFailure): Error {
  return new Error(JSON.stringify(failure));
}

function parseFailure(reason: string | undefined): StoredFailure | undefined {
  if (!reason) {
    return undefined;
  }
  try {
    return JSON.parse(reason) as StoredFailure;
  } catch {
    return { code: 'gateway.internal', message: reason };
  }
}
