import type Database from 'better-sqlite3';
import { bloomMayHold, buildBloom, forEachRefHash, keyTermHash, termHash } from './reference-bloom';

/** The idempotency key is indexed by its first characters: whole keys are searched row by row. */
const KEY_PREFIX_LENGTH = 8;
/**
 * Chunks are written once this many events wait, or once the oldest has waited FLUSH_AFTER_MS, when
 * the store is idle. A store that is never idle writes them anyway past OVERDUE_EVENTS or
 * OVERDUE_MS, so that the tail searches read row by row stays short.
 */
const FLUSH_EVENTS = 2_000;
const FLUSH_AFTER_MS = 1_000;
const OVERDUE_EVENTS = 4 * FLUSH_EVENTS;
const OVERDUE_MS = 5 * FLUSH_AFTER_MS;

/**
 * What operators search by (GET /admin/events?ref=). Not a B-tree index: references come in no
 * useful order, and a B-tree would dirty an index page per event (docs/benchmarks.md, "Storage").
 * One row per *chunk* (the rowid range of a run of events) holding a Bloom filter of their terms
 * (reference-bloom.ts): a search tests each chunk's filter, and the rows of the chunks that may
 * hold the reference decide. The events stored since the last chunk (the tail) are searched by
 * their refs directly, and put into chunks when the file is opened after a crash.
 *
 * An FTS5 table of the chunks' terms did this before. Its writes cost the store thread ~5 µs per
 * event, as much as the rest of a batch commit; hashing the terms costs a tenth of that. Files
 * written with it are re-indexed when opened.
 */
export const REFERENCE_INDEX_SCHEMA = `
DROP TABLE IF EXISTS ref_terms;
DROP TABLE IF EXISTS ref_chunks;
CREATE TABLE IF NOT EXISTS ref_blooms (
  first_rowid INTEGER PRIMARY KEY,
  last_rowid  INTEGER NOT NULL,
  bits        BLOB NOT NULL
);
`;

/** The hashes a search for `ref` tests each chunk's filter with: as a reference, or as a key. */
function searchHashes(ref: string): [number, number] {
  return [termHash(ref), keyTermHash(ref, KEY_PREFIX_LENGTH)];
}

/** What REF_MATCH_SQL needs besides `@ref`. */
export interface RefSearch {
  /** The first rowids of the chunks whose filter may hold the reference, as a JSON array. */
  readonly chunks: string;
  readonly indexedUpTo: number;
}

const HOLDS_REF = `(lower(e.idempotency_key) = lower(@ref) OR
  EXISTS (SELECT 1 FROM json_each(e.refs) WHERE lower(json_each.value) = lower(@ref)))`;

/**
 * The events whose refs hold `@ref` exactly (ASCII case aside): in the chunks whose filter may
 * hold it (`@chunks`), and in the tail not yet in a chunk (above `@indexedUpTo`). See search().
 */
export const REF_MATCH_SQL = `rowid IN (
  SELECT e.rowid FROM ref_blooms c JOIN events e ON e.rowid BETWEEN c.first_rowid AND c.last_rowid
  WHERE c.first_rowid IN (SELECT value FROM json_each(@chunks)) AND ${HOLDS_REF}
  UNION ALL
  SELECT e.rowid FROM events e WHERE e.rowid > @indexedUpTo AND ${HOLDS_REF})`;

/** Where a commit's pending events and hashes stood: what a rolled-back operation returns to. */
export interface ReferenceMark {
  readonly events: number;
  readonly hashes: number;
}

/** Hashes the terms of the events commits create, and writes them a chunk at a time. */
export class ReferenceIndex {
  /** The rowids of the events created since the last chunk, in order. */
  private pending: number[] = [];
  /** Their terms' hashes: a typed array, so that waiting events keep no strings alive. */
  private hashes = new Uint32Array(4 * FLUSH_EVENTS);
  private hashCount = 0;
  private pendingSince = 0;
  /** The last rowid in a chunk: events above it are the tail. */
  private indexed: number;
  /**
   * The filters, first rowid to chunk, read from the file at the first search and kept: testing
   * them in memory takes well under a millisecond at a million events, reading them from the file
   * each time ~4 ms. They hold ~5 bytes per event (two terms of 20 bits). Forgotten at a purge, and read again at the next search.
   */
  private filters: Map<number, { readonly last: number; readonly bits: Buffer }> | undefined;
  private readonly insertChunk;
  private readonly purgeChunks;
  private readonly readFilters;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insertChunk = db.prepare(
      'INSERT INTO ref_blooms (first_rowid, last_rowid, bits) VALUES (?, ?, ?)',
    );
    // Chunks wholly below the oldest event left: every event they named is gone.
    this.purgeChunks = db.prepare(`DELETE FROM ref_blooms
      WHERE last_rowid < (SELECT coalesce(min(rowid), 9223372036854775807) FROM events)`);
    this.readFilters = db.prepare('SELECT first_rowid, last_rowid, bits FROM ref_blooms');
    this.indexed = (
      db.prepare('SELECT coalesce(max(last_rowid), 0) AS n FROM ref_blooms').get() as { n: number }
    ).n;
    // The tail a crash left unindexed (a flush's worth at most), or every event of a file the
    // FTS5 index covered: into chunks now, FLUSH_EVENTS at a time.
    const tail = db.prepare(
      `SELECT rowid, idempotency_key AS key, refs FROM events
       WHERE rowid > ? AND refs IS NOT NULL ORDER BY rowid LIMIT ${FLUSH_EVENTS}`,
    );
    const indexChunk = db.transaction(
      (rows: Array<{ rowid: number; key: string; refs: string }>) => {
        rows.forEach((row) => this.add(row.rowid, row.key, row.refs));
        this.flush();
      },
    );
    for (;;) {
      const rows = tail.all(this.indexed) as Array<{ rowid: number; key: string; refs: string }>;
      if (rows.length === 0) {
        break;
      }
      indexChunk(rows);
    }
  }

  /** Events above this rowid are not in a chunk yet (REF_MATCH_SQL's `@indexedUpTo`). */
  get indexedUpTo(): number {
    return this.indexed;
  }

  /** The chunks that may hold `ref`, and where the tail starts: REF_MATCH_SQL's parameters. */
  search(ref: string): RefSearch {
    if (!this.filters) {
      const rows = this.readFilters.all() as Array<{
        first_rowid: number;
        last_rowid: number;
        bits: Buffer;
      }>;
      this.filters = new Map(
        rows.map((r) => [r.first_rowid, { last: r.last_rowid, bits: r.bits }]),
      );
    }
    const [refHash, keyHash] = searchHashes(ref);
    const chunks: number[] = [];
    for (const [first, { bits }] of this.filters) {
      if (bloomMayHold(bits, refHash) || bloomMayHold(bits, keyHash)) {
        chunks.push(first);
      }
    }
    return { chunks: JSON.stringify(chunks), indexedUpTo: this.indexed };
  }

  /** How far the pending events go: to drop those of an operation that rolled back. */
  get mark(): ReferenceMark {
    return { events: this.pending.length, hashes: this.hashCount };
  }

  rollBackTo(mark: ReferenceMark): void {
    this.pending.length = mark.events;
    this.hashCount = mark.hashes;
  }

  /** An event created in this commit, with its idempotency key and refs (JSON) as stored. */
  add(rowid: number | bigint, idempotencyKey: string, refs: string | null | undefined): void {
    if (this.pending.length === 0) {
      this.pendingSince = this.now();
    }
    this.pending.push(Number(rowid));
    // Its terms: the idempotency key by its prefix, then each legacy reference whole (rows stored
    // before the key had a column of its own list it first among their refs: skipped).
    this.addHash(keyTermHash(idempotencyKey, KEY_PREFIX_LENGTH));
    if (refs) {
      forEachRefHash(refs, idempotencyKey, this.addHash);
    }
  }

  private readonly addHash = (hash: number): void => {
    if (this.hashCount === this.hashes.length) {
      const grown = new Uint32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.hashCount++] = hash;
  };

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
   * Inside a transaction: writes the waiting events as one chunk. Returns a function that undoes
   * the bookkeeping if that transaction fails (the chunk is then not in the file).
   */
  flush(): () => void {
    const pending = this.pending;
    if (pending.length === 0) {
      return () => undefined;
    }
    const hashes = this.hashes.slice(0, this.hashCount);
    const before = this.indexed;
    const first = pending[0];
    const last = pending[pending.length - 1];
    const bits = buildBloom(hashes, hashes.length);
    this.insertChunk.run(first, last, bits);
    this.filters?.set(first, { last, bits });
    this.pending = [];
    this.hashCount = 0;
    this.indexed = last;
    return () => {
      this.filters?.delete(first);
      this.pending = pending;
      this.hashes.set(hashes);
      this.hashCount = hashes.length;
      this.indexed = before;
    };
  }

  purge(): void {
    if (this.purgeChunks.run().changes > 0) {
      this.filters = undefined;
    }
  }
}
