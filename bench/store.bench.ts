import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/outbox/sqlite/sqlite-store';
import { type AppendRow, appendRows, type StoreOp } from '../src/outbox/sqlite/store-protocol';
import { naturalKey, storeRow } from './store-rows';

/**
 * `npm run bench:store`: the SQLite store alone (no HTTP, no worker thread), appending events in
 * commits of PER_COMMIT, as the store thread does under batch load. It compares the two shapes a
 * ledger key can have: the natural identity in time order (what the gateway indexes) and a random
 * UUID (what it indexed before). The gap grows with the file: every random key dirties an index
 * page of its own.
 */
const EVENTS = Number(process.argv[2] ?? 1_000_000);
const PER_COMMIT = Number(process.argv[3] ?? 800);
const REPORT_EVERY = EVENTS / 4;

type KeyShape = (n: number) => string;
const shapes: ReadonlyArray<readonly [string, KeyShape]> = [
  ['natural, in time order', naturalKey],
  ['random UUID', () => randomUUID()],
];

/**
 * Events per second over each quarter of the run: shows how the cost grows with the file. Both
 * shapes pay the same for making their test rows (a UUID and a hash each).
 */
function run(shape: KeyShape): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-store-bench-'));
  const store = new SqliteStore({ dataDir: dir, synchronous: 'full', maxSizeMb: 0 });
  const rates: number[] = [];
  try {
    let n = 0;
    let markN = 0;
    let mark = process.hrtime.bigint();
    while (n < EVENTS) {
      const requests: AppendRow[] = [];
      for (let i = 0; i < PER_COMMIT; i++, n++) {
        requests.push(storeRow(n, shape(n)));
      }
      const ops: StoreOp[] = [{ op: 'appendAll', rows: appendRows(requests) }];
      store.commit(ops);
      if (n - markN >= REPORT_EVERY || n >= EVENTS) {
        const now = process.hrtime.bigint();
        rates.push(Math.round((n - markN) / (Number(now - mark) / 1e9)));
        [mark, markN] = [now, n];
      }
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rates;
}

const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${EVENTS} events in commits of ${PER_COMMIT}, synchronous=full.`,
  '',
  '| ledger key | events/s, 1st quarter | 2nd | 3rd | 4th (file largest) |',
  '|---|---:|---:|---:|---:|',
  ...shapes.map(([name, shape]) => `| ${name} | ${run(shape).join(' | ')} |`),
];
process.stdout.write(`${lines.join('\n')}\n`);
