import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { LifecycleModule } from './common/lifecycle/lifecycle.module';
import type { AppConfig } from './config/app-config';
import { DeliveryModule } from './delivery/delivery.module';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';

@Module({})
export class AppModule {
  /** The configuration is parsed and validated before the module graph is built. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => ({ ...config })],
        }),
        LifecycleModule,
        AuthModule,
        IngestModule,
        DeliveryModule,
        AdminModule,
        HealthModule,
      ],
    };
  }
}
