import { Controller, Get, Inject, Param } from '@nestjs/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { LegacyPrincipal } from '../auth/principal';
import { DomainError } from '../common/problem/domain-error';
import { Outbox } from '../outbox/outbox';
import { type EventStatusView, toEventStatusView } from './event-status.view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Controller('events')
export class EventsController {
  constructor(@Inject(Outbox) private readonly outbox: Outbox) {}

  /** Delivery status of one event; callers see only their own issuer's events. */
  @Get(':id')
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
