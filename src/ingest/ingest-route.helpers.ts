import { getSchemaPath } from '@nestjs/swagger';
import { DomainError } from '../common/problem/domain-error';
import { CloudEventDto } from './dto/cloud-event.dto';
import { LegacyEventDto } from './dto/legacy-event.dto';

/** OpenAPI schema of one ingested event: a legacy event or a structured CloudEvent. */
export const EVENT_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(LegacyEventDto) }, { $ref: getSchemaPath(CloudEventDto) }],
};

/** The 405 of the ingest routes, which take POST only. */
export function postOnly(path: string): never {
  throw new DomainError('METHOD_NOT_ALLOWED', `Use POST to send events to ${path}.`, {
    headers: { Allow: 'POST' },
  });
}
