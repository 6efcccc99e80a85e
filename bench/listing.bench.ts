import { hash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/outbox/sqlite/sqlite-store';
import type { CursorPage, EventFilter } from '../src/outbox/outbox.types';
import {
  type AppendRow,
  appendRows,
  type EventListingRows,
} from '../src/outbox/sqlite/store-protocol';

/**
 * `npm run bench:listing`: GET /admin/events' queries on a SQLite store holding EVENTS events
 * (1,000,000 by default), timed in the store itself (no HTTP): the median and the slowest of
 * RUNS runs each. A thousandth of the events are dead, every 100th comes from a second issuer.
 */
const EVENTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 21;
const PER_COMMIT = 1_000;
const HOUR_MS = 3_600_000;

const PAYLOAD = JSON.stringify({
  eventType: 'custom.acme.order.created',
  eventTime: '2026-11-28T08:15:00Z',
  source: { system: 'erp', version: '1.0' },
  data: { transaction_id: 'SO-000000', amount: 42.5, currency: 'EUR' },
});

function fill(store: SqliteStore, start: number): void {
  for (let n = 0; n < EVENTS;) {
    const requests: AppendRow[] = [];
    for (let i = 0; i < PER_COMMIT; i++, n++) {
      const key = randomUUID();
      requests.push({
        issuer:
          n % 100_000 === 1
            ? 'https://ticketing.example.com'
            : n % 100 === 0
              ? 'https://billing.example.com'
              : 'https://erp.example.com',
        idempotencyKey: key,
        dedupeKey: JSON.stringify(['tx', '2026-11-28T08:15:00Z', `SO-${n}`, 'order.created']),
        fingerprint: hash('sha256', String(n), 'base64url'),
        eventType: n % 10 === 0 ? 'custom.acme.invoice.paid' : 'custom.acme.order.created',
        payload: PAYLOAD,
        // Spread over the last EVENTS seconds: the time filters have a range to cut.
        now: start + n * 1_000,
        deliverBy: start + n * 1_000 + 24 * HOUR_MS,
        requestId: undefined,
        // As SqliteOutbox stores them: the key has a column of its own.
        refs: JSON.stringify([`SO-${n}`]),
        body: undefined,
      });
    }
    store.commit([{ op: 'appendAll', rows: appendRows(requests) }]);
    // As the store thread does between commits (sqlite-worker.ts).
    if (store.referencesDue() !== 'no') {
      store.indexReferences();
    }
  }
  // The oldest thousandth of the events are dead letters.
  const [claimed] = store.commit([{ op: 'claimDue', limit: EVENTS / 1_000, now: Date.now() }]);
  const failure = { code: 'bad.request', error: '{"code":"bad.request","message":"refused"}' };
  store.commit(
    (claimed.ok ? (claimed.value as Array<{ id: string }>) : []).map(({ id }) => ({
      op: 'markDead',
      id,
      now: Date.now(),
      history: null,
      ...failure,
    })),
  );
}

function time(
  store: SqliteStore,
  filter: EventFilter,
  page: CursorPage,
): [number, number, number, boolean] {
  const ms: number[] = [];
  let rows = 0;
  let windowed = false;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const [reply] = store.commit([{ op: 'listEvents', filter, page }]);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (!reply.ok) {
      throw new Error(reply.error.message);
    }
    const listing = reply.value as EventListingRows;
    rows = Math.min(listing.rows.length, 50);
    windowed = listing.windowEnd !== undefined;
  }
  ms.sort((a, b) => a - b);
  return [ms[Math.floor(RUNS / 2)], ms[RUNS - 1], rows, windowed];
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-listing-bench-'));
  const store = new SqliteStore({ dataDir: dir, synchronous: 'normal', maxSizeMb: 0 });
  try {
    const start = Date.now() - EVENTS * 1_000;
    const filled = process.hrtime.bigint();
    fill(store, start);
    const fillSec = Number(process.hrtime.bigint() - filled) / 1e9;
    const mid = start + (EVENTS / 2) * 1_000;
    const queries: Array<[string, EventFilter, CursorPage]> = [
      ['newest page (no filter)', {}, { limit: 50 }],
      ['?ref= a transaction id', { ref: `SO-${Math.floor(EVENTS / 3)}` }, { limit: 50 }],
      ['?ref= an unknown reference', { ref: 'SO-none' }, { limit: 50 }],
      ['?issuer= (1 % of events)', { issuer: 'https://billing.example.com' }, { limit: 50 }],
      ['?issuer= (0.001 %)', { issuer: 'https://ticketing.example.com' }, { limit: 50 }],
      ['?event_type= (10 %)', { eventType: 'custom.acme.invoice.paid' }, { limit: 50 }],
      [
        '?issuer=&event_type=&state= (1 % × 10 % × all)',
        {
          issuer: 'https://billing.example.com',
          eventType: 'custom.acme.invoice.paid',
          state: 'queued',
        },
        { limit: 50 },
      ],
      ['?from=&to= (one hour, mid-file)', { from: mid, to: mid + HOUR_MS }, { limit: 50 }],
      ['?state=queued (every event)', { state: 'queued' }, { limit: 50 }],
      ['?state=dead (0.1 %)', { state: 'dead' }, { limit: 50 }],
      ['?state=delivering (none)', { state: 'delivering' }, { limit: 50 }],
    ];
    const lines = [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${EVENTS} events (filled in ${fillSec.toFixed(0)} s), ${RUNS} runs per query, SQLite store alone.`,
      '',
      '| query (page of 50) | median ms | slowest ms | rows | walk bounded (short page, next_cursor) |',
      '|---|---:|---:|---:|---|',
      ...queries.map(([name, filter, page]) => {
        const [median, slowest, rows, windowed] = time(store, filter, page);
        return `| ${name} | ${median.toFixed(2)} | ${slowest.toFixed(2)} | ${rows} | ${windowed ? 'yes' : 'no'} |`;
      }),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
