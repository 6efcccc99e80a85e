import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SandboxOptions } from '../../src/sandbox/sandbox-types';

export interface SandboxRecord {
  readonly attempts: ReadonlyArray<{ at: number; method: string; status: number }>;
  readonly rejected: number;
  readonly entities: ReadonlyArray<{ id: string; receivedAt: number }>;
}

export interface SandboxProcess {
  readonly url: string;
  readonly loginUrl: string;
  record(): Promise<SandboxRecord>;
  stop(): Promise<void>;
}

/** Starts the Genesys sandbox as a child process (sandbox-main.ts) and waits for its addresses. */
export async function startSandboxProcess(options: SandboxOptions): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'sandbox-main.ts'),
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const { url, loginUrl } = await new Promise<{ url: string; loginUrl: string }>(
    (resolve, reject) => {
      let seen = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const line = seen.split('\n')[0];
        if (seen.includes('\n')) {
          resolve(JSON.parse(line) as { url: string; loginUrl: string });
        }
      });
      child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
    },
  );
  return {
    url,
    loginUrl,
    record: async () => (await (await fetch(`${url}/__sandbox/record`)).json()) as SandboxRecord,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
