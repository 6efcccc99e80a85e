import type { LoadResult } from './support';

/** One baseline/this pair of one row, in events (or requests) per second. */
export interface PairChange {
  readonly name: string;
  readonly baseline: number;
  readonly current: number;
}

/**
 * Runs one pair: the baseline build first in even pairs, this build first in odd ones, so that
 * an advantage of running first or second cancels out over the pairs. Returns [baseline, this].
 * `select(build)`: which build the next run starts (undefined: this checkout's dist).
 */
export async function inAlternateOrder(
  pair: number,
  baseline: string,
  run: () => Promise<LoadResult>,
  select: (build: string | undefined) => void,
): Promise<[LoadResult, LoadResult]> {
  const runOn = async (build: string | undefined): Promise<LoadResult> => {
    select(build);
    try {
      return await run();
    } finally {
      select(undefined);
    }
  };
  if (pair % 2 === 0) {
    const before = await runOn(baseline);
    return [before, await runOn(undefined)];
  }
  const current = await runOn(undefined);
  return [await runOn(baseline), current];
}

/** Each row's change per pair and its median: the figure to compare with a target. */
export function pairSummary(changes: readonly PairChange[]): string {
  const names = [...new Set(changes.map((change) => change.name))];
  const lines = [
    '| row | change per pair (this build against the baseline, same run) | median |',
    '|---|---|---:|',
  ];
  for (const name of names) {
    const ratios = changes
      .filter((change) => change.name === name)
      .map((change) => change.current / change.baseline - 1);
    lines.push(`| ${name} | ${ratios.map(percent).join(', ')} | ${percent(median(ratios))} |`);
  }
  return lines.join('\n');
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percent(ratio: number): string {
  return `${ratio >= 0 ? '+' : '−'}${Math.abs(100 * ratio).toFixed(0)} %`;
}
