import type { EntityFault, RecordedEntity } from './sandbox-types';

export const MAX_ATTRIBUTES = 50;
export const SANDBOX_CONFIGURATION = {
  id: 'sandbox-configuration',
  name: 'Legacy business events',
  source: 'legacy-gateway',
  schemaId: 'sandbox-schema',
};

/** The schema of the sandbox configuration: the attributes the README tells users to define. */
export const SANDBOX_SCHEMA: Readonly<Record<string, 'string' | 'number'>> = {
  event_type: 'string',
  transaction_id: 'string',
  amount: 'number',
  currency: 'string',
  original_type: 'string',
  source_system: 'string',
  source_version: 'string',
};

interface UnprocessedEntity {
  readonly event: unknown;
  readonly originalRequestIndex: number;
  readonly isRetryable: boolean;
  readonly errorMessage: string;
  readonly statusCode: number;
}

export type ExternalEventsAnswer =
  | { readonly status: 200; readonly body: { readonly unprocessedEntities: UnprocessedEntity[] } }
  | { readonly status: 400 | 404; readonly code: string; readonly message: string };

/**
 * The Journey external-events side of the sandbox: configurations, the batch ingest with per-entity
 * results (`unprocessedEntities`), the 50-attribute limit and scripted per-entity failures.
 */
export class ExternalEventsSandbox {
  readonly configurations = new Map<string, typeof SANDBOX_CONFIGURATION>([
    [SANDBOX_CONFIGURATION.id, SANDBOX_CONFIGURATION],
  ]);
  readonly entities: RecordedEntity[] = [];
  /** Entities per accepted request, to check batching. */
  readonly batchSizes: number[] = [];
  readonly entityFaults = new Map<string, EntityFault & { failed: number }>();

  reset(): void {
    this.entities.length = 0;
    this.batchSizes.length = 0;
    this.entityFaults.clear();
  }

  /** Fail entities whose first external id has this value. */
  failEntity(externalIdValue: string, fault: EntityFault): void {
    this.entityFaults.set(externalIdValue, { ...fault, failed: 0 });
  }

  ingest(configurationId: string, body: unknown): ExternalEventsAnswer {
    if (!this.configurations.has(configurationId)) {
      return {
        status: 404,
        code: 'not.found',
        message: `External events configuration ${configurationId} not found`,
      };
    }
    const entities = (body as { entities?: unknown } | null)?.entities;
    if (!Array.isArray(entities) || entities.length === 0) {
      return { status: 400, code: 'bad.request', message: 'entities must be a non-empty array' };
    }
    const unprocessed: UnprocessedEntity[] = [];
    let accepted = 0;
    entities.forEach((entity: unknown, index) => {
      const problem = this.check(entity);
      if (problem) {
        unprocessed.push({
          event: entity,
          originalRequestIndex: index,
          isRetryable: problem.isRetryable,
          errorMessage: problem.errorMessage,
          statusCode: problem.statusCode,
        });
        return;
      }
      const valid = entity as Omit<
        RecordedEntity,
        'receivedAt' | 'configurationId' | 'externalIds'
      > & {
        identifiers: { externalIds: RecordedEntity['externalIds'] };
      };
      this.entities.push({
        receivedAt: Date.now(),
        configurationId,
        id: valid.id,
        dateCreated: valid.dateCreated,
        externalIds: valid.identifiers.externalIds,
        attributes: valid.attributes,
      });
      accepted += 1;
    });
    this.batchSizes.push(accepted);
    return { status: 200, body: { unprocessedEntities: unprocessed } };
  }

  private check(entity: unknown): Omit<EntityFault, 'times'> | undefined {
    const e = entity as Record<string, unknown> | null;
    const externalIds = (e?.identifiers as { externalIds?: unknown } | undefined)?.externalIds;
    const attributes = e?.attributes;
    const invalid = (errorMessage: string) => ({
      isRetryable: false,
      statusCode: 400,
      errorMessage,
    });
    if (typeof e?.id !== 'string' || e.id.length === 0) {
      return invalid('id is required');
    }
    if (
      typeof e.dateCreated !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(e.dateCreated)
    ) {
      return invalid('dateCreated must be an ISO-8601 UTC date-time');
    }
    if (
      !Array.isArray(externalIds) ||
      externalIds.length === 0 ||
      !externalIds.every(
        (x: { value?: unknown; externalSourceId?: unknown }) =>
          typeof x?.value === 'string' && typeof x?.externalSourceId === 'string',
      )
    ) {
      return invalid('identifiers.externalIds must hold {value, externalSourceId} pairs');
    }
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      return invalid('attributes must be an object');
    }
    if (Object.keys(attributes).length > MAX_ATTRIBUTES) {
      return invalid(`at most ${MAX_ATTRIBUTES} attributes are allowed`);
    }
    for (const [name, value] of Object.entries(attributes)) {
      const type = SANDBOX_SCHEMA[name];
      if (!type) {
        return invalid(`attribute ${name} is not in the schema`);
      }
      if (typeof value !== type) {
        return invalid(`attribute ${name} must be a ${type}`);
      }
    }
    const fault = this.entityFaults.get((externalIds[0] as { value: string }).value);
    if (fault && (fault.times === undefined || fault.failed < fault.times)) {
      fault.failed += 1;
      return {
        isRetryable: fault.isRetryable,
        statusCode: fault.statusCode,
        errorMessage: fault.errorMessage,
      };
    }
    return undefined;
  }
}
