import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'jsonwebtoken';
import {
  ADMIN_TOKEN,
  eventually,
  legacyEvent,
  startGateway,
  type TestGateway,
} from './support/gateway';
import { mintToken } from './support/keys';

const CLI = join(__dirname, '..', 'dist', 'cli', 'cli.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI as a user runs it, with only the environment given here. */
function cli(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      // Only what the test gives: the CLI must not depend on the developer's shell.
      env: { ...env },
      cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the CLI (built, as a child process)', () => {
  let gw: TestGateway;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'gateway-cli-'));

  beforeAll(async () => {
    gw = await startGateway();
    url = `http://127.0.0.1:${(gw.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await gw.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('explains itself, and refuses bad usage with exit 2 and no stack trace', async () => {
    const help = await cli(['--help']);
    const sendHelp = await cli(['send', '--help']);
    const unknown = await cli(['frobnicate']);
    const badSize = await cli(['send', '--sample', '3', '--batch-size', '0']);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/token[\s\S]*send[\s\S]*dead-letters[\s\S]*check/);
    expect(sendHelp.stdout).toMatch(/NDJSON/);
    expect([unknown.code, badSize.code]).toEqual([2, 2]);
    expect(badSize.stderr.trim()).toBe('--batch-size must be a whole number from 1 to 500.');
    for (const run of [unknown, badSize]) {
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('send: posts an NDJSON file in batches and summarises; refused lines make exit 1', async () => {
    const file = join(dir, 'events.ndjson');
    const good = Array.from({ length: 7 }, (_, i) => legacyEvent({ transaction_id: `cli-${i}` }));
    writeFileSync(
      file,
      [
        ...good.slice(0, 3).map((e) => JSON.stringify(e)),
        '{not json',
        JSON.stringify({ ...legacyEvent(), currency: 'euro' }),
        '',
        ...good.slice(3).map((e) => JSON.stringify(e)),
      ].join('\n'),
    );
    const token = mintToken(gw.keys);

    const run = await cli(['send', file, '--url', url, '--token', token, '--batch-size', '3']);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Sent 8 events in 3 requests .*: 7 accepted, 0 replayed, 2 rejected, 0 failed/,
    );
    expect(run.stdout).toMatch(/line 4: not valid JSON/);
    expect(run.stdout).toMatch(/line 5: currency/);
    expect(await eventually(() => gw.sandbox.events.length >= 7)).toBe(true);

    // Sending the file again is safe: every event is a replay.
    const again = await cli(['send', file, '--url', url, '--token', token]);
    expect(again.stdout).toMatch(/0 accepted, 7 replayed, 2 rejected/);
  });

  it('send --sample with a JSON array of CloudEvents works too, exit 0 when all is accepted', async () => {
    const file = join(dir, 'cloudevents.json');
    writeFileSync(
      file,
      JSON.stringify([
        {
          specversion: '1.0',
          id: 'cli-ce-1',
          source: '/cli',
          type: 'com.acme.order.created',
          time: '2026-11-28T10:15:00Z',
          data: { transaction_id: 'CE-1', amount: 1, currency: 'EUR' },
        },
      ]),
    );
    const token = mintToken(gw.keys);
    const samples = await cli([
      'send',
      '--sample',
      '25',
      '--url',
      url,
      '--token',
      token,
      '--progress',
    ]);
    const cloud = await cli(['send', file, '--cloudevents', '--url', url, '--token', token]);

    expect(samples.code).toBe(0);
    expect(samples.stdout).toMatch(/25 accepted/);
    expect(samples.stderr).toMatch(/25\/25 events/);
    expect(cloud.code).toBe(0);
    expect(cloud.stdout).toMatch(/1 accepted/);
  });

  it('dead-letters: lists what Genesys refused and replays it', async () => {
    gw.sandbox.script({ status: 400, code: 'bad.request', message: 'schema mismatch' });
    await cli(['send', '--sample', '1', '--url', url, '--token', mintToken(gw.keys)]);
    const admin = ['--url', url, '--admin-token', ADMIN_TOKEN];
    expect(
      await eventually(async () =>
        (await cli(['dead-letters', 'list', ...admin])).stdout.includes('bad.request'),
      ),
    ).toBe(true);

    const list = await cli(['dead-letters', 'list', ...admin, '--json']);
    const [dead] = JSON.parse(list.stdout) as Array<{ id: string }>;
    const replay = await cli(['dead-letters', 'replay', dead.id, ...admin]);
    const wrongToken = await cli(['dead-letters', 'list', '--url', url, '--admin-token', 'nope']);
    const noTarget = await cli(['dead-letters', 'replay', ...admin]);

    expect(replay).toMatchObject({ stderr: '', code: 0, stdout: 'Replayed 1 dead letter(s).\n' });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toMatch(/answered 401 ADMIN_UNAUTHORIZED/);
    expect(noTarget.code).toBe(2);
  });

  it('token mints a dev token; check validates the configuration', async () => {
    const env = { DATA_DIR: join(dir, 'data') };
    const token = await cli(['token', '--sub', 'erp-7'], env);
    const check = await cli(['check'], env);
    const broken = await cli(['check'], {
      ...env,
      GENESYS_CLIENT_ID: 'x',
      GENESYS_CLIENT_SECRET: 'y',
    });

    expect(token.code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const publicPem = readFileSync(join(dir, 'data', 'dev-keys', 'legacy-dev.pub.pem'), 'utf8');
    expect(verify(token.stdout.trim(), publicPem, { algorithms: ['ES256'] })).toMatchObject({
      sub: 'erp-7',
      iss: 'legacy-dev',
    });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/ok {3}configuration[\s\S]*skip genesys: .*sandbox/);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/GENESYS_REGION/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it('contracts check verifies each contract against its destination; preview shows the entity or the errors', async () => {
    const { stringify } = await import('yaml');
    const { exampleContracts } = await import('./support/contracts');
    const examples = join(__dirname, '..', 'examples', 'contracts');
    const env = {
      DATA_DIR: join(dir, 'contracts-data'),
      CONTRACTS_FILE: join(examples, 'contracts.yaml'),
    };
    const check = await cli(['contracts', 'check'], env);
    const preview = await cli(
      [
        'contracts',
        'preview',
        '--issuer',
        'https://erp.example.com',
        join(examples, 'samples', 'erp-order-created.json'),
      ],
      env,
    );
    const invalid = await cli(
      [
        'contracts',
        'preview',
        '--issuer',
        'https://erp.example.com',
        join(examples, 'samples', 'erp-order-invalid.json'),
      ],
      env,
    );
    const misfit = exampleContracts();
    (misfit.contracts[1].genesys as { attributes: Record<string, unknown> }).attributes.region = {
      const: 'EU',
    };
    writeFileSync(join(dir, 'misfit.yaml'), stringify(misfit));
    const failed = await cli(['contracts', 'check'], {
      ...env,
      CONTRACTS_FILE: join(dir, 'misfit.yaml'),
    });

    expect(check).toMatchObject({ code: 0, stderr: '' });
    expect(check.stdout.match(/^ok {3}\S+ -> configuration \S+ fits$/gm)).toHaveLength(3);
    expect(preview.code).toBe(0);
    expect(JSON.parse(preview.stdout)).toMatchObject({
      contract: 'erp-order-created',
      entity: { attributes: { orderNumber: 'SO-1234', total: 129.5 } },
    });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('/order/number must match pattern');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^FAIL contract billing-invoice-paid \(configuration \S+\): attribute region is not in the destination schema$/m,
    );
    expect(failed.stderr).not.toMatch(/\n\s+at /);
  });

  it('check logs in and finds the configuration of a real (here: sandboxed) Genesys', async () => {
    const real = {
      DATA_DIR: join(dir, 'real-data'),
      GENESYS_LOGIN_URL: gw.sandbox.loginUrl,
      GENESYS_API_URL: gw.sandbox.url,
      GENESYS_CLIENT_ID: 'test-client',
      GENESYS_CLIENT_SECRET: 'test-secret',
      GENESYS_TARGET: 'external-events',
      GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'sandbox-configuration',
      GENESYS_EXTERNAL_SOURCE_ID: 'erp',
      LEGACY_JWT_PUB_KEY: gw.keys.publicPem,
      LEGACY_JWT_ISSUER: 'erp',
      LEGACY_JWT_AUDIENCE: 'gateway',
    };
    const ok = await cli(['check'], real);
    const missing = await cli(['check'], {
      ...real,
      GENESYS_EXTERNAL_EVENTS_CONFIGURATION_ID: 'nope',
    });
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(
      /^ok {3}configuration: External events configuration sandbox-configuration exists/m,
    );
    expect(ok.stdout).toMatch(/^ok {3}schema: /m);
    expect(ok.stdout).toMatch(/^ok {3}events: .*journey:externalEventsEvent:add granted/m);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(
      /^FAIL configuration: External events configuration nope does not exist/m,
    );
  });
});
