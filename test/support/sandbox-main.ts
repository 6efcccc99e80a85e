import { GenesysSandbox } from '../../src/sandbox/genesys-sandbox';
import type { SandboxOptions } from '../../src/sandbox/sandbox-types';

/**
 * A sandbox in a process of its own (see sandbox-process.ts): its clock and event loop are not the
 * test's, so a busy test process cannot bunch the arrivals it counts against the budget.
 */
async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
  const sandbox = await GenesysSandbox.start(options);
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, loginUrl: sandbox.loginUrl })}\n`);
  process.once('SIGTERM', () => {
    void sandbox.stop().then(() => process.exit(0));
  });
}

void main();
