import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MetricsAuth } from '../auth';
import { ApiProblems } from '../openapi';
import { MetricsRegistry } from '../common';

@Controller('metrics')
@MetricsAuth()
@ApiTags('operations')
@ApiBearerAuth('metrics')
@ApiProblems('ADMIN_UNAUTHORIZED', 'METRICS_DISABLED')
export class MetricsController {
  constructor(@Inject(MetricsRegistry) private readonly registry: MetricsRegistry) {}

  /** Prometheus text format; needs METRICS_TOKEN (or ADMIN_TOKEN) as a bearer token. */
  @Get()
  @ApiOkResponse({
    description: 'Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
