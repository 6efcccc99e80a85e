import { Logger } from '@nestjs/common';
import { startApp } from './bootstrap';
import { ConfigError, loadEnvironment, isSandboxMode, parseConfig } from './config';
import { sandboxBanner, startSandboxMode, type SandboxSetup } from './sandbox';

async function main(): Promise<void> {
  let env = loadEnvironment();
  let setup: SandboxSetup | undefined;
  if (isSandboxMode(env) && env.NODE_ENV !== 'production') {
    setup = await startSandboxMode(env);
    env = setup.env;
  }
  const config = parseConfig(env);
  const app = await startApp(config);
  if (setup) {
    const sandbox = setup.sandbox;
    app.getHttpServer().on('close', () => void sandbox.stop());
  }
  const url = `http://${config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host}:${config.server.port}`;
  const logger = new Logger('Gateway');
  config.warnings.forEach((warning) => logger.warn(warning));
  logger.log(`Listening on ${url} (Genesys API ${config.genesys.apiUrl})`);
  if (setup) {
    logger.warn(
      'SANDBOX MODE: events are delivered to a local imitation of Genesys, not to Genesys Cloud.',
    );
    process.stdout.write(
      `\n${sandboxBanner(setup, url, config.auth.issuers[0].issuer, config.auth.issuers[0].audience, config.auth.adminToken, config.contracts.file)}\n`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
