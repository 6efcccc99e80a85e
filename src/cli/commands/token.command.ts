import type { Command } from 'commander';
import { type Environment, resolveDataDir, SANDBOX_DEFAULTS } from '../../config';
import { ensureDevKeys, mintDevToken } from '../../sandbox';
import { CliError } from '../cli-error';

export function tokenCommand(program: Command, env: Environment): void {
  program
    .command('token')
    .description('mint a dev token signed by the sandbox key in DATA_DIR/dev-keys')
    .option('--ttl <seconds>', 'lifetime', '3600')
    .option('--sub <subject>', 'subject claim', 'dev')
    .option('--iss <issuer>', 'issuer claim (default LEGACY_JWT_ISSUER or legacy-dev)')
    .option('--aud <audience>', 'audience claim (default LEGACY_JWT_AUDIENCE)')
    .action((options: { ttl: string; sub: string; iss?: string; aud?: string }) => {
      const ttl = Number(options.ttl);
      if (!Number.isInteger(ttl) || ttl <= 0) {
        throw new CliError('--ttl must be a positive number of seconds', 2);
      }
      const keys = ensureDevKeys(resolveDataDir(env));
      process.stdout.write(
        `${mintDevToken(keys.privateKey, {
          issuer: options.iss ?? env.LEGACY_JWT_ISSUER ?? SANDBOX_DEFAULTS.issuer,
          audience: options.aud ?? env.LEGACY_JWT_AUDIENCE ?? SANDBOX_DEFAULTS.audience,
          subject: options.sub,
          ttlSec: ttl,
        })}\n`,
      );
    });
}
