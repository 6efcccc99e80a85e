import { loadEnvironment } from '../config/environment';
import { resolveDataDir } from '../config/parse-config';
import { ensureDevKeys, mintDevToken } from '../sandbox/dev-keys';

/**
 * `npm run token [-- --ttl 3600 --sub erp-1]`: mints a dev token signed by the sandbox key in
 * DATA_DIR/dev-keys, for the issuer and audience the gateway is configured with.
 */
function main(argv: readonly string[]): void {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    args.set(argv[i].replace(/^--/, ''), argv[i + 1] ?? '');
  }
  if (args.has('help')) {
    process.stdout.write(
      'Usage: npm run token -- [--ttl seconds] [--sub subject] [--iss issuer] [--aud audience]\n',
    );
    return;
  }
  const env = loadEnvironment();
  const ttl = Number(args.get('ttl') ?? 3600);
  if (!Number.isInteger(ttl) || ttl <= 0) {
    process.stderr.write('--ttl must be a positive number of seconds\n');
    process.exit(2);
  }
  const keys = ensureDevKeys(resolveDataDir(env));
  process.stdout.write(
    `${mintDevToken(keys.privateKey, {
      issuer: args.get('iss') ?? env.LEGACY_JWT_ISSUER ?? 'legacy-dev',
      audience: args.get('aud') ?? env.LEGACY_JWT_AUDIENCE ?? 'genesys-event-gateway',
      subject: args.get('sub'),
      ttlSec: ttl,
    })}\n`,
  );
}

main(process.argv.slice(2));
