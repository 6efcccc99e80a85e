import { Controller, Get, Header, Inject } from '@nestjs/common';
import { MetricsAuth } from '../auth/auth.decorators';
import { MetricsRegistry } from './metrics-registry';

@Controller('metrics')
@MetricsAuth()
export class MetricsController {
  constructor(@Inject(MetricsRegistry) private readonly registry: MetricsRegistry) {}

  /** Prometheus text format; needs METRICS_TOKEN (or ADMIN_TOKEN) as a bearer token. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
