import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { freePort, spawnGateway } from '../test/support/child-gateway';
import { TEST_SANDBOX, testEnv } from '../test/support/gateway';
import { generateTestKeys, mintToken } from '../test/support/keys';
import { contractsLoad, erpOrderJson } from './contracts-load';
import { inAlternateOrder, pairSummary, type PairChange } from './pairs';
import { runLoad, startChild, waitForOutput, type LoadResult } from './support';

/**
 * `npm run bench:batch`: events per second accepted durably through POST /ingest/batch in batches
 * of BATCH, next to the bare node:http ceiling for the same bodies (requests/s × BATCH).
 */
const [batchArg, connectionsArg, durationArg] = process.argv
  .slice(2)
  .filter((arg) => !arg.startsWith('--'));
const BATCH = Number(batchArg ?? 100);
const CONNECTIONS = Number(connectionsArg ?? 16);
const DURATION_SEC = Number(durationArg ?? 15);
/**
 * `--baseline=path/to/dist/main.js`: each gateway row runs on that build first, then on this one,
 * in the same run (what a change costs, on a noisy machine).
 */
const BASELINE = process.argv.find((arg) => arg.startsWith('--baseline='))?.slice(11);
/**
 * `--pairs=N`: with --baseline, N pairs per row, back to back (noise shows). Odd pairs run this
 * build first: the second run of a pair has an edge or a handicap of its own (docs/benchmarks.md),
 * which alternating cancels out of the median.
 */
const PAIRS = Number(process.argv.find((arg) => arg.startsWith('--pairs='))?.slice(8) ?? 1);
/** `--env=K=V,K2=V2`: extra environment for every gateway run (both builds), e.g. PAYLOAD_RETENTION_HOURS=0. */
const EXTRA_ENV: Record<string, string> = Object.fromEntries(
  (process.argv.find((arg) => arg.startsWith('--env='))?.slice(6) ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
/** `--cpu-prof-dir=DIR`: each gateway writes V8 CPU profiles (every thread) there. */
const PROFILE_DIR = process.argv.find((arg) => arg.startsWith('--cpu-prof-dir='))?.slice(15);
/** `--node-args=A,B`: Node flags for this build's runs only (e.g. a GC setting, against the baseline without it). */
const NODE_ARGS = (process.argv.find((arg) => arg.startsWith('--node-args='))?.slice(12) ?? '')
  .split(',')
  .filter(Boolean);
/** `--only=a,b`: only the gateway rows whose names contain one of those words. */
const ONLY = (process.argv.find((arg) => arg.startsWith('--only='))?.slice(7) ?? '')
  .split(',')
  .filter(Boolean);

let counter = 0;
/**
 * Bodies are built from templates, not with JSON.stringify: the load generator shares the two
 * cores with the gateway, and the cheaper it is, the more of them the gateway gets. Every event is
 * new (a counter in its id); all share one timestamp, so the ledger orders them by id alone.
 */
function legacyBatch(): string {
  const items = new Array<string>(BATCH);
  for (let i = 0; i < BATCH; i++) {
    items[i] =
      `{"transaction_id":"batch-${process.pid}-${counter++}","event_type":"order.created",` +
      `"amount":42.5,"currency":"EUR","timestamp":"2026-11-28T10:15:00+02:00"}`;
  }
  return `[${items.join(',')}]`;
}
function cloudEventsBatch(): string {
  const items = new Array<string>(BATCH);
  for (let i = 0; i < BATCH; i++) {
    const n = counter++;
    items[i] =
      `{"specversion":"1.0","id":"ce-${process.pid}-${n}","source":"/bench/erp",` +
      `"type":"com.acme.erp.order.created","time":"2026-11-28T10:15:00+02:00",` +
      `"data":{"transaction_id":"ORD-${n}","amount":42.5,"currency":"EUR"}}`;
  }
  return `[${items.join(',')}]`;
}

async function main(): Promise<void> {
  const barePort = await freePort();
  const bare = startChild([join(__dirname, 'bare-server.js'), String(barePort)], {});
  await waitForOutput(bare, /ready/);
  const bareLoad = {
    url: `http://127.0.0.1:${barePort}/`,
    connections: CONNECTIONS,
    headers: {},
    body: legacyBatch,
  };
  await runLoad('warm-up', bare.pid!, { ...bareLoad, durationSec: 2 });
  const ceiling = await runLoad('bare node:http (202)', bare.pid!, {
    ...bareLoad,
    durationSec: DURATION_SEC,
  });
  bare.kill();

  const runs: Array<[string, () => Promise<LoadResult>]> = [
    [
      'gateway, legacy JSON batches',
      () => gatewayRun('gateway, legacy JSON batches', 'application/json', legacyBatch),
    ],
    [
      'gateway, CloudEvents batches',
      () =>
        gatewayRun(
          'gateway, CloudEvents batches',
          'application/cloudevents-batch+json',
          cloudEventsBatch,
        ),
    ],
    // The contracts' baseline: external-events delivers up to 100 events per call, so at the same
    // 300 calls/min it moves 100x the events of the eventbridge rows above, beside ingest.
    [
      'gateway, legacy JSON batches, external-events',
      () =>
        gatewayRun(
          'gateway, legacy JSON batches, external-events',
          'application/json',
          legacyBatch,
          {
            env: {
              GENESYS_TARGET: 'external-events',
              GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'sandbox-configuration',
              GENESYS_EXTERNAL_SOURCE_ID: 'bench',
            },
          },
        ),
    ],
    [
      'gateway, contracts file (tutorial payload as a contract) batches',
      () =>
        contractsRun(
          'gateway, contracts file (tutorial payload as a contract) batches',
          'tutorial',
          legacyBatch,
        ),
    ],
    [
      'gateway, contracts file (ERP order contract) batches',
      () =>
        contractsRun(
          'gateway, contracts file (ERP order contract) batches',
          'examples',
          erpOrderBatch,
        ),
    ],
  ];
  const rows = [ceiling];
  const changes: PairChange[] = [];
  for (const [name, run] of runs) {
    if (ONLY.length === 0 || ONLY.some((word) => name.includes(word))) {
      for (let pair = 0; pair < (BASELINE ? PAIRS : 1); pair++) {
        if (!BASELINE) {
          rows.push(await run());
          continue;
        }
        const [baseline, current] = await inAlternateOrder(pair, BASELINE, run, (b) => {
          build = b;
        });
        rows.push({ ...baseline, name: `${baseline.name} (baseline build)` }, current);
        changes.push({ name, baseline: baseline.okPerSec, current: current.okPerSec });
      }
    }
  }
  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; batches of ${BATCH}, ${CONNECTIONS} connections, ${DURATION_SEC} s per run; SQLite synchronous=full, delivery 300/min.`,
    '',
    '| target | batches/s | events/s | vs bare | p50 ms | p99 ms | peak RSS MB | machine CPU busy | CPU µs per event | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.okPerSec} | ${r.okPerSec * BATCH} | ${((100 * r.okPerSec) / ceiling.okPerSec).toFixed(1)} % | ${r.p50} | ${r.p99} | ${r.peakRssMb} | ${r.machineCpuPct} % | ${(r.cpuUsPerOk / BATCH).toFixed(1)} | ${r.non2xx} | ${r.errors} |`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (changes.length > 0) {
    process.stdout.write(`\n${pairSummary(changes)}\n`);
  }
}

function erpOrderBatch(): string {
  const items = new Array<string>(BATCH);
  for (let i = 0; i < BATCH; i++) {
    items[i] = erpOrderJson();
  }
  return `[${items.join(',')}]`;
}

/** The same run with CONTRACTS_FILE (external-events target). */
async function contractsRun(
  name: string,
  file: 'examples' | 'tutorial',
  body: () => string,
): Promise<LoadResult> {
  const load = contractsLoad(file);
  try {
    return await gatewayRun(name, 'application/json', body, load);
  } finally {
    load.fixture.remove();
  }
}

/** The build gatewayRun starts: undefined for this checkout's dist. */
let build: string | undefined;

async function gatewayRun(
  name: string,
  contentType: string,
  body: () => string,
  variant?: { readonly env: Record<string, string>; readonly token?: string },
): Promise<LoadResult> {
  const keys = generateTestKeys();
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-batch-bench-'));
  // The gateway's own limiter paces delivery; the sandbox serves the eventbridge rows' path.
  const sandbox = await GenesysSandbox.start(TEST_SANDBOX);
  const env = testEnv(sandbox, keys, dataDir, {
    LOG_LEVEL: 'warn',
    DELIVERY_POLL_MS: '250',
    GENESYS_RATE_LIMIT_PER_MINUTE: '300',
    ...EXTRA_ENV,
    ...variant?.env,
  });
  const nodeArgs = [
    ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []),
    ...(build === undefined ? NODE_ARGS : []),
  ];
  const child = await spawnGateway(env, await freePort(), nodeArgs, build);
  try {
    const load = {
      url: `${child.url}/ingest/batch`,
      connections: CONNECTIONS,
      headers: {
        authorization: `Bearer ${variant?.token ?? mintToken(keys, { expiresIn: 3600 })}`,
        'content-type': contentType,
      },
      body,
    };
    await runLoad('warm-up', child.process.pid!, { ...load, durationSec: 2 });
    return await runLoad(name, child.process.pid!, { ...load, durationSec: DURATION_SEC });
  } finally {
    child.process.kill('SIGTERM');
    await new Promise((resolve) => child.process.once('exit', resolve));
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
