import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Environment } from '../../config';
import { gatewayUrl, legacyToken } from '../cli-environment';
import { CliError } from '../cli-error';
import { GatewayClient } from '../gateway-client';

interface SendOptions {
  readonly url?: string;
  readonly token?: string;
  readonly issuer?: string;
  readonly sample?: string;
  readonly cloudevents?: boolean;
  readonly batchSize: string;
  readonly concurrency: string;
  readonly progress?: boolean;
}

/** One input event: where it came from (for messages) and what to send, or why it cannot be sent. */
type InputItem =
  | { readonly line: number; readonly event: unknown }
  | { readonly line: number; readonly error: string };

interface BatchAnswer {
  readonly results: ReadonlyArray<{
    readonly index: number;
    readonly outcome: 'accepted' | 'replayed' | 'rejected';
    readonly problem?: { readonly detail: string };
  }>;
}

interface Tally {
  accepted: number;
  replayed: number;
  rejected: number;
  failed: number;
  readonly problems: string[];
}

const MAX_ATTEMPTS = 5;

export function sendCommand(program: Command, env: Environment): void {
  program
    .command('send')
    .description('post events from an NDJSON or JSON-array file (or samples) through /ingest/batch')
    .argument('[file]', 'NDJSON (one event per line) or a JSON array; - for stdin')
    .option('--sample <n>', 'send n generated sample events instead of a file')
    .option('--cloudevents', 'the file holds structured CloudEvents, not legacy events')
    .option('--url <url>', 'gateway base URL (default http://127.0.0.1:$PORT)')
    .option('--token <jwt>', 'legacy JWT (default: a dev token, in sandbox mode)')
    .option('--issuer <iss>', 'issuer of the dev token (sandbox mode; default LEGACY_JWT_ISSUER)')
    .option('--batch-size <n>', 'events per request (1-500)', '100')
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .action(async (file: string | undefined, options: SendOptions) => {
      const batchSize = positiveInt(options.batchSize, '--batch-size', 500);
      const concurrency = positiveInt(options.concurrency, '--concurrency', 64);
      const items = readItems(file, options.sample);
      const client = new GatewayClient(
        gatewayUrl(env, options.url),
        legacyToken(env, options.token, options.issuer),
      );
      const contentType = options.cloudevents
        ? 'application/cloudevents-batch+json'
        : 'application/json';
      const sendable = items.filter((i): i is { line: number; event: unknown } => 'event' in i);
      const tally: Tally = { accepted: 0, replayed: 0, rejected: 0, failed: 0, problems: [] };
      for (const item of items) {
        if ('error' in item) {
          tally.rejected += 1;
          tally.problems.push(`line ${item.line}: ${item.error}`);
        }
      }
      const batches: Array<typeof sendable> = [];
      for (let i = 0; i < sendable.length; i += batchSize) {
        batches.push(sendable.slice(i, i + batchSize));
      }
      const bar =
        options.progress || process.stderr.isTTY
          ? new SingleBar(
              {
                stream: process.stderr,
                format: ' {bar} {value}/{total} events | {eta_formatted} left',
                // --progress asks for it even into a pipe or a file (CI logs).
                noTTYOutput: true,
              },
              Presets.shades_classic,
            )
          : undefined;
      bar?.start(sendable.length, 0);
      const started = Date.now();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batches.length) {
          const batch = batches[next++];
          await sendBatch(client, batch, contentType, tally);
          bar?.increment(batch.length);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
      } finally {
        bar?.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `Sent ${sendable.length} events in ${batches.length} requests (${seconds.toFixed(1)} s, ` +
          `${Math.round(sendable.length / Math.max(seconds, 0.001))} events/s): ${tally.accepted} accepted, ` +
          `${tally.replayed} replayed, ${tally.rejected} rejected, ${tally.failed} failed\n`,
      );
      tally.problems.slice(0, 20).forEach((p) => process.stdout.write(`  ${p}\n`));
      if (tally.problems.length > 20) {
        process.stdout.write(`  ... and ${tally.problems.length - 20} more\n`);
      }
      if (tally.rejected + tally.failed > 0) {
        throw new CliError(`${tally.rejected + tally.failed} event(s) were not accepted.`);
      }
    });
}

/** One batch, retried on 429/503 (honouring Retry-After): every item is idempotent. */
async function sendBatch(
  client: GatewayClient,
  batch: ReadonlyArray<{ line: number; event: unknown }>,
  contentType: string,
  tally: Tally,
): Promise<void> {
  const body = JSON.stringify(batch.map((item) => item.event));
  for (let attempt = 1; ; attempt += 1) {
    const answer = await client.request<BatchAnswer & { detail?: string }>(
      'POST',
      '/ingest/batch',
      {
        body,
        contentType,
        expect: [200, 429, 503],
      },
    );
    if (answer.status === 200) {
      for (const result of answer.body.results) {
        tally[result.outcome] += 1;
        if (result.outcome === 'rejected') {
          tally.problems.push(
            `line ${batch[result.index].line}: ${result.problem?.detail ?? 'rejected'}`,
          );
        }
      }
      return;
    }
    if (attempt >= MAX_ATTEMPTS) {
      tally.failed += batch.length;
      tally.problems.push(
        `lines ${batch[0].line}-${batch[batch.length - 1].line}: ${answer.body.detail ?? `answered ${answer.status}`}`,
      );
      return;
    }
    await delay(Math.min(10_000, 500 * 2 ** attempt));
  }
}

function readItems(file: string | undefined, sample: string | undefined): InputItem[] {
  if (sample !== undefined) {
    if (file) {
      throw new CliError('Give a file or --sample, not both.', 2);
    }
    return sampleEvents(positiveInt(sample, '--sample', 1_000_000));
  }
  if (!file) {
    throw new CliError(
      'Name a file of events (NDJSON or a JSON array), - for stdin, or use --sample <n>.',
      2,
    );
  }
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch {
    throw new CliError(`Cannot read ${file}.`, 2);
  }
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new CliError(`${file} starts like a JSON array but is not valid JSON.`, 2);
    }
    return (parsed as unknown[]).map((event, i) => ({ line: i + 1, event }));
  }
  const single = oneJsonObject(text);
  if (single) {
    return [{ line: 1, event: single }];
  }
  return text.split('\n').flatMap((raw, i): InputItem[] => {
    if (raw.trim() === '') {
      return [];
    }
    try {
      return [{ line: i + 1, event: JSON.parse(raw) as unknown }];
    } catch {
      return [{ line: i + 1, error: 'not valid JSON' }];
    }
  });
}

function sampleEvents(count: number): InputItem[] {
  const types = ['order.created', 'order.shipped', 'invoice.paid'];
  const run = Date.now().toString(36);
  return Array.from({ length: count }, (_, i) => ({
    line: i + 1,
    event: {
      transaction_id: `sample-${run}-${i + 1}`,
      event_type: types[i % types.length],
      amount: Math.round(Math.random() * 100_000) / 100,
      currency: 'EUR',
      timestamp: new Date().toISOString(),
    },
  }));
}

function positiveInt(value: string, name: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new CliError(`${name} must be a whole number from 1 to ${max}.`, 2);
  }
  return n;
}

/** A file holding one (pretty-printed) JSON object, such as examples/contracts/samples/*.json. */
function oneJsonObject(text: string): object | undefined {
  if (!text.trimStart().startsWith('{') || text.trim().split('\n').length === 1) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}
