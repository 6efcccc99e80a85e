import {
  BUILTIN_EVENT_TYPE,
  EXAMPLE_EVENT_TYPES,
  type SandboxEventType,
  type SandboxProperty,
} from './sandbox-configurations';
import type { EntityFault, RecordedEntity } from './sandbox-types';

export const MAX_ATTRIBUTES = 50;
/** What `GET .../configurations/{id}` answers (`ExternalEventsConfiguration`). */
export interface SandboxConfiguration {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly divisionId: string;
  readonly divisionIdActive: boolean;
  readonly schemaId: string;
  readonly schemaActive: boolean;
  readonly source: string;
  readonly dateLastModified: string;
}

/** What `GET .../schemas/{id}` answers (`JourneyExternalEventsSchema`). */
export interface SandboxSchema {
  readonly id: string;
  readonly version: number;
  readonly enabled: boolean;
  readonly dateCreated: string;
  readonly jsonSchema: {
    readonly $schema: 'http://json-schema.org/draft-04/schema#';
    readonly title: string;
    readonly description: string;
    readonly type: 'object';
    readonly required: readonly string[];
    readonly properties: Readonly<Record<string, SandboxProperty>>;
    readonly additionalProperties: false;
  };
}

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
  readonly configurations = new Map<string, SandboxConfiguration>();
  readonly schemas = new Map<string, SandboxSchema>();

  /** Entity ids accepted more than once (in order): Genesys documents no de-duplication on `id`. */
  readonly duplicates: string[] = [];
  private readonly seenIds = new Set<string>();

  constructor(readonly maxEntitiesPerRequest = 100) {
    [BUILTIN_EVENT_TYPE, ...EXAMPLE_EVENT_TYPES].forEach((type) => this.define(type));
  }

  /** Adds (or replaces) an external event type: a configuration and its schema. */
  define(type: SandboxEventType): void {
    const now = new Date().toISOString();
    this.configurations.set(type.configurationId, {
      id: type.configurationId,
      name: type.name,
      description: `${type.name} (sandbox)`,
      divisionId: 'sandbox-division',
      divisionIdActive: true,
      schemaId: type.schemaId,
      schemaActive: type.schemaActive ?? true,
      source: type.source,
      dateLastModified: now,
    });
    this.schemas.set(type.schemaId, {
      id: type.schemaId,
      version: 1,
      enabled: type.schemaActive ?? true,
      dateCreated: now,
      jsonSchema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        title: type.name,
        description: `${type.name} (sandbox)`,
        type: 'object',
        required: type.required,
        properties: type.properties,
        additionalProperties: false,
      },
    });
  }

  /** Forgets a configuration, as if an admin deleted it in Genesys. */
  remove(configurationId: string): void {
    this.configurations.delete(configurationId);
  }
  readonly entities: RecordedEntity[] = [];
  /** Entities per accepted request, to check batching. */
  readonly batchSizes: number[] = [];
  readonly entityFaults = new Map<string, EntityFault & { failed: number }>();

  reset(): void {
    this.entities.length = 0;
    this.duplicates.length = 0;
    this.seenIds.clear();
    this.batchSizes.length = 0;
    this.entityFaults.clear();
  }

  /** Fail entities that carry this value as an external id or as any attribute's value. */
  failEntity(value: string, fault: EntityFault): void {
    this.entityFaults.set(value, { ...fault, failed: 0 });
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
    if (entities.length > this.maxEntitiesPerRequest) {
      return {
        status: 400,
        code: 'bad.request',
        message: `entities holds ${entities.length} items; at most ${this.maxEntitiesPerRequest} per request`,
      };
    }
    const schema = this.schemaOf(configurationId);
    const unprocessed: UnprocessedEntity[] = [];
    let accepted = 0;
    entities.forEach((entity: unknown, index) => {
      const problem = this.check(entity, schema);
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
      if (this.seenIds.has(valid.id)) {
        this.duplicates.push(valid.id);
      }
      this.seenIds.add(valid.id);
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

  /** The scripted fault of the first external id or attribute value that has one. */
  private faultFor(
    externalIds: ReadonlyArray<{ value: string }>,
    attributes: Record<string, unknown>,
  ): (EntityFault & { failed: number }) | undefined {
    if (this.entityFaults.size === 0) {
      return undefined;
    }
    const values = [...externalIds.map((x) => x.value), ...Object.values(attributes).map(String)];
    for (const value of values) {
      const fault = this.entityFaults.get(value);
      if (fault) {
        return fault;
      }
    }
    return undefined;
  }

  private schemaOf(configurationId: string): SandboxSchema['jsonSchema'] | undefined {
    const configuration = this.configurations.get(configurationId);
    return configuration ? this.schemas.get(configuration.schemaId)?.jsonSchema : undefined;
  }

  private check(
    entity: unknown,
    schema: SandboxSchema['jsonSchema'] | undefined,
  ): Omit<EntityFault, 'times'> | undefined {
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
    if (!isUtcDateTime(e.dateCreated)) {
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
    const problem = schema
      ? attributeProblem(attributes as Record<string, unknown>, schema)
      : undefined;
    if (problem) {
      return invalid(problem);
    }
    const fault = this.faultFor(
      externalIds as Array<{ value: string }>,
      attributes as Record<string, unknown>,
    );
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

/** A real calendar instant in UTC: `2026-13-45T99:15:00Z` has the shape and is still refused. */
function isUtcDateTime(value: unknown): boolean {
  const match =
    typeof value === 'string'
      ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/.exec(value)
      : null;
  if (!match) {
    return false;
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

/** The schema's rules for attributes, as Journey applies them: known names, types, enums, required. */
function attributeProblem(
  attributes: Record<string, unknown>,
  schema: SandboxSchema['jsonSchema'],
): string | undefined {
  for (const name of schema.required) {
    if (attributes[name] === undefined) {
      return `attribute ${name} is required`;
    }
  }
  for (const [name, value] of Object.entries(attributes)) {
    const property: SandboxProperty | undefined = schema.properties[name];
    if (!property) {
      return `attribute ${name} is not in the schema`;
    }
    const fits =
      property.type === 'integer'
        ? Number.isInteger(value)
        : property.type === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === property.type;
    if (!fits) {
      return `attribute ${name} must be a ${property.type}`;
    }
    if (property.enum && !property.enum.includes(value as string | number | boolean)) {
      return `attribute ${name} must be one of ${property.enum.join(', ')}`;
    }
  }
  return undefined;
}
