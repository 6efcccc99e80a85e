import { All, Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiExtraModels,
  ApiHeader,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, CurrentPrincipal, type LegacyPrincipal } from '../auth';
import { DomainError, rawBodyOf } from '../common';
import type { BodySpan } from '../outbox';
import { CloudEventDto } from './dto/cloud-event.dto';
import { LegacyEventDto } from './dto/legacy-event.dto';
import { EventDecoder } from './event-decoder';
import { headerEventKey, parseIdempotencyKeyHeader } from './idempotency';
import { answerBody, type IngestResponseBody } from './ingest-result';
import { IngestService } from './ingest.service';
import { EVENT_SCHEMA, postOnly } from './ingest-route.helpers';
import { bodyFormat } from './media-type';
import { requestIdOf } from '../logging';
import { parsePreferWait } from './prefer-wait';
import { ApiProblems, IngestAnswerSchema } from '../openapi';

@ApiTags('ingest')
@Controller('ingest')
export class IngestController {
  constructor(
    @Inject(IngestService) private readonly ingestService: IngestService,
    @Inject(EventDecoder) private readonly decoder: EventDecoder,
  ) {}

  /** 202 once the event is durably stored; 200 after delivery when `Prefer: wait=N` is sent. */
  @Post()
  @HttpCode(202)
  @ApiBearerAuth('legacy-jwt')
  @ApiConsumes('application/json', 'application/cloudevents+json')
  @ApiExtraModels(LegacyEventDto, CloudEventDto)
  @ApiBody({
    description:
      'A legacy event (application/json), or one structured CloudEvent (application/cloudevents+json) ' +
      'whose source + id is its idempotency key.',
    schema: {
      ...EVENT_SCHEMA,
    },
  })
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
    'NO_MATCHING_CONTRACT',
    'DELIVERY_FAILED',
    'BACKLOG_FULL',
    'STORE_UNAVAILABLE',
    'SHUTTING_DOWN',
    'CONTRACT_NOT_LIVE',
  )
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentPrincipal() principal: LegacyPrincipal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IngestResponseBody> {
    const format = bodyFormat(contentType, ['legacy', 'cloudevent']);
    const event =
      format === 'cloudevent'
        ? await this.decoder.cloudEvent(body)
        : await this.decoder.legacy(body);
    const headerKey = parseIdempotencyKeyHeader(idempotencyKey);
    if (
      headerKey !== undefined &&
      event.key !== undefined &&
      headerKey !== event.key.idempotencyKey
    ) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_INVALID',
        'A CloudEvent is identified by its source and id; send no Idempotency-Key with it.',
        { errors: [{ field: 'Idempotency-Key', message: 'not allowed with a CloudEvent' }] },
      );
    }
    const result = await this.ingestService.ingest(event, principal, {
      key: headerKey === undefined ? undefined : headerEventKey(headerKey),
      waitSec: parsePreferWait(prefer),
      requestId: requestIdOf(res),
      received: format === 'legacy' ? wholeBody(rawBodyOf(req)) : undefined,
    });
    // 200 only when the client waited and Genesys took the event; otherwise it is stored (202).
    const delivered = result.waitedSec !== undefined && result.state === 'delivered';
    res.status(delivered ? 200 : 202).location(`/events/${result.stored.id}`);
    if (result.replayed) {
      res.setHeader('Idempotent-Replayed', 'true');
    }
    if (result.waitedSec !== undefined) {
      res.setHeader('Preference-Applied', `wait=${result.waitedSec}`);
    }
    return answerBody(result);
  }

  @All()
  @Public()
  @ApiExcludeEndpoint()
  methodNotAllowed(): never {
    return postOnly('/ingest');
  }
}

/** The request's bytes as the one event's received body (after a UTF-8 byte order mark, if any). */
function wholeBody(bytes: Buffer | undefined): BodySpan | undefined {
  const bom = bytes !== undefined && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bytes && { bytes, start: bom ? 3 : 0, end: bytes.length };
}
