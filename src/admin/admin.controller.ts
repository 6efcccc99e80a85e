import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, AuditListingSchema, ReplayAnswerSchema } from '../openapi';
import { AdminOnly } from '../auth';
import { DomainError } from '../common';
import { AdminConfig } from '../config';

import { DeliveryMetrics } from '../delivery';
import { GenesysMetrics } from '../genesys';
import { DeliveryNotifier, Outbox, type OutboxStats } from '../outbox';
import { AuditLog } from './audit-log';
import { CursorPageDto } from './cursor-page.dto';
import { DeadLetterFilterDto, DeadLetterQueryDto } from './dead-letter-query.dto';
import { type EventSummaryView, toEventSummaryView } from './event-detail.view';

const DEAD_LETTER_SAMPLES = 3;

/** Dead letters and replay, behind ADMIN_TOKEN; legacy JWTs are never accepted here. */
@Controller('admin')
@AdminOnly()
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiProblems('ADMIN_UNAUTHORIZED', 'ADMIN_DISABLED', 'VALIDATION_FAILED')
export class AdminController {
  private readonly maxAgeMs: number;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(DeliveryNotifier) private readonly notifier: DeliveryNotifier,
    @Inject(DeliveryMetrics) private readonly deliveryMetrics: DeliveryMetrics,
    @Inject(GenesysMetrics) private readonly genesysMetrics: GenesysMetrics,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(AdminConfig) config: AdminConfig,
  ) {
    this.maxAgeMs = config.maxAgeMs;
  }

  @Get('dead-letters')
  async listDeadLetters(
    @Query() query: DeadLetterQueryDto,
  ): Promise<{ items: EventSummaryView[]; limit: number; offset: number }> {
    const page = { limit: query.limit ?? 50, offset: query.offset ?? 0 };
    const items = await this.outbox.listDead(
      { eventType: query.event_type, errorCode: query.error_code },
      page,
    );
    return { items: items.map(toEventSummaryView), ...page };
  }

  /** Dead letters per error code, largest group first, each with its newest few events. */
  @Get('dead-letters/groups')
  async deadLetterGroups(@Query() filter: DeadLetterFilterDto): Promise<{
    total: number;
    groups: Array<{ error_code: string | null; count: number; samples: EventSummaryView[] }>;
  }> {
    const groups = await this.outbox.deadLetterGroups({
      eventType: filter.event_type,
      errorCode: filter.error_code,
    });
    const views = await Promise.all(
      groups.map(async (group) => ({
        error_code: group.errorCode ?? null,
        count: group.count,
        // Events dead without a code (none so far) have no filter to sample them by.
        samples: group.errorCode
          ? (
              await this.outbox.listDead(
                { eventType: filter.event_type, errorCode: group.errorCode },
                { limit: DEAD_LETTER_SAMPLES, offset: 0 },
              )
            ).map(toEventSummaryView)
          : [],
      })),
    );
    return { total: groups.reduce((n, g) => n + g.count, 0), groups: views };
  }

  /** Replays one dead letter with its original idempotency key and a fresh delivery deadline. */
  @Post('dead-letters/:id/replay')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: ReplayAnswerSchema })
  @ApiProblems('NOT_FOUND')
  async replayOne(@Param('id') id: string, @Req() req: Request): Promise<{ replayed: number }> {
    const now = Date.now();
    const replayed = await this.outbox.replayDead({ id }, now, now + this.maxAgeMs);
    if (replayed === 0) {
      throw new DomainError('NOT_FOUND', `No dead letter ${id}.`);
    }
    this.notifier.wake();
    await this.audit.record(req, 'replay', { id, replayed });
    return { replayed };
  }

  /** Replays every dead letter that matches the filter (all of them when the body is empty). */
  @Post('dead-letters/replay')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: ReplayAnswerSchema })
  async replayMany(
    @Body() filter: DeadLetterFilterDto,
    @Req() req: Request,
  ): Promise<{ replayed: number }> {
    const now = Date.now();
    const replayed = await this.outbox.replayDead(
      { eventType: filter.event_type, errorCode: filter.error_code },
      now,
      now + this.maxAgeMs,
    );
    this.notifier.wake();
    const applied = { event_type: filter.event_type, error_code: filter.error_code };
    await this.audit.record(req, 'replay-filter', { filter: applied, replayed });
    return { replayed };
  }

  /** Operator actions (replays), newest first, from every replica: who did what, and when. */
  @Get('audit')
  @ApiResponse({ status: 200, type: AuditListingSchema })
  async listAudit(@Query() query: CursorPageDto): Promise<{
    items: Array<Record<string, unknown>>;
    next_cursor?: string;
  }> {
    const page = await this.outbox.listAudit({ limit: query.limit ?? 50, cursor: query.cursor });
    return {
      items: page.items.map((entry) => ({
        id: entry.id,
        at: new Date(entry.at).toISOString(),
        actor: entry.actor,
        action: entry.action,
        detail: entry.detail,
        ...(entry.requestId ? { request_id: entry.requestId } : {}),
      })),
      ...(page.nextCursor ? { next_cursor: page.nextCursor } : {}),
    };
  }

  /** Store counts plus delivery counters (calls, batch sizes, breaker) and Genesys call counters. */
  @Get('stats')
  async stats(): Promise<OutboxStats & { delivery: DeliveryMetrics; genesys: GenesysMetrics }> {
    return {
      ...(await this.outbox.stats(Date.now())),
      delivery: this.deliveryMetrics,
      genesys: this.genesysMetrics,
    };
  }
}
