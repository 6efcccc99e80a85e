import type { AttributeValue } from '../mapped-event';
import { CONVERSIONS, type Conversion } from './attribute-conversions';
import { isJsonPointer, parsePointer } from './json-pointer';

/** Genesys' limits on an external event type (Resource Center, "External events"). */
export const MAX_ATTRIBUTES = 50;
const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const CONFIGURATION_ID = /^[A-Za-z0-9-]{1,64}$/;
const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export type AttributeSpec =
  | {
      readonly kind: 'pointer';
      readonly from: string;
      readonly as?: Conversion;
      readonly map?: Readonly<Record<string, AttributeValue>>;
      readonly default?: AttributeValue;
    }
  | { readonly kind: 'const'; readonly value: AttributeValue };

export interface CustomerSpec {
  readonly from: string;
  readonly externalSourceId: string;
}

/** One entry of the contracts file, checked: every pointer parses, every option is known. */
export interface ContractDefinition {
  readonly name: string;
  readonly issuers: readonly string[];
  readonly match: ReadonlyArray<readonly [pointer: string, value: unknown]>;
  /** JSON Schema of the legacy body (inline, or read from schemaFile by the loader). */
  readonly schema: Readonly<Record<string, unknown>>;
  readonly eventTime: string;
  readonly identity: readonly string[];
  readonly genesys: {
    readonly configurationId: string;
    readonly customer: readonly CustomerSpec[];
    readonly attributes: Readonly<Record<string, AttributeSpec>>;
  };
}

/** Reads a `schemaFile:` (the loader does the I/O; this module stays pure). */
export type SchemaFileReader = (path: string) => unknown;

/**
 * The parsed contracts file -> definitions, or problems that each name the contract and the key
 * (`contracts[1] (billing-invoice-paid).genesys.attributes.total.as: ...`). All are collected, so
 * one attempt shows everything wrong with the file.
 */
export function readContractDefinitions(
  raw: unknown,
  readSchemaFile: SchemaFileReader,
): { definitions: ContractDefinition[]; problems: string[] } {
  const problems: string[] = [];
  const root = asObject(raw);
  const list = root?.contracts;
  if (!root || !Array.isArray(list) || list.length === 0) {
    return { definitions: [], problems: ['contracts: must be a non-empty list'] };
  }
  unknownKeys(root, ['contracts'], '(file)', problems);
  const names = new Set<string>();
  const definitions = list.flatMap((entry: unknown, index): ContractDefinition[] => {
    const before = problems.length;
    const definition = readOne(entry, index, readSchemaFile, problems);
    if (definition && names.has(definition.name)) {
      problems.push(`contracts[${index}] (${definition.name}).name: is used by another contract`);
    }
    if (definition) {
      names.add(definition.name);
    }
    return definition && problems.length === before ? [definition] : [];
  });
  return { definitions, problems };
}

function readOne(
  entry: unknown,
  index: number,
  readSchemaFile: SchemaFileReader,
  problems: string[],
): ContractDefinition | undefined {
  const object = asObject(entry);
  const rawName = object?.name;
  const where = `contracts[${index}]${typeof rawName === 'string' ? ` (${rawName})` : ''}`;
  if (!object) {
    problems.push(`${where}: must be an object`);
    return undefined;
  }
  const at = (key: string) => `${where}.${key}`;
  unknownKeys(
    object,
    ['name', 'issuers', 'match', 'schema', 'schemaFile', 'eventTime', 'identity', 'genesys'],
    where,
    problems,
  );
  if (typeof rawName !== 'string' || !NAME.test(rawName)) {
    problems.push(`${at('name')}: must match ${NAME.source}`);
  }
  const issuers = stringList(object.issuers, at('issuers'), problems, false);
  const match = readMatch(object.match, at('match'), problems);
  const schema = readSchema(object, where, readSchemaFile, problems);
  const eventTime = pointer(object.eventTime, at('eventTime'), problems);
  const identity = stringList(object.identity, at('identity'), problems, true);
  const genesys = readGenesys(object.genesys, at('genesys'), problems);
  if (!issuers || !match || !schema || eventTime === undefined || !identity || !genesys) {
    return undefined;
  }
  return { name: rawName as string, issuers, match, schema, eventTime, identity, genesys };
}

function readMatch(
  value: unknown,
  where: string,
  problems: string[],
): ContractDefinition['match'] | undefined {
  if (value === undefined) {
    return [];
  }
  const object = asObject(value);
  if (!object) {
    problems.push(`${where}: must map JSON pointers to the values they must equal`);
    return undefined;
  }
  const entries = Object.entries(object);
  const bad = entries.filter(([key, v]) => !validPointer(key) || !isScalar(v));
  bad.forEach(([key]) =>
    problems.push(`${where}.${key}: the key must be a JSON pointer and the value a scalar`),
  );
  return bad.length > 0 ? undefined : entries;
}

function readSchema(
  object: Record<string, unknown>,
  where: string,
  readSchemaFile: SchemaFileReader,
  problems: string[],
): Record<string, unknown> | undefined {
  if ((object.schema === undefined) === (object.schemaFile === undefined)) {
    problems.push(`${where}.schema: set exactly one of schema and schemaFile`);
    return undefined;
  }
  if (object.schemaFile !== undefined) {
    if (typeof object.schemaFile !== 'string') {
      problems.push(`${where}.schemaFile: must be a path`);
      return undefined;
    }
    try {
      const schema = asObject(readSchemaFile(object.schemaFile));
      if (!schema) {
        problems.push(
          `${where}.schemaFile: ${object.schemaFile} does not hold a JSON Schema object`,
        );
      }
      return schema;
    } catch (error) {
      problems.push(
        `${where}.schemaFile: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }
  const schema = asObject(object.schema);
  if (!schema) {
    problems.push(`${where}.schema: must be a JSON Schema object`);
  }
  return schema;
}

function readGenesys(
  value: unknown,
  where: string,
  problems: string[],
): ContractDefinition['genesys'] | undefined {
  const object = asObject(value);
  if (!object) {
    problems.push(`${where}: must be an object with configurationId, customer and attributes`);
    return undefined;
  }
  unknownKeys(
    object,
    ['configurationId', 'externalSourceId', 'customer', 'attributes'],
    where,
    problems,
  );
  const configurationId = object.configurationId;
  if (typeof configurationId !== 'string' || !CONFIGURATION_ID.test(configurationId)) {
    problems.push(`${where}.configurationId: must be a Genesys id (letters, digits, dashes)`);
  }
  const sourceId = object.externalSourceId;
  if (sourceId !== undefined && (typeof sourceId !== 'string' || sourceId.length === 0)) {
    problems.push(`${where}.externalSourceId: must be a non-empty string`);
  }
  const customer = readCustomer(object.customer, sourceId, `${where}.customer`, problems);
  const attributes = readAttributes(object.attributes, `${where}.attributes`, problems);
  if (typeof configurationId !== 'string' || !customer || !attributes) {
    return undefined;
  }
  return { configurationId, customer, attributes };
}

function readCustomer(
  value: unknown,
  defaultSourceId: unknown,
  where: string,
  problems: string[],
): CustomerSpec[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${where}: must list at least one JSON pointer to a customer reference`);
    return undefined;
  }
  const specs = value.map((item: unknown, i): CustomerSpec | undefined => {
    const object = asObject(item);
    const from = object ? object.from : item;
    const sourceId = object?.externalSourceId ?? defaultSourceId;
    if (!validPointer(from)) {
      problems.push(`${where}[${i}]: must be a JSON pointer or {from, externalSourceId}`);
      return undefined;
    }
    if (typeof sourceId !== 'string' || sourceId.length === 0) {
      problems.push(
        `${where}[${i}]: needs an externalSourceId (here or as genesys.externalSourceId)`,
      );
      return undefined;
    }
    return { from, externalSourceId: sourceId };
  });
  return specs.every((s): s is CustomerSpec => s !== undefined) ? specs : undefined;
}

function readAttributes(
  value: unknown,
  where: string,
  problems: string[],
): Record<string, AttributeSpec> | undefined {
  const object = asObject(value);
  if (!object || Object.keys(object).length === 0) {
    problems.push(`${where}: must map at least one attribute name to its source`);
    return undefined;
  }
  const names = Object.keys(object);
  if (names.length > MAX_ATTRIBUTES) {
    problems.push(`${where}: ${names.length} attributes, more than Genesys' ${MAX_ATTRIBUTES}`);
  }
  const specs: Record<string, AttributeSpec> = {};
  let valid = names.length <= MAX_ATTRIBUTES;
  for (const name of names) {
    const spec = readAttribute(object[name], `${where}.${name}`, problems);
    if (!ATTRIBUTE_NAME.test(name)) {
      problems.push(`${where}.${name}: attribute names must match ${ATTRIBUTE_NAME.source}`);
      valid = false;
    }
    if (spec) {
      specs[name] = spec;
    } else {
      valid = false;
    }
  }
  return valid ? specs : undefined;
}

function readAttribute(
  value: unknown,
  where: string,
  problems: string[],
): AttributeSpec | undefined {
  if (typeof value === 'string') {
    return validPointer(value)
      ? { kind: 'pointer', from: value }
      : (problems.push(`${where}: a string source must be a JSON pointer`), undefined);
  }
  const object = asObject(value);
  if (!object) {
    problems.push(`${where}: must be a JSON pointer, {from, ...} or {const}`);
    return undefined;
  }
  if ('const' in object) {
    unknownKeys(object, ['const'], where, problems);
    return isScalar(object.const)
      ? { kind: 'const', value: object.const }
      : (problems.push(`${where}.const: must be a string, number or boolean`), undefined);
  }
  const before = problems.length;
  unknownKeys(object, ['from', 'as', 'map', 'default'], where, problems);
  if (!validPointer(object.from)) {
    problems.push(`${where}.from: must be a JSON pointer`);
  }
  if (object.as !== undefined && !CONVERSIONS.includes(object.as as Conversion)) {
    problems.push(`${where}.as: must be one of ${CONVERSIONS.join(', ')}`);
  }
  const map = object.map === undefined ? undefined : asObject(object.map);
  if (object.map !== undefined && (!map || !Object.values(map).every(isScalar))) {
    problems.push(`${where}.map: must map source values to strings, numbers or booleans`);
  }
  if (object.default !== undefined && !isScalar(object.default)) {
    problems.push(`${where}.default: must be a string, number or boolean`);
  }
  if (problems.length > before) {
    return undefined;
  }
  return {
    kind: 'pointer',
    from: object.from as string,
    ...(object.as === undefined ? {} : { as: object.as as Conversion }),
    ...(map ? { map: map as Record<string, AttributeValue> } : {}),
    ...(object.default === undefined ? {} : { default: object.default as AttributeValue }),
  };
}

function pointer(value: unknown, where: string, problems: string[]): string | undefined {
  if (!validPointer(value)) {
    problems.push(`${where}: must be a JSON pointer such as /created_at`);
    return undefined;
  }
  return value;
}

function stringList(
  value: unknown,
  where: string,
  problems: string[],
  pointers: boolean,
): string[] | undefined {
  const valid =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => (pointers ? validPointer(v) : typeof v === 'string' && v.length > 0));
  if (!valid) {
    problems.push(
      `${where}: must be a non-empty list of ${pointers ? 'JSON pointers' : 'issuer (iss) values'}`,
    );
    return undefined;
  }
  return value as string[];
}

function validPointer(value: unknown): value is string {
  if (!isJsonPointer(value) || value === '') {
    return false;
  }
  try {
    parsePointer(value);
    return true;
  } catch {
    return false;
  }
}

function unknownKeys(
  object: Record<string, unknown>,
  known: readonly string[],
  where: string,
  problems: string[],
): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      problems.push(`${where}.${key}: unknown key (known: ${known.join(', ')})`);
    }
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function isScalar(value: unknown): value is AttributeValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
