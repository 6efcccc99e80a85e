import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/outbox/sqlite/sqlite-store';
import { appendRows, type StoreOp } from '../src/outbox/sqlite/store-protocol';
import { legacyBody, naturalKey, storeRow } from './store-rows';

/**
 * `npm run bench:store-cost`: the CPU the SQLite store spends per event, split into the commits
 * that acknowledge events and the reference index written after them (off the acknowledgement
 * path), as the store thread does under batch load: EVENTS events shaped like the batch bench's
 * legacy events (references and received body included), commits of PER_COMMIT,
 * synchronous=full. RUNS runs, each on a fresh file.
 */
const [eventsArg, perCommitArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const EVENTS = Number(eventsArg ?? 200_000);
const PER_COMMIT = Number(perCommitArg ?? 400);
const RUNS = 3;
/** Events per request: the batch bench's batches of 100, so a commit holds several requests. */
const PER_REQUEST = 100;
/**
 * `--bodies=bytes` (default): each request's bodies are spans of its bytes, sent once per request
 * and stored slice by slice, as the gateway does; `text`: one JSON string per event (the bodies
 * after REDACT_FIELDS, and every body before the bytes were kept); `none`: PAYLOAD_RETENTION_HOURS=0.
 */
const BODIES = process.argv.find((arg) => arg.startsWith('--bodies='))?.slice(9) ?? 'bytes';

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
      const ops: StoreOp[] = [];
      for (let r = 0; r < PER_COMMIT / PER_REQUEST; r++, n += PER_REQUEST) {
        ops.push(appendOp(n));
      }
      let started = cpuMicros();
      store.commit(ops);
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

/** The append of one request's PER_REQUEST events, starting at event n, with bodies as BODIES says. */
function appendOp(n: number): StoreOp {
  const ids = Array.from({ length: PER_REQUEST }, (_, i) => n + i);
  if (BODIES !== 'bytes') {
    const none = { body: undefined };
    const requests = ids.map((id) =>
      storeRow(id, naturalKey(id), BODIES === 'none' ? none : { body: legacyBody(id) }),
    );
    return { op: 'appendAll', rows: appendRows(requests) };
  }
  const texts = ids.map(legacyBody);
  const bodies = Buffer.from(`[${texts.join(',')}]`);
  let at = 1;
  const requests = ids.map((id, i) => {
    const bodyStart = at;
    at += Buffer.byteLength(texts[i]) + 1;
    return storeRow(id, naturalKey(id), { body: undefined, bodyStart, bodyEnd: at - 1 });
  });
  return { op: 'appendAll', rows: appendRows(requests), bodies };
}

const runs = Array.from({ length: RUNS }, run);
const range = (values: number[]) =>
  `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
process.stdout.write(
  [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${EVENTS} events in commits of ${PER_COMMIT} (requests of ${PER_REQUEST}), bodies: ${BODIES}; synchronous=full, ${RUNS} runs.`,
    '',
    '| CPU per event | commits | reference index |',
    '|---|---:|---:|',
    `| µs (min–max of ${RUNS} runs) | ${range(runs.map((r) => r[0]))} | ${range(runs.map((r) => r[1]))} |`,
    '',
  ].join('\n'),
);
