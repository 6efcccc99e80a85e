import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/outbox/sqlite/sqlite-store';
import type { AppendRow } from '../src/outbox/sqlite/store-protocol';
import { naturalKey, storeRow } from './store-rows';

/**
 * `npm run bench:store-cost`: the CPU the SQLite store spends per event, split into the commits
 * that acknowledge events and the reference index written after them (off the acknowledgement
 * path), as the store thread does under batch load: EVENTS events shaped like the batch bench's
 * legacy events (references and received body included), commits of PER_COMMIT,
 * synchronous=full. RUNS runs, each on a fresh file.
 */
const EVENTS = Number(process.argv[2] ?? 200_000);
const PER_COMMIT = Number(process.argv[3] ?? 400);
const RUNS = 3;

const cpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/** µs of CPU per event: [commits, reference index]. */
function run(): [number, number] {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-store-cost-'));
  const store = new SqliteStore({ dataDir: dir, synchronous: 'full', maxSizeMb: 0 });
  let commits = 0;
  let index = 0;
  try {
    for (let n = 0; n < EVENTS;) {
      const requests: AppendRow[] = [];
      for (let i = 0; i < PER_COMMIT; i++, n++) {
        requests.push(storeRow(n, naturalKey(n)));
      }
      let started = cpuMicros();
      store.commit([{ op: 'appendAll', requests }]);
      commits += cpuMicros() - started;
      // As the store thread does between commits (sqlite-worker.ts).
      started = cpuMicros();
      if (store.referencesDue() !== 'no') {
        store.indexReferences();
      }
      index += cpuMicros() - started;
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return [commits / EVENTS, index / EVENTS];
}

const runs = Array.from({ length: RUNS }, run);
const range = (values: number[]) =>
  `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
process.stdout.write(
  [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${EVENTS} events in commits of ${PER_COMMIT}, synchronous=full, ${RUNS} runs.`,
    '',
    '| CPU per event | commits | reference index |',
    '|---|---:|---:|',
    `| µs (min–max of ${RUNS} runs) | ${range(runs.map((r) => r[0]))} | ${range(runs.map((r) => r[1]))} |`,
    '',
  ].join('\n'),
);
