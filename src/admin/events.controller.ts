import { Controller, Delete, Get, HttpCode, Inject, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth';
import { DomainError } from '../common';
import { AdminConfig, type GenesysTarget } from '../config';
import { EventPublisher, type OutboundEvent } from '../genesys';
import { ApiProblems, EventDetailSchema, EventListingSchema } from '../openapi';
import { Outbox } from '../outbox';
import {
  type EventDetailView,
  type EventSummaryView,
  toEventDetailView,
  toEventSummaryView,
} from './event-detail.view';
import { redacted } from '../ingest';
import { AuditLog } from './audit-log';
import { EventQueryDto } from './event-query.dto';

/** Any stored event, whoever sent it, as an operator needs it: what was sent and every attempt. */
@Controller('admin/events')
@AdminOnly()
@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiProblems('ADMIN_UNAUTHORIZED', 'ADMIN_DISABLED')
export class EventsController {
  private readonly target: GenesysTarget;
  private readonly redact: ReadonlyArray<readonly string[]>;

  constructor(
    @Inject(Outbox) private readonly outbox: Outbox,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(AdminConfig) config: AdminConfig,
  ) {
    this.target = config.target;
    this.redact = config.redactFields;
  }

  /**
   * "Did order SO-1234 reach Genesys?": events by any reference, issuer, state, type or contract,
   * and acceptance time, newest first; `next_cursor` fetches the next page.
   */
  @Get()
  @ApiOkResponse({ type: EventListingSchema })
  @ApiProblems('VALIDATION_FAILED')
  async list(
    @Query() query: EventQueryDto,
  ): Promise<{ items: EventSummaryView[]; next_cursor?: string }> {
    const listing = await this.outbox.listEvents(
      {
        ref: query.ref,
        issuer: query.issuer,
        state: query.state,
        eventType: query.event_type,
        from: query.from === undefined ? undefined : Date.parse(query.from),
        to: query.to === undefined ? undefined : Date.parse(query.to),
      },
      { limit: query.limit ?? 50, cursor: query.cursor },
    );
    return {
      items: listing.items.map(toEventSummaryView),
      ...(listing.nextCursor ? { next_cursor: listing.nextCursor } : {}),
    };
  }

  /** The event's state, its request body to Genesys, and its last attempts with Genesys' answers. */
  @Get(':id')
  @ApiOkResponse({ type: EventDetailSchema })
  @ApiProblems('NOT_FOUND')
  async get(@Param('id') id: string): Promise<EventDetailView> {
    const stored = await this.outbox.get(id);
    if (!stored) {
      throw new DomainError('NOT_FOUND', `No event ${id}.`);
    }
    const outbound: OutboundEvent = {
      id: stored.id,
      idempotencyKey: stored.idempotencyKey,
      event: stored.event,
    };
    const route = this.publisher.routeOf(outbound);
    return toEventDetailView(
      stored,
      { target: this.target, ...(route ? { route } : {}) },
      // The same pointers hide what the entity carries of them (a mapped e-mail, say).
      redacted(this.publisher.requestBodyOf(outbound) ?? null, this.redact),
    );
  }

  /**
   * Erases the body the legacy system sent (a privacy request); the delivery record, the entity
   * and the attempts stay. Audited.
   */
  @Delete(':id/body')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'erased' })
  @ApiProblems('NOT_FOUND')
  async eraseBody(@Param('id') id: string, @Req() req: Request): Promise<void> {
    if (!(await this.outbox.eraseBody(id))) {
      throw new DomainError('NOT_FOUND', `No stored body for event ${id}.`);
    }
    await this.audit.record(req, 'erase-body', { id });
  }
}
