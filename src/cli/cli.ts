#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError, loadEnvironment } from '../config';
import { CliError } from './cli-error';
import { checkCommand } from './commands/check.command';
import { contractsCommand } from './commands/contracts.command';
import { deadLettersCommand } from './commands/dead-letters.command';
import { sendCommand } from './commands/send.command';
import { tokenCommand } from './commands/token.command';

/**
 * `npx genesys-event-gateway <command>` (or `npm run cli -- <command>`). Exit codes: 0 done,
 * 1 the work failed (events refused, checks failed), 2 usage or configuration error. User errors
 * are one line on stderr, never a stack trace.
 */
async function main(argv: readonly string[]): Promise<number> {
  const env = loadEnvironment();
  const program = new Command()
    .name('genesys-event-gateway')
    .description(
      'Tools for the Genesys event gateway: tokens, sending events, dead letters, checks, contracts.',
    )
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  tokenCommand(program, env);
  sendCommand(program, env);
  deadLettersCommand(program, env);
  checkCommand(program, env);
  contractsCommand(program, env);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `Unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
