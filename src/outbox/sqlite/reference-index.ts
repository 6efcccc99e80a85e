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
 * Terms are written once this many events wait, or once the oldest has waited FLUSH_AFTER_MS: each
 * write is an FTS5 segment, whose cost per commit would otherwise fall on every small commit.
 */
const FLUSH_EVENTS = 2_000;
const FLUSH_AFTER_MS = 1_000;

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

/** The terms of one event: its idempotency key's prefix, then its legacy references in full. */
export function eventTerms(refs: readonly string[]): string {
  const [key, ...references] = refs;
  const terms =
    key === undefined ? references : [`key:${key.slice(0, KEY_PREFIX_LENGTH)}`, ...references];
  return terms.join('\n');
}

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

const HOLDS_REF =
  'EXISTS (SELECT 1 FROM json_each(e.refs) WHERE lower(json_each.value) = lower(@ref))';

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
  private pending: Array<{ rowid: number; terms: string }> = [];
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
    this.insertTerms = db.prepare('INSERT INTO ref_terms (rowid, terms) VALUES (?, ?)');
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
      .prepare('SELECT rowid, refs FROM events WHERE rowid > ? AND refs IS NOT NULL ORDER BY rowid')
      .all(this.indexed) as Array<{ rowid: number; refs: string }>;
    db.transaction(() => {
      tail.forEach(({ rowid, refs }) => this.add(rowid, refs));
      this.flush(true);
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

  add(rowid: number | bigint, refs: string): void {
    if (this.pending.length === 0) {
      this.pendingSince = this.now();
    }
    this.pending.push({ rowid: Number(rowid), terms: eventTerms(JSON.parse(refs) as string[]) });
  }

  /**
   * Inside a commit's transaction, after its operations: writes the waiting terms as one chunk
   * when enough wait (or `force`). Returns a function that undoes the bookkeeping if the commit
   * fails (its rows, and so the chunk, are then not in the file).
   */
  flush(force = false): () => void {
    const pending = this.pending;
    const due =
      pending.length >= FLUSH_EVENTS || this.now() - this.pendingSince >= FLUSH_AFTER_MS || force;
    if (pending.length === 0 || !due) {
      return () => undefined;
    }
    const before = this.indexed;
    const first = pending[0].rowid;
    const last = pending[pending.length - 1].rowid;
    this.insertChunk.run(first, last);
    this.insertTerms.run(first, pending.map((p) => p.terms).join('\n'));
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
