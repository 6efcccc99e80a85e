import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { freePort, killHard, spawnGateway, type ChildGateway } from './support/child-gateway';
import {
  eventually,
  legacyEvent,
  removeOutboxData,
  TEST_SANDBOX,
  testEnv,
} from './support/gateway';
import { generateTestKeys, mintToken } from './support/keys';

/**
 * Conservation under crashes (Vector's oracle): every event the gateway acknowledged reaches
 * Genesys after a kill -9 and a restart, and no idempotency key is accepted twice.
 */
describe('crash safety (built gateway as a child process)', () => {
  const N = 300;
  const keys = generateTestKeys();
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-crash-'));
  let sandbox: GenesysSandbox | undefined;
  let gateway: ChildGateway | undefined;

  afterAll(async () => {
    if (gateway) {
      await killHard(gateway.process);
    }
    await sandbox?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await removeOutboxData(dataDir);
  });

  it('delivers every acknowledged event exactly once after kill -9 and restart', async () => {
    const gatewayPort = await freePort();
    const client = { ...TEST_SANDBOX, port: await freePort(), loginPort: await freePort() };
    // The sandbox object only supplies its URL to the env; Genesys is down (not listening) at first.
    const placeholder = await GenesysSandbox.start(client);
    const env = testEnv(placeholder, keys, dataDir, {
      LOG_LEVEL: 'error',
      GENESYS_RETRY_BUDGET_MS: '100',
      DELIVERY_BACKOFF_BASE_MS: '50',
      DELIVERY_BACKOFF_MAX_MS: '300',
    });
    await placeholder.stop();

    gateway = await spawnGateway(env, gatewayPort);
    const token = mintToken(keys);
    const acknowledged = new Map<string, string>();
    const send = async (i: number): Promise<void> => {
      try {
        const res = await fetch(`${gateway!.url}/ingest`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(legacyEvent({ transaction_id: `crash-${i}` })),
        });
        if (res.status === 202) {
          const body = (await res.json()) as { id: string; idempotency_key: string };
          acknowledged.set(body.id, body.idempotency_key);
        }
      } catch {
        // Connection cut by the kill: not acknowledged, so not owed.
      }
    };

    // Half the events are acknowledged while Genesys is down; the rest race the kill.
    for (let i = 0; i < N / 2; i += 25) {
      await Promise.all(Array.from({ length: 25 }, (_, j) => send(i + j)));
    }
    const racing = Promise.all(Array.from({ length: N / 2 }, (_, j) => send(N / 2 + j)));
    await new Promise((resolve) => setTimeout(resolve, 15));
    await killHard(gateway.process);
    await racing;
    expect(acknowledged.size).toBeGreaterThanOrEqual(N / 2);

    // Restart on the same DATA_DIR, then Genesys comes back on its address.
    gateway = await spawnGateway(env, gatewayPort);
    sandbox = await GenesysSandbox.start(client);
    const live = sandbox;
    const allDelivered = await eventually(
      () => {
        const delivered = new Set(live.events.map((e) => e.idempotencyKey));
        return [...acknowledged.values()].every((key) => delivered.has(key));
      },
      45_000,
      100,
    );

    expect(allDelivered).toBe(true);
    expect(live.duplicateKeys()).toEqual([]);
    // Nothing secret ever reaches the logs, even through crashes and failed deliveries.
    expect(gateway.output()).not.toContain(token);
    expect(gateway.output()).not.toContain(env.GENESYS_CLIENT_SECRET);
    // Nothing that was not acknowledged-or-stored appears out of thin air.
    expect(
      live.events.every((e) =>
        (e.body as { data: { transaction_id: string } }).data.transaction_id.startsWith('crash-'),
      ),
    ).toBe(true);
  });

  it('on SIGTERM: readiness turns 503, the in-flight publish finishes and is recorded, the store closes cleanly', async () => {
    const drainSandbox = await GenesysSandbox.start(TEST_SANDBOX);
    const drainDir = mkdtempSync(join(tmpdir(), 'gateway-sigterm-'));
    const drainEnv = testEnv(drainSandbox, keys, drainDir, { SHUTDOWN_TIMEOUT_MS: '5000' });
    const token = mintToken(keys);
    let child = await spawnGateway(drainEnv, await freePort());
    try {
      drainSandbox.latencyMs = 1500;
      const accepted = await fetch(`${child.url}/ingest`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(legacyEvent()),
      });
      const { id } = (await accepted.json()) as { id: string };
      expect(await eventually(() => drainSandbox.publishRequests > 0)).toBe(true);

      const exited = new Promise((resolve) => child.process.once('exit', resolve));
      child.process.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await fetch(`${child.url}/health/ready`)).status).toBe(503);
      await exited;

      // Restart on the same store: the event is already delivered, so nothing is sent again.
      drainSandbox.latencyMs = 0;
      child = await spawnGateway(drainEnv, await freePort());
      const status = await fetch(`${child.url}/events/${id}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(((await status.json()) as { state: string }).state).toBe('delivered');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(drainSandbox.events).toHaveLength(1);
    } finally {
      await killHard(child.process);
      await drainSandbox.stop();
      rmSync(drainDir, { recursive: true, force: true });
      await removeOutboxData(drainDir);
    }
  });
});
