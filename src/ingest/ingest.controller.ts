import { All, Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExcludeEndpoint,
  ApiHeader,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
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
import { ApiProblems } from '../openapi/api-problems.decorator';
import { IngestAnswerSchema } from '../openapi/response.schemas';

@ApiTags('ingest')
@Controller('ingest')
export class IngestController {
  constructor(@Inject(IngestService) private readonly ingestService: IngestService) {}

  /** 202 once the event is durably stored; 200 after delivery when `Prefer: wait=N` is sent. */
  @Post()
  @HttpCode(202)
  @ApiBearerAuth('legacy-jwt')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: '1-255 printable ASCII; derived from the event when absent',
  })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description: 'wait=N (N <= 30): answer after delivery',
  })
  @ApiResponse({
    status: 202,
    type: IngestAnswerSchema,
    description:
      'Stored durably; delivery runs in the background (or a replay, with Idempotent-Replayed: true)',
  })
  @ApiResponse({
    status: 200,
    type: IngestAnswerSchema,
    description: 'Prefer: wait and Genesys accepted the event',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
    'IDEMPOTENCY_KEY_INVALID',
    'AUTH_MISSING_TOKEN',
    'AUTH_INVALID_TOKEN',
    'IDEMPOTENCY_IN_PROGRESS',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'IDEMPOTENCY_KEY_REUSED',
    'DELIVERY_FAILED',
    'BACKLOG_FULL',
    'STORE_UNAVAILABLE',
    'SHUTTING_DOWN',
  )
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
  @ApiExcludeEndpoint()
  methodNotAllowed(): never {
    throw new DomainError('METHOD_NOT_ALLOWED', 'Use POST to send events to /ingest.', {
      headers: { Allow: 'POST' },
    });
  }
}
