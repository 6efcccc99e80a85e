import { All, Body, Controller, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, CurrentPrincipal, type LegacyPrincipal } from '../auth';
import { DomainError, jsonArrayItems, rawBodyOf } from '../common';
import type { BodySpan } from '../outbox';
import { requestIdOf } from '../logging';
import { ApiProblems, BatchAnswerSchema } from '../openapi';
import { BatchIngestService } from './batch-ingest.service';
import { EventDecoder } from './event-decoder';
import type { BatchAnswer } from './ingest-result';
import { EVENT_SCHEMA, postOnly } from './ingest-route.helpers';
import { bodyFormat } from './media-type';

/** Most events one batch may hold (the body limit, INGEST_MAX_BODY_BYTES, applies as well). */
export const MAX_BATCH_EVENTS = 500;

@ApiTags('ingest')
@Controller('ingest/batch')
export class BatchIngestController {
  constructor(
    @Inject(BatchIngestService) private readonly batches: BatchIngestService,
    @Inject(EventDecoder) private readonly decoder: EventDecoder,
  ) {}

  /** 200 with one result per item (accepted / replayed / rejected with its problem), in order. */
  @Post()
  @HttpCode(200)
  @ApiBearerAuth('legacy-jwt')
  @ApiConsumes('application/json', 'application/cloudevents-batch+json')
  @ApiBody({
    description: `1-${MAX_BATCH_EVENTS} legacy events (application/json) or structured CloudEvents (application/cloudevents-batch+json).`,
    schema: {
      type: 'array',
      maxItems: MAX_BATCH_EVENTS,
      items: {
        ...EVENT_SCHEMA,
      },
    },
  })
  @ApiOkResponse({
    type: BatchAnswerSchema,
    description: 'Each item stored or refused on its own; results[i] answers request item i',
  })
  @ApiProblems(
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
    'IDEMPOTENCY_KEY_INVALID',
    'AUTH_MISSING_TOKEN',
    'AUTH_INVALID_TOKEN',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'RATE_LIMITED',
    'BACKLOG_FULL',
    'STORE_UNAVAILABLE',
    'SHUTTING_DOWN',
  )
  async ingestBatch(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: LegacyPrincipal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BatchAnswer> {
    const format = bodyFormat(contentType, ['legacy', 'cloudevents-batch']);
    if (idempotencyKey !== undefined) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_INVALID',
        'A batch takes no Idempotency-Key: each event has its own (its CloudEvent source + id, or one derived from the event).',
        { errors: [{ field: 'Idempotency-Key', message: 'not allowed on /ingest/batch' }] },
      );
    }
    const items = checkedItems(body);
    const decoded = await this.decoder.decodeAll(items, format);
    // A legacy item is kept as it came; a CloudEvent's stored body is what was decoded from it.
    const raw = format === 'legacy' ? rawBodyOf(req) : undefined;
    const received = raw && receivedItems(raw, items.length);
    return this.batches.ingestAll(decoded, principal, requestIdOf(res), received);
  }

  @All()
  @Public()
  @ApiExcludeEndpoint()
  methodNotAllowed(): never {
    return postOnly('/ingest/batch');
  }
}

function checkedItems(body: unknown): unknown[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'The body must be a non-empty JSON array of events.',
      {
        errors: [{ field: '(body)', message: 'must be a non-empty JSON array' }],
      },
    );
  }
  if (body.length > MAX_BATCH_EVENTS) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `A batch holds at most ${MAX_BATCH_EVENTS} events; this one has ${body.length}.`,
    );
  }
  return body;
}

/** Where each of the `count` items is in the request's bytes; undefined when they do not match. */
function receivedItems(bytes: Buffer, count: number): BodySpan[] | undefined {
  const spans = jsonArrayItems(bytes);
  return spans?.length === count ? spans : undefined;
}
