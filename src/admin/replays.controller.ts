import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AdminOnly } from '../auth';
import { DomainError } from '../common';
import { ApiProblems } from '../openapi';
import { ReplayJobRequestDto } from './replay-job.dto';
import { ReplayJobs, type ReplayJobView } from './replay-jobs.service';

/** Bulk replay: a dry-run count first, then a job with progress and cancel, on any replica. */
@Controller('admin/replays')
@AdminOnly()
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiProblems('ADMIN_UNAUTHORIZED', 'ADMIN_DISABLED', 'VALIDATION_FAILED')
export class ReplaysController {
  constructor(@Inject(ReplayJobs) private readonly jobs: ReplayJobs) {}

  /** `dry_run: true` answers how many dead letters match (200); otherwise starts the job (202). */
  @Post()
  async start(
    @Body() body: ReplayJobRequestDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplayJobView | { dry_run: true; count: number }> {
    const filter = { eventType: body.event_type, errorCode: body.error_code };
    if (body.dry_run) {
      return { dry_run: true, count: await this.jobs.count(filter) };
    }
    const job = await this.jobs.start(filter, req);
    res.status(202).setHeader('Location', `/admin/replays/${job.id}`);
    return job;
  }

  @Get(':id')
  @ApiProblems('NOT_FOUND')
  async get(@Param('id') id: string): Promise<ReplayJobView> {
    return this.found(id, await this.jobs.get(id));
  }

  /** Stops the job after its current chunk; what was replayed stays replayed. */
  @Post(':id/cancel')
  @HttpCode(202)
  @ApiProblems('NOT_FOUND')
  async cancel(@Param('id') id: string, @Req() req: Request): Promise<ReplayJobView> {
    return this.found(id, await this.jobs.cancel(id, req));
  }

  private found(id: string, job: ReplayJobView | undefined): ReplayJobView {
    if (!job) {
      throw new DomainError('NOT_FOUND', `No replay job ${id}.`);
    }
    return job;
  }
}
