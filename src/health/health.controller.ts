import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { Public } from '../auth/auth.decorators';
import { DomainError } from '../common/problem/domain-error';
import { ReadinessIndicators } from './readiness.indicators';

@Controller('health')
@Public()
@ApiTags('health')
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
  // Terminus would document its own 503 body; ours is problem+json (NOT_READY), so we describe it.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Ready: not draining, store answering, backlog under its bound' })
  @ApiProblems('NOT_READY')
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
