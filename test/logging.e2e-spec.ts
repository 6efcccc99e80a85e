import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysSandbox } from '../src/sandbox/genesys-sandbox';
import { freePort, killHard, spawnGateway, type ChildGateway } from './support/child-gateway';
import { ADMIN_TOKEN, eventually, legacyEvent, TEST_SANDBOX, testEnv } from './support/gateway';
import { generateTestKeys, mintToken } from './support/keys';

interface LogLine {
  readonly level: number;
  readonly msg?: string;
  readonly req?: { id?: string; method?: string; path?: string };
  readonly res?: { statusCode?: number };
  readonly issuer?: string;
  readonly requestId?: string;
  readonly eventId?: string;
  readonly ininCorrelationId?: string;
  readonly audit?: { readonly action?: string };
}

/**
 * The built gateway's own output, as an operator's log shipper would read it: JSON lines, one per
 * request, the request id carried into the delivery lines, and no secret anywhere.
 */
describe('structured logs (built gateway as a child process)', () => {
  const keys = generateTestKeys();
  const dataDir = mkdtempSync(join(tmpdir(), 'gateway-logs-'));
  let sandbox: GenesysSandbox;
  let gateway: ChildGateway;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await GenesysSandbox.start(TEST_SANDBOX);
    env = testEnv(sandbox, keys, dataDir, {
      LOG_LEVEL: 'debug',
      METRICS_TOKEN: 'metrics-token-0123456789abcdef',
    });
    gateway = await spawnGateway(env, await freePort());
  });
  afterAll(async () => {
    await killHard(gateway.process);
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const lines = (): LogLine[] =>
    gateway
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogLine);

  it('writes JSON lines; each request has one, with the request id it echoed', async () => {
    const token = mintToken(keys);
    const res = await fetch(`${gateway.url}/ingest`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'X-Request-Id': 'erp-batch-42.7',
      },
      body: JSON.stringify(legacyEvent()),
    });
    const generated = await fetch(`${gateway.url}/ingest`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Request-Id': 'has spaces; and more' },
      body: 'x',
    });

    expect(res.status).toBe(202);
    expect(res.headers.get('x-request-id')).toBe('erp-batch-42.7');
    expect(generated.status).toBe(415);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await eventually(() => lines().some((l) => l.res?.statusCode === 415))).toBe(true);
    const accepted = lines().filter((l) => l.req?.id === 'erp-batch-42.7');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({
      req: { method: 'POST', path: '/ingest' },
      res: { statusCode: 202 },
      issuer: 'erp-test',
    });
    expect(lines().find((l) => l.res?.statusCode === 415)?.level).toBe(40);
  });

  it('carries the request id into delivery logs, with Genesys correlation ids on failures', async () => {
    sandbox.script(
      { status: 503, code: 'service.unavailable' },
      { status: 400, code: 'bad.request', message: 'schema mismatch' },
    );
    const res = await fetch(`${gateway.url}/ingest`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${mintToken(keys)}`,
        'Content-Type': 'application/json',
        'X-Request-Id': 'req-doomed-1',
      },
      body: JSON.stringify(legacyEvent()),
    });
    const { id } = (await res.json()) as { id: string };

    expect(
      await eventually(() => lines().some((l) => l.eventId === id && l.level === 50), 10_000),
    ).toBe(true);
    const delivery = lines().filter((l) => l.eventId === id);
    expect(delivery.every((l) => l.requestId === 'req-doomed-1')).toBe(true);
    const dead = delivery.find((l) => l.level === 50);
    expect(dead?.msg).toMatch(/dead-lettered/);
    expect(dead?.ininCorrelationId).toMatch(/^[0-9a-f-]{36}$/);

    // The operator's replay is a JSON line of its own: who, what, how many, under which request.
    const replay = await fetch(`${gateway.url}/admin/dead-letters/${id}/replay`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'X-Request-Id': 'req-replay-1' },
    });
    expect(replay.status).toBe(202);
    expect(await eventually(() => lines().some((l) => l.audit?.action === 'replay'), 10_000)).toBe(
      true,
    );
    expect(lines().find((l) => l.audit?.action === 'replay')?.audit).toEqual({
      at: expect.any(Number),
      actor: expect.stringMatching(/^admin@/),
      action: 'replay',
      detail: { id, replayed: 1 },
      requestId: 'req-replay-1',
    });
  });

  it('never writes tokens, secrets or key material, whatever happens', async () => {
    const token = mintToken(keys);
    const forged = mintToken(generateTestKeys());
    const call = (path: string, authorization: string, body?: unknown) =>
      fetch(`${gateway.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await call('/ingest', `Bearer ${forged}`, legacyEvent());
    await call('/ingest', `Bearer ${token}`, { ...legacyEvent(), amount: 'lots' });
    await call('/admin/dead-letters', `Bearer ${ADMIN_TOKEN}`);
    await call('/admin/dead-letters', 'Bearer wrong-admin-token-xxxxxxxxxxxxxxx');
    await call('/metrics', 'Bearer metrics-token-0123456789abcdef');
    // A Genesys token refresh (401) and a retried delivery, so token handling is exercised too.
    sandbox.revokeTokens();
    await call('/ingest', `Bearer ${token}`, legacyEvent());
    expect(await eventually(() => sandbox.tokenRequests.length >= 2)).toBe(true);

    const output = gateway.output();
    const secrets = [
      token,
      forged,
      ADMIN_TOKEN,
      'wrong-admin-token-xxxxxxxxxxxxxxx',
      'metrics-token-0123456789abcdef',
      env.GENESYS_CLIENT_SECRET,
      ...sandbox.issuedTokens(),
      createPublicKey(keys.publicPem).export({ format: 'jwk' }).x as string,
    ];
    for (const secret of secrets) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/BEGIN (PUBLIC|PRIVATE|EC PRIVATE) KEY|Bearer [A-Za-z0-9]/);
    expect(output.toLowerCase()).not.toContain('authorization');
  });
});
