import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AdminModule } from './admin';
import { AuthModule } from './auth';
import { ConsoleModule } from './console';
import { JsonBodyModule, LifecycleModule, MetricsRegistryModule } from './common';
import { type AppConfig, validatedConfigModule } from './config';
import { DeliveryModule } from './delivery';
import { HealthModule } from './health';
import { IngestModule } from './ingest';
import { pinoOptions } from './logging';
import { MetricsModule } from './metrics';
import { IssuerThrottleModule } from './throttle';

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
