import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import {
  AdminConfig,
  type AppConfig,
  AuthConfig,
  ConsoleConfig,
  ContractsConfig,
  DeliveryConfig,
  GenesysConfig,
  HealthConfig,
  IngestConfig,
  MappingConfig,
  OutboxConfig,
  ServerConfig,
} from './app-config';

@Module({})
class ConfigSlicesModule {}

/** Each slice's class, by its key in AppConfig. */
const SLICES = {
  server: ServerConfig,
  auth: AuthConfig,
  console: ConsoleConfig,
  ingest: IngestConfig,
  genesys: GenesysConfig,
  mapping: MappingConfig,
  contracts: ContractsConfig,
  outbox: OutboxConfig,
  delivery: DeliveryConfig,
  admin: AdminConfig,
  health: HealthConfig,
} as const satisfies Partial<Record<keyof AppConfig, abstract new () => unknown>>;

/**
 * @nestjs/config holding the already validated configuration, and one provider per module's slice
 * (see app-config.ts) read from it. ConfigModule is told not to read process.env or a .env file
 * behind our back: only config/environment.ts reads them.
 */
export async function validatedConfigModule(config: AppConfig): Promise<DynamicModule> {
  const keys = Object.keys(SLICES) as Array<keyof typeof SLICES>;
  const slices: Provider[] = keys.map((key) => ({
    provide: SLICES[key],
    useFactory: (service: ConfigService<AppConfig, true>): unknown =>
      service.get(key, { infer: true }),
    inject: [ConfigService],
  }));
  return {
    module: ConfigSlicesModule,
    global: true,
    imports: [
      await ConfigModule.forRoot({
        ignoreEnvFile: true,
        skipProcessEnv: true,
        load: [() => ({ ...config })],
      }),
    ],
    providers: slices,
    exports: Object.values(SLICES),
  };
}
