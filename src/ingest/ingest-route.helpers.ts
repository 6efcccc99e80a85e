import { getSchemaPath } from '@nestjs/swagger';
import { DomainError } from '../common';
import { CloudEventDto } from './dto/cloud-event.dto';
import { LegacyEventDto } from './dto/legacy-event.dto';

/**
 * OpenAPI schema of one ingested event: the built-in contract's legacy event, a structured
 * CloudEvent, or (with CONTRACTS_FILE) any JSON object its issuer's contracts describe.
 */
export const EVENT_SCHEMA = {
  oneOf: [
    { $ref: getSchemaPath(LegacyEventDto) },
    { $ref: getSchemaPath(CloudEventDto) },
    {
      type: 'object',
      additionalProperties: true,
      description:
        "With CONTRACTS_FILE: the legacy system's own JSON, validated by the JSON Schema of the contract it matches (docs/contracts.md)",
    },
  ],
};

/** The 405 of the ingest routes, which take POST only. */
export function postOnly(path: string): never {
  throw new DomainError('METHOD_NOT_ALLOWED', `Use POST to send events to ${path}.`, {
    headers: { Allow: 'POST' },
  });
}
