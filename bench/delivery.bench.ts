import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import type { SlowAnswers } from '../src/sandbox/sandbox-types';
import { freePort, spawnGateway } from '../test/support/child-gateway';
import { ADMIN_TOKEN, TEST_SANDBOX, testEnv } from '../test/support/gateway';
import { generateTestKeys, mintToken } from '../test/support/keys';

/**
 * `npm run bench:delivery`: a backlog of EVENTS events drained through a sandbox that enforces
 * Genesys' 300 requests per minute, for each target, with the gateway's limit set to the same 300.
 * The eventbridge target sends one event per request and cannot drain 20,000 events in a reasonable
 * time, so it runs for a fixed window and is reported per minute.
 */
const [eventsArg, windowArg, largeArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const EVENTS = Number(eventsArg ?? 20_000);
const EVENTBRIDGE_WINDOW_SEC = Number(windowArg ?? 125);
/** A backlog the budget cannot swallow in one window, to show the budget is used when it binds. */
const LARGE_BACKLOG = Number(largeArg ?? 45_000);
/**
 * `--resend-experiment`: only the late-answer runs, with smaller re-sends (batches of 25) and with
 * a request timeout longer than the late answers, to see what lowers the duplicates.
 */
const RESEND_EXPERIMENT = process.argv.includes('--resend-experiment');
const LATE: SlowAnswers = { rate: 0.05, delayMs: 6_000 };
const BUDGET = 300;
const WINDOW_MS = 60_000;

interface DeliveryResult {
  readonly target: string;
  readonly backlog: number;
  readonly delivered: number;
  readonly elapsedSec: number;
  readonly drained: boolean;
  readonly eventsPerMin: number;
  readonly requests: number;
  readonly busiestWindowRequests: number;
  readonly rejected429: number;
  /** Entities Genesys (the sandbox) received a second time. */
  readonly duplicates: number;
  /** What gateway_genesys_ambiguous_resends_total said: re-sends that could have duplicated. */
  readonly countedResends: number;
  /** Event posts the sandbox answered late. */
  readonly lateAnswers: number;
}

/** The gateway's own count of re-sends after ambiguous failures, from /metrics. */
async function countedResends(gatewayUrl: string): Promise<number> {
  const text = await (
    await fetch(`${gatewayUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).text();
  return [...text.matchAll(/^gateway_genesys_ambiguous_resends_total\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
}

async function run(
  target: 'eventbridge' | 'external-events',
  events = EVENTS,
  slowAnswers?: SlowAnswers,
  overrides: Record<string, string> = {},
): Promise<DeliveryResult> {
  const keys = generateTestKeys();
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-delivery-bench-'));
  const sandbox = await GenesysSandbox.start({
    ...TEST_SANDBOX,
    rateLimit: { limit: BUDGET, windowMs: WINDOW_MS },
    slowAnswers,
  });
  const port = await freePort();
  const env = testEnv(sandbox, keys, dataDir, {
    LOG_LEVEL: 'error',
    GENESYS_TARGET: target,
    GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'sandbox-configuration',
    GENESYS_EXTERNAL_SOURCE_ID: 'bench',
    GENESYS_RATE_LIMIT_PER_MINUTE: String(BUDGET),
    DELIVERY_POLL_MS: '100',
    ...overrides,
  });
  const gateway = await spawnGateway(env, port);
  // Distinct events: a duplicate entity (same id twice) is counted apart.
  const delivered = (): number =>
    sandbox.events.length + new Set(sandbox.externalEvents.entities.map((e) => e.id)).size;
  try {
    let counter = 0;
    const started = Date.now();
    await autocannon({
      url: `http://127.0.0.1:${port}/ingest`,
      method: 'POST',
      connections: 50,
      amount: events,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${mintToken(keys, { expiresIn: 3600 })}`,
      },
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({
              transaction_id: `drain-${counter++}`,
              event_type: 'order.created',
              amount: 10,
              currency: 'EUR',
              timestamp: '2026-11-28T10:15:00Z',
            }),
          }),
        },
      ],
    });
    const deadline = started + (target === 'eventbridge' ? EVENTBRIDGE_WINDOW_SEC * 1000 : 600_000);
    while (delivered() < events && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const elapsedSec = (Date.now() - started) / 1000;
    const posts = sandbox.attempts.filter((a) => a.method === 'POST').map((a) => a.at);
    return {
      target,
      backlog: events,
      delivered: delivered(),
      elapsedSec,
      drained: delivered() >= events,
      eventsPerMin: Math.round((delivered() / elapsedSec) * 60),
      requests: posts.length,
      busiestWindowRequests: busiestWindow(sandbox.attempts.map((a) => a.at)),
      rejected429: sandbox.rateLimit?.rejected ?? 0,
      duplicates: sandbox.externalEvents.duplicates.length,
      countedResends: await countedResends(`http://127.0.0.1:${port}`),
      lateAnswers: sandbox.lateAnswers,
    };
  } finally {
    gateway.process.kill('SIGKILL');
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Most API calls the sandbox saw in any 60 s window. */
function busiestWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= WINDOW_MS) {
      start += 1;
    }
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Duplicates per 10,000 events under 5 % late answers, by batch size and request timeout. */
async function resendExperiment(): Promise<void> {
  const rows: Array<[string, DeliveryResult]> = [];
  for (const [name, env] of [
    ['batches of 100, 5 s request timeout (defaults)', {}],
    ['batches of 25, 5 s request timeout', { GENESYS_BATCH_MAX_EVENTS: '25' }],
    ['batches of 100, 8 s request timeout', { GENESYS_REQUEST_TIMEOUT_MS: '8000' }],
  ] as const) {
    rows.push([name, await run('external-events', 10_000, LATE, env)]);
  }
  const lines = [
    'external-events, 10,000 events, 5 % of event posts answered after 6 s (taken all the same).',
    '',
    '| configuration | requests | late answers (≈ 5 %) | duplicates at Genesys | counted re-sends |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      ([name, r]) =>
        `| ${name} | ${r.requests} | ${r.lateAnswers} | ${r.duplicates} | ${r.countedResends} |`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  if (RESEND_EXPERIMENT) {
    return resendExperiment();
  }
  const results = [
    await run('eventbridge'),
    await run('external-events'),
    await run('external-events', LARGE_BACKLOG),
    // 5 % of event posts answered after 6 s, beyond the 5 s request timeout, taken all the same.
    await run('external-events', 10_000, LATE),
  ];
  const [bridge, external] = results;
  const lines = [
    `Sandbox and gateway both limited to ${BUDGET} requests per 60 s.`,
    '',
    '| target | backlog | delivered | elapsed s | drained | events/min | requests | busiest 60 s window (budget 300) | 429s | duplicates at Genesys | counted re-sends |',
    '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r, i) =>
        `| ${r.target}${i === 3 ? ', 5 % of posts answered after the timeout' : ''} | ${r.backlog} | ${r.delivered} | ${r.elapsedSec.toFixed(1)} | ${r.drained ? 'yes' : 'no'} | ${r.eventsPerMin} | ${r.requests} | ${r.busiestWindowRequests} (${Math.round((100 * r.busiestWindowRequests) / BUDGET)} %) | ${r.rejected429} | ${r.duplicates} | ${r.countedResends} |`,
    ),
    '',
    `external-events / eventbridge events per minute: ${(external.eventsPerMin / bridge.eventsPerMin).toFixed(0)}×`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
