import type { CursorPage, EventFilter } from '../outbox.types';

/** How much later than its acceptance time an id may be (see SqliteStore.nextId): a generous bound. */
const ID_LAG_MS = 60_000;

export interface ListingQuery {
  readonly sql: string;
  readonly params: Record<string, string | number>;
}

/**
 * The SELECT behind GET /admin/events, newest first. Ids are UUIDv7, so the primary key is in
 * acceptance order: the cursor and the time range bound the same index walk, and `ref` goes
 * through the references' full-text index. It asks for one row more than the page, to tell
 * whether another page follows.
 */
export function eventListingQuery(filter: EventFilter, page: CursorPage): ListingQuery {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: page.limit + 1 };
  if (filter.ref !== undefined) {
    const match = phrase(filter.ref);
    params.ref = filter.ref;
    if (match) {
      params.match = match;
      where.push(
        '(id = @ref OR rowid IN (SELECT rowid FROM event_refs WHERE event_refs MATCH @match))',
      );
    } else {
      where.push('id = @ref');
    }
  }
  if (filter.issuer !== undefined) {
    where.push('issuer = @issuer');
    params.issuer = filter.issuer;
  }
  if (filter.state !== undefined) {
    where.push('state = @state');
    params.state = filter.state;
  }
  if (filter.eventType !== undefined) {
    where.push('event_type = @eventType');
    params.eventType = filter.eventType;
  }
  if (filter.from !== undefined) {
    // Ids are made from the acceptance time: the range bounds the index walk.
    where.push('id >= @fromId', 'created_at >= @from');
    params.fromId = uuidV7Floor(filter.from);
    params.from = filter.from;
  }
  if (filter.to !== undefined) {
    where.push('id < @toId', 'created_at < @to');
    params.toId = uuidV7Floor(filter.to + ID_LAG_MS);
    params.to = filter.to;
  }
  if (page.cursor !== undefined) {
    where.push('id < @cursor');
    params.cursor = page.cursor;
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return { sql: `SELECT * FROM events ${clause} ORDER BY id DESC LIMIT @limit`, params };
}

/** The smallest UUIDv7 text of that millisecond: ids compare as text in time order. */
export function uuidV7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}`;
}

/**
 * The reference as one FTS5 phrase (the same tokens, adjacent, in order); undefined when it has no
 * token at all (only separators), which could match nothing.
 */
function phrase(ref: string): string | undefined {
  return /[\p{L}\p{N}\-_.:/@+#]/u.test(ref) ? `"${ref.replaceAll('"', '""')}"` : undefined;
}
