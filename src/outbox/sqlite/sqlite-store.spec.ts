import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from './sqlite-store';
import { type AppendRow, appendRows } from './store-protocol';

function row(n: number): AppendRow {
  return {
    issuer: 'erp',
    idempotencyKey: `key-${n}`,
    dedupeKey: `key-${n}`,
    fingerprint: 'fp',
    eventType: 'custom.acme.order.created',
    payload: '{}',
    now: 1_000,
    deliverBy: 2_000,
    requestId: undefined,
    refs: JSON.stringify([`SO-${n}`]),
    body: undefined,
  };
}

describe(SqliteStore.name, () => {
  let dataDir: string;
  let store: SqliteStore;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
    store = new SqliteStore({ dataDir, synchronous: 'full', maxSizeMb: 0 });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const findRef = (ref: string): unknown[] => {
    const [reply] = store.commit([{ op: 'listEvents', filter: { ref }, page: { limit: 5 } }]);
    if (!reply.ok) {
      throw new Error(reply.error.message);
    }
    return (reply.value as { rows: unknown[] }).rows;
  };

  it('keeps the other operations of a commit when one fails, with or without a savepoint', () => {
    const broken = { ...row(3), issuer: null as unknown as string };
    const replies = store.commit([
      { op: 'appendAll', rows: appendRows([row(1)]) },
      // One statement (no savepoint): refused by NOT NULL, rolled back alone.
      { op: 'appendAll', rows: appendRows([broken]) },
      // Several (a savepoint): its first row, stored before the second failed, is undone too.
      { op: 'appendAll', rows: appendRows([row(2), broken]) },
      { op: 'appendAll', rows: appendRows([row(4)]) },
    ]);

    expect(replies.map((reply) => reply.ok)).toEqual([true, false, false, true]);
    expect(findRef('SO-1')).toHaveLength(1);
    expect(findRef('SO-2')).toEqual([]);
    expect(findRef('SO-4')).toHaveLength(1);
  });

  it('commits events without the reference index, then writes it as a chunk of its own', () => {
    store.commit([
      { op: 'appendAll', rows: appendRows(Array.from({ length: 2_000 }, (_, n) => row(n))) },
    ]);
    // Found row by row in the tail meanwhile, by a legacy reference and by the key.
    expect(findRef('so-1999')).toHaveLength(1);
    expect(store.referencesDue()).toBe('when-idle');

    store.indexReferences();

    expect(store.referencesDue()).toBe('no');
    expect(findRef('SO-1999')).toEqual([expect.objectContaining({ idempotency_key: 'key-1999' })]);
    expect(findRef('key-7')).toEqual([expect.objectContaining({ refs: '["SO-7"]' })]);
    expect(findRef('SO-20000')).toEqual([]);
  });
});
