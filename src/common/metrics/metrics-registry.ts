import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Prometheus registry per app (not prom-client's global one, so test apps never collide).
 * Global so any recorder can add its instruments without importing the /metrics module.
 */
export class MetricsRegistry extends Registry {}

@Global()
@Module({
  providers: [
    {
      provide: MetricsRegistry,
      useFactory: () => {
        const registry = new MetricsRegistry();
        collectDefaultMetrics({ register: registry, prefix: 'gateway_' });
        return registry;
      },
    },
  ],
  exports: [MetricsRegistry],
})
export class MetricsRegistryModule {}
