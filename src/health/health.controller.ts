import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../common/problem/domain-error';
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
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.indicators.lifecycleCheck(),
        () => this.indicators.storeCheck(),
        () => this.indicators.genesysInfo(),
      ]);
    } catch (error) {
      // Terminus reports "down" as a 503 HttpException; answer it as our problem+json with the checks.
      if (error instanceof ServiceUnavailableException) {
        throw new DomainError('NOT_READY', 'This replica cannot accept events right now.', {
          extensions: { checks: error.getResponse() },
          retryAfterSec: 5,
        });
      }
      throw error;
    }
  }
}
