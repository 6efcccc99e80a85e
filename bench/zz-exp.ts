import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { freePort, spawnGateway } from '../test/support/child-gateway';
import { testEnv } from '../test/support/gateway';
import { generateTestKeys, mintToken } from '../test/support/keys';
import { runLoad } from './support';
let counter = 0;
const body = () => JSON.stringify(Array.from({ length: 100 }, () => ({ transaction_id: `p-${process.pid}-${counter++}`, event_type: 'order.created', amount: 42.5, currency: 'EUR', timestamp: '2026-11-28T10:15:00+02:00' })));
async function run(label: string, extra: Record<string, string>, args: string[] = []) {
  const keys = generateTestKeys();
  const sandbox = await GenesysSandbox.start({ clientId: 'test-client', clientSecret: 'test-secret' });
  const env = testEnv(sandbox, keys, mkdtempSync(join(tmpdir(), 'exp-')), { LOG_LEVEL: 'warn', GENESYS_RATE_LIMIT_PER_MINUTE: '300', ...extra });
  const child = await spawnGateway(env, await freePort(), args);
  const load = { url: `${child.url}/ingest/batch`, connections: 16, headers: { authorization: `Bearer ${mintToken(keys, { expiresIn: 3600 })}` }, body };
  await runLoad('w', child.process.pid!, { ...load, durationSec: 2 });
  const r = await runLoad(label, child.process.pid!, { ...load, durationSec: 8 });
  console.log(label, r.okPerSec * 100, 'events/s', 'p99', r.p99, 'cpu', r.machineCpuPct);
  child.process.kill('SIGTERM');
  await new Promise((resolve) => child.process.once('exit', resolve));
  await sandbox.stop();
}
async function main() {
  const which = process.argv[2] ?? 'all';
  if (which === 'all' || which === 'base') await run('base', {});
  if (which === 'all' || which === 'redis') await run('redis', { OUTBOX_DRIVER: 'redis', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `exp-${process.pid}` });
  if (which === 'all' || which === 'normal') await run('sync=normal', { OUTBOX_SYNCHRONOUS: 'normal' });
}
void main();
