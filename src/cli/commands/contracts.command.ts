import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import {
  validatedConfigModule,
  ConfigError,
  type Environment,
  isSandboxMode,
  parseConfig,
} from '../../config';
import type { ContractRegistry } from '../../contracts';
import { startSandboxMode } from '../../sandbox';
import { CliError } from '../cli-error';

/**
 * `contracts check`: the file, then each contract against its Genesys destination (exit 1 when one
 * cannot fit). `contracts preview --issuer X body.json`: the entity a body would become, or the
 * errors its sender would get. Both use the gateway's own registry; in sandbox mode against the
 * sandbox's configurations, as `npm start` would.
 */
export function contractsCommand(program: Command, env: Environment): void {
  const contracts = program
    .command('contracts')
    .description('check CONTRACTS_FILE against Genesys, or preview what a body becomes');
  contracts
    .command('check')
    .description('validate CONTRACTS_FILE and check every contract against its destination schema')
    .action(() =>
      withRegistry(env, (registry) => {
        const statuses = registry.statuses();
        process.stdout.write(`ok   file: ${statuses.length} contracts\n`);
        for (const s of statuses) {
          const label = s.status === 'live' ? 'ok  ' : s.status === 'misfit' ? 'FAIL' : 'WARN';
          const detail = s.problems.length > 0 ? `: ${s.problems.join('; ')}` : ' fits';
          process.stdout.write(
            `${label} ${s.contract} -> configuration ${s.configurationId}${detail}\n`,
          );
        }
        if (statuses.some((s) => s.status !== 'live')) {
          throw new CliError(
            'Not every contract could be verified against Genesys (see WARN lines).',
          );
        }
      }),
    );
  contracts
    .command('preview')
    .description('show the entity a legacy body would become (stores and sends nothing)')
    .requiredOption('--issuer <iss>', 'the JWT iss of the legacy system that sends the body')
    .argument('<file>', 'a JSON file with one legacy event body')
    .action((file: string, options: { issuer: string }) =>
      withRegistry(env, async (registry) => {
        // Loaded here, not at the top: every other command starts without the Nest modules.
        const { contractEventKey } = await import('../../ingest');
        const { mappedToExternalEvent } = await import('../../genesys');
        const { DomainError } = await import('../../common');
        const body = readJson(file);
        try {
          const resolved = registry.resolve(options.issuer, body);
          const key = contractEventKey(options.issuer, resolved.contract, resolved.identity);
          process.stdout.write(
            `${JSON.stringify(
              {
                contract: resolved.contract,
                configurationId: resolved.event.configurationId,
                entity: mappedToExternalEvent(key.idempotencyKey, resolved.event),
              },
              null,
              2,
            )}\n`,
          );
        } catch (error) {
          if (error instanceof DomainError) {
            const lines = (error.options.errors ?? []).map((e) => `  ${e.message}`);
            const head = lines.length > 0 ? `${error.code}:` : `${error.code}: ${error.detail}`;
            throw new CliError([head, ...lines].join('\n'));
          }
          throw error;
        }
      }),
    );
}

async function withRegistry(
  env: Environment,
  work: (registry: ContractRegistry) => void | Promise<void>,
): Promise<void> {
  if (!env.CONTRACTS_FILE) {
    throw new CliError('Set CONTRACTS_FILE to the contracts file to check.', 2);
  }
  const setup = isSandboxMode(env) ? await startSandboxMode(env) : undefined;
  try {
    const config = parseConfig(setup?.env ?? env);
    const { ContractRegistry, ContractsModule } = await import('../../contracts');
    const { MetricsRegistryModule } = await import('../../common');
    @Module({ imports: [validatedConfigModule(config), MetricsRegistryModule, ContractsModule] })
    class ContractsCheckModule {}
    let app;
    try {
      app = await NestFactory.createApplicationContext(ContractsCheckModule, {
        logger: false,
        abortOnError: false,
      });
    } catch (error) {
      if (error instanceof ConfigError) {
        error.problems.forEach((p) => process.stdout.write(`FAIL ${p}\n`));
        throw new CliError('CONTRACTS_FILE cannot be put in force (see FAIL lines).');
      }
      throw error;
    }
    try {
      await work(app.get(ContractRegistry));
    } finally {
      await app.close();
    }
  } finally {
    await setup?.sandbox.stop();
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    throw new CliError(`${file}: cannot read it as JSON`, 2);
  }
}
