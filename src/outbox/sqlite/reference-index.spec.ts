import Database from 'better-sqlite3';
import {
  CHUNK_TERMS_SQL,
  matchQuery,
  REF_MATCH_SQL,
  ReferenceIndex,
  REFERENCE_INDEX_SCHEMA,
} from './reference-index';
import { SCHEMA } from './schema';

describe('reference index terms', () => {
  it('indexes the key by its prefix and each legacy reference in full, decoded from JSON', () => {
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    const insert = db.prepare(
      `INSERT INTO events (rowid, id, issuer, idempotency_key, dedupe_key, fingerprint, event_type,
         payload, state, created_at, updated_at, next_attempt_at, deliver_by, refs)
       VALUES (?, ?, 'erp', ?, ?, 'fp', 't', '{}', 'queued', 0, 0, 0, 0, ?)`,
    );
    const key = 'c36fd873-c7ed-53b1-855a-6fb3e006533a';
    insert.run(1, 'a', key, 'a', JSON.stringify(['SO-1234', 'ACME "Corp"\t12']));
    insert.run(2, 'b', 'no-refs', 'b', null);
    // A row from before the key had only its own column: it is first among the refs, once.
    insert.run(3, 'c', 'k2', 'c', JSON.stringify(['k2', 'Søren']));
    insert.run(4, 'd', 'k3', 'd', JSON.stringify(['outside the range']));

    const { terms } = db.prepare(CHUNK_TERMS_SQL).get({ first: 1, last: 3 }) as { terms: string };
    db.close();

    expect(terms.split('\n').sort()).toEqual(
      ['key:c36fd873', 'SO-1234', 'ACME "Corp"\t12', 'key:k2', 'Søren'].sort(),
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
  /** refs: the idempotency key first, then the legacy references (stored without the key). */
  const store = (refs: string[]): number => {
    rowid += 1;
    db.prepare(
      `INSERT INTO events (rowid, id, issuer, idempotency_key, dedupe_key, fingerprint, event_type, payload,
         state, created_at, updated_at, next_attempt_at, deliver_by, refs)
       VALUES (?, ?, 'erp', ?, ?, 'fp', 't', '{}', 'queued', 0, 0, 0, 0, ?)`,
    ).run(rowid, `id-${rowid}`, refs[0], refs[0], JSON.stringify(refs.slice(1)));
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

  it('is due when idle once the oldest waited a second, and now once it waited five', () => {
    const index = new ReferenceIndex(db, () => now);
    expect(index.due()).toBe('no');
    index.add(store(['k-a', 'SO-1']));
    expect(index.due()).toBe('no');
    now = 1_000;
    expect(index.due()).toBe('when-idle');
    now = 5_000;
    expect(index.due()).toBe('now');
  });

  it('is due when idle at 2,000 waiting events, and now at 8,000', () => {
    const index = new ReferenceIndex(db, () => now);
    for (let i = 1; i <= 8_000; i++) {
      index.add(i);
      if (i === 1_999 || i === 2_000 || i === 7_999) {
        expect([i, index.due()]).toEqual([i, i === 1_999 ? 'no' : 'when-idle']);
      }
    }
    expect(index.due()).toBe('now');
  });

  it('writes the waiting events as one chunk', () => {
    const index = new ReferenceIndex(db, () => now);
    const a = store(['k-a', 'SO-1']);
    index.add(a);
    expect(inChunks('SO-1')).toEqual([]);
    const b = store(['key-b-123456', 'SO-2']);
    index.add(b);
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
    index.add(store(['k', 'SO-1']));
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
    before.add(stored); // the process dies before the chunk is written

    const reopened = new ReferenceIndex(db, () => now);

    expect(reopened.indexedUpTo).toBe(stored);
    expect(inChunks('SO-9')).toEqual([stored]);
  });
});
