import { hash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/outbox/sqlite/sqlite-store';
import type { AppendRow } from '../src/outbox/sqlite/store-protocol';

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

const PAYLOAD = JSON.stringify({
  eventType: 'custom.acme.order.created',
  eventTime: '2026-11-28T08:15:00Z',
  source: { system: 'erp', version: '1.0' },
  data: { transaction_id: 'batch-1-000000', amount: 42.5, currency: 'EUR' },
});

function row(n: number): AppendRow {
  const now = Date.now();
  return {
    issuer: 'erp',
    idempotencyKey: randomUUID(),
    dedupeKey: JSON.stringify(['tx', '2026-11-28T08:15:00Z', `batch-1-${n}`, 'order.created']),
    fingerprint: hash('sha256', String(n), 'base64url'),
    eventType: 'custom.acme.order.created',
    payload: PAYLOAD,
    now,
    deliverBy: now + 86_400_000,
    requestId: undefined,
    refs: JSON.stringify([`batch-1-${n}`]),
    body: `{"transaction_id":"batch-1-${n}","event_type":"order.created","amount":42.5,"currency":"EUR","timestamp":"2026-11-28T10:15:00+02:00"}`,
  };
}

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
        requests.push(row(n));
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
