import type { Command } from 'commander';
import type { Environment } from '../../config';
import { adminToken, gatewayUrl } from '../cli-environment';
import { CliError } from '../cli-error';
import { GatewayClient } from '../gateway-client';

interface DeadLetter {
  readonly id: string;
  readonly event_type: string;
  readonly attempts: number;
  readonly updated_at: string;
  readonly issuer: string;
  readonly last_error?: { code: string; message: string; correlationId?: string };
}

interface AdminOptions {
  readonly url?: string;
  readonly adminToken?: string;
  readonly eventType?: string;
  readonly errorCode?: string;
}

export function deadLettersCommand(program: Command, env: Environment): void {
  const group = program
    .command('dead-letters')
    .description('list or replay events Genesys refused for good (admin API)');
  const common = (command: Command) =>
    command
      .option('--url <url>', 'gateway base URL (default http://127.0.0.1:$PORT)')
      .option('--admin-token <token>', 'admin token (default $ADMIN_TOKEN)')
      .option('--event-type <type>', 'only this mapped event type')
      .option('--error-code <code>', 'only this Genesys error code (e.g. bad.request)');
  const client = (options: AdminOptions) =>
    new GatewayClient(gatewayUrl(env, options.url), adminToken(env, options.adminToken));

  common(group.command('list'))
    .description('print dead letters, newest first')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print the raw JSON')
    .action(async (options: AdminOptions & { limit: string; json?: boolean }) => {
      const query = new URLSearchParams({ limit: options.limit });
      if (options.eventType) {
        query.set('event_type', options.eventType);
      }
      if (options.errorCode) {
        query.set('error_code', options.errorCode);
      }
      const { body } = await client(options).request<{ items: DeadLetter[] }>(
        'GET',
        `/admin/dead-letters?${query.toString()}`,
      );
      if (options.json) {
        process.stdout.write(`${JSON.stringify(body.items, null, 2)}\n`);
        return;
      }
      if (body.items.length === 0) {
        process.stdout.write('No dead letters.\n');
        return;
      }
      for (const item of body.items) {
        const error = item.last_error;
        process.stdout.write(
          `${item.id}  ${item.updated_at}  ${item.event_type}  attempts=${item.attempts}  ` +
            `${error ? `${error.code}: ${error.message}` : ''}` +
            `${error?.correlationId ? `  (ININ-Correlation-Id ${error.correlationId})` : ''}\n`,
        );
      }
    });

  common(group.command('replay'))
    .description('send dead letters again with their original idempotency keys')
    .argument('[id]', 'one dead letter; omit it and pass --all or a filter to replay many')
    .option('--all', 'every dead letter (with the filters, if any)')
    .action(async (id: string | undefined, options: AdminOptions & { all?: boolean }) => {
      if (!id && !options.all && !options.eventType && !options.errorCode) {
        throw new CliError('Name a dead letter id, or pass --all (optionally with filters).', 2);
      }
      const { body } = id
        ? await client(options).request<{ replayed: number }>(
            'POST',
            `/admin/dead-letters/${encodeURIComponent(id)}/replay`,
            { expect: [200, 202] },
          )
        : await client(options).request<{ replayed: number }>(
            'POST',
            '/admin/dead-letters/replay',
            {
              expect: [200, 202],
              body: JSON.stringify({
                ...(options.eventType ? { event_type: options.eventType } : {}),
                ...(options.errorCode ? { error_code: options.errorCode } : {}),
              }),
            },
          );
      process.stdout.write(`Replayed ${body.replayed} dead letter(s).\n`);
    });
}
