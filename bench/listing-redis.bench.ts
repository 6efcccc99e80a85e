import { cpus } from 'node:os';
import type { OutboxConfig } from '../src/config/app-config';
import type { AppendRequest, CursorPage, EventFilter } from '../src/outbox/outbox.types';
import { RedisOutbox } from '../src/outbox/redis/redis-outbox';
import { STORED_EVENT } from '../test/support/outbox-fixtures';
import { deleteRedisKeys, redisOutboxConfig, uniquePrefix } from '../test/support/redis';

/**
 * `npm run bench:listing:redis`: GET /admin/events' queries on the Redis driver holding EVENTS
 * events (1,000,000 by default; Redis on 127.0.0.1:6379, under a key prefix of its own that is
 * deleted after), timed through the outbox (no HTTP): the median and the slowest of RUNS runs.
 * Every 100th event comes from a second issuer, every 10th is another type, as in bench:listing.
 */
const EVENTS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 21;
const PER_CALL = 1_000;
const HOUR_MS = 3_600_000;

async function fill(outbox: RedisOutbox, start: number): Promise<void> {
  for (let n = 0; n < EVENTS;) {
    const requests: AppendRequest[] = [];
    for (let i = 0; i < PER_CALL; i++, n++) {
      const key = `bench-${n}`;
      const now = start + n * 1_000;
      requests.push({
        issuer: n % 100 === 0 ? 'https://billing.example.com' : 'https://erp.example.com',
        idempotencyKey: key,
        dedupeKey: key,
        fingerprint: 'fp',
        event: {
          ...STORED_EVENT,
          eventType: n % 10 === 0 ? 'custom.acme.invoice.paid' : 'custom.acme.order.created',
        },
        now,
        // Far in the future: nothing becomes due, and no worker claims them meanwhile.
        deliverBy: now + 24 * HOUR_MS,
        refs: [key, `SO-${n}`],
      });
    }
    await outbox.appendAll(requests);
  }
}

async function time(
  outbox: RedisOutbox,
  filter: EventFilter,
  page: CursorPage,
): Promise<[number, number, number, boolean]> {
  const ms: number[] = [];
  let rows = 0;
  let short = false;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const listing = await outbox.listEvents(filter, page);
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    rows = listing.items.length;
    short = rows < (page.limit ?? 50) && listing.nextCursor !== undefined;
  }
  ms.sort((a, b) => a - b);
  return [ms[Math.floor(RUNS / 2)], ms[RUNS - 1], rows, short];
}

async function main(): Promise<void> {
  const prefix = uniquePrefix('listing-bench');
  const config: OutboxConfig = {
    driver: 'redis',
    dataDir: '/nonexistent',
    synchronous: 'full',
    maxBacklog: 2 * EVENTS,
    maxSizeMb: 0,
    idempotencyRetentionMs: 7 * 24 * HOUR_MS,
    payloadRetentionMs: 7 * 24 * HOUR_MS,
    redactFields: [],
    redis: redisOutboxConfig(prefix),
  };
  const outbox = new RedisOutbox(config);
  await outbox.connect(5_000);
  try {
    const start = Date.now() - EVENTS * 1_000;
    const filled = process.hrtime.bigint();
    await fill(outbox, start);
    const fillSec = Number(process.hrtime.bigint() - filled) / 1e9;
    const mid = start + (EVENTS / 2) * 1_000;
    const queries: Array<[string, EventFilter, CursorPage]> = [
      ['newest page (no filter)', {}, { limit: 50 }],
      ['?ref= a transaction id', { ref: `SO-${Math.floor(EVENTS / 3)}` }, { limit: 50 }],
      ['?ref= an unknown reference', { ref: 'SO-none' }, { limit: 50 }],
      ['?issuer= (1 % of events)', { issuer: 'https://billing.example.com' }, { limit: 50 }],
      ['?event_type= (10 %)', { eventType: 'custom.acme.invoice.paid' }, { limit: 50 }],
      ['?from=&to= (one hour, mid-range)', { from: mid, to: mid + HOUR_MS }, { limit: 50 }],
      ['?state=queued (every event)', { state: 'queued' }, { limit: 50 }],
      ['?state=dead (none)', { state: 'dead' }, { limit: 50 }],
    ];
    const lines = [
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${EVENTS} events (filled in ${fillSec.toFixed(0)} s), ${RUNS} runs per query, Redis driver (no HTTP).`,
      '',
      '| query (page of 50) | median ms | slowest ms | rows | walk bounded (short page, next_cursor) |',
      '|---|---:|---:|---:|---|',
    ];
    for (const [name, filter, page] of queries) {
      const [median, slowest, rows, short] = await time(outbox, filter, page);
      lines.push(
        `| ${name} | ${median.toFixed(2)} | ${slowest.toFixed(2)} | ${rows} | ${short ? 'yes' : 'no'} |`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await outbox.close();
    await deleteRedisKeys(prefix);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
