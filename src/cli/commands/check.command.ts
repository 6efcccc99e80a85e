import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import {
  validatedConfigModule,
  type Environment,
  isSandboxMode,
  parseConfig,
  resolveDataDir,
} from '../../config';
import { ensureDevKeys, sandboxEnvironment } from '../../sandbox';
import { CliError } from '../cli-error';

/** The configuration as the gateway would read it, then the start-up checks against Genesys. */
export function checkCommand(program: Command, env: Environment): void {
  program
    .command('check')
    .description(
      'validate the configuration, then log in to Genesys and prove each permission the gateway needs',
    )
    .action(async () => {
      if (isSandboxMode(env)) {
        // What `npm start` would run: the sandbox fills in the Genesys URLs and the dev key.
        const keys = ensureDevKeys(resolveDataDir(env));
        parseConfig(
          sandboxEnvironment(env, { api: 'http://127.0.0.1:1', login: 'http://127.0.0.1:2' }, keys),
        );
        process.stdout.write('ok   configuration: every variable is valid (sandbox mode)\n');
        process.stdout.write('skip genesys: no Genesys credentials configured (sandbox mode)\n');
        return;
      }
      const config = parseConfig(env);
      process.stdout.write('ok   configuration: every variable is valid\n');
      // Loaded here, not at the top: every other command starts without the Nest modules.
      const { GenesysModule, GenesysTargetCheck } = await import('../../genesys');
      const { loadContractsFile } = await import('../../contracts');
      const { MetricsRegistryModule } = await import('../../common');
      @Module({ imports: [validatedConfigModule(config), MetricsRegistryModule, GenesysModule] })
      class CheckModule {}
      const app = await NestFactory.createApplicationContext(CheckModule, {
        logger: false,
        abortOnError: false,
      });
      try {
        // Every configuration events go to: the contracts' (CONTRACTS_FILE) or the global one.
        const contracts = config.contracts.file
          ? loadContractsFile(config.contracts.file, config.auth.issuers)
          : undefined;
        contracts?.problems.forEach((p) => process.stdout.write(`FAIL contracts: ${p}\n`));
        const steps = await app.get(GenesysTargetCheck).run({
          configurationIds: contracts?.set?.configurationIds(),
          probeEventsPermission: true,
        });
        steps.forEach((s) =>
          process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}\n`),
        );
        if (!steps.every((s) => s.ok) || (contracts && !contracts.set)) {
          throw new CliError('Genesys is not ready for this gateway (see FAIL lines).');
        }
      } finally {
        await app.close();
      }
    });
}
