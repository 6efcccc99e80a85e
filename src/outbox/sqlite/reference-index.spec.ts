import Database from 'better-sqlite3';
import {
  eventTerms,
  matchQuery,
  REF_MATCH_SQL,
  ReferenceIndex,
  REFERENCE_INDEX_SCHEMA,
} from './reference-index';
import { SCHEMA } from './schema';

describe('reference index terms', () => {
  it('indexes the key by its prefix and each legacy reference in full', () => {
    expect(eventTerms(['c36fd873-c7ed-53b1-855a-6fb3e006533a', 'SO-1234', 'ACME Corp 12'])).toBe(
      'key:c36fd873\nSO-1234\nACME Corp 12',
    );
  });

  it.each([
    ['SO-1234', '("so-1234") OR ("key:so-1234")'],
    ['ACME Corp 12', '("acme corp 12") OR ("key:acme cor")'],
    ['a"b', '("a" AND "b") OR ("key:a" AND "b")'],
    ['c36fd873-c7ed-53b1', '("c36fd873-c7ed-53b1") OR ("key:c36fd873")'],
  ])('asks the index for %s as %s', (ref, query) => {
    expect(matchQuery(ref)).toBe(query);
  });

  it('asks nothing for a reference made only of separators', () => {
    expect(matchQuery('"\'')).toBeUndefined();
  });
});

describe(ReferenceIndex.name, () => {
  let db: Database.Database;
  let now: number;
  let rowid = 0;
  const store = (refs: string[]): number => {
    rowid += 1;
    db.prepare(
      `INSERT INTO events (rowid, id, issuer, idempotency_key, dedupe_key, fingerprint, event_type, payload,
         state, created_at, updated_at, next_attempt_at, deliver_by, refs)
       VALUES (?, ?, 'erp', ?, ?, 'fp', 't', '{}', 'queued', 0, 0, 0, 0, ?)`,
    ).run(rowid, `id-${rowid}`, refs[0], refs[0], JSON.stringify(refs));
    return rowid;
  };
  /** Only through chunks: the tail (above indexedUpTo) is left out on purpose. */
  const inChunks = (ref: string): number[] =>
    (
      db
        .prepare(`SELECT rowid FROM events WHERE ${REF_MATCH_SQL} ORDER BY rowid`)
        .all({ ref, match: matchQuery(ref), indexedUpTo: Number.MAX_SAFE_INTEGER }) as Array<{
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

  it('writes terms once enough events wait or the oldest waited a second, as one chunk', () => {
    const index = new ReferenceIndex(db, () => now);
    const a = store(['k-a', 'SO-1']);
    index.add(a, JSON.stringify(['k-a', 'SO-1']));
    index.flush();
    expect(index.indexedUpTo).toBe(0);
    expect(inChunks('SO-1')).toEqual([]);

    now = 1_000;
    const b = store(['key-b-123456', 'SO-2']);
    index.add(b, JSON.stringify(['key-b-123456', 'SO-2']));
    index.flush();

    expect(index.indexedUpTo).toBe(b);
    expect(inChunks('so-1')).toEqual([a]);
    expect(inChunks('SO-2')).toEqual([b]);
    expect(inChunks('key-b-123456')).toEqual([b]);
    // The key's prefix only names a candidate chunk: the event's refs decide.
    expect(inChunks('key-b-1234')).toEqual([]);
  });

  it('undoes its bookkeeping when the commit that wrote a chunk fails', () => {
    const index = new ReferenceIndex(db, () => now);
    index.add(store(['k', 'SO-1']), JSON.stringify(['k', 'SO-1']));
    now = 5_000;
    const undo = index.flush();
    expect(index.indexedUpTo).toBe(1);

    undo();

    expect(index.indexedUpTo).toBe(0);
    expect(index.mark).toBe(1);
  });

  it('indexes the tail a crash left, when the file is opened again', () => {
    const before = new ReferenceIndex(db, () => now);
    const stored = store(['k', 'SO-9']);
    before.add(stored, JSON.stringify(['k', 'SO-9']));
    before.flush(); // not due: the process dies with the terms in memory

    const reopened = new ReferenceIndex(db, () => now);

    expect(reopened.indexedUpTo).toBe(stored);
    expect(inChunks('SO-9')).toEqual([stored]);
  });
});
