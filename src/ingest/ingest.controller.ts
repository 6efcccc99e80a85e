import { All, Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { LegacyPrincipal } from '../auth/principal';
import { DomainError } from '../common/problem/domain-error';
import { LegacyEventDto } from './dto/legacy-event.dto';
import { parseIdempotencyKeyHeader } from './idempotency';
import type { IngestResponseBody } from './ingest-result';
import { IngestService } from './ingest.service';
import { parsePreferWait } from './prefer-wait';

@Controller('ingest')
export class IngestController {
  constructor(@Inject(IngestService) private readonly ingestService: IngestService) {}

  /** 202 once the event is durably stored; 200 after delivery when `Prefer: wait=N` is sent. */
  @Post()
  @HttpCode(202)
  async ingest(
    @Body() event: LegacyEventDto,
    @CurrentPrincipal() principal: LegacyPrincipal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResponseBody> {
    const result = await this.ingestService.ingest(event, principal, {
      idempotencyKey: parseIdempotencyKeyHeader(idempotencyKey),
      waitSec: parsePreferWait(prefer),
    });
    res.status(result.httpStatus).location(`/events/${result.body.id}`);
    if (result.replayed) {
      res.setHeader('Idempotent-Replayed', 'true');
    }
    if (result.waitedSec !== undefined) {
      res.setHeader('Preference-Applied', `wait=${result.waitedSec}`);
    }
    return result.body;
  }

  @All()
  @Public()
  methodNotAllowed(): never {
    throw new DomainError('METHOD_NOT_ALLOWED', 'Use POST to send events to /ingest.', {
      headers: { Allow: 'POST' },
    });
  }
}
