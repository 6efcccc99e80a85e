import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { GenesysModule } from '../genesys';
import { OutboxModule } from '../outbox';
import { IngestMetricsMiddleware } from './ingest-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { StoreMetricsCollector } from './store-metrics.collector';

@Module({
  imports: [OutboxModule, GenesysModule],
  controllers: [MetricsController],
  providers: [StoreMetricsCollector],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(IngestMetricsMiddleware)
      .forRoutes({ path: 'ingest', method: RequestMethod.POST });
  }
}
