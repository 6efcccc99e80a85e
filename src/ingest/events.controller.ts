import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type LegacyPrincipal } from '../auth';
import { DomainError } from '../common';
import { Outbox } from '../outbox';
import { type EventStatusView, toEventStatusView } from './event-status.view';
import { ApiProblems, EventStatusSchema } from '../openapi';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('ingest')
@ApiBearerAuth('legacy-jwt')
@Controller('events')
export class EventsController {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  /** Delivery status of one event; callers see only their own issuer's events. */
  @Get(':id')
  @ApiOkResponse({ type: EventStatusSchema })
  @ApiProblems('AUTH_MISSING_TOKEN', 'AUTH_INVALID_TOKEN', 'NOT_FOUND')
  async status(
    @Param('id') id: string,
    @CurrentPrincipal() principal: LegacyPrincipal,
  ): Promise<EventStatusView> {
    const stored = UUID.test(id) ? await this.outbox.get(id, principal.issuer) : undefined;
    if (!stored) {
      throw new DomainError('NOT_FOUND', `No event ${id} for this issuer.`);
    }
    return toEventStatusView(stored);
  }
}
