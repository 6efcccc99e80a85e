import type { CursorPage, EventFilter } from '../outbox.types';
import { REF_MATCH_SQL, type RefSearch } from './reference-index';
import { EVENT_COLUMNS } from './schema';

/** How much later than its acceptance time an id may be (see SqliteStore.nextId): a generous bound. */
const ID_LAG_MS = 60_000;

export interface ListingQuery {
  readonly sql: string;
  readonly params: Record<string, string | number>;
  /**
   * Whether the filter may match few events (state, issuer, type): then `windowSql` finds where a walk of
   * `@scan` events ends, and `windowedSql` is `sql` bounded there (`@windowEnd`).
   */
  readonly windowed: boolean;
  readonly windowSql: string;
  readonly windowedSql: string;
}

/**
 * The SELECT behind GET /admin/events, newest first. Ids are UUIDv7 made from the acceptance time,
 * so the primary key is in time order: the cursor and the time range bound one index walk, and
 * `ref` goes through the reference index. It asks for one row more than the page, to tell whether
 * another page follows.
 */
export function eventListingQuery(
  filter: EventFilter,
  page: CursorPage,
  /** From ReferenceIndex.search, when the filter has a `ref`. */
  refSearch: RefSearch | undefined,
): ListingQuery {
  const where: string[] = [];
  const range: string[] = [];
  const params: Record<string, string | number> = { limit: page.limit + 1 };
  if (filter.ref !== undefined) {
    Object.assign(params, refSearch, { ref: filter.ref });
    where.push(`(id = @ref OR ${REF_MATCH_SQL})`);
  }
  if (filter.issuer !== undefined) {
    where.push('issuer = @issuer');
    params.issuer = filter.issuer;
  }
  if (filter.state !== undefined) {
    // `+`: not through events_due, whose order (next attempt) would need a sort of the whole state.
    where.push('+state = @state');
    params.state = filter.state;
  }
  if (filter.eventType !== undefined) {
    where.push('event_type = @eventType');
    params.eventType = filter.eventType;
  }
  if (filter.from !== undefined) {
    // Ids are made from the acceptance time: the range bounds the index walk.
    range.push('id >= @fromId');
    where.push('created_at >= @from');
    params.fromId = uuidV7Floor(filter.from);
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    range.push('id < @toId');
    where.push('created_at < @to');
    params.toId = uuidV7Floor(filter.to + ID_LAG_MS);
    params.to = filter.to;
  }
  if (page.cursor !== undefined) {
    range.push('id < @cursor');
    params.cursor = page.cursor;
  }
  const select = (conditions: string[]) =>
    `SELECT ${EVENT_COLUMNS} FROM events ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
  return {
    sql: select([...where, ...range]),
    params,
    windowed:
      filter.ref === undefined &&
      (filter.state !== undefined || filter.issuer !== undefined || filter.eventType !== undefined),
    windowSql: `SELECT id FROM events ${range.length > 0 ? `WHERE ${range.join(' AND ')}` : ''} ORDER BY id DESC LIMIT 1 OFFSET @scan`,
    windowedSql: select([...where, ...range, 'id >= @windowEnd']),
  };
}

/** The smallest UUIDv7 text of that millisecond: ids compare as text in time order. */
export function uuidV7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}`;
}
