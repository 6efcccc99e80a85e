import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { ReadinessIndicators } from './readiness.indicators';

@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ReadinessIndicators) private readonly indicators: ReadinessIndicators,
  ) {}

  /** Liveness: the process answers. Nothing external, so a Genesys outage never restarts pods. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.indicators.lifecycleCheck(),
      () => this.indicators.storeCheck(),
      () => this.indicators.genesysInfo(),
    ]);
  }
}
