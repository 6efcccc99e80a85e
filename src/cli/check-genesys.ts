import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { validatedConfigModule } from '../config/config.module';
import { loadEnvironment } from '../config/environment';
import { parseConfig } from '../config/parse-config';
import { GenesysModule } from '../genesys/genesys.module';
import { GenesysTargetCheck } from '../genesys/target-check.service';

/** `npm run check:genesys`: the start-up check on its own; exit 0 when Genesys is ready for us. */
async function main(): Promise<number> {
  const config: AppConfig = parseConfig(loadEnvironment());
  if (config.sandbox) {
    process.stderr.write('No Genesys credentials configured (sandbox mode): nothing to check.\n');
    return 2;
  }
  @Module({
    imports: [validatedConfigModule(config), GenesysModule],
  })
  class CheckModule {}
  const app = await NestFactory.createApplicationContext(CheckModule, { logger: ['error'] });
  try {
    const steps = await app.get(GenesysTargetCheck).run();
    steps.forEach((s) =>
      process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'} ${s.step}: ${s.detail}\n`),
    );
    return steps.every((s) => s.ok) ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `check failed: ${String(error)}`}\n`,
    );
    process.exit(2);
  },
);
