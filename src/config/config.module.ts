import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { AppConfig } from './app-config';

/**
 * @nestjs/config fed with the already validated configuration: nothing reads process.env or a
 * .env file behind our back, and each module reads its typed namespace with ConfigService.
 */
export function validatedConfigModule(config: AppConfig): Promise<DynamicModule> {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    skipProcessEnv: true,
    load: [() => ({ ...config })],
  });
}
