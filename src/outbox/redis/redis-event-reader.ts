import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { unknownCursor } from '../store-errors';
import type {
  CursorPage,
  EventFilter,
  EventListing,
  EventState,
  StoredEvent,
} from '../outbox.types';
import { type DeliveryJob, type DeliveryJobData, jobToStoredEvent } from './delivery-job';
import { storeError } from './redis-store-error';

/** Jobs read per step of a walk (the time index here, the failed set in the outbox). */
export const SCAN_CHUNK = 500;

export interface EventIndexKeys {
  /** Every stored event by acceptance time (a sorted set of ids). */
  readonly events: string;
  /** One set of event ids per lower-cased reference, under this prefix. */
  readonly refPrefix: string;
}

/**
 * Reads events for operators (GET /admin/events, /admin/events/{id}) from the queue's jobs, the
 * time index and the reference sets the ledger script writes: the Redis driver's read side.
 */
export class RedisEventReader {
  constructor(
    private readonly client: Redis,
    private readonly queue: Queue<DeliveryJobData>,
    private readonly keys: EventIndexKeys,
  ) {}

  /**
   * With `ref`: the events under that reference (a set per reference), or with that id. Without:
   * a walk down the time index, filtered here, examining at most LISTING_SCAN events per call; a
   * page may then come back short, with a cursor to go on from.
   */
  async listEvents(filter: EventFilter, page: CursorPage): Promise<EventListing> {
    if (filter.ref !== undefined) {
      const ids = new Set(
        await this.client.smembers(this.keys.refPrefix + filter.ref.toLowerCase()),
      );
      ids.add(filter.ref);
      const found = (await this.eventsById([...ids])).filter((event) => matches(event, filter));
      found.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      const start = page.cursor ? found.findIndex((e) => e.id === page.cursor) + 1 : 0;
      const items = found.slice(start, start + page.limit);
      return start + page.limit < found.length
        ? { items, nextCursor: items.at(-1)?.id }
        : { items };
    }
    const items: StoredEvent[] = [];
    let cursor = page.cursor ? parseTimeCursor(page.cursor) : { score: '+inf', skip: 0 };
    const min = filter.from === undefined ? '-inf' : String(filter.from);
    // A page's worth first (an unfiltered page takes one step), then more while filters reject.
    let size = page.limit;
    for (let examined = 0; items.length < page.limit && examined < LISTING_SCAN;) {
      const max =
        filter.to !== undefined && cursor.score === '+inf' ? `(${filter.to}` : cursor.score;
      const chunk = await this.client.zrevrangebyscore(
        this.keys.events,
        max,
        min,
        'WITHSCORES',
        'LIMIT',
        cursor.skip,
        size,
      );
      size = Math.min(SCAN_CHUNK, size * 2);
      if (chunk.length === 0) {
        return { items };
      }
      const ids = chunk.filter((_, i) => i % 2 === 0);
      const events = await this.eventsById(ids, (job) => matchesData(job.data, filter));
      const byId = new Map(events.map((event) => [event.id, event]));
      for (let i = 0; i < ids.length && items.length < page.limit; i += 1) {
        const score = chunk[2 * i + 1];
        cursor = score === cursor.score ? { score, skip: cursor.skip + 1 } : { score, skip: 1 };
        examined += 1;
        const event = byId.get(ids[i]);
        if (event && matches(event, filter)) {
          items.push(event);
        }
      }
    }
    return { items, nextCursor: `${cursor.score}:${cursor.skip}` };
  }

  /** The events of these ids; `keep` drops jobs before their state is asked (a script per job). */
  async eventsById(
    ids: readonly string[],
    keep: (job: DeliveryJob) => boolean = () => true,
  ): Promise<StoredEvent[]> {
    const jobs = (await Promise.all(ids.map((id) => this.queue.getJob(id)))) as Array<
      DeliveryJob | undefined
    >;
    const present = jobs.filter((job): job is DeliveryJob => job !== undefined && keep(job));
    const states = await this.statesOf(present.map((job) => String(job.id)));
    return present.map((job, i) => jobToStoredEvent(job, states[i]));
  }

  /**
   * The events' states in one pipelined round trip. BullMQ's getState finds a waiting job by its
   * position in the wait list, which takes time in proportion to the queue (seconds per page with
   * a million events queued); the completed and failed sets and the claim's lock key tell the same
   * in constant time. A claim whose lock ran out reads as queued: BullMQ hands it back so.
   */
  async statesOf(ids: readonly string[]): Promise<EventState[]> {
    const pipeline = this.client.pipeline();
    for (const id of ids) {
      pipeline
        .zscore(this.queue.keys.completed, id)
        .zscore(this.queue.keys.failed, id)
        .exists(`${this.queue.toKey(id)}:lock`);
    }
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((_, i) => {
      const [completed, failed, locked] = replies.slice(3 * i, 3 * i + 3).map(([error, value]) => {
        if (error) {
          throw storeError(error);
        }
        return value;
      });
      if (completed !== null) {
        return 'delivered';
      }
      if (failed !== null) {
        return 'dead';
      }
      return locked === 1 ? 'delivering' : 'queued';
    });
  }
}

/** Events examined per GET /admin/events page without `ref`, at most. */
const LISTING_SCAN = 5_000;

function matches(event: StoredEvent, filter: EventFilter): boolean {
  return (
    (filter.issuer === undefined || event.issuer === filter.issuer) &&
    (filter.state === undefined || event.state === filter.state) &&
    (filter.eventType === undefined || event.event.eventType === filter.eventType) &&
    (filter.from === undefined || event.createdAt >= filter.from) &&
    (filter.to === undefined || event.createdAt < filter.to)
  );
}

/** The filter's fields that the job's data holds (all but the state). */
function matchesData(data: DeliveryJob['data'], filter: EventFilter): boolean {
  return (
    (filter.issuer === undefined || data.issuer === filter.issuer) &&
    (filter.eventType === undefined || data.event.eventType === filter.eventType)
  );
}

/** `<score>:<skip>`: where the walk stopped, and how many events of that score it has passed. */
function parseTimeCursor(cursor: string): { score: string; skip: number } {
  const match = /^(\d+|\+inf):(\d+)$/.exec(cursor);
  if (!match) {
    throw unknownCursor();
  }
  return { score: match[1], skip: Number(match[2]) };
}
