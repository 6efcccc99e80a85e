import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { generateTestKeys, mintToken } from '../test/support/keys';
import { TEST_SANDBOX, testEnv } from '../test/support/gateway';
import { type ChildGateway, freePort, spawnGateway } from '../test/support/child-gateway';
import { deleteRedisKeys, TEST_REDIS_URL, uniquePrefix } from '../test/support/redis';
import { contractsLoad, erpOrderJson } from './contracts-load';
import { inAlternateOrder, pairSummary, type PairChange } from './pairs';
import { runLoad, startChild, table, waitForOutput, type LoadResult } from './support';

/**
 * `npm run bench`: in one run, the bare node:http ceiling and the gateway accepting single events
 * (valid ES256 tokens, durable SQLite or Redis outbox, delivery to the sandbox on), same load settings;
 * the Redis rows run one and two replicas (connections split between them).
 */
const [connectionsArg, durationArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const CONNECTIONS = Number(connectionsArg ?? 50);
const DURATION_SEC = Number(durationArg ?? 15);
/**
 * `--baseline=path/to/dist/main.js`: instead of the usual rows, a few rows twice, on that build
 * then on this one, in the same run (what a change costs, on a noisy machine).
 */
const BASELINE = process.argv.find((arg) => arg.startsWith('--baseline='))?.slice(11);
/** `--pairs=N`: with --baseline, N pairs per row, in alternating order (bench/pairs.ts). */
const PAIRS = Number(process.argv.find((arg) => arg.startsWith('--pairs='))?.slice(8) ?? 1);
/** `--only=sqlite,contracts,redis`: with --baseline, only those rows (all three by default). */
const ONLY = (process.argv.find((arg) => arg.startsWith('--only='))?.slice(7) ?? '')
  .split(',')
  .filter(Boolean);
const wanted = (row: string): boolean => ONLY.length === 0 || ONLY.includes(row);
/** `--cpu-prof-dir=DIR`: each gateway writes V8 CPU profiles (every thread) there. */
const PROFILE_DIR = process.argv.find((arg) => arg.startsWith('--cpu-prof-dir='))?.slice(15);
const nodeArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
/** The build gatewayRun starts: undefined for this checkout's dist. */
let build: string | undefined;

async function main(): Promise<void> {
  let counter = 0;
  const body = (): string =>
    JSON.stringify({
      transaction_id: `bench-${process.pid}-${counter++}`,
      event_type: 'order.created',
      amount: 42.5,
      currency: 'EUR',
      timestamp: '2026-11-28T10:15:00+02:00',
    });
  const results: LoadResult[] = [];

  const barePort = await freePort();
  const bare = startChild([join(__dirname, 'bare-server.js'), String(barePort)], {});
  await waitForOutput(bare, /ready/);
  await runLoad('warm-up', bare.pid!, {
    url: `http://127.0.0.1:${barePort}/`,
    connections: CONNECTIONS,
    durationSec: 2,
    headers: {},
    body,
  });
  const ceiling = await runLoad('bare node:http (202)', bare.pid!, {
    url: `http://127.0.0.1:${barePort}/`,
    connections: CONNECTIONS,
    durationSec: DURATION_SEC,
    headers: {},
    body,
  });
  bare.kill();
  results.push(ceiling);
  if (BASELINE) {
    const paired = await againstBaseline(BASELINE, body);
    results.push(...paired.results);
    process.stdout.write(`\n${table(results, ceiling)}\n\n${pairSummary(paired.changes)}\n`);
    return;
  }
  results.push(await nestMinimalRun(body));

  // Production default: Genesys allows ~300 calls/min, so delivery trickles while ingest runs flat out.
  results.push(await gatewayRun('full', '300', body));
  results.push(await gatewayRun('normal', '300', body));
  // Worst case for ingest: the sandbox takes every event at once, so delivery competes for the CPU.
  results.push(await gatewayRun('full', '1000000', body));
  // The cost of contracts: the built-in contract and a contracts file on the same target, back to back.
  results.push(
    await gatewayRun('full', '300', body, undefined, {
      label: 'built-in contract, external-events',
      env: {
        GENESYS_TARGET: 'external-events',
        GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'sandbox-configuration',
        GENESYS_EXTERNAL_SOURCE_ID: 'bench',
      },
    }),
  );
  for (const [file, label, contractBody] of [
    ['tutorial', 'contracts file (tutorial payload as a contract), external-events', body],
    ['examples', 'contracts file (ERP order contract), external-events', erpOrderJson],
  ] as const) {
    const contracts = contractsLoad(file);
    try {
      results.push(
        await gatewayRun('full', '300', contractBody, undefined, {
          label,
          env: contracts.env,
          token: contracts.token,
        }),
      );
    } finally {
      contracts.fixture.remove();
    }
  }
  // Scale-out: the Redis driver, one replica, then two replicas sharing the load (and the CPU).
  results.push(await gatewayRun('full', '300', body, { driver: 'redis', replicas: 1 }));
  results.push(await gatewayRun('full', '300', body, { driver: 'redis', replicas: 2 }));

  const report = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${CONNECTIONS} connections, ${DURATION_SEC} s per run.`,
    '',
    table(results, ceiling),
  ].join('\n');
  process.stdout.write(`\n${report}\n`);
}

async function nestMinimalRun(body: () => string): Promise<LoadResult> {
  const port = await freePort();
  const nest = startChild(
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'nest-minimal.ts'), String(port)],
    {},
  );
  try {
    await waitForOutput(nest, /ready/);
    const load = {
      url: `http://127.0.0.1:${port}/ingest`,
      connections: CONNECTIONS,
      headers: {},
      body,
    };
    await runLoad('warm-up', nest.pid!, { ...load, durationSec: 2 });
    return await runLoad('minimal NestJS route (framework floor)', nest.pid!, {
      ...load,
      durationSec: DURATION_SEC,
    });
  } finally {
    nest.kill();
  }
}

interface Topology {
  readonly driver: 'sqlite' | 'redis';
  readonly replicas: number;
}

/**
 * The default gateway, a contracts file, and the Redis driver: each on the baseline and here,
 * PAIRS times, in alternating order (see bench/pairs.ts).
 */
async function againstBaseline(
  baseline: string,
  body: () => string,
): Promise<{ results: LoadResult[]; changes: PairChange[] }> {
  const results: LoadResult[] = [];
  const changes: PairChange[] = [];
  const twice = async (run: () => Promise<LoadResult>) => {
    for (let pair = 0; pair < PAIRS; pair++) {
      const [before, current] = await inAlternateOrder(pair, baseline, run, (b) => {
        build = b;
      });
      results.push({ ...before, name: `${before.name} (baseline build)` }, current);
      changes.push({ name: current.name, baseline: before.okPerSec, current: current.okPerSec });
    }
  };
  if (wanted('sqlite')) {
    await twice(() => gatewayRun('full', '300', body));
  }
  if (wanted('contracts')) {
    const contracts = contractsLoad('tutorial');
    try {
      await twice(() =>
        gatewayRun('full', '300', body, undefined, {
          label: 'contracts file (tutorial payload as a contract), external-events',
          env: contracts.env,
          token: contracts.token,
        }),
      );
    } finally {
      contracts.fixture.remove();
    }
  }
  if (wanted('redis')) {
    await twice(() => gatewayRun('full', '300', body, { driver: 'redis', replicas: 1 }));
  }
  return { results, changes };
}

async function gatewayRun(
  synchronous: 'full' | 'normal',
  ratePerMinute: string,
  body: () => string,
  topology: Topology = { driver: 'sqlite', replicas: 1 },
  variant?: {
    readonly label: string;
    readonly env: Record<string, string>;
    readonly token?: string;
  },
): Promise<LoadResult> {
  const keys = generateTestKeys();
  const dataDirs = Array.from({ length: topology.replicas }, () =>
    mkdtempSync(join(tmpdir(), 'gateway-bench-')),
  );
  const prefix = uniquePrefix('bench');
  // The gateway's own limiter paces delivery; the sandbox serves the eventbridge rows' path.
  const sandbox = await GenesysSandbox.start(TEST_SANDBOX);
  const children: ChildGateway[] = [];
  try {
    for (const dataDir of dataDirs) {
      const env = testEnv(sandbox, keys, dataDir, {
        LOG_LEVEL: 'warn',
        OUTBOX_SYNCHRONOUS: synchronous,
        DELIVERY_POLL_MS: '250',
        GENESYS_RATE_LIMIT_PER_MINUTE: ratePerMinute,
        ...(topology.driver === 'redis'
          ? { OUTBOX_DRIVER: 'redis', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix }
          : {}),
        ...variant?.env,
      });
      children.push(await spawnGateway(env, await freePort(), nodeArgs, build));
    }
    const token = variant?.token ?? mintToken(keys, { expiresIn: 3600 });
    // The connections are split over the replicas, as a load balancer would.
    const loads = children.map((child) => ({
      url: `${child.url}/ingest`,
      connections: Math.ceil(CONNECTIONS / children.length),
      headers: { authorization: `Bearer ${token}` },
      body,
    }));
    await Promise.all(
      children.map((child, i) =>
        runLoad('warm-up', child.process.pid!, { ...loads[i], durationSec: 2 }),
      ),
    );
    const delivery = ratePerMinute === '300' ? 'delivery 300/min' : 'delivery unthrottled';
    const store =
      topology.driver === 'redis'
        ? `Redis, ${topology.replicas} replica${topology.replicas > 1 ? 's' : ''}`
        : `SQLite synchronous=${synchronous}`;
    const name = `gateway, ${store}, ${delivery}${variant ? `, ${variant.label}` : ''}`;
    const parts = await Promise.all(
      children.map((child, i) =>
        runLoad(name, child.process.pid!, { ...loads[i], durationSec: DURATION_SEC }),
      ),
    );
    const result = combine(name, parts);
    process.stdout.write(
      `  ${result.name}: the sandbox received ${sandbox.events.length + sandbox.externalEvents.entities.length} events during the run\n`,
    );
    return result;
  } finally {
    await Promise.all(
      children.map(async ({ process: gateway }) => {
        gateway.kill('SIGTERM');
        await new Promise((resolve) => gateway.once('exit', resolve));
      }),
    );
    await sandbox.stop();
    dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    if (topology.driver === 'redis') {
      await deleteRedisKeys(prefix);
    }
  }
}

/** Replicas measured side by side: rates add up; latency and memory are the worst replica's. */
function combine(name: string, parts: readonly LoadResult[]): LoadResult {
  return {
    name,
    okPerSec: parts.reduce((sum, p) => sum + p.okPerSec, 0),
    non2xx: parts.reduce((sum, p) => sum + p.non2xx, 0),
    errors: parts.reduce((sum, p) => sum + p.errors, 0),
    p50: Math.max(...parts.map((p) => p.p50)),
    p99: Math.max(...parts.map((p) => p.p99)),
    peakRssMb: Math.max(...parts.map((p) => p.peakRssMb)),
    machineCpuPct: Math.max(...parts.map((p) => p.machineCpuPct)),
    // Each replica's CPU per answer, weighted by its answers.
    cpuUsPerOk: Math.round(
      parts.reduce((sum, p) => sum + p.cpuUsPerOk * p.okPerSec, 0) /
        Math.max(
          1,
          parts.reduce((sum, p) => sum + p.okPerSec, 0),
        ),
    ),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
