import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const DIST_MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ChildGateway {
  readonly process: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Runs the built gateway (dist/main.js) as production would, and waits until it is ready. */
export async function spawnGateway(
  env: Record<string, string>,
  port: number,
  nodeArgs: readonly string[] = [],
  /** Another build's main.js (a benchmark's baseline). */
  main = DIST_MAIN,
): Promise<ChildGateway> {
  if (!existsSync(main)) {
    throw new Error(`${main} is missing: run \`npm run build\` first (npm test does).`);
  }
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`gateway exited with ${child.exitCode}:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) {
        return { process: child, url, output: () => output };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`gateway did not become ready:\n${output}`);
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
