import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadResult {
  readonly name: string;
  readonly okPerSec: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly peakRssMb: number;
  /** Share of all cores busy during the run (load generator included): near 100 % = CPU-bound. */
  readonly machineCpuPct: number;
}

/** Busy and total jiffies of all cores together, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  const idle = fields[3] + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** Peak resident set (VmHWM) of a process, from /proc: includes everything it ever touched. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export async function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${pattern}: ${seen}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

export function startChild(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, { env, stdio: 'pipe' });
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSec: number;
  readonly headers: Record<string, string>;
  /** A fresh body per request, so the gateway sees new events, not replays. */
  readonly body: () => string;
}

export async function runLoad(
  name: string,
  pid: number,
  options: LoadOptions,
): Promise<LoadResult> {
  const before = cpuTimes();
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSec,
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [{ setupRequest: (req) => ({ ...req, body: options.body() }) }],
  });
  return {
    name,
    okPerSec: Math.round(result['2xx'] / options.durationSec),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakRssMb: peakRssMb(pid),
    machineCpuPct: busyPct(before, cpuTimes()),
  };
}

function busyPct(
  before: { busy: number; total: number },
  after: { busy: number; total: number },
): number {
  return Math.round((100 * (after.busy - before.busy)) / Math.max(1, after.total - before.total));
}

export function table(rows: readonly LoadResult[], ceiling: LoadResult): string {
  const lines = [
    '| target | accepted/s | vs bare | p50 ms | p99 ms | peak RSS MB | machine CPU busy | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ratio = `${((100 * r.okPerSec) / ceiling.okPerSec).toFixed(1)} %`;
    lines.push(
      `| ${r.name} | ${r.okPerSec} | ${ratio} | ${r.p50} | ${r.p99} | ${r.peakRssMb} | ${r.machineCpuPct} % | ${r.non2xx} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}
