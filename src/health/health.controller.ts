import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import { ApiProblems } from '../openapi';
import { Public } from '../auth';
import { DomainError } from '../common';
import { ReadinessIndicators } from './readiness.indicators';

@Controller('health')
@Public()
@ApiTags('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(ReadinessIndicators) private readonly indicators: ReadinessIndicators,
  ) {}

  /**
   * Liveness: the process answers and its embedded store can still work. Nothing external, so a
   * Genesys or Redis outage never restarts pods.
   */
  @Get('live')
  // Terminus would document its own 503 body; ours is problem+json, so we describe it.
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Alive: the process answers and its store thread runs' })
  @ApiProblems('NOT_LIVE')
  live(): Promise<HealthCheckResult> {
    return this.checked(
      [() => this.indicators.storeAliveCheck()],
      'NOT_LIVE',
      'This replica must be restarted: its store thread stopped.',
    );
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({
    description:
      'Ready: not draining, store answering, backlog under its bound, every contract fits its destination',
  })
  @ApiProblems('NOT_READY')
  ready(): Promise<HealthCheckResult> {
    return this.checked(
      [
        () => this.indicators.lifecycleCheck(),
        () => this.indicators.storeCheck(),
        () => this.indicators.contractsCheck(),
        () => this.indicators.genesysInfo(),
      ],
      'NOT_READY',
      'This replica cannot accept events right now.',
    );
  }

  /** Terminus reports "down" as a 503 HttpException; we answer it as problem+json with the checks. */
  private async checked(
    indicators: HealthIndicatorFunction[],
    downCode: 'NOT_LIVE' | 'NOT_READY',
    downDetail: string,
  ): Promise<HealthCheckResult> {
    try {
      return await this.health.check(indicators);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        throw new DomainError(downCode, downDetail, {
          extensions: { checks: error.getResponse() },
          retryAfterSec: 5,
        });
      }
      throw error;
    }
  }
}
