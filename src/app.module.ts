import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { JsonBodyModule } from './common/http/json-body.module';
import { LifecycleModule } from './common/lifecycle/lifecycle.module';
import type { AppConfig } from './config/app-config';
import { validatedConfigModule } from './config/config.module';
import { DeliveryModule } from './delivery/delivery.module';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { MetricsRegistryModule } from './common/metrics/metrics-registry';
import { pinoOptions } from './logging/pino-options';
import { MetricsModule } from './metrics/metrics.module';
import { IssuerThrottleModule } from './throttle/issuer-throttle.module';

@Module({})
export class AppModule {
  /** The configuration is parsed and validated before the module graph is built. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        validatedConfigModule(config),
        LoggerModule.forRoot(pinoOptions(config)),
        JsonBodyModule,
        LifecycleModule,
        MetricsRegistryModule,
        AuthModule,
        IssuerThrottleModule,
        IngestModule,
        DeliveryModule,
        AdminModule,
        ConsoleModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
