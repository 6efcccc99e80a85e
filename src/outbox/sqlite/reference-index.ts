import type Database from 'better-sqlite3';

/**
 * ASCII punctuation and the space are part of a token: a reference such as `SO-1234`,
 * `ACME Corp/12` or `a.b@c.com` is one token. Control characters and quotes separate tokens.
 */
const TOKEN_CHARS = ' !#$%&()*+,-./:;<=>?@[\\]^_`{|}~';
/** Anything but printable ASCII and non-ASCII, and the quotes: how FTS5's ascii tokenizer splits. */
const SEPARATORS = /(?:[^ -~\u0080-\u{10FFFF}]|['"])+/u;
/** The idempotency key is indexed by its first characters: UUIDs are costly terms in full. */
const KEY_PREFIX_LENGTH = 8;
/**
 * Terms are written once this many events wait, or once the oldest has waited FLUSH_AFTER_MS, when
 * the store is idle: each write is an FTS5 segment, whose cost per commit would otherwise fall on
 * every small commit. A store that is never idle writes them anyway past OVERDUE_EVENTS or
 * OVERDUE_MS, so that the tail searches read row by row stays short.
 */
const FLUSH_EVENTS = 2_000;
const FLUSH_AFTER_MS = 1_000;
const OVERDUE_EVENTS = 4 * FLUSH_EVENTS;
const OVERDUE_MS = 5 * FLUSH_AFTER_MS;

/**
 * What operators search by (GET /admin/events?ref=). An FTS5 index, not a B-tree one: references
 * come in no useful order, and a B-tree would dirty an index page per event (docs/benchmarks.md,
 * "Storage"), where FTS5 writes each commit's terms as one segment. One FTS row per commit (a
 * "chunk": the rowid range of the events that commit created) rather than per event, with no
 * positions (detail=none): a match names candidate chunks, and the events' own refs decide.
 * Chunks are written every FLUSH_EVENTS events or FLUSH_AFTER_MS, inside whatever commit comes
 * then; the events stored since (the tail above the last chunk) are searched by their refs
 * directly, and re-read into a chunk when the file is opened after a crash.
 */
export const REFERENCE_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS ref_chunks (
  first_rowid INTEGER PRIMARY KEY,
  last_rowid  INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS ref_terms USING fts5(
  terms, content = '', contentless_delete = 1, detail = none,
  tokenize = "ascii tokenchars '${TOKEN_CHARS}'"
);
`;

/** FTS5's ascii tokenizer folds A-Z only; so does SQLite's lower(), which checks the candidates. */
function fold(token: string): string {
  return token.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * The terms of the events in a rowid range, one per line: each event's idempotency key by its
 * prefix, then its legacy references in full (rows stored before the store kept the key in its
 * own column only also list it first among their refs: skipped). Built by SQLite from the rows
 * the commit just wrote (they are in its page cache): building them in JavaScript cost the store
 * thread a JSON parse and a string per event, and kept up to FLUSH_EVENTS of them alive until the
 * flush, long enough to reach V8's old generation.
 */
export const CHUNK_TERMS_SQL = `SELECT group_concat(term, char(10)) AS terms FROM (
    SELECT 'key:' || substr(idempotency_key, 1, ${KEY_PREFIX_LENGTH}) AS term FROM events
    WHERE rowid BETWEEN @first AND @last AND refs IS NOT NULL
    UNION ALL
    SELECT r.value FROM events e, json_each(e.refs) r
    WHERE e.rowid BETWEEN @first AND @last AND r.type = 'text' AND r.value <> e.idempotency_key)`;

/** An FTS5 query for the chunks that may hold `ref`; undefined when it has no token at all. */
export function matchQuery(ref: string): string | undefined {
  const candidates = [ref, `key:${ref.slice(0, KEY_PREFIX_LENGTH)}`].map((text) =>
    text
      .split(SEPARATORS)
      .filter(Boolean)
      .map((token) => `"${fold(token)}"`)
      .join(' AND '),
  );
  return candidates[0] ? candidates.map((query) => `(${query})`).join(' OR ') : undefined;
}

const HOLDS_REF = `(lower(e.idempotency_key) = lower(@ref) OR
  EXISTS (SELECT 1 FROM json_each(e.refs) WHERE lower(json_each.value) = lower(@ref)))`;

/**
 * The events whose refs hold `@ref` exactly (ASCII case aside): in the chunks the terms match, and
 * in the tail not yet in a chunk (above `@indexedUpTo`).
 */
export const REF_MATCH_SQL = `rowid IN (
  SELECT e.rowid FROM ref_chunks c JOIN events e ON e.rowid BETWEEN c.first_rowid AND c.last_rowid
  WHERE c.first_rowid IN (SELECT rowid FROM ref_terms WHERE ref_terms MATCH @match) AND ${HOLDS_REF}
  UNION ALL
  SELECT e.rowid FROM events e WHERE e.rowid > @indexedUpTo AND ${HOLDS_REF})`;

/** The tail search alone: for a reference with no term to match. */
export const TAIL_MATCH_SQL = `rowid IN (
  SELECT e.rowid FROM events e WHERE e.rowid > @indexedUpTo AND ${HOLDS_REF})`;

/** Collects the terms of the events commits create, and writes them a chunk at a time. */
export class ReferenceIndex {
  /** The rowids of the events created since the last chunk, in order. */
  private pending: number[] = [];
  private pendingSince = 0;
  /** The last rowid in a chunk: events above it are the tail. */
  private indexed: number;
  private readonly insertTerms;
  private readonly insertChunk;
  private readonly purgeTerms;
  private readonly purgeChunks;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insertTerms = db.prepare(
      `INSERT INTO ref_terms (rowid, terms) SELECT @first, terms FROM (${CHUNK_TERMS_SQL})
       WHERE terms IS NOT NULL`,
    );
    this.insertChunk = db.prepare('INSERT INTO ref_chunks (first_rowid, last_rowid) VALUES (?, ?)');
    // Chunks wholly below the oldest event left: every event they named is gone.
    const stale = `SELECT first_rowid FROM ref_chunks
      WHERE last_rowid < (SELECT coalesce(min(rowid), 9223372036854775807) FROM events)`;
    this.purgeTerms = db.prepare(`DELETE FROM ref_terms WHERE rowid IN (${stale})`);
    this.purgeChunks = db.prepare(`DELETE FROM ref_chunks WHERE first_rowid IN (${stale})`);
    this.indexed = (
      db.prepare('SELECT coalesce(max(last_rowid), 0) AS n FROM ref_chunks').get() as { n: number }
    ).n;
    // The tail a crash left unindexed (a flush's worth at most): into chunks now.
    const tail = db
      .prepare('SELECT rowid FROM events WHERE rowid > ? AND refs IS NOT NULL ORDER BY rowid')
      .pluck()
      .all(this.indexed) as number[];
    db.transaction(() => {
      tail.forEach((rowid) => this.add(rowid));
      this.flush();
    })();
  }

  /** Events above this rowid are not in a chunk yet (REF_MATCH_SQL's `@indexedUpTo`). */
  get indexedUpTo(): number {
    return this.indexed;
  }

  /** How many are pending: to drop those of an operation that rolled back. */
  get mark(): number {
    return this.pending.length;
  }

  rollBackTo(mark: number): void {
    this.pending.length = mark;
  }

  /** An event created in this commit, whose refs are in its row. */
  add(rowid: number | bigint): void {
    if (this.pending.length === 0) {
      this.pendingSince = this.now();
    }
    this.pending.push(Number(rowid));
  }

  /** Whether a chunk is due: once the store is idle, or now (it has waited too long for that). */
  due(): 'no' | 'when-idle' | 'now' {
    const waiting = this.pending.length;
    if (waiting === 0) {
      return 'no';
    }
    const age = this.now() - this.pendingSince;
    if (waiting >= OVERDUE_EVENTS || age >= OVERDUE_MS) {
      return 'now';
    }
    return waiting >= FLUSH_EVENTS || age >= FLUSH_AFTER_MS ? 'when-idle' : 'no';
  }

  /**
   * Inside a transaction: writes the waiting terms as one chunk. Returns a function that undoes the
   * bookkeeping if that transaction fails (the chunk is then not in the file).
   */
  flush(): () => void {
    const pending = this.pending;
    if (pending.length === 0) {
      return () => undefined;
    }
    const before = this.indexed;
    const first = pending[0];
    const last = pending[pending.length - 1];
    this.insertChunk.run(first, last);
    this.insertTerms.run({ first, last });
    this.pending = [];
    this.indexed = last;
    return () => {
      this.pending = pending;
      this.indexed = before;
    };
  }

  purge(): void {
    this.purgeTerms.run();
    this.purgeChunks.run();
  }
}
