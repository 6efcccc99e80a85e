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
 * What operators search by (GET /admin/events?ref=). An FTS5 index, not a B-tree one: references
 * come in no useful order, and a B-tree would dirty an index page per event (docs/benchmarks.md,
 * "Storage"), where FTS5 writes each commit's terms as one segment. One FTS row per commit (a
 * "chunk": the rowid range of the events that commit created) rather than per event, with no
 * positions (detail=none): a match names candidate chunks, and the events' own refs decide.
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

/** The events of matching chunks whose refs hold `@ref` exactly (ASCII case aside). */
export const REF_MATCH_SQL = `rowid IN (
  SELECT e.rowid FROM ref_chunks c JOIN events e ON e.rowid BETWEEN c.first_rowid AND c.last_rowid
  WHERE c.first_rowid IN (SELECT rowid FROM ref_terms WHERE ref_terms MATCH @match)
    AND EXISTS (SELECT 1 FROM json_each(e.refs) WHERE lower(json_each.value) = lower(@ref)))`;

/** Collects the terms of the events a commit creates, and writes them as one chunk at its end. */
export class ReferenceIndex {
  private pending: Array<{ rowid: number; terms: string }> = [];
  private readonly insertTerms;
  private readonly insertChunk;
  private readonly purgeTerms;
  private readonly purgeChunks;

  constructor(db: Database.Database) {
    this.insertTerms = db.prepare('INSERT INTO ref_terms (rowid, terms) VALUES (?, ?)');
    this.insertChunk = db.prepare('INSERT INTO ref_chunks (first_rowid, last_rowid) VALUES (?, ?)');
    // Chunks wholly below the oldest event left: every event they named is gone.
    const stale = `SELECT first_rowid FROM ref_chunks
      WHERE last_rowid < (SELECT coalesce(min(rowid), 9223372036854775807) FROM events)`;
    this.purgeTerms = db.prepare(`DELETE FROM ref_terms WHERE rowid IN (${stale})`);
    this.purgeChunks = db.prepare(`DELETE FROM ref_chunks WHERE first_rowid IN (${stale})`);
  }

  /** How many are pending: to drop those of an operation that rolled back. */
  get mark(): number {
    return this.pending.length;
  }

  rollBackTo(mark: number): void {
    this.pending.length = mark;
  }

  add(rowid: number | bigint, refs: string): void {
    this.pending.push({ rowid: Number(rowid), terms: eventTerms(JSON.parse(refs) as string[]) });
  }

  /** Inside the commit's transaction, after its operations. */
  flush(): void {
    const pending = this.pending;
    this.pending = [];
    if (pending.length === 0) {
      return;
    }
    const first = pending[0].rowid;
    this.insertChunk.run(first, pending[pending.length - 1].rowid);
    this.insertTerms.run(first, pending.map((p) => p.terms).join('\n'));
  }

  discard(): void {
    this.pending = [];
  }

  purge(): void {
    this.purgeTerms.run();
    this.purgeChunks.run();
  }
}
