import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
  /**
   * CPU time of the measured process (every thread) per 2xx answer, in microseconds: the work each
   * request costs, much steadier on a shared machine than the rate.
   */
  readonly cpuUsPerOk: number;
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
/** User + system CPU time of a process, all its threads, in milliseconds (from /proc/<pid>/stat). */
export function processCpuMs(pid: number, tid?: string): number {
  const stat = readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime, stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function threadCpuMs(pid: number): Map<string, { name: string; ms: number }> {
  const threads = new Map<string, { name: string; ms: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      threads.set(tid, { name, ms: processCpuMs(Number(pid), tid) });
    } catch {
      // The thread ended meanwhile.
    }
  }
  return threads;
}

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
  const cpuBefore = processCpuMs(pid);
  const threadsBefore = threadCpuMs(pid);
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationSec,
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [{ setupRequest: (req) => ({ ...req, body: options.body() }) }],
  });
  if (process.argv.includes('--threads')) {
    // Where the process's CPU went, per thread name, per 2xx answer (µs).
    const after = threadCpuMs(pid);
    const ok = Math.max(1, result['2xx']);
    const spent = [...after]
      .map(([tid, { ms }]) => ({
        thread: tid === String(pid) ? 'main' : tid,
        us: ((ms - (threadsBefore.get(tid)?.ms ?? 0)) * 1000) / ok,
      }))
      .filter((t) => t.us >= 1)
      .sort((a, b) => b.us - a.us);
    process.stderr.write(
      `${name}: ${spent.map((t) => `${t.thread} ${t.us.toFixed(0)}`).join(', ')} µs per answer\n`,
    );
  }
  return {
    name,
    okPerSec: Math.round(result['2xx'] / options.durationSec),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakRssMb: peakRssMb(pid),
    machineCpuPct: busyPct(before, cpuTimes()),
    cpuUsPerOk: Math.round(((processCpuMs(pid) - cpuBefore) * 1000) / Math.max(1, result['2xx'])),
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
    '| target | accepted/s | vs bare | p50 ms | p99 ms | peak RSS MB | machine CPU busy | CPU µs per answer | non-2xx | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const ratio = `${((100 * r.okPerSec) / ceiling.okPerSec).toFixed(1)} %`;
    lines.push(
      `| ${r.name} | ${r.okPerSec} | ${ratio} | ${r.p50} | ${r.p99} | ${r.peakRssMb} | ${r.machineCpuPct} % | ${r.cpuUsPerOk} | ${r.non2xx} | ${r.errors} |`,
    );
  }
  return lines.join('\n');
}
