import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { generateTestKeys, mintToken } from '../test/support/keys';
import { testEnv } from '../test/support/gateway';
import { freePort, spawnGateway } from '../test/support/child-gateway';
import { runLoad, startChild, table, waitForOutput, type LoadResult } from './support';

/**
 * `npm run bench`: in one run, the bare node:http ceiling and the gateway accepting single events
 * (valid ES256 tokens, durable SQLite outbox, delivery to the sandbox on), same load settings.
 */
const CONNECTIONS = Number(process.argv[2] ?? 50);
const DURATION_SEC = Number(process.argv[3] ?? 15);

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
  results.push(await nestMinimalRun(body));

  // Production default: Genesys allows ~300 calls/min, so delivery trickles while ingest runs flat out.
  results.push(await gatewayRun('full', '300', body));
  results.push(await gatewayRun('normal', '300', body));
  // Worst case for ingest: the sandbox takes every event at once, so delivery competes for the CPU.
  results.push(await gatewayRun('full', '1000000', body));

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

async function gatewayRun(
  synchronous: 'full' | 'normal',
  ratePerMinute: string,
  body: () => string,
): Promise<LoadResult> {
  const keys = generateTestKeys();
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  const sandbox = await GenesysSandbox.start({
    clientId: 'test-client',
    clientSecret: 'test-secret',
  });
  const port = await freePort();
  const env = testEnv(sandbox, keys, dataDir, {
    LOG_LEVEL: 'warn',
    OUTBOX_SYNCHRONOUS: synchronous,
    DELIVERY_POLL_MS: '250',
    GENESYS_RATE_LIMIT_PER_MINUTE: ratePerMinute,
  });
  const child = await spawnGateway(env, port);
  const gateway = child.process;
  try {
    const load = {
      url: `http://127.0.0.1:${port}/ingest`,
      connections: CONNECTIONS,
      headers: { authorization: `Bearer ${mintToken(keys, { expiresIn: 3600 })}` },
      body,
    };
    await runLoad('warm-up', gateway.pid!, { ...load, durationSec: 2 });
    const delivery = ratePerMinute === '300' ? 'delivery 300/min' : 'delivery unthrottled';
    const result = await runLoad(`gateway, synchronous=${synchronous}, ${delivery}`, gateway.pid!, {
      ...load,
      durationSec: DURATION_SEC,
    });
    process.stdout.write(
      `  ${result.name}: the sandbox received ${sandbox.events.length} events during the run\n`,
    );
    return result;
  } finally {
    gateway.kill('SIGTERM');
    await new Promise((resolve) => gateway.once('exit', resolve));
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
