import Database from 'better-sqlite3';
import { REF_MATCH_SQL, ReferenceIndex, REFERENCE_INDEX_SCHEMA } from './reference-index';
import { SCHEMA } from './schema';

describe(ReferenceIndex.name, () => {
  let db: Database.Database;
  let now: number;
  let rowid = 0;
  /** The event's row: its idempotency key, and its legacy references (stored without the key). */
  interface Stored {
    readonly rowid: number;
    readonly key: string;
    readonly refs: string | null;
  }
  const insert = (key: string, refs: string | null): Stored => {
    rowid += 1;
    db.prepare(
      `INSERT INTO events (rowid, id, issuer, idempotency_key, dedupe_key, fingerprint, event_type, payload,
         state, created_at, updated_at, next_attempt_at, deliver_by, refs)
       VALUES (?, ?, 'erp', ?, ?, 'fp', 't', '{}', 'queued', 0, 0, 0, 0, ?)`,
    ).run(rowid, `id-${rowid}`, key, key, refs);
    return { rowid, key, refs };
  };
  /** refs: the idempotency key first, then the legacy references. */
  const store = (refs: string[]): Stored => insert(refs[0], JSON.stringify(refs.slice(1)));
  const add = (index: ReferenceIndex, stored: Stored): number => {
    index.add(stored.rowid, stored.key, stored.refs);
    return stored.rowid;
  };
  /** Only through chunks: the tail (above indexedUpTo) is left out on purpose. */
  let index: ReferenceIndex;
  const inChunks = (ref: string): number[] =>
    (
      db.prepare(`SELECT rowid FROM events WHERE ${REF_MATCH_SQL} ORDER BY rowid`).all({
        ref,
        chunks: index.search(ref).chunks,
        indexedUpTo: Number.MAX_SAFE_INTEGER,
      }) as Array<{
        rowid: number;
      }>
    ).map((r) => r.rowid);

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec(SCHEMA);
    db.exec(REFERENCE_INDEX_SCHEMA);
    now = 0;
    rowid = 0;
  });
  afterEach(() => db.close());

  it('is due when idle once the oldest waited a second, and now once it waited five', () => {
    index = new ReferenceIndex(db, () => now);
    expect(index.due()).toBe('no');
    add(index, store(['k-a', 'SO-1']));
    expect(index.due()).toBe('no');
    now = 1_000;
    expect(index.due()).toBe('when-idle');
    now = 5_000;
    expect(index.due()).toBe('now');
  });

  it('is due when idle at 2,000 waiting events, and now at 8,000', () => {
    index = new ReferenceIndex(db, () => now);
    for (let i = 1; i <= 8_000; i++) {
      index.add(i, `k-${i}`, null);
      if (i === 1_999 || i === 2_000 || i === 7_999) {
        expect([i, index.due()]).toEqual([i, i === 1_999 ? 'no' : 'when-idle']);
      }
    }
    expect(index.due()).toBe('now');
  });

  it('writes the waiting events as one chunk', () => {
    index = new ReferenceIndex(db, () => now);
    const a = add(index, store(['k-a', 'SO-1']));
    expect(inChunks('SO-1')).toEqual([]);
    const b = add(index, store(['key-b-123456', 'SO-2']));
    index.flush();

    expect(index.indexedUpTo).toBe(b);
    expect(inChunks('so-1')).toEqual([a]);
    expect(inChunks('SO-2')).toEqual([b]);
    expect(inChunks('key-b-123456')).toEqual([b]);
    // The key's prefix only names a candidate chunk: the event's refs decide.
    expect(inChunks('key-b-1234')).toEqual([]);
  });

  it('undoes its bookkeeping when the commit that wrote a chunk fails', () => {
    index = new ReferenceIndex(db, () => now);
    add(index, store(['k', 'SO-1']));
    now = 5_000;
    let undo = (): void => undefined;
    expect(() =>
      db.transaction(() => {
        undo = index.flush();
        expect(index.indexedUpTo).toBe(1);
        throw new Error('the disk is full');
      })(),
    ).toThrow('the disk is full');

    undo();

    expect(index.indexedUpTo).toBe(0);
    expect(index.mark).toEqual({ events: 1, hashes: 2 });
    // The next try writes the chunk whole.
    index.flush();
    expect(inChunks('SO-1')).toEqual([1]);
  });

  it('indexes the tail a crash left, when the file is opened again', () => {
    const before = new ReferenceIndex(db, () => now);
    const stored = add(before, store(['k', 'SO-9'])); // the process dies before the chunk is written

    const reopened = new ReferenceIndex(db, () => now);
    index = reopened;

    expect(reopened.indexedUpTo).toBe(stored);
    expect(inChunks('SO-9')).toEqual([stored]);
  });

  it('finds each reference whole, whatever it holds, ASCII case aside; the key by prefix and rows', () => {
    index = new ReferenceIndex(db, () => now);
    const key = 'c36fd873-c7ed-53b1-855a-6fb3e006533a';
    const a = add(index, store([key, 'SO-1234', 'ACME "Corp"\t12']));
    add(index, insert('no-refs', null));
    // A row from before the key had only its own column: it is first among the refs.
    const c = add(index, insert('k2', JSON.stringify(['k2', 'Søren'])));
    index.flush();

    expect(inChunks('so-1234')).toEqual([a]);
    expect(inChunks('ACME "CORP"\t12')).toEqual([a]);
    expect(inChunks('ACME')).toEqual([]);
    expect(inChunks(key.toUpperCase())).toEqual([a]);
    expect(inChunks('k2')).toEqual([c]);
    expect(inChunks('Søren')).toEqual([c]);
    expect(inChunks('"\'')).toEqual([]);
  });

  it('puts a long tail into chunks of 2,000 when the file is opened', () => {
    for (let i = 0; i < 4_500; i++) {
      store([`k-${i}`, `SO-${i}`]);
    }

    index = new ReferenceIndex(db, () => now);

    const chunks = db.prepare('SELECT first_rowid, last_rowid FROM ref_blooms').all();
    expect(chunks).toEqual([
      { first_rowid: 1, last_rowid: 2_000 },
      { first_rowid: 2_001, last_rowid: 4_000 },
      { first_rowid: 4_001, last_rowid: 4_500 },
    ]);
    expect(index.indexedUpTo).toBe(4_500);
    expect(inChunks('SO-4321')).toEqual([4_322]);
  });

  it('re-indexes a file written with the FTS5 index, and drops it', () => {
    db.exec(`DROP TABLE ref_blooms;
      CREATE TABLE ref_chunks (first_rowid INTEGER PRIMARY KEY, last_rowid INTEGER NOT NULL);
      CREATE VIRTUAL TABLE ref_terms USING fts5(terms, content = '', contentless_delete = 1, detail = none);
      INSERT INTO ref_chunks VALUES (1, 1);`);
    const old = store(['k-old', 'SO-OLD']).rowid;

    db.exec(REFERENCE_INDEX_SCHEMA);
    index = new ReferenceIndex(db, () => now);

    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ref_%'")
      .pluck()
      .all();
    expect(tables).toEqual(['ref_blooms']);
    expect(index.indexedUpTo).toBe(old);
    expect(inChunks('so-old')).toEqual([old]);
  });

  it('forgets the chunks a purge removed, and keeps finding the others', () => {
    index = new ReferenceIndex(db, () => now);
    const old = add(index, store(['k-old', 'SO-OLD']));
    index.flush();
    const kept = add(index, store(['k-kept', 'SO-KEPT']));
    index.flush();
    expect(inChunks('SO-OLD')).toEqual([old]); // the filters are in memory now

    db.prepare('DELETE FROM events WHERE rowid = ?').run(old);
    index.purge();

    expect(index.search('SO-OLD').chunks).toBe('[]');
    expect(inChunks('SO-KEPT')).toEqual([kept]);
  });
});
