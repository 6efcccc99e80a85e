import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, killHard } from './child-gateway';

/**
 * A redis-server of the test's own (Debian's redis-server, on a free loopback port), for what the
 * shared one must not suffer: being killed, or run with other settings. AOF with fsync on every
 * write, as docs/redis.md asks of production, so a kill -9 loses nothing acknowledged.
 */
export class PrivateRedis {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly args: readonly string[],
  ) {}

  static async start(args: readonly string[] = []): Promise<PrivateRedis> {
    const redis = new PrivateRedis(
      await freePort(),
      mkdtempSync(join(tmpdir(), 'gateway-redis-')),
      args,
    );
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        ...this.args,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const client = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.ping();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        client.disconnect();
      }
    }
    throw new Error(`redis-server on port ${this.port} did not start`);
  }

  /** kill -9: no shutdown save, only what the AOF already holds survives. */
  async kill(): Promise<void> {
    if (this.process) {
      await killHard(this.process);
      this.process = undefined;
    }
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
